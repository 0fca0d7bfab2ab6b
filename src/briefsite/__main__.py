import sys

from briefsite.cli import main

sys.exit(main(end_process=True))
