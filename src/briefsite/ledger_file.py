"""Load `content/ledger.yaml`: the editors' corrections to the claim ledger.

In: the project root. Out: `LedgerEdit`s and diagnostics, each with the file line, the bad
value quoted and the fix suggested. A missing file means no edits. Each entry names a
ledger entry by `group: g-…` or by one of its claims (`claim: c-…`), or makes a group of
its own from `claims: [c-…, c-…]`; then sets `verdict` (with the `note` readers will see),
and/or `fact` (the one-line statement of the fact).
"""

from __future__ import annotations

from pathlib import Path

from briefsite.diagnostics import Diagnostic, error, warning
from briefsite.frontmatter_yaml import FrontMatterError, Value, read_yaml
from briefsite.ledger import LEDGER_FILE
from briefsite.records import VERDICTS, LedgerEdit

KEYS = ("group", "claim", "claims", "verdict", "note", "fact")
EXAMPLE = "e.g. '- claim: c-1a2b3c4d5e6f\\n  verdict: differ\\n  note: Source A counts extraditions only.'"


def load_ledger_edits(root: Path) -> tuple[list[LedgerEdit], list[Diagnostic]]:
    """Read the editors' ledger edits under `root`."""
    path = root / LEDGER_FILE
    if not path.is_file():
        return [], []
    try:
        document = read_yaml(path.read_text(encoding="utf-8"), what=LEDGER_FILE)
    except UnicodeDecodeError:
        return [], [error(LEDGER_FILE, 0, "not valid UTF-8; re-save the file as UTF-8")]
    except FrontMatterError as exc:
        return [], [error(LEDGER_FILE, exc.line, exc.message)]
    if document is None:
        return [], []
    if not isinstance(document.data, list):
        return [], [error(LEDGER_FILE, document.line, f"the ledger file must be a list of entries; {EXAMPLE}")]
    edits, problems = [], []
    for entry in document.data:
        edit, found = _edit(entry)
        problems += found
        if edit is not None:
            edits.append(edit)
    return edits, problems


def _edit(entry: Value) -> tuple[LedgerEdit | None, list[Diagnostic]]:
    if not isinstance(entry.data, dict):
        return None, [error(LEDGER_FILE, entry.line, f"entry {entry.plain()!r} must be fields; {EXAMPLE}")]
    fields = entry.data
    problems = [warning(LEDGER_FILE, value.line, f"unknown field {key!r} is ignored; known fields: {', '.join(KEYS)}")
                for key, value in fields.items() if key not in KEYS]
    targets = [key for key in ("group", "claim", "claims") if key in fields]
    if len(targets) != 1:
        return None, problems + [error(LEDGER_FILE, entry.line, "an entry needs exactly one of 'group', 'claim' "
                                                                f"or 'claims'; {EXAMPLE}")]
    key = targets[0]
    value = fields[key]
    if key == "claims":
        items = value.data if isinstance(value.data, list) else []
        claims = tuple(str(item.data) for item in items if isinstance(item.data, str))
        if len(claims) < 2 or len(claims) != len(items):
            return None, problems + [error(LEDGER_FILE, value.line, "'claims' must list two or more claim ids, "
                                                                    "e.g. [c-1a2b3c4d5e6f, c-6f5e4d3c2b1a]")]
        target = claims[0]
    else:
        claims = ()
        target = str(value.data or "")
        prefix = "g-" if key == "group" else "c-"
        if not target.startswith(prefix):
            return None, problems + [error(LEDGER_FILE, value.line, f"{key} {target!r} is not a {key} id; "
                                                                    f"{key} ids start with '{prefix}'")]
    verdict = _text(fields.get("verdict"))
    if verdict is not None and verdict not in VERDICTS:
        return None, problems + [error(LEDGER_FILE, fields["verdict"].line,
                                       f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}")]
    note = _text(fields.get("note"))
    if verdict is not None and not note:
        return None, problems + [error(LEDGER_FILE, fields["verdict"].line, "an editor's verdict needs a 'note' "
                                                                            "saying why; readers are shown it")]
    return LedgerEdit(line=entry.line, target=target, claims=claims, verdict=verdict, note=note,
                      fact=_text(fields.get("fact"))), problems


def _text(value: Value | None) -> str | None:
    if value is None or value.data is None or isinstance(value.data, (list, dict)):
        return None
    return " ".join(str(value.raw if value.raw is not None else value.data).split()) or None
