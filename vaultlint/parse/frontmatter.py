"""Read a note's YAML frontmatter: its data, its parse error, and the tags it declares."""

from __future__ import annotations

import re
from typing import Any

import yaml

from vaultlint import facts as F
from vaultlint.lazyre import lazy_compile
from vaultlint.parse.patterns import WIKILINK_RE
from vaultlint.parse.placeholders import has_placeholder, overlaps, placeholder_spans
from vaultlint.parse.wikitext import split_wiki_body
from vaultlint.parse.yaml_digest import digest_data
from vaultlint.parse.yaml_words import Explained, bad_value, explain, scalars
from vaultlint.record import Record, frozen

try:  # the C loader is ~10x faster where libyaml is present
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

TAG_KEYS = ("tags", "tag")
# Valid YAML syntax can still fail to become data: `date: 2021-02-30` raises ValueError.
CONSTRUCT_ERRORS = (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError)
# `# vaultlint-disable-next-line WIK001 -- why`: HTML and `%%` comments cannot go in YAML, so its own comments do.
YAML_DIRECTIVE_RE = re.compile(
    r"(?:^|(?<=\s))#[ \t]*vaultlint-(?P<kind>[\w-]+)(?P<codes>[^\n]*?)(?:\s--\s[^\n]*)?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
COMMENT_TAG_RE = lazy_compile(r"[ \t]*(?P<tag>#[^\s#,\]]+)")  # where an empty YAML value is followed by `#tag`
# Aliases let a few bytes stand for millions of values (ten lines of `aN: &aN [*aM, *aM, ...]`, nine to a
# line, are 9**10): past this many values added by aliases the frontmatter is reported (YML001), not read, so
# no rule walks its expansion. Real frontmatter reuses a handful of values, if any.
ALIAS_BUDGET = 10_000
_YAML = "tag:yaml.org,2002:"
# The types YAML gives a plain value by itself; any other one was asked for (`!!binary`, `!!set`).
IMPLICIT = frozenset(_YAML + name for name in ("str", "null", "bool", "int", "float", "timestamp"))
# What YAML 1.2's core schema, Obsidian's, reads as null, a boolean or a number rather than text.
# What a template's placeholder is read as while the YAML around it is checked: a plain scalar of its length
# (positions stay), of a character no frontmatter holds (a private-use one), so its value can be put back.
MASK = "\ue000"
# A line that starts a top-level key: the frontmatter is cut there when it does not parse as a whole.
TOP_KEY_RE = re.compile(r"^[^\s#\-]", re.MULTILINE)
NOT_TEXT = lazy_compile(
    r"~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)


@frozen
class Loaded(Record):
    """A frontmatter body read: its YAML node graph (for positions), its data (for rules), and where its
    template placeholders are (`{{date}}`, `<% tp.file.title %>`), which are no YAML, no tags and no links."""

    node: Any
    data: Any
    placeholders: list[tuple[int, int]]


def read_frontmatter(text: str, el: Any) -> tuple[F.FrontmatterFacts, list[F.Tag], list[F.WikiLink]]:
    """Parse the frontmatter block ``el`` of ``text``: its facts, tags and wiki links; never raises on bad YAML."""
    start, end = el.source_span
    body_start = el.body_start
    body_end = body_start + len(el.body)
    try:
        loaded = load(el.body)
    except CONSTRUCT_ERRORS as exc:
        explained = _explained(exc, el.body, text.count("\n", 0, body_start) + 1)
        commented = [
            field for part, at, part_text in readable_parts(el.body) for field in _tags(part.node, part_text, at)[1]
        ]
        facts = F.FrontmatterFacts(
            start,
            end,
            body_start,
            body_end,
            error=explained.message,
            error_offset=body_start + explained.offset,
            commented_tags=tuple(field.moved(body_start) for field in commented),
        )
        return facts, [], []
    tags, commented = _tags(loaded.node, el.body, body_start)
    links = _wikilinks(loaded.node, el.body, body_start)
    if loaded.placeholders:
        spans = [(body_start + s, body_start + e) for s, e in loaded.placeholders]
        tags = [tag for tag in tags if not overlaps(spans, tag.start, tag.end)]
        links = [link for link in links if not overlaps(spans, link.start, link.end)]
    facts = F.FrontmatterFacts(start, end, body_start, body_end, data=loaded.data, commented_tags=tuple(commented))
    return facts, tags, links


def _explained(exc: Exception, body: str, first_line: int) -> Explained:
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


def same_data(body: str, data: object) -> bool:
    """Whether ``body`` still parses to ``data``: a fix inside frontmatter must not change its values."""
    try:
        return digest_data(load(body).data) == digest_data(data)
    except CONSTRUCT_ERRORS:
        return False


def multiline_scalars(body: str) -> list[tuple[int, int, bool]]:
    """The scalars of ``body`` that go over more than one line: their spans, and whether each is a block
    scalar (`|`, `>`). Only there can the whitespace that ends a line be part of a value."""
    return sorted(
        (node.start_mark.index, node.end_mark.index, node.style in ("|", ">"))
        for node in scalars(load(body, construct=False).node)
        if node.start_mark.line != node.end_mark.line
    )


def _tags(node: Any, body: str, base: int) -> tuple[list[F.Tag], list[F.Field]]:
    """Tags from `tags:` as a list or a comma/space separated string, with their spans; and the
    `#tag` values YAML took for comments (`- #paper` is an empty item followed by a comment)."""
    found: list[F.Tag] = []
    commented: list[F.Field] = []
    if not isinstance(node, yaml.MappingNode):
        return found, commented
    for key, value in node.value:
        if not (isinstance(key, yaml.ScalarNode) and key.value in TAG_KEYS):
            continue
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for item in items:
            if isinstance(item, yaml.ScalarNode) and item.value and yaml_text(item):  # `null`, `3.5`: no tags
                found.extend(_scalar_tags(item, body, base))
            elif isinstance(item, yaml.ScalarNode) and item.tag.endswith(":null"):
                comment = COMMENT_TAG_RE.match(body, item.start_mark.index)
                if comment:
                    at = base + comment.start("tag")
                    commented.append(F.Field(comment.group("tag"), at, at + len(comment.group("tag"))))
    return found, commented


def yaml_text(node: Any) -> bool:
    """Whether a YAML scalar is text as Obsidian (YAML 1.2) reads it: quoted, or plain and no null, boolean
    nor number, and no explicit type; ``yes`` and ``2024-01-01`` are text there (PyYAML's 1.1 says not)."""
    if node.style:  # quoted or a block scalar: text unless a type is asked for
        return bool(node.tag == _YAML + "str")
    return node.tag in IMPLICIT and not NOT_TEXT.fullmatch(node.value)


def _scalar_tags(item: Any, body: str, base: int) -> list[F.Tag]:
    """Each tag of a scalar (`paper`, `"#paper"`, `paper, code`) with its exact span where the source allows;
    a name of digits only is no tag, as in Obsidian (`"2024"`)."""
    start, end = item.start_mark.index, item.end_mark.index
    raw = body[start:end]
    if item.style in ("'", '"') and len(raw) >= 2:
        raw, start = raw[1:-1], start + 1
    if raw != item.value:  # escapes or folded lines: only the whole scalar can be pointed at
        names = [n.lstrip("#") for n in item.value.replace(",", " ").split()]
        return [F.Tag(name, base + start, base + end, in_frontmatter=True) for name in names if _is_tag(name)]
    return [
        F.Tag(m.group().lstrip("#"), base + start + m.start(), base + start + m.end(), in_frontmatter=True)
        for m in re.finditer(r"[^\s,]+", raw)
        if _is_tag(m.group().lstrip("#"))
    ]


def _is_tag(name: str) -> bool:
    return re.search(r"[^0-9]", name) is not None  # as the body's TAG_RE: `2023/05` is a tag


def _wikilinks(node: Any, body: str, base: int) -> list[F.WikiLink]:
    """Wiki links in string values (`related: "[[Note]]"`, lists of them), as Obsidian's properties read them.

    Only where the value is written as it reads (no escapes, no folded lines), so spans are exact.
    """
    found: list[F.WikiLink] = []
    for item in scalars(node, keys=False):
        if "[[" in item.value:
            start, end = item.start_mark.index, item.end_mark.index
            if item.style in ("'", '"'):
                start, end = start + 1, end - 1
            if body[start:end] != item.value:
                continue
            for m in WIKILINK_RE.finditer(item.value):
                parts = split_wiki_body(m.group("body"))
                at = base + start + m.start()
                found.append(F.WikiLink(embed=bool(m.group("bang")), start=at, end=base + start + m.end(), **parts))
    return sorted(found, key=lambda link: link.start)


def directives(body: str, base: int) -> list[F.Directive]:
    """Suppression comments written as YAML comments inside the frontmatter."""
    return [
        F.Directive(
            m.group("kind").lower(),
            tuple(c for c in re.split(r"[\s,]+", m.group("codes")) if c),
            base + m.start(),
            base + m.end(),
        )
        for m in YAML_DIRECTIVE_RE.finditer(body)
    ]
