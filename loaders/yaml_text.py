"""Reading YAML text safely: one parse with line numbers, and the traps of YAML refused early.

- An *alias bomb* (a few hundred bytes of nested ``&a``/``*a`` that expand to billions of values)
  is refused before anything expands it: the expanded size of the tree is counted on the parsed
  nodes, where every alias is still one shared node.
- A key written twice in one mapping is an error: YAML would keep the last value and lose the
  first without a word.
- Bare ``yes``/``no``/``on``/``off`` are noted by line, so a message about a text field that got
  ``false`` can say "quote it: 'NO'".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

__all__ = ["YamlDocument", "load_yaml", "MAX_EXPANSION", "ids_in_text"]

#: the most values a file's aliases may add when expanded, beyond a small multiple of the values
#: written (a 464-byte file of nested aliases once expanded to 387 million)
MAX_EXPANSION = 100_000


class _RegisterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when built in
    """SafeLoader that keeps dates as text, so partial dates (``2006-11``) and impossible
    ones (``2006-13-01``) reach validation and get a located error; it also notes duplicate
    keys and the bare words YAML reads as true/false."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[int, str, int]] = []  # (line, key, first line)
        self.bool_words: dict[int, str] = {}  # line -> the bare word read as true/false

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                line = key_node.start_mark.line + 1
                if key_node.value in seen:
                    self.duplicates.append((line, key_node.value, seen[key_node.value]))
                else:
                    seen[key_node.value] = line
        return super().construct_mapping(node, deep)

    def construct_yaml_bool(self, node: yaml.ScalarNode) -> bool:
        value = super().construct_yaml_bool(node)
        if node.value.lower() not in ("true", "false"):
            self.bool_words.setdefault(node.start_mark.line + 1, node.value)
        return value


_RegisterLoader.add_constructor("tag:yaml.org,2002:bool", _RegisterLoader.construct_yaml_bool)
_RegisterLoader.add_constructor("tag:yaml.org,2002:map", _RegisterLoader.construct_yaml_map)
_RegisterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class YamlDocument:
    """A parsed YAML file: its node tree (for line numbers) and data, or why there is none."""

    root: yaml.Node | None = None
    data: Any = None
    #: (line, message) of the one problem that stopped the parse
    failure: tuple[int | None, str] | None = None
    duplicates: list[tuple[int, str, int]] = field(default_factory=list)
    bool_words: dict[int, str] = field(default_factory=dict)


def load_yaml(text: str) -> YamlDocument:
    """Parse ``text`` once; refuse alias bombs before building any data from them."""
    loader = _RegisterLoader(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.YAMLError as exc:
            return YamlDocument(failure=_yaml_failure(exc, text))
        if root is not None and "*" in text:  # an alias is written '*name': no star, no alias
            failure = _alias_problem(root)
            if failure is not None:
                return YamlDocument(failure=failure)
        try:
            data = None if root is None else loader.construct_document(root)
        except yaml.YAMLError as exc:
            return YamlDocument(failure=_yaml_failure(exc, text))
        return YamlDocument(root, data, None, loader.duplicates, loader.bool_words)
    finally:
        loader.dispose()


def _yaml_failure(exc: yaml.YAMLError, text: str) -> tuple[int | None, str]:
    """One plain message for a syntax error, at the line where the fault starts."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark else None
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None) or ""
    opened = getattr(exc, "context_mark", None)
    if "quoted scalar" in context and opened is not None:
        return opened.line + 1, "malformed YAML: a quote opened on this line is never closed"
    quote_line = _open_quote_before(text, line)
    if quote_line is not None:
        return quote_line, (
            'malformed YAML: a " opened on this line is not closed on it, so what follows is '
            "read as part of the text: close the quote"
        )
    if "flow" in context and opened is not None:
        return (
            opened.line + 1,
            "malformed YAML: a '[' or '{' opened on this line is not closed: add the closing "
            "bracket, or a missing comma",
        )
    if "cannot start any token" in problem:
        row = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
        if "\t" in row[: len(row) - len(row.lstrip())] or row.lstrip().startswith("\t"):
            return line, "malformed YAML: a tab in the indent: indent with spaces, not tabs"
        return line, (
            "malformed YAML: a value starts with a character YAML reserves (@ or `): quote it"
        )
    if "undefined alias" in problem:
        return line, "malformed YAML: *name used before any &name anchor defines it"
    if "another document" in problem:
        return line, "malformed YAML: a second document ('---'): keep one document per file"
    if any(p in problem for p in _INDENT_PROBLEMS):
        return line, (
            "malformed YAML: this line's indent does not match the lines above it: line it up "
            "with the other fields of its record (a value holding ': ' needs quotes)"
        )
    return line, f"malformed YAML: {problem}; fix the syntax at this line"


def _open_quote_before(text: str, line: int | None) -> int | None:
    """The line of a double quote still open when the parser failed at ``line``, if any: an
    unclosed quote runs on to the next quote, and the parser fails lines later."""
    if not line:
        return None
    opened = None
    for n, row in enumerate(text.splitlines()[: line - 1], start=1):
        if (row.count('"') - row.count('\\"')) % 2:
            opened = None if opened else n
    return opened


_INDENT_PROBLEMS = (
    "expected '-' indicator",
    "expected key",
    "mapping values are not allowed",
    "expected <block end>",
    "expected <document start>",
)


def _alias_problem(root: yaml.Node) -> tuple[int, str] | None:
    """Where aliases expand past the limit or contain themselves, and what to do; else None.

    Sizes are counted once per distinct node (an alias is the same node object again), so the
    walk is linear in the text even when the expansion is astronomical.
    """
    size: dict[int, int] = {}
    open_: set[int] = set()
    distinct = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if not children_done and key in size:
            continue
        if isinstance(node, yaml.ScalarNode):
            size[key] = 1
            distinct += 1
            continue
        if isinstance(node, yaml.MappingNode):
            kids = [n for pair in node.value for n in pair]
        else:
            kids = list(node.value)
        if not children_done:
            size[key] = 0
            open_.add(key)
            stack.append((node, True))
            for k in kids:
                if id(k) in open_:
                    return (
                        k.start_mark.line + 1,
                        "this YAML alias (*name) contains itself: write the values out",
                    )
                if id(k) not in size:
                    stack.append((k, False))
            continue
        open_.discard(key)
        distinct += 1
        total = 1 + sum(size[id(k)] for k in kids)
        if total > MAX_EXPANSION + 10 * distinct:
            return (
                node.start_mark.line + 1,
                f"YAML aliases (*name) here expand to more than {MAX_EXPANSION:,} values (an "
                "alias bomb?): write the values out instead of nesting aliases of aliases",
            )
        size[key] = total
    return None


_ID_LINE = re.compile(r"^[\s-]*id:\s*['\"]?([a-z0-9]+(?:-[a-z0-9]+)*)['\"]?\s*(?:#.*)?$", re.M)


def ids_in_text(text: str) -> set[str]:
    """The ids a file that cannot be parsed seems to define (``id: x`` lines), so references to
    them are not reported again as missing records: one syntax error, one message."""
    return set(_ID_LINE.findall(text))
