"""Build the archive: `python build.py [--out DIR] [--base-url URL] [--strict]`."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# Works from a plain checkout too, before `pip install -e .`.
sys.path.insert(0, str(ROOT / "src"))

from briefsite.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], project_root=ROOT, end_process=True))
