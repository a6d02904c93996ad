"""PyYAML's reading of a frontmatter body: its node graph and data, the parts of one that does not parse, and
the guard against alias bombs. Imported only for frontmatter `yaml_plain` declines (PyYAML costs 9e7
instructions to import)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from vaultlint.parse.placeholders import has_placeholder, placeholder_spans
from vaultlint.parse.yaml_plain import Scalar
from vaultlint.parse.yaml_words import Explained, bad_value, explain, scalars
from vaultlint.record import Record, frozen

try:  # the C loader is ~10x faster where libyaml is present
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

# Valid YAML syntax can still fail to become data: `date: 2021-02-30` raises ValueError.
CONSTRUCT_ERRORS = (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError)
# Aliases let a few bytes stand for millions of values (ten lines of `aN: &aN [*aM, *aM, ...]`, nine to a
# line, are 9**10): past this many values added by aliases the frontmatter is reported (YML001), not read, so
# no rule walks its expansion. Real frontmatter reuses a handful of values, if any.
ALIAS_BUDGET = 10_000
# What a template's placeholder is read as while the YAML around it is checked: a plain scalar of its length
# (positions stay), of a character no frontmatter holds (a private-use one), so its value can be put back.
MASK = "\ue000"
# A line that starts a top-level key: the frontmatter is cut there when it does not parse as a whole.
TOP_KEY_RE = re.compile(r"^[^\s#\-]", re.MULTILINE)


@frozen
class Loaded(Record):
    """A frontmatter body read: its YAML node graph (for positions), its data (for rules), and where its
    template placeholders are (`{{date}}`, `<% tp.file.title %>`), which are no YAML, no tags and no links."""

    node: Any
    data: Any
    placeholders: list[tuple[int, int]]


def fields_of(node: Any) -> list[tuple[str | None, list[Scalar]]]:
    """A mapping node's keys (a plain key's text, else None) with their scalars: a list's items, or its one
    value (nested values are no key's own scalars)."""
    if not isinstance(node, yaml.MappingNode):
        return []
    found: list[tuple[str | None, list[Scalar]]] = []
    for key, value in node.value:
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        found.append((name, [as_scalar(item) for item in items if isinstance(item, yaml.ScalarNode)]))
    return found


def value_scalars(node: Any) -> list[Scalar]:
    """Every scalar value of a node graph (no mapping key), in document order."""
    return [as_scalar(item) for item in scalars(node, keys=False)]


def as_scalar(node: Any) -> Scalar:
    """A scalar node as `yaml_plain` reads one: its text, style, tag and span."""
    return Scalar(node.value, node.style or None, node.tag, node.start_mark.index, node.end_mark.index)


def multiline_scalars(body: str) -> list[tuple[int, int, bool]]:
    """The scalars of ``body`` that go over more than one line: their spans, and whether each is a block
    scalar (`|`, `>`)."""
    return sorted(
        (node.start_mark.index, node.end_mark.index, node.style in ("|", ">"))
        for node in scalars(load(body, construct=False).node)
        if node.start_mark.line != node.end_mark.line
    )


def explained(exc: Exception, body: str, first_line: int) -> Explained:
    """The load error ``exc`` in plain words; a value that could not be built is looked for in the nodes."""
    if getattr(exc, "problem_mark", None) is None and getattr(exc, "context_mark", None) is None:
        try:
            return bad_value(load(body, construct=False).node, exc, body, first_line)
        except CONSTRUCT_ERRORS:
            pass
    return explain(exc, body, first_line)


def load(body: str, construct: bool = True) -> Loaded:
    """A frontmatter body read as YAML. Where it does not parse and holds template placeholders, it is read
    again with each placeholder taken for a plain value: a template's `created: {{date}}` is no mapping, and
    the YAML around its placeholders is still checked (an error there is raised, at its own place)."""
    spans = placeholder_spans(body) if has_placeholder(body) else []
    try:
        return _load(body, spans, construct, masked=False)
    except CONSTRUCT_ERRORS:
        if not spans:
            raise
    return _load(body, spans, construct, masked=True)


def _load(body: str, spans: list[tuple[int, int]], construct: bool, masked: bool) -> Loaded:
    """The YAML node graph and data of a body; ``masked``, its placeholders (at ``spans``) read as plain values
    and put back in the data."""
    text = _masked(body, spans) if masked else body
    if "*" in text:  # only an alias (`*name`) can make the data bigger than its text
        _check_aliases(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if masked and node is not None:
            _unmask(node, body, spans)
        data = loader.construct_document(node) if construct and node is not None else None
        return Loaded(node, data, spans)
    finally:
        loader.dispose()


def _masked(body: str, spans: list[tuple[int, int]]) -> str:
    """``body`` with each placeholder's characters (its line breaks aside) made ``MASK``."""
    out, at = [], 0
    for start, end in spans:
        out += [body[at:start], re.sub(r"[^\n]", MASK, body[start:end])]
        at = end
    return "".join(out + [body[at:]])


def _unmask(node: Any, body: str, spans: list[tuple[int, int]]) -> None:
    """Put the placeholders back into the scalars that hold them, so the data says `{{date}}`."""
    for item in scalars(node):
        if MASK in item.value:
            first, last = item.start_mark.index, item.end_mark.index
            for start, end in spans:
                if first <= start < last:
                    item.value = item.value.replace(_masked(body[start:end], [(0, end - start)]), body[start:end], 1)


def readable_parts(body: str) -> list[tuple[Loaded, int, str]]:
    """The parts of a frontmatter that does not parse as a whole which parse on their own, with where each
    starts and its text: it is cut before each line that starts a top-level key. YML002 and YML003 still
    report in them."""
    starts = [0] + [m.start() for m in TOP_KEY_RE.finditer(body) if m.start() > 0]
    parts = []
    for start, end in zip(starts, starts[1:] + [len(body)], strict=True):
        try:
            parts.append((load(body[start:end]), start, body[start:end]))
        except CONSTRUCT_ERRORS:
            continue  # the part that holds the error (YML001 reports it)
    return parts


def _check_aliases(body: str) -> None:
    """Raise at the alias past which aliases stand for more than ``ALIAS_BUDGET`` values.

    Counted on the parser's events, before anything is built: each anchored value's size (an alias inside
    its own anchor, `&r [*r]`, counts one), and each alias adds the size of what it names, less its own one.
    """
    loader = _Loader(body)
    sizes: dict[str, int] = {}
    open_: list[tuple[str | None, int]] = [(None, 0)]  # each collection being read: its anchor, its size so far
    added = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                size = sizes.get(event.anchor, 1)
                added += size - 1
                if added > ALIAS_BUDGET:
                    raise yaml.MarkedYAMLError(
                        problem=f"too many aliases (they stand for more than {ALIAS_BUDGET:,} values: an alias bomb?)",
                        problem_mark=event.start_mark,
                    )
                open_[-1] = (open_[-1][0], open_[-1][1] + size)
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None:
                    sizes[event.anchor] = 1
                open_[-1] = (open_[-1][0], open_[-1][1] + 1)
            elif isinstance(event, yaml.CollectionStartEvent):
                open_.append((event.anchor, 1))
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, size = open_.pop()
                if anchor is not None:
                    sizes[anchor] = min(size, ALIAS_BUDGET + 1)  # capped: one past the budget says enough
                open_[-1] = (open_[-1][0], open_[-1][1] + size)
    finally:
        loader.dispose()
