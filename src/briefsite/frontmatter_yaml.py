"""Split a briefing into front matter and body, and read the front matter's YAML safely.

Why not python-frontmatter here: it returns `{}` both when there is no front matter and
when it is not a mapping, and it loses line numbers. This reader keeps the line of every
field, refuses YAML tags and aliases (so `!!python/object` does nothing and an alias bomb
stops at once), and leaves dates as the text the editor wrote, for the schema to check.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

FENCE = "---"
# libyaml's C parser when PyYAML has it (ten times faster); only its composer is used, so
# the C loader's constructors never run.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The YAML types a front-matter value may have; any other tag is refused.
PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
}

ALIAS_MESSAGE = "YAML aliases (*name) are not allowed in {}; write the value out"


class FrontMatterError(Exception):
    """A front-matter problem at a 1-based line of the file."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Value:
    """A YAML value with the file line it starts on. Scalars keep their text as written."""

    line: int
    data: object
    """str | int | float | bool | None for scalars, list[Value] or dict[str, Value]."""
    raw: str | None = None
    """The scalar exactly as written (e.g. '2026-03-02', 'yes'); None for lists and mappings."""

    @property
    def kind(self) -> str:
        """The type's name as an editor knows it: text, number, true/false, empty, list, fields."""
        data = self.data
        if isinstance(data, bool):
            return "true/false"
        if isinstance(data, (int, float)):
            return "number"
        if data is None:
            return "empty value"
        if isinstance(data, list):
            return "list"
        if isinstance(data, dict):
            return "set of fields"
        return "text"

    def plain(self) -> object:
        """The value as plain Python data, for quoting in messages."""
        if isinstance(self.data, list):
            return [item.plain() for item in self.data]
        if isinstance(self.data, dict):
            return {key: item.plain() for key, item in self.data.items()}
        return self.data


@dataclass(frozen=True)
class SplitFile:
    fields: dict[str, tuple[int, Value]]
    """Field name -> (line of the key, value)."""
    body: str
    body_line: int
    """1-based line on which the body starts."""


def split(text: str) -> SplitFile:
    """Split `text` into front-matter fields and body; raise FrontMatterError if it can't."""
    if not text.strip():
        raise FrontMatterError(1, "empty file; a briefing starts with front matter "
                                  "('---', then fields such as title: and date:, then '---')")
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        raise FrontMatterError(1, "no front matter: the file must start with a line '---', then fields "
                                  "such as title: and date:, then a closing '---'")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            end = index
            break
    else:
        raise FrontMatterError(1, "front matter opened with '---' on line 1 is never closed; "
                                  "add a line '---' after the last field")
    value = read_yaml("\n".join(lines[1:end]), first_line=2)
    if value is None:
        fields = {}
    elif not isinstance(value.data, dict):
        found = "a list" if isinstance(value.data, list) else f"the text {value.raw!r}"
        raise FrontMatterError(value.line, f"front matter must be fields written 'name: value', found {found}")
    else:
        fields = {key: (item.line, item) for key, item in value.data.items()}
    body_lines = lines[end + 1 :]
    return SplitFile(fields=fields, body="\n".join(body_lines), body_line=end + 2)


def read_yaml(source: str, first_line: int = 1, what: str = "front matter") -> Value | None:
    """Read one YAML document into `Value`s carrying file lines; None when it is empty.

    `first_line` is the file line of the document's first line; `what` names the document in
    messages. Raises FrontMatterError.
    """
    if not source.strip():
        return None
    loader = LOADER(source)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        # An unclosed quote or bracket is noticed lines later; where it opened is the line to fix.
        opened = exc.context and ("scanning" in exc.context or "flow" in exc.context)
        mark = (exc.context_mark if opened else None) or exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        raise FrontMatterError(line, f"invalid YAML in {what}: {problem}; "
                                     "check the quoting and indentation of this line") from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(first_line, f"invalid YAML in {what}: {exc}") from None
    except RecursionError:
        raise FrontMatterError(first_line, f"{what} is nested too deeply to read") from None
    finally:
        loader.dispose()
    if node is None:
        return None
    return _convert(node, first_line, seen=set(), depth=0, what=what)


def _convert(node: yaml.Node, first_line: int, seen: set[int], depth: int, what: str) -> Value:
    line = first_line + node.start_mark.line
    if id(node) in seen:
        # The composer hands back the same node for every alias of an anchor.
        raise FrontMatterError(line, ALIAS_MESSAGE.format(what))
    seen.add(id(node))
    if depth > 50:
        raise FrontMatterError(line, f"{what} is nested too deeply to read")
    if node.tag not in PLAIN_TAGS:
        raise FrontMatterError(line, f"YAML tag {node.tag!r} is not allowed in {what}; "
                                     "remove it and write a plain value")
    if isinstance(node, yaml.SequenceNode):
        return Value(line, [_convert(item, first_line, seen, depth + 1, what) for item in node.value])
    if isinstance(node, yaml.MappingNode):
        fields: dict[str, Value] = {}
        for key_node, value_node in node.value:
            key_line = first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise FrontMatterError(key_line, "field names must be plain words")
            key = key_node.value
            if key in fields:
                raise FrontMatterError(key_line, f"field {key!r} is given twice; keep one")
            if id(value_node) in seen:
                raise FrontMatterError(key_line, ALIAS_MESSAGE.format(what))
            value = _convert(value_node, first_line, seen, depth + 1, what)
            fields[key] = Value(key_line, value.data, value.raw) if value.raw is not None else Value(
                key_line, value.data)
        return Value(line, fields)
    return Value(line, _scalar(node), node.value)


def _scalar(node: yaml.ScalarNode) -> object:
    tag, text = node.tag, node.value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return text.lower() in ("yes", "true", "on", "y")
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            return text
    if tag == "tag:yaml.org,2002:float":
        try:
            return float(text.replace("_", ""))
        except ValueError:
            return text
    # Timestamps stay text: the schema checks them and says what is wrong.
    return text
