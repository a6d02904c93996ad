"""Frozen dataclass records (facts, findings) to and from JSON values, by their fields' type hints, read strictly."""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vaultlint import facts as F
from vaultlint.cache.errors import CacheFormatError, Uncacheable
from vaultlint.cache.yaml_data import decode_data, encode_data

# An offset no note reaches, and the largest int a JSON reader elsewhere still reads exactly.
MAX_OFFSET = 2**53 - 1
# Offsets a record holds in pairs: the first never after the second.
SPANS = (
    ("start", "end"),
    ("link_start", "link_end"),
    ("start", "body_start"),
    ("body_start", "body_end"),
    ("body_end", "end"),
)


@dataclass(frozen=True)
class Bounds:
    """What decoded offsets must fit: at most ``limit``; with ``text``, each Field's text is its slice of it."""

    limit: int = MAX_OFFSET
    text: str | None = None


Encoder = Callable[[Any], object]
Decoder = Callable[[object, Bounds], Any]


def encode(value: object) -> object:
    """A record (a dataclass instance of facts.py or model.py) as JSON values: an object per record."""
    kind: Any = type(value)  # a class is hashable, which mypy does not see through type[object]
    return codec(kind)[0](value)


def decode(cls: type[Any], payload: object, bounds: Bounds) -> Any:
    """A ``cls`` read back from ``payload``; CacheFormatError for anything ``encode`` does not write."""
    kind: Any = cls
    return codec(kind)[1](payload, bounds)


@functools.cache
def codec(hint: Any) -> tuple[Encoder, Decoder]:
    """How a value of type ``hint`` is written and read; TypeError for a type this module has no way for."""
    if hint is bool or hint is str or hint is int:
        return _written(hint), (_offset if hint is int else _exact(hint))
    if hint is object:  # only FrontmatterFacts.data: what YAML made of the frontmatter
        return encode_data, lambda payload, bounds: decode_data(payload)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record(hint)
    return _generic(hint, typing.get_origin(hint), typing.get_args(hint))


def _generic(hint: Any, origin: Any, args: tuple[Any, ...]) -> tuple[Encoder, Decoder]:
    if origin in (types.UnionType, typing.Union) and len(args) == 2 and args[1] is type(None):
        return _optional(*codec(args[0]))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _sequence(*codec(args[0]))
    if origin is tuple and args:
        return _fixed([codec(arg) for arg in args])
    if origin is frozenset and args == (int,):
        return _int_set()
    raise TypeError(f"the cache has no codec for {hint!r}")


def _written(kind: type) -> Encoder:
    """A value of ``kind`` as it is; a record that does not hold what its hints say is not cached."""

    def encode(value: object) -> object:
        if not isinstance(value, kind) or (kind is int and (type(value) is bool or value < 0)):  # type: ignore[operator]
            raise Uncacheable(f"a record holds {type(value).__name__} {str(value)[:40]!r} for a {kind.__name__}")
        return str(value) if kind is str else value  # a str subclass (a StrEnum) is written as the str it is

    return encode


def _exact(kind: type) -> Decoder:
    def decode(payload: object, bounds: Bounds) -> object:
        if type(payload) is not kind:  # json's true is no int here, nor 1 a bool
            raise CacheFormatError(f"expected {kind.__name__}, got {type(payload).__name__}")
        return payload

    return decode


_text = _exact(str)


def _offset(payload: object, bounds: Bounds) -> int:
    if type(payload) is not int:
        raise CacheFormatError(f"expected int, got {type(payload).__name__}")
    if not 0 <= payload <= bounds.limit:
        raise CacheFormatError(f"offset {payload} out of range 0..{bounds.limit}")
    return payload


def _enum(cls: type[enum.Enum]) -> tuple[Encoder, Decoder]:
    def decode(payload: object, bounds: Bounds) -> object:
        try:
            return cls(_text(payload, bounds))
        except ValueError:
            raise CacheFormatError(f"no {cls.__name__} {str(payload)[:40]!r}") from None

    return (lambda value: cls(value).value), decode


def _optional(encode: Encoder, decode: Decoder) -> tuple[Encoder, Decoder]:
    return (lambda value: None if value is None else encode(value)), (
        lambda payload, bounds: None if payload is None else decode(payload, bounds)
    )


def _list(payload: object) -> list[Any]:
    if type(payload) is not list:
        raise CacheFormatError(f"expected a list, got {type(payload).__name__}")
    return payload


def _sequence(encode: Encoder, decode: Decoder) -> tuple[Encoder, Decoder]:
    return (lambda value: [encode(item) for item in value]), (
        lambda payload, bounds: tuple(decode(item, bounds) for item in _list(payload))
    )


def _fixed(parts: list[tuple[Encoder, Decoder]]) -> tuple[Encoder, Decoder]:
    def decode(payload: object, bounds: Bounds) -> tuple[Any, ...]:
        items = _list(payload)
        if len(items) != len(parts):
            raise CacheFormatError(f"expected {len(parts)} items, got {len(items)}")
        return tuple(dec(item, bounds) for (_, dec), item in zip(parts, items, strict=True))

    return (lambda value: [enc(item) for (enc, _), item in zip(parts, value, strict=True)]), decode


def _int_set() -> tuple[Encoder, Decoder]:
    def decode(payload: object, bounds: Bounds) -> frozenset[int]:
        items = [_offset(item, bounds) for item in _list(payload)]
        if any(a >= b for a, b in zip(items, items[1:], strict=False)):  # as written: sorted, each once
            raise CacheFormatError("a set's items are not in increasing order")
        return frozenset(items)

    return (lambda value: sorted(value)), decode


def _record(cls: type[Any]) -> tuple[Encoder, Decoder]:
    hints = typing.get_type_hints(cls)
    parts = [(f.name, *codec(hints[f.name])) for f in dataclasses.fields(cls)]
    keys = frozenset(name for name, _, _ in parts)
    spans = [(a, b) for a, b in SPANS if a in keys and b in keys]

    def encode(value: Any) -> object:
        return {name: enc(getattr(value, name)) for name, enc, _ in parts}

    def decode(payload: object, bounds: Bounds) -> Any:
        if type(payload) is not dict:
            raise CacheFormatError(f"{cls.__name__}: expected an object, got {type(payload).__name__}")
        if payload.keys() != keys:
            missing, extra = sorted(keys - payload.keys()), sorted(payload.keys() - keys)
            raise CacheFormatError(f"{cls.__name__}: missing keys {missing}, unknown keys {extra}"[:200])
        value = cls(**{name: dec(payload[name], bounds) for name, _, dec in parts})
        for a, b in spans:
            if getattr(value, a) > getattr(value, b):
                raise CacheFormatError(f"{cls.__name__}: {a} after {b}")
        _CHECKS.get(cls, _fine)(value, bounds)
        return value

    return encode, decode


def _fine(value: Any, bounds: Bounds) -> None:
    pass


def _field_text(value: F.Field, bounds: Bounds) -> None:
    if bounds.text is not None and bounds.text[value.start : value.end] != value.text:
        raise CacheFormatError("Field: its text is not the note's text at its span")


def _heading_level(value: F.Heading, bounds: Bounds) -> None:
    if not 1 <= value.level <= 6:
        raise CacheFormatError(f"Heading: level {value.level}")


# What a record of these classes must say beyond its types (Heading.level is an int, but no offset).
_CHECKS: dict[type, Callable[[Any, Bounds], None]] = {F.Field: _field_text, F.Heading: _heading_level}


def describe(hint: Any) -> str:
    """The shape of type ``hint``, every record's fields and every enum's values in it: a change to any of
    them changes it (the payload's schema, so a cache of the old shape is refused though FORMAT was not bumped)."""
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return f"{hint.__qualname__}{sorted(str(m.value) for m in hint)}"
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        fields = ",".join(f"{f.name}:{describe(hints[f.name])}" for f in dataclasses.fields(hint))
        return f"{hint.__qualname__}({fields})"
    args = typing.get_args(hint)
    if args:
        inner = ",".join("..." if arg is Ellipsis else describe(arg) for arg in args)
        return f"{getattr(typing.get_origin(hint), '__name__', '?')}[{inner}]"
    return str(getattr(hint, "__name__", repr(hint)))


def schema(*roots: type) -> str:
    return hashlib.blake2b("|".join(describe(root) for root in roots).encode(), digest_size=8).hexdigest()
