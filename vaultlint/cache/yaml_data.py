"""Frontmatter data (what PyYAML's safe loader builds) to and from JSON values, tagged where JSON has no type."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vaultlint.cache.errors import CacheFormatError, Uncacheable

# libyaml nests 1,000 deep; a cache need not hold such a note (it is parsed again), and staying far below
# Python's recursion limit keeps both directions plain recursive functions.
MAX_DEPTH = 100
# An alias repeats what it names: shared values are written out each time, so a note whose data expands
# past this many values and characters is not cached rather than written a thousand times over.
MAX_UNITS = 1 << 22
# Python refuses to write or read an int of more than 4,300 digits as text (json too); this is below that.
MAX_INT_BITS = 12_000
JSON_SCALARS = (str, int, bool, type(None))


@dataclass(eq=False, repr=False)  # working state, never compared nor shown: no == or repr to compile
class _Budget:
    left: int = MAX_UNITS
    path: set[int] | None = None

    def spend(self, units: int) -> None:
        self.left -= units
        if self.left < 0:
            raise Uncacheable("frontmatter data too big to cache (aliases?)")


def encode_data(data: object) -> object:
    """``data`` as JSON values; Uncacheable when it refers to itself, nests too deep, or is too big."""
    return _encode(data, _Budget(path=set()), 0)


def _encode(value: object, budget: _Budget, depth: int) -> object:
    if depth > MAX_DEPTH:
        raise Uncacheable("frontmatter data nested too deeply to cache")
    budget.spend(1)
    kind = type(value)
    if kind in (str, bool, type(None)):
        budget.spend(len(value) if isinstance(value, str) else 0)
        return value
    if kind is int:
        if value.bit_length() > MAX_INT_BITS:  # type: ignore[attr-defined]
            raise Uncacheable("frontmatter holds an int too big to cache")
        return value
    if kind in _LEAVES:
        text = _LEAVES[kind][0](value)
        budget.spend(len(text))
        return {_LEAF_TAGS[kind]: text}
    if kind in (list, tuple, dict, set, frozenset):
        return _encode_container(value, budget, depth)
    raise Uncacheable(f"frontmatter holds a {kind.__name__}, which the cache does not hold")


def _encode_container(value: Any, budget: _Budget, depth: int) -> object:
    assert budget.path is not None
    if id(value) in budget.path:  # `&r [*r]`: a value inside itself has no JSON form
        raise Uncacheable("frontmatter data refers to itself")
    budget.path.add(id(value))
    try:
        if isinstance(value, dict):
            return {"$map": [[_encode(k, budget, depth + 1), _encode(v, budget, depth + 1)] for k, v in value.items()]}
        items = [_encode(item, budget, depth + 1) for item in value]
        if isinstance(value, list):
            return items
        if isinstance(value, tuple):
            return {"$tuple": items}
        # A set's order is its hashes' (random per process): written in one order, so a set read back and
        # written again gives the same payload.
        return {"$set": sorted(items, key=lambda item: json.dumps(item, sort_keys=True))}
    finally:
        budget.path.discard(id(value))


def _float_text(value: Any) -> str:
    return repr(value)


def _float(text: str) -> float:
    number = float(text)
    if repr(number) != text:  # float() takes `1_0` and ` 1`; only what repr writes is read
        raise ValueError(text)
    return number


def _datetime_text(value: Any) -> str:
    if value.tzinfo is not None and type(value.tzinfo) is not dt.timezone:  # a zone's name and DST have no ISO form
        raise Uncacheable("frontmatter holds a time in a named zone")
    return str(value.isoformat())


def _datetime(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    if value.isoformat() != text:
        raise ValueError(text)
    return value


def _date(text: str) -> dt.date:
    value = dt.date.fromisoformat(text)
    if value.isoformat() != text:
        raise ValueError(text)
    return value


def _bytes_text(value: Any) -> str:
    import base64  # here: few notes hold binary YAML, and base64 (with struct and binascii) is 1.8e6 instructions

    return base64.b64encode(value).decode("ascii")


def _bytes(text: str) -> bytes:
    import base64

    value = base64.b64decode(text.encode("ascii"), validate=True)
    if _bytes_text(value) != text:
        raise ValueError(text)
    return value


# Each leaf type JSON has not (by exact type: a datetime is a date): how it is written, and how it is read
# back (ValueError if not exactly as written).
_LEAVES: dict[type, tuple[Callable[[Any], str], Callable[[str], object]]] = {
    float: (_float_text, _float),
    dt.datetime: (_datetime_text, _datetime),
    dt.date: (lambda v: v.isoformat(), _date),
    bytes: (_bytes_text, _bytes),
}
_LEAF_TAGS = {float: "$float", dt.datetime: "$datetime", dt.date: "$date", bytes: "$bytes"}
_READERS = {tag: _LEAVES[kind][1] for kind, tag in _LEAF_TAGS.items()}


def decode_data(payload: object) -> object:
    """What ``encode_data`` wrote, read back; CacheFormatError for anything else."""
    return _decode(payload, 0)


def _decode(payload: object, depth: int) -> object:
    if depth > MAX_DEPTH:
        raise CacheFormatError("frontmatter data nested too deeply")
    kind = type(payload)
    if kind is int and payload.bit_length() > MAX_INT_BITS:  # type: ignore[attr-defined]
        raise CacheFormatError("frontmatter int too big")
    if kind in JSON_SCALARS:
        return payload
    if kind is list:
        return [_decode(item, depth + 1) for item in payload]  # type: ignore[attr-defined]
    if kind is not dict or len(payload) != 1:  # type: ignore[arg-type]
        raise CacheFormatError(f"frontmatter data: unexpected {kind.__name__}")
    ((tag, inner),) = payload.items()  # type: ignore[attr-defined]
    if tag in _READERS:
        return _leaf(tag, inner)
    if tag == "$map":
        return _map(inner, depth)
    if tag in ("$tuple", "$set"):
        items = _items(inner, depth)
        return tuple(items) if tag == "$tuple" else _set(items)
    raise CacheFormatError(f"frontmatter data: unknown tag {tag!r}")


def _leaf(tag: str, inner: object) -> object:
    if type(inner) is not str:
        raise CacheFormatError(f"frontmatter data: {tag} is no string")
    try:
        return _READERS[tag](inner)
    except (ValueError, UnicodeEncodeError):
        raise CacheFormatError(f"frontmatter data: bad {tag} {inner[:40]!r}") from None


def _items(inner: object, depth: int) -> list[object]:
    if type(inner) is not list:
        raise CacheFormatError("frontmatter data: a container's items are no list")
    return [_decode(item, depth + 1) for item in inner]


def _set(items: list[object]) -> set[object]:
    try:
        value = set(items)
    except TypeError:
        raise CacheFormatError("frontmatter data: a set of unhashable values") from None
    if len(value) != len(items):
        raise CacheFormatError("frontmatter data: a set with a value twice")
    return value


def _map(inner: object, depth: int) -> dict[object, object]:
    pairs = _items(inner, depth - 1)  # each pair is a list at the map's own depth + 1
    mapping: dict[object, object] = {}
    for pair in pairs:
        if type(pair) is not list or len(pair) != 2:
            raise CacheFormatError("frontmatter data: a mapping's item is no [key, value] pair")
        try:
            mapping[pair[0]] = pair[1]
        except TypeError:
            raise CacheFormatError("frontmatter data: an unhashable key") from None
    if len(mapping) != len(pairs):
        raise CacheFormatError("frontmatter data: a mapping with a key twice")
    return mapping
