"""A note's facts, findings, outline and links, and what else rebuilds its Note, as versioned JSON values, read
back strictly.

Reading never executes anything (json, then type checks: no pickle, no YAML): a vault can carry a hostile
cache file. Whatever was not written by this version of the codec raises CacheFormatError, and only that.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from vaultlint.cache import findings as findings_table
from vaultlint.cache import records
from vaultlint.cache.errors import CacheFormatError, Uncacheable
from vaultlint.cache.records import Bounds
from vaultlint.facts import Facts
from vaultlint.gcpause import gc_paused
from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.parse.outline import Outline
from vaultlint.vault.links import InternalLink

__all__ = [
    "FORMAT",
    "SCHEMA",
    "CacheFormatError",
    "Uncacheable",
    "decode_facts",
    "decode_findings",
    "decode_links",
    "decode_outline",
    "dump_json",
    "encode_facts",
    "encode_findings",
    "encode_links",
    "encode_note",
    "encode_outline",
    "load_json",
    "note_from_cache",
]

# Bumped when the payload's layout changes in a way the schema does not show (records as lists, Fields and
# strs as slices of the text, the frontmatter data's tags, a note's findings as a table of columns).
FORMAT = 4
# The shape of every record written (fields, their types, enum values): a changed dataclass changes it.
SCHEMA = records.schema(Facts, Finding, Outline, InternalLink)
NEWLINES = ("\n", "\r\n")
TABLE = findings_table.fits()  # a changed Finding is written as records (and changes SCHEMA)


def encode_facts(facts: Facts) -> dict[str, object]:
    """``facts`` as JSON values, Fields with their text (``encode_note`` writes them as slices of the note's);
    Uncacheable when its frontmatter data cannot be cached."""
    return _envelope(facts=records.encode(facts))


@gc_paused()
def decode_facts(payload: object, text: str | None = None) -> Facts:
    """The facts ``encode_facts`` wrote; with the note's ``text``, every offset and Field checked against it."""
    opened = _open(payload, "facts")
    facts: Facts = records.decode(Facts, opened["facts"], _bounds(text))
    return facts


def encode_findings(findings: Iterable[Finding]) -> dict[str, object]:
    """``findings`` as JSON values: a table of columns (``cache.findings``) while Finding has the fields it was
    written for, else a list of records."""
    if TABLE:
        return _envelope(findings=findings_table.encode(findings))
    return _envelope(findings=[records.encode(finding) for finding in findings])


@gc_paused()
def decode_findings(payload: object, text: str | None = None) -> list[Finding]:
    """The findings ``encode_findings`` wrote, in order; with the note's ``text``, offsets checked against it."""
    bounds = _bounds(text)
    opened = _open(payload, "findings")["findings"]
    if TABLE:
        return findings_table.decode(opened, bounds.limit)
    return [records.decode(Finding, item, bounds) for item in records.items(opened)]


def encode_note(note: Note) -> dict[str, object]:
    """What rebuilds ``note`` from its text without a parse (``note_from_cache``): its facts, newline, BOM."""
    facts = records.encode(note.facts, note.text)
    return _envelope(length=len(note.text), newline=note.newline, bom=note.bom, facts=facts)


@gc_paused()
def note_from_cache(path: str, text: str, payload: object) -> Note:
    """The Note of LF-normalized ``text`` at ``path``, as ``parse_text`` makes it, from ``encode_note``'s payload."""
    opened = _open(payload, "length", "newline", "bom", "facts")
    if "\r" in text:
        raise CacheFormatError("the text is not LF-normalized")
    if opened["length"] != len(text) or type(opened["length"]) is not int:
        raise CacheFormatError("the payload is of a text of another length")
    if type(opened["newline"]) is not str or opened["newline"] not in NEWLINES:
        raise CacheFormatError("bad newline")
    if type(opened["bom"]) is not bool:
        raise CacheFormatError("bad bom")
    facts: Facts = records.decode(Facts, opened["facts"], Bounds(len(text), text, sliced=True))
    return Note(path, text, facts, None, opened["newline"], opened["bom"])  # its line starts when first asked for


def encode_outline(outline: Outline) -> dict[str, object]:
    """A note's outline (``vaultlint.parse.outline``) as JSON values."""
    return _envelope(outline=records.encode(outline))


@gc_paused()
def decode_outline(payload: object, text_length: int | None = None) -> Outline:
    """The outline ``encode_outline`` wrote; with its note's ``text_length``, each line checked against it."""
    if text_length is not None and (type(text_length) is not int or text_length < 0):
        raise CacheFormatError("bad text length")
    bounds = Bounds() if text_length is None else Bounds(text_length + 1)  # a note has at most so many lines
    outline: Outline = records.decode(Outline, _open(payload, "outline")["outline"], bounds)
    return outline


def encode_links(links: Sequence[InternalLink], lines: Sequence[int] = ()) -> dict[str, object]:
    """A note's links to notes and files (``vaultlint.vault.links.internal_links``) as JSON values, in order;
    with ``lines``, the line each starts on (a heading's repeats name a linking note's lines: `engine.edited`
    compares them, never read back)."""
    return _envelope(links=[records.encode(link) for link in links], lines=list(lines))


@gc_paused()
def decode_links(payload: object, text: str | None = None) -> tuple[InternalLink, ...]:
    """The links ``encode_links`` wrote, in order; with the note's ``text``, offsets checked against it."""
    bounds = _bounds(text)
    opened = _open(payload, "links", "lines")
    links = tuple([records.decode(InternalLink, link, bounds) for link in records.items(opened["links"])])
    lines = opened["lines"]  # none, or a line (a count from 1) a link
    if type(lines) is not list or (lines and len(lines) != len(links)):
        raise CacheFormatError("links: expected a line a link")
    if any(type(line) is not int or line < 1 for line in lines):
        raise CacheFormatError("links: expected a line")
    return links


def dump_json(payload: object) -> str:
    """A payload as compact JSON text."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


# A container of more items than this is written a slice of them at a time (`json_parts`).
SLICE = 1024
_FLAT = frozenset({dict, list})  # the types of an item that is no plain value


def json_parts(payload: object) -> Iterator[str]:
    """``dump_json(payload)`` in parts, whose concatenation is that very text: a large container (or one holding
    one) a slice of its items at a time. A whole run's index, pack and vault record are 5-9 MB of JSON: made
    whole, their text and its UTF-8 came on top of all the run held, at its end (a fill of 10,000 notes peaked
    writing its index)."""
    if not isinstance(payload, (list, dict)) or not _large(payload, 0):
        yield dump_json(payload)
        return
    yield from _parts(payload, 0)


def _large(value: object, depth: int) -> bool:
    if type(value) is dict:
        items: Iterable[object] = value.values()
    elif type(value) is list:
        items = value
    else:
        return False
    return len(value) > SLICE or (depth < 2 and any(_large(item, depth + 1) for item in items))


def _parts(value: list[Any] | dict[Any, Any], depth: int) -> Iterator[str]:
    """A large container's JSON: its small items dumped a slice at a time, its large ones in parts."""
    pairs = type(value) is dict
    if pairs and any(type(key) is not str for key in value):  # json writes another key as a str: left to it
        yield dump_json(value)
        return
    items: list[Any] = list(value.items()) if isinstance(value, dict) else value
    yield "{" if pairs else "["
    if _FLAT.isdisjoint(map(type, value.values() if isinstance(value, dict) else value)):  # a pack's columns
        for at in range(0, len(items), SLICE):
            yield ("," if at else "") + _inside(items[at : at + SLICE], pairs)
        yield "}" if pairs else "]"
        return
    comma, batch = "", []
    for item in items:
        inner = item[1] if pairs else item
        if not _large(inner, depth + 1):
            batch.append(item)
            if len(batch) == SLICE:
                yield comma + _inside(batch, pairs)
                comma, batch = ",", []
            continue
        if batch:
            yield comma + _inside(batch, pairs)
            comma, batch = ",", []
        yield comma + (dump_json(item[0]) + ":" if pairs else "")
        yield from _parts(inner, depth + 1)
        comma = ","
    if batch:
        yield comma + _inside(batch, pairs)
    yield "}" if pairs else "]"


def _inside(batch: list[Any], pairs: bool) -> str:
    """The JSON of ``batch``'s items (of a dict's, when ``pairs``) without the brackets around them."""
    return dump_json(dict(batch) if pairs else batch)[1:-1]


@gc_paused()
def load_json(data: str | bytes) -> object:
    """JSON text read as values; CacheFormatError when it is no JSON, nests too deeply or holds a huge int."""
    try:
        return json.loads(data)
    except (ValueError, RecursionError, TypeError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise CacheFormatError(f"not JSON: {str(exc)[:100]}") from None


def _envelope(**parts: object) -> dict[str, object]:
    return {"format": FORMAT, "schema": SCHEMA, **parts}


def _open(payload: object, *keys: str) -> dict[str, Any]:
    """The parts of a payload of this FORMAT and SCHEMA with exactly ``keys`` besides them."""
    if type(payload) is not dict:
        raise CacheFormatError(f"expected an object, got {type(payload).__name__}")
    version = payload.get("format")
    if type(version) is not int or version != FORMAT:
        raise CacheFormatError(f"cache format {str(version)[:20]}, not {FORMAT}")
    if payload.get("schema") != SCHEMA:
        raise CacheFormatError("written for records of another shape")
    if payload.keys() != {"format", "schema", *keys}:
        raise CacheFormatError(f"expected the keys {sorted(keys)}")
    return payload


def _bounds(text: str | None) -> Bounds:
    if text is not None and type(text) is not str:
        raise CacheFormatError("the text is no str")
    return Bounds() if text is None else Bounds(len(text), text)
