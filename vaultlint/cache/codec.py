"""A note's facts, findings and what else rebuilds its Note, as versioned JSON values, read back strictly.

Reading never executes anything (json, then type checks: no pickle, no YAML): a vault can carry a hostile
cache file. Whatever was not written by this version of the codec raises CacheFormatError, and only that.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from vaultlint.cache import records
from vaultlint.cache.errors import CacheFormatError, Uncacheable
from vaultlint.cache.records import Bounds
from vaultlint.facts import Facts
from vaultlint.model import Finding
from vaultlint.parse.note import Note, line_starts

__all__ = [
    "FORMAT",
    "SCHEMA",
    "CacheFormatError",
    "Uncacheable",
    "decode_facts",
    "decode_findings",
    "dump_json",
    "encode_facts",
    "encode_findings",
    "encode_note",
    "load_json",
    "note_from_cache",
]

# Bumped when the payload's layout changes in a way the schema does not show (the frontmatter data's tags).
FORMAT = 1
# The shape of every record written (fields, their types, enum values): a changed dataclass changes it.
SCHEMA = records.schema(Facts, Finding)
NEWLINES = ("\n", "\r\n")


def encode_facts(facts: Facts) -> dict[str, object]:
    """``facts`` as JSON values; Uncacheable when its frontmatter data cannot be cached."""
    return _envelope(facts=records.encode(facts))


def decode_facts(payload: object, text: str | None = None) -> Facts:
    """The facts ``encode_facts`` wrote; with the note's ``text``, every offset and Field checked against it."""
    opened = _open(payload, "facts")
    facts: Facts = records.decode(Facts, opened["facts"], _bounds(text))
    return facts


def encode_findings(findings: Iterable[Finding]) -> dict[str, object]:
    return _envelope(findings=[records.encode(finding) for finding in findings])


def decode_findings(payload: object, text: str | None = None) -> list[Finding]:
    """The findings ``encode_findings`` wrote, in order; with the note's ``text``, offsets checked against it."""
    bounds = _bounds(text)
    items = _open(payload, "findings")["findings"]
    if type(items) is not list:
        raise CacheFormatError("findings: expected a list")
    return [records.decode(Finding, item, bounds) for item in items]


def encode_note(note: Note) -> dict[str, object]:
    """What rebuilds ``note`` from its text without a parse (``note_from_cache``): its facts, newline, BOM."""
    return _envelope(length=len(note.text), newline=note.newline, bom=note.bom, facts=records.encode(note.facts))


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
    facts: Facts = records.decode(Facts, opened["facts"], _bounds(text))
    return Note(path, text, facts, line_starts(text), opened["newline"], opened["bom"])


def dump_json(payload: object) -> str:
    """A payload as compact JSON text."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


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
