"""Site configuration: `[tool.briefsite]` in pyproject.toml, validated like front matter.

In: the project root and command-line overrides. Out: a `SiteConfig`, or diagnostics
naming the line of pyproject.toml at fault.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from briefsite.diagnostics import Diagnostic, error, warning
from briefsite.records import SiteConfig

CONFIG_FILE = "pyproject.toml"
DEFAULTS = {
    "title": "Briefing archive",
    "description": "",
    "language": "en",
    "base_url": "",
    "author": "",
    "publisher": "",
}


def load_config(root: Path, base_url: str | None = None) -> tuple[SiteConfig | None, list[Diagnostic]]:
    """Read the site configuration; `base_url` from the command line wins over the file's."""
    path = root / CONFIG_FILE
    settings: dict[str, object] = {}
    text = ""
    if path.is_file():
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            settings = tomllib.loads(text).get("tool", {}).get("briefsite", {})
        except tomllib.TOMLDecodeError as exc:
            line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 0
            return None, [error(CONFIG_FILE, line, f"invalid TOML: {exc}")]
    diagnostics: list[Diagnostic] = []
    values = dict(DEFAULTS)
    for key, value in settings.items():
        line = _line_of(text, key)
        if key not in DEFAULTS:
            diagnostics.append(warning(CONFIG_FILE, line, f"unknown setting {key!r} in [tool.briefsite] is ignored; "
                                                          f"known settings: {', '.join(DEFAULTS)}"))
        elif not isinstance(value, str):
            diagnostics.append(error(CONFIG_FILE, line, f"[tool.briefsite] {key} must be text in quotes, "
                                                        f"found {value!r}"))
        else:
            values[key] = value.strip()
    if base_url is not None:
        values["base_url"] = base_url.strip()
    problem = _check_base_url(values["base_url"])
    if problem:
        line = _line_of(text, "base_url") if base_url is None else 0
        diagnostics.append(error("--base-url" if base_url is not None else CONFIG_FILE, line, problem))
    if not re.fullmatch(r"[a-z]{2}", values["language"]):
        diagnostics.append(error(CONFIG_FILE, _line_of(text, "language"),
                                 f"language {values['language']!r} is not a two-letter code such as 'en'"))
    if any(d.is_error for d in diagnostics):
        return None, diagnostics
    url = values["base_url"]
    if url and not url.endswith("/"):
        url += "/"
    return SiteConfig(title=values["title"], description=values["description"], language=values["language"],
                      base_url=url, author=values["author"], publisher=values["publisher"]), diagnostics


def _check_base_url(url: str) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return (f"base URL {url!r} must be an absolute http(s) address, "
                "e.g. https://example.github.io/REPO/")
    return None


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    return 0
