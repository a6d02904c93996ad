"""A note's findings as one table of columns (their strings written once), read back in bulk and strictly.

A warm run reads every finding of every note it reports (14,679 on vault-1000); read one value at a time,
with a check and a call per field, they took half a second. Here a note's findings are a list of columns::

    [strings, codes, names, paths, starts, ends, messages, severities, fixes, related,
     applicabilities, descriptions, edit_starts, edit_ends, edit_news]

``strings`` holds each distinct str once (a note's findings repeat a few codes, names and messages, and
their path); the next columns hold one value per finding: an index into ``strings``, an offset, a
severity's number, its fix (0: none; else 1 + its number of edits), its related spans (``[start, end,
...]``, flat). The last ones hold one value per fix, then one per edit, in order. Every column is checked at
once, by builtins (the types of all its values as a set, its least and greatest); the records are made by
``map``: a call per record, none per field.
"""

from __future__ import annotations

import sys
import typing
from collections.abc import Iterator
from itertools import chain
from operator import le
from typing import Any

from vaultlint.cache.errors import CacheFormatError, Uncacheable
from vaultlint.cache.records import signature
from vaultlint.model import Applicability, Edit, Finding, Fix, Severity

# The fields this layout was written for: a Finding, Fix or Edit of another shape is written in the generic
# layout of `records` (the schema changes with it, so no cache of this layout is read as that one).
LAYOUT = {
    Finding: (
        ("code", str),
        ("name", str),
        ("path", str),
        ("start", int),
        ("end", int),
        ("message", str),
        ("severity", Severity),
        ("fix", Fix | None),
        ("related", tuple[tuple[int, int], ...]),
        ("details", tuple[tuple[str, str], ...]),  # never kept: only the online rules', never cached, give any
    ),
    Fix: (("edits", tuple[Edit, ...]), ("applicability", Applicability), ("description", str)),
    Edit: (("start", int), ("end", int), ("new", str)),
}
COLUMNS = 15
SEVERITIES = list(Severity)
APPLICABILITIES = list(Applicability)
_SEVERITY_NUMBER = {member: number for number, member in enumerate(SEVERITIES)}
_APPLICABILITY_NUMBER = {member: number for number, member in enumerate(APPLICABILITIES)}
_INT, _STR = frozenset({int}), frozenset({str})


def fits() -> bool:
    """Whether Finding, Fix and Edit are still of the fields this layout was written for."""
    return all(signature(cls) == fields for cls, fields in LAYOUT.items())


def encode(findings: typing.Iterable[Finding]) -> list[object]:
    """``findings`` as the table of columns; Uncacheable for a finding that does not hold what its hints say."""
    strings: dict[str, int] = {}

    def text(value: object) -> int:
        if not isinstance(value, str):
            raise Uncacheable(f"a finding holds {type(value).__name__} {str(value)[:40]!r} for a str")
        return strings.setdefault(str(value), len(strings))  # a str subclass is written as the str it is

    columns: list[list[Any]] = [[] for _ in range(COLUMNS - 1)]
    codes, names, paths, starts, ends, messages, severities, fixes, related = columns[:9]
    applicabilities, descriptions, edit_starts, edit_ends, edit_news = columns[9:]
    for finding in findings:
        if finding.details:
            raise Uncacheable("a finding with details (the online rules') is never cached")
        codes.append(text(finding.code))
        names.append(text(finding.name))
        paths.append(text(finding.path))
        starts.append(_offset(finding.start))
        ends.append(_offset(finding.end))
        messages.append(text(finding.message))
        severities.append(_number(_SEVERITY_NUMBER, finding.severity))
        related.append([_offset(at) for pair in finding.related for at in _pair(pair)])
        fix = finding.fix
        fixes.append(0 if fix is None else 1 + len(fix.edits))
        if fix is not None:
            applicabilities.append(_number(_APPLICABILITY_NUMBER, fix.applicability))
            descriptions.append(text(fix.description))
            for edit in fix.edits:
                edit_starts.append(_offset(edit.start))
                edit_ends.append(_offset(edit.end))
                edit_news.append(text(edit.new))
    return [list(strings), *columns]


def _offset(value: object) -> int:
    if type(value) is not int or value < 0:
        raise Uncacheable(f"a finding holds {type(value).__name__} {str(value)[:40]!r} for an offset")
    return value


def _number(numbers: dict[Any, int], member: object) -> int:
    try:
        return numbers[member]
    except (KeyError, TypeError):
        raise Uncacheable(f"a finding holds {str(member)[:40]!r} for one of {list(numbers)}") from None


def _pair(pair: object) -> tuple[object, object]:
    if type(pair) is not tuple or len(pair) != 2:
        raise Uncacheable("a finding's related span is no pair")
    return pair[0], pair[1]


def decode(payload: object, limit: int) -> list[Finding]:
    """The findings ``encode`` wrote, in order, every offset at most ``limit``; CacheFormatError for anything
    else (a wrong type, length or index anywhere: nothing is made of a bad table)."""
    try:
        return _decode(payload, limit)
    except (TypeError, ValueError, IndexError) as exc:  # a value of the wrong kind met by a builtin
        raise CacheFormatError(f"findings: {str(exc)[:100]}") from None


def _decode(payload: object, limit: int) -> list[Finding]:
    if type(payload) is not list or len(payload) != COLUMNS or any(type(column) is not list for column in payload):
        raise CacheFormatError(f"findings: expected a list of {COLUMNS} lists")
    strings, codes, names, paths, starts, ends, messages, severities, fixes, related = payload[:10]
    applicabilities, descriptions, edit_starts, edit_ends, edit_news = payload[10:]
    count = len(codes)
    if any(len(column) != count for column in payload[2:10]):
        raise CacheFormatError("findings: columns of unequal lengths")
    if not count:
        if any(payload[10:]):
            raise CacheFormatError("findings: fixes or edits of no finding")
        return []
    if set(map(type, strings)) - _STR:
        raise CacheFormatError("findings: a string that is no str")
    shared = list(map(sys.intern, strings))  # a run holds every finding: one copy of each repeated string
    offsets = starts + ends + edit_starts + edit_ends
    _naturals(codes + names + paths + messages + severities + fixes + applicabilities + descriptions + edit_news)
    _naturals(offsets)
    if max(offsets) > limit or not all(map(le, starts, ends)) or not all(map(le, edit_starts, edit_ends)):
        raise CacheFormatError(f"findings: a span not inside 0..{limit}")
    text = shared.__getitem__  # IndexError past the table: the indexes are naturals, so never from its end
    # One int object per offset value, as one str per string: json makes one (32 bytes) per number read, and a
    # pack's offsets repeat (518,000 of them on the 10,000-note yardstick vault, 18 MiB, nearly all repeats:
    # notes share their offsets, and an edit's span is most often its finding's).
    same = dict(zip(offsets, offsets, strict=True)).__getitem__
    edits = list(map(Edit, map(same, edit_starts), map(same, edit_ends), map(text, edit_news)))
    made = map(
        Finding,
        map(text, codes),
        map(text, names),
        map(text, paths),
        map(same, starts),
        map(same, ends),
        map(text, messages),
        map(SEVERITIES.__getitem__, severities),
        _fixes(fixes, applicabilities, descriptions, edits, text),
        _related(related, limit),
    )
    return list(made)


def _fixes(
    sizes: list[int], applicabilities: list[int], descriptions: list[int], edits: list[Edit], text: Any
) -> list[Fix | None]:
    """Each finding's fix (``sizes``: 0 for none, else 1 + its number of edits), its edits taken in order. Made by
    ``map``; a fix of one edit each (nearly every fix) takes its edit without a slice."""
    count = len(sizes) - sizes.count(0)
    if len(applicabilities) != count or len(descriptions) != count or len(edits) != sum(sizes) - count:
        raise CacheFormatError("findings: fixes and edits of other numbers than the findings say")
    groups = zip(edits) if sizes.count(2) == count else _groups(sizes, edits)
    made = iter(list(map(Fix, groups, map(APPLICABILITIES.__getitem__, applicabilities), map(text, descriptions))))
    return [next(made) if size else None for size in sizes]


def _groups(sizes: list[int], edits: list[Edit]) -> Iterator[tuple[Edit, ...]]:
    """The edits of each fix, in order (``sizes`` as `_fixes` takes them)."""
    at = 0
    for size in sizes:
        if size:
            yield tuple(edits[at : at + size - 1])
            at += size - 1


def _naturals(values: list[Any]) -> None:
    """CacheFormatError unless every value is an int (json's true is none here) and none is negative."""
    if values and (set(map(type, values)) - _INT or min(values) < 0):
        raise CacheFormatError("findings: an index or offset that is no natural number")


def _related(related: list[Any], limit: int) -> list[tuple[tuple[int, int], ...]]:
    """Each finding's related spans (``[start, end, ...]``, flat; none when empty), all checked at once."""
    given = [spans for spans in related if spans]
    if not given:
        return [()] * len(related)
    if set(map(type, given)) != {list} or any(len(spans) % 2 for spans in given):
        raise CacheFormatError("findings: related spans are not [start, end, ...]")
    flat = list(chain.from_iterable(given))
    _naturals(flat)
    starts, ends = flat[0::2], flat[1::2]  # each list of even length: its pairs are the flat list's
    if max(ends) > limit or not all(map(le, starts, ends)):
        raise CacheFormatError(f"findings: a related span not inside 0..{limit}")
    return [tuple(zip(spans[0::2], spans[1::2], strict=True)) if spans else () for spans in related]


def reaches(payload: list[Any]) -> list[int]:
    """Each finding's furthest offset (its end, its edits' ends, its related spans'), of a table ``decode``
    read without error (so every column is of the lengths and kinds it checked)."""
    ends, sizes, related, edit_ends = payload[5], payload[8], payload[9], payload[13]
    out = list(map(max, ends, [max(spans) if spans else 0 for spans in related]))
    at = 0
    for row in [row for row, size in enumerate(sizes) if size > 1]:  # the findings with a fix of edits
        edits = sizes[row] - 1
        out[row] = max(out[row], *edit_ends[at : at + edits])
        at += edits
    return out


__all__ = ["decode", "encode", "fits", "reaches"]
