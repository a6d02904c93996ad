"""Read a note's YAML frontmatter: its data, its parse error, and the tags it declares."""

from __future__ import annotations

import re
from typing import Any

from vaultlint import facts as F
from vaultlint.lazyre import lazy_compile
from vaultlint.parse.patterns import WIKILINK_RE
from vaultlint.parse.placeholders import has_placeholder, overlaps, placeholder_spans
from vaultlint.parse.wikitext import split_wiki_body
from vaultlint.parse.yaml_digest import digest_data
from vaultlint.parse.yaml_plain import STR, Scalar, read_plain

TAG_KEYS = ("tags", "tag")
# `# vaultlint-disable-next-line WIK001 -- why`: HTML and `%%` comments cannot go in YAML, so its own comments do.
YAML_DIRECTIVE_RE = re.compile(
    r"(?:^|(?<=\s))#[ \t]*vaultlint-(?P<kind>[\w-]+)(?P<codes>[^\n]*?)(?:\s--\s[^\n]*)?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
COMMENT_TAG_RE = lazy_compile(r"[ \t]*(?P<tag>#[^\s#,\]]+)")  # where an empty YAML value is followed by `#tag`
_YAML = "tag:yaml.org,2002:"
# The types YAML gives a plain value by itself; any other one was asked for (`!!binary`, `!!set`).
IMPLICIT = frozenset(_YAML + name for name in ("str", "null", "bool", "int", "float", "timestamp"))
# What YAML 1.2's core schema, Obsidian's, reads as null, a boolean or a number rather than text.
NOT_TEXT = lazy_compile(
    r"~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)

Fields = list[tuple[str | None, list[Scalar]]]


def read_frontmatter(text: str, el: Any) -> tuple[F.FrontmatterFacts, list[F.Tag], list[F.WikiLink]]:
    """Parse the frontmatter block ``el`` of ``text``: its facts, tags and wiki links; never raises on bad YAML.
    Plain `key: value` lines are read without PyYAML (`yaml_plain`), anything else by it."""
    start, end = el.source_span
    body_start = el.body_start
    body_end = body_start + len(el.body)
    plain = read_plain(el.body)
    if plain is not None:
        fields: Fields = list(plain.fields)
        data: object = plain.data
        values = [scalar for _, scalars in plain.fields for scalar in scalars]
        spans = placeholder_spans(el.body) if has_placeholder(el.body) else []
    else:
        from vaultlint.parse import yaml_load

        try:
            loaded = yaml_load.load(el.body)
        except yaml_load.CONSTRUCT_ERRORS as exc:
            return _unreadable(text, el, exc), [], []
        fields, data = yaml_load.fields_of(loaded.node), loaded.data
        values, spans = yaml_load.value_scalars(loaded.node), loaded.placeholders
    tags, commented = _tags(fields, el.body, body_start)
    links = _wikilinks(values, el.body, body_start)
    if spans:
        spans = [(body_start + s, body_start + e) for s, e in spans]
        tags = [tag for tag in tags if not overlaps(spans, tag.start, tag.end)]
        links = [link for link in links if not overlaps(spans, link.start, link.end)]
    facts = F.FrontmatterFacts(start, end, body_start, body_end, data=data, commented_tags=tuple(commented))
    return facts, tags, links


def _unreadable(text: str, el: Any, exc: Exception) -> F.FrontmatterFacts:
    """The facts of a frontmatter that does not load: its error in plain words, and the `#tag`s YAML took for
    comments in the parts of it that do."""
    from vaultlint.parse import yaml_load

    start, end = el.source_span
    body_start = el.body_start
    explained = yaml_load.explained(exc, el.body, text.count("\n", 0, body_start) + 1)
    commented = [
        field
        for part, at, part_text in yaml_load.readable_parts(el.body)
        for field in _tags(yaml_load.fields_of(part.node), part_text, at)[1]
    ]
    return F.FrontmatterFacts(
        start,
        end,
        body_start,
        body_start + len(el.body),
        error=explained.message,
        error_offset=body_start + explained.offset,
        commented_tags=tuple(field.moved(body_start) for field in commented),
    )


def same_data(body: str, data: object) -> bool:
    """Whether ``body`` still parses to ``data``: a fix inside frontmatter must not change its values."""
    plain = read_plain(body)
    if plain is not None:
        return digest_data(plain.data) == digest_data(data)
    from vaultlint.parse import yaml_load

    try:
        return digest_data(yaml_load.load(body).data) == digest_data(data)
    except yaml_load.CONSTRUCT_ERRORS:
        return False


def multiline_scalars(body: str) -> list[tuple[int, int, bool]] | None:
    """The scalars of ``body`` that go over more than one line: their spans, and whether each is a block
    scalar (`|`, `>`). Only there can the whitespace that ends a line be part of a value. None: ``body``
    does not load."""
    if read_plain(body) is not None:
        return []  # `yaml_plain` reads values of one line only
    from vaultlint.parse import yaml_load

    try:
        return yaml_load.multiline_scalars(body)
    except yaml_load.CONSTRUCT_ERRORS:
        return None


def _tags(fields: Fields, body: str, base: int) -> tuple[list[F.Tag], list[F.Field]]:
    """Tags from `tags:` as a list or a comma/space separated string, with their spans; and the
    `#tag` values YAML took for comments (`- #paper` is an empty item followed by a comment)."""
    found: list[F.Tag] = []
    commented: list[F.Field] = []
    for key, items in fields:
        if key not in TAG_KEYS:
            continue
        for item in items:
            if item.value and yaml_text(item):  # `null`, `3.5`: no tags
                found.extend(_scalar_tags(item, body, base))
            elif item.tag.endswith(":null"):
                comment = COMMENT_TAG_RE.match(body, item.start)
                if comment:
                    at = base + comment.start("tag")
                    commented.append(F.Field(comment.group("tag"), at, at + len(comment.group("tag"))))
    return found, commented


def yaml_text(item: Scalar) -> bool:
    """Whether a YAML scalar is text as Obsidian (YAML 1.2) reads it: quoted, or plain and no null, boolean
    nor number, and no explicit type; ``yes`` and ``2024-01-01`` are text there (PyYAML's 1.1 says not)."""
    if item.style:  # quoted or a block scalar: text unless a type is asked for
        return item.tag == STR
    return item.tag in IMPLICIT and not NOT_TEXT.fullmatch(item.value)


def _scalar_tags(item: Scalar, body: str, base: int) -> list[F.Tag]:
    """Each tag of a scalar (`paper`, `"#paper"`, `paper, code`) with its exact span where the source allows;
    a name of digits only is no tag, as in Obsidian (`"2024"`)."""
    start, end = item.start, item.end
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


def _wikilinks(values: list[Scalar], body: str, base: int) -> list[F.WikiLink]:
    """Wiki links in string values (`related: "[[Note]]"`, lists of them), as Obsidian's properties read them.

    Only where the value is written as it reads (no escapes, no folded lines), so spans are exact.
    """
    found: list[F.WikiLink] = []
    for item in values:
        if "[[" in item.value:
            start, end = item.start, item.end
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
