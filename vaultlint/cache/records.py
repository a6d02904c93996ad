"""Frozen dataclass records (facts, findings...) to and from compact JSON values, by their type hints, read strictly.

A record is a list of its fields' values in their order (the schema pins it); an enum value is its index. With
the note's text at hand, a Field is ``[start, end]`` (its text is that slice), and a record's longer str that
the text holds inside the record's span is ``[a, b]``, the slice ``text[a:b]``: most of a note's facts repeat
its text, and a slice is shorter than the text and faster to read.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import sys
import types
import typing
from collections.abc import Callable
from typing import Any

from vaultlint import facts as F
from vaultlint.cache.errors import CacheFormatError, Uncacheable
from vaultlint.cache.yaml_data import decode_data, encode_data
from vaultlint.hashing import blake2b
from vaultlint.parse.outline import OutlineHeading, OutlineUrl
from vaultlint.parse.wikitext import Part
from vaultlint.record import Record, frozen
from vaultlint.vault.links import InternalLink

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
# A str this short is written as it is: its slice `[a,b]` would be no shorter.
SLICE_MIN = 12


@frozen
class Bounds(Record):
    """What decoded offsets must fit: at most ``limit``. With ``text``, each Field is checked against it; when
    ``sliced`` (written with that text at hand), Fields and slices are read from it, in the compact layouts."""

    limit: int = MAX_OFFSET
    text: str | None = None
    sliced: bool = False


Encoder = Callable[[Any, "str | None"], object]  # a value, and the note's text when it is at hand
Decoder = Callable[[object, Bounds], Any]


def encode(value: object, text: str | None = None) -> object:
    """A record (a dataclass instance of facts.py, model.py...) as JSON values; with ``text``, Fields as slices."""
    kind: Any = type(value)  # a class is hashable, which mypy does not see through type[object]
    return codec(kind)[0](value, text)


def decode(cls: type[Any], payload: object, bounds: Bounds) -> Any:
    """A ``cls`` read back from ``payload``; CacheFormatError for anything ``encode`` does not write."""
    kind: Any = cls
    return codec(kind)[1](payload, bounds)


@functools.cache
def codec(hint: Any) -> tuple[Encoder, Decoder]:
    """How a value of type ``hint`` is written and read; TypeError for a type this module has no way for."""
    if hint is bool or hint is str or hint is int:
        return _written(hint), (offset if hint is int else _exact(hint))
    if hint is object:  # only FrontmatterFacts.data: what YAML made of the frontmatter
        return (lambda value, text: encode_data(value)), (lambda payload, bounds: decode_data(payload))
    if hint is F.Field:
        return _encode_field, field
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
    if origin is frozenset and args in ((int,), (str,)):
        return _set(args[0])
    raise TypeError(f"the cache has no codec for {hint!r}")


def _written(kind: type) -> Encoder:
    """A value of ``kind`` as it is; a record that does not hold what its hints say is not cached."""

    def encode(value: object, text: str | None) -> object:
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


def offset(payload: object, bounds: Bounds) -> int:
    if type(payload) is not int or not 0 <= payload <= bounds.limit:
        raise CacheFormatError(f"expected an offset in 0..{bounds.limit}, got {str(payload)[:30]}")
    return payload


def span(start: object, end: object, bounds: Bounds) -> None:
    """CacheFormatError unless ``start``..``end`` is a span inside the text: ints, in order, within its bounds."""
    if type(start) is not int or type(end) is not int or not 0 <= start <= end <= bounds.limit:
        raise CacheFormatError(f"expected a span inside 0..{bounds.limit}, got {str(start)[:30]}..{str(end)[:30]}")


def _encode_field(value: F.Field, text: str | None) -> object:
    start, end = _written(int)(value.start, None), _written(int)(value.end, None)
    if text is None:
        return [_written(str)(value.text, None), start, end]
    if text[value.start : value.end] != value.text:
        raise Uncacheable("a Field whose text is not the note's text at its span")
    return [start, end]


def field(payload: object, bounds: Bounds) -> F.Field:
    """A Field: ``[start, end]``, its text that slice of the note's; ``[text, start, end]`` when written without it."""
    if type(payload) is list:
        if bounds.sliced:
            if len(payload) == 2 and bounds.text is not None:
                start, end = payload
                span(start, end, bounds)
                return F.Field(bounds.text[start:end], start, end)
        elif len(payload) == 3:
            text, start, end = payload
            span(start, end, bounds)
            if type(text) is str and (bounds.text is None or bounds.text[start:end] == text):
                return F.Field(text, start, end)
    raise CacheFormatError("Field: not [start, end] of the text at hand, nor [its text, start, end]")


def _encode_slice(value: str, text: str | None, lo: int, hi: int) -> object:
    """A record's str: the slice of ``text`` inside the record's span ``lo``..``hi`` that equals it, if any."""
    if text is not None and len(value) >= SLICE_MIN and type(value) is str:
        at = text.find(value, lo, hi)
        if at >= 0:
            return [at, at + len(value)]
    return _written(str)(value, text)


def text_slot(payload: object, bounds: Bounds) -> str:
    """A record's str: as it is, or ``[a, b]``, the slice of the text at hand."""
    if type(payload) is str:
        return payload
    if type(payload) is list and len(payload) == 2 and bounds.sliced and bounds.text is not None:
        start, end = payload
        span(start, end, bounds)
        if end - start >= SLICE_MIN:  # as written: a shorter str is written as it is
            return bounds.text[start:end]
    raise CacheFormatError(f"expected a str or a slice of the text at hand, got {type(payload).__name__}")


def _enum(cls: type[enum.Enum]) -> tuple[Encoder, Decoder]:
    members = list(cls)

    def decode(payload: object, bounds: Bounds) -> object:
        if type(payload) is not int or not 0 <= payload < len(members):
            raise CacheFormatError(f"no {cls.__name__} number {str(payload)[:40]}")
        return members[payload]

    return (lambda value, text: members.index(cls(value))), decode


def _optional(encode: Encoder, decode: Decoder) -> tuple[Encoder, Decoder]:
    return (lambda value, text: None if value is None else encode(value, text)), (
        lambda payload, bounds: None if payload is None else decode(payload, bounds)
    )


def items(payload: object) -> list[Any]:
    if type(payload) is not list:
        raise CacheFormatError(f"expected a list, got {type(payload).__name__}")
    return payload


def _sequence(encode: Encoder, decode: Decoder) -> tuple[Encoder, Decoder]:
    layouts = _LAYOUTS.get(decode)

    def decode_all(payload: object, bounds: Bounds) -> tuple[Any, ...]:
        # A hot record's layout is chosen once for the whole sequence, not once per record.
        read = decode if layouts is None else layouts[bounds.sliced]
        return tuple([read(item, bounds) for item in items(payload)])

    return (lambda value, text: [encode(item, text) for item in value]), decode_all


def _fixed(parts: list[tuple[Encoder, Decoder]]) -> tuple[Encoder, Decoder]:
    def decode(payload: object, bounds: Bounds) -> tuple[Any, ...]:
        values = items(payload)
        if len(values) != len(parts):
            raise CacheFormatError(f"expected {len(parts)} items, got {len(values)}")
        return tuple([dec(item, bounds) for (_, dec), item in zip(parts, values, strict=True)])

    return (lambda value, text: [enc(item, text) for (enc, _), item in zip(parts, value, strict=True)]), decode


def _set(kind: type) -> tuple[Encoder, Decoder]:
    read = offset if kind is int else _exact(str)
    write = _written(kind)

    def decode(payload: object, bounds: Bounds) -> frozenset[Any]:
        values = [read(item, bounds) for item in items(payload)]
        if any(a >= b for a, b in zip(values, values[1:], strict=False)):  # as written: sorted, each once
            raise CacheFormatError("a set's items are not in increasing order")
        return frozenset(values)

    return (lambda value, text: sorted([write(item, text) for item in value])), decode  # type: ignore[type-var]


@functools.cache
def field_types(cls: Any) -> dict[str, Any]:
    """The types of a dataclass's fields by name, as `typing.get_type_hints` gives them: each field's annotation
    (a string: its module has `from __future__ import annotations`) evaluated in the module of the class that
    declares it, once for each string and module (`_evaluated`). get_type_hints makes a ForwardRef of every
    annotation of the class and its bases, each compiled anew: Field alone is in eleven places."""
    types_: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        hint = f.type
        if isinstance(hint, str):
            owner = next(base for base in cls.__mro__ if f.name in base.__dict__.get("__annotations__", {}))
            hint = _evaluated(hint, owner.__module__)
        types_[f.name] = type(None) if hint is None else hint
    return types_


@functools.cache
def _evaluated(annotation: str, module: str) -> Any:
    """An annotation's value in ``module``'s namespace (as get_type_hints looks its names up first)."""
    return eval(annotation, vars(sys.modules[module]))  # the source's own annotations, never a file's text


def _record(cls: type[Any]) -> tuple[Encoder, Decoder]:
    kind: Any = cls  # a class is hashable, which mypy does not see through type[object]
    hints = field_types(kind)
    parts = [(f.name, hints[f.name], *codec(hints[f.name])) for f in dataclasses.fields(cls)]
    names = {name for name, *_ in parts}
    spans = [(a, b) for a, b in SPANS if a in names and b in names]
    # The span a str of the record may be a slice of (a Link's URL, a Tag's name, a Heading's text).
    sliced = spans[0] if spans else None

    def encode(value: Any, text: str | None) -> object:
        if sliced is None or text is None:
            return [enc(getattr(value, name), text) for name, _, enc, _ in parts]
        lo, hi = getattr(value, sliced[0]), getattr(value, sliced[1])
        return [
            _encode_slice(getattr(value, name), text, lo, hi) if hint is str else enc(getattr(value, name), text)
            for name, hint, enc, _ in parts
        ]

    decoders = [text_slot if sliced is not None and hint is str else dec for _, hint, _, dec in parts]

    def decode(payload: object, bounds: Bounds) -> Any:
        if type(payload) is not list or len(payload) != len(decoders):
            raise CacheFormatError(f"{cls.__name__}: expected a list of {len(decoders)} values")
        value = cls(*[dec(item, bounds) for dec, item in zip(decoders, payload, strict=True)])
        for a, b in spans:
            if getattr(value, a) > getattr(value, b):
                raise CacheFormatError(f"{cls.__name__}: {a} after {b}")
        _CHECKS.get(cls, _fine)(value, bounds)
        return value

    if cls in _BY_HAND and signature(cls) == _BY_HAND[cls][0]:
        return encode, _BY_HAND[cls][1]  # the generic layout, read by hand: a vault rule reads many outlines
    return _compact(cls, encode, decode) if compact(cls) else (encode, decode)


def _compact(cls: type, encode: Encoder, decode: Decoder) -> tuple[Encoder, Decoder]:
    """``cls``'s hand-written layout when the text is at hand, else the generic ``encode`` and ``decode``."""
    _, write, read = _COMPACT[cls]

    def either(payload: object, bounds: Bounds) -> Any:
        return read(payload, bounds) if bounds.sliced else decode(payload, bounds)

    _LAYOUTS[either] = (decode, read)
    return (lambda value, text: encode(value, None) if text is None else write(value, text)), either


# A hot record's decoder -> its generic and its compact one, for a sequence of them to choose between once.
_LAYOUTS: dict[Decoder, tuple[Decoder, Decoder]] = {}


def _fine(value: Any, bounds: Bounds) -> None:
    pass


def _heading_level(value: F.Heading, bounds: Bounds) -> None:
    if not 1 <= value.level <= 6:
        raise CacheFormatError(f"Heading: level {value.level}")


def _outline_heading(value: OutlineHeading, bounds: Bounds) -> None:
    if not 1 <= value.level <= 6 or value.line < 1:
        raise CacheFormatError(f"OutlineHeading: level {value.level}, line {value.line}")


def _outline_url(value: OutlineUrl, bounds: Bounds) -> None:
    if value.line < 1:
        raise CacheFormatError("OutlineUrl: line 0")


# What a record of these classes must say beyond its types (a level or a line is an int, but no offset).
_CHECKS: dict[type, Callable[[Any, Bounds], None]] = {
    F.Heading: _heading_level,
    OutlineHeading: _outline_heading,
    OutlineUrl: _outline_url,
}


@functools.cache  # Field alone is in eleven places: each record's type hints evaluated once (import time)
def describe(hint: Any) -> str:
    """The shape of type ``hint``, every record's fields and every enum's values in it: a change to any of
    them changes it (the payload's schema, so a cache of the old shape is refused though FORMAT was not bumped)."""
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return f"{hint.__qualname__}{[str(m.value) for m in hint]}"  # in order: a value is written as its index
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = field_types(hint)
        fields = ",".join(f"{f.name}:{describe(hints[f.name])}" for f in dataclasses.fields(hint))
        return f"{hint.__qualname__}({fields})"
    args = typing.get_args(hint)
    if args:
        inner = ",".join("..." if arg is Ellipsis else describe(arg) for arg in args)
        return f"{getattr(typing.get_origin(hint), '__name__', '?')}[{inner}]"
    return str(getattr(hint, "__name__", repr(hint)))


def schema(*roots: type) -> str:
    return blake2b("|".join(describe(root) for root in roots).encode(), digest_size=8).hexdigest()


# The hot records (a note holds hundreds of them) have layouts of their own when the text is at hand, written
# by hand: one flat list per record (a Field as two offsets, a list's markers and an entry's fields at its
# end), a str derived from the text as null or as its slice's two ends (or itself and null). Fewer lists to
# read and no call per field: reading a warm run's notes is mostly this. Used only while the record's fields
# are those below; a changed record falls back to the generic layout (and changes the schema).

_string, _int, _bool = _written(str), _written(int), _written(bool)


def _pair(value: F.Field | None, text: str) -> tuple[object, object]:
    if value is None:
        return None, None
    if text[value.start : value.end] != value.text:
        raise Uncacheable("a Field whose text is not the note's text at its span")
    return _int(value.start, None), _int(value.end, None)


def _opt_field(start: object, end: object, bounds: Bounds, text: str) -> F.Field | None:
    if start is None and end is None:
        return None
    if type(start) is not int or type(end) is not int or not 0 <= start <= end <= bounds.limit:
        span(start, end, bounds)
    return _new_field(text[start:end], start, end)  # type: ignore[index, arg-type]


_new, _set_attribute = object.__new__, object.__setattr__


def _new_field(text: str, start: int, end: int) -> F.Field:
    """``F.Field(text, start, end)`` at half the cost: a frozen dataclass's __init__ sets each field through
    object.__setattr__; its __dict__ is set at once here (the same instance: Field has no __post_init__)."""
    field = _new(F.Field)
    _set_attribute(field, "__dict__", {"text": text, "start": start, "end": end})
    return field


def _slots(value: str, text: str, lo: int, hi: int) -> tuple[object, object]:
    """A str as the ends of its slice of ``text`` inside ``lo``..``hi``, or as itself and null."""
    at = text.find(value, lo, hi) if len(value) >= SLICE_MIN else -1
    return (at, at + len(value)) if at >= 0 else (_string(value, None), None)


def _unslot(a: object, b: object, bounds: Bounds, text: str, lo: int, hi: int) -> str:
    """What ``_slots`` wrote for a record spanning ``lo``..``hi``: a slice inside it, never a short one."""
    if type(a) is str and b is None:
        return a
    span(a, b, bounds)
    if not lo <= a <= b <= hi or b - a < SLICE_MIN:  # type: ignore[operator]
        raise CacheFormatError(f"a slice {a}..{b} that is not one of the record at {lo}..{hi}")
    return text[a:b]  # type: ignore[index]


def _bad(cls: type, payload: object) -> CacheFormatError:
    return CacheFormatError(f"{cls.__name__}: not the compact layout ({type(payload).__name__})")


def _encode_link(value: F.Link, text: str) -> object:
    derived = text[value.dest.start : value.dest.end] if value.dest else text[value.start : value.end]
    url = None if value.url == derived and type(value.url) is str else _string(value.url, None)
    start, end = _int(value.start, None), _int(value.end, None)
    return [url, _string(value.kind, None), start, end, *_pair(value.label, text), *_pair(value.dest, text)] + [
        _bool(value.listed, None)
    ]


def _decode_link(payload: object, bounds: Bounds) -> F.Link:
    if type(payload) is not list or len(payload) != 9:
        raise _bad(F.Link, payload)
    url, kind, start, end, label_start, label_end, dest_start, dest_end, listed = payload
    text: str = bounds.text  # type: ignore[assignment]  # sliced: the text is at hand
    span(start, end, bounds)
    label = _opt_field(label_start, label_end, bounds, text)
    dest = _opt_field(dest_start, dest_end, bounds, text)
    if url is None:
        url = dest.text if dest else text[start:end]
    if type(url) is not str or type(kind) is not str or type(listed) is not bool:
        raise _bad(F.Link, payload)
    return F.Link(url, kind, start, end, label, dest, listed)


def _encode_tag(value: F.Tag, text: str) -> object:
    derived = value.name == text[value.start + 1 : value.end] and type(value.name) is str  # `#name`
    name = None if derived else _string(value.name, None)
    return [name, _int(value.start, None), _int(value.end, None), _bool(value.in_frontmatter, None)]


def _decode_tag(payload: object, bounds: Bounds) -> F.Tag:
    if type(payload) is not list or len(payload) != 4:
        raise _bad(F.Tag, payload)
    name, start, end, in_frontmatter = payload
    span(start, end, bounds)
    if name is None:
        name = bounds.text[start + 1 : end]  # type: ignore[index]
    if type(name) is not str or type(in_frontmatter) is not bool:
        raise _bad(F.Tag, payload)
    return F.Tag(name, start, end, in_frontmatter)


def _encode_heading(value: F.Heading, text: str) -> object:
    slots = _slots(value.text, text, value.start, value.end)
    source = _slots(value.source, text, value.start, value.end)
    return [_int(value.level, None), *slots, *source, _int(value.start, None), _int(value.end, None)]


def _decode_heading(payload: object, bounds: Bounds) -> F.Heading:
    if type(payload) is not list or len(payload) != 7:
        raise _bad(F.Heading, payload)
    level, a, b, source_a, source_b, start, end = payload
    span(start, end, bounds)
    if type(level) is not int or not 1 <= level <= 6:
        raise CacheFormatError(f"Heading: level {str(level)[:20]}")
    text = _unslot(a, b, bounds, bounds.text, start, end)  # type: ignore[arg-type]
    source = _unslot(source_a, source_b, bounds, bounds.text, start, end)  # type: ignore[arg-type]
    return F.Heading(level, text, start, end, source)


def _encode_list(value: F.ListBlock, text: str) -> object:
    head = [_bool(value.ordered, None), _string(value.bullet, None), _int(value.start, None), _int(value.end, None)]
    return head + [end for marker in value.markers for end in _pair(marker, text)]


def _decode_list(payload: object, bounds: Bounds) -> F.ListBlock:
    if type(payload) is not list or len(payload) < 4 or len(payload) % 2:
        raise _bad(F.ListBlock, payload)
    ordered, bullet, start, end = payload[:4]
    span(start, end, bounds)
    if type(ordered) is not bool or type(bullet) is not str:
        raise _bad(F.ListBlock, payload)
    return F.ListBlock(ordered, bullet, _fields(payload, 4, bounds), start, end)


def _fields(payload: list[Any], at: int, bounds: Bounds) -> tuple[F.Field, ...]:
    """The Fields a flat list holds from ``at`` on, as pairs of offsets."""
    text: str = bounds.text  # type: ignore[assignment]
    limit, fields, new = bounds.limit, [], _new_field
    for start, end in zip(payload[at::2], payload[at + 1 :: 2], strict=True):
        if type(start) is not int or type(end) is not int or not 0 <= start <= end <= limit:
            span(start, end, bounds)
        fields.append(new(text[start:end], start, end))
    return tuple(fields)


def _encode_entry(value: F.Entry, text: str) -> object:
    url = _slots(value.url, text, value.link_start, value.link_end)
    start, end = _int(value.link_start, None), _int(value.link_end, None)
    head = [*_pair(value.meta, text), *url, start, end, *_pair(value.title, text), *_pair(value.gap, text)]
    return [*head, _bool(value.label_is_key, None)] + [end for f in value.fields for end in _pair(f, text)]


def _decode_entry(payload: object, bounds: Bounds) -> F.Entry:
    if type(payload) is not list or len(payload) < 11 or len(payload) % 2 == 0:
        raise _bad(F.Entry, payload)
    meta_start, meta_end, url_a, url_b, start, end, title_start, title_end, gap_start, gap_end, key = payload[:11]
    text: str = bounds.text  # type: ignore[assignment]
    meta = _opt_field(meta_start, meta_end, bounds, text)
    span(start, end, bounds)
    if meta is None or type(key) is not bool:
        raise _bad(F.Entry, payload)
    title, gap = _opt_field(title_start, title_end, bounds, text), _opt_field(gap_start, gap_end, bounds, text)
    url = _unslot(url_a, url_b, bounds, text, start, end)
    return F.Entry(meta, _fields(payload, 11, bounds), url, start, end, title, gap, key)


def _encode_label(value: F.Label, text: str) -> object:
    name = _slots(value.name, text, value.start, value.end)
    start, end = _int(value.start, None), _int(value.end, None)
    return [*name, _string(value.marker, None), *_pair(value.emphasis, text), start, end]


def _decode_label(payload: object, bounds: Bounds) -> F.Label:
    if type(payload) is not list or len(payload) != 7:
        raise _bad(F.Label, payload)
    name_a, name_b, marker, emphasis_start, emphasis_end, start, end = payload
    text: str = bounds.text  # type: ignore[assignment]
    emphasis = _opt_field(emphasis_start, emphasis_end, bounds, text)
    span(start, end, bounds)
    if emphasis is None or type(marker) is not str:
        raise _bad(F.Label, payload)
    return F.Label(_unslot(name_a, name_b, bounds, text, start, end), marker, emphasis, start, end)


_OPTIONAL_FIELD = F.Field | None
# Each hot record: the fields its hand-written layout is of, and how that layout is written and read.
_COMPACT: dict[type, tuple[tuple[tuple[str, Any], ...], Callable[[Any, str], object], Decoder]] = {
    F.Link: (
        (("url", str), ("kind", str), ("start", int), ("end", int))
        + (("label", _OPTIONAL_FIELD),)
        + (("dest", _OPTIONAL_FIELD), ("listed", bool)),
        _encode_link,
        _decode_link,
    ),
    F.Tag: ((("name", str), ("start", int), ("end", int), ("in_frontmatter", bool)), _encode_tag, _decode_tag),
    F.Heading: (
        (("level", int), ("text", str), ("start", int), ("end", int), ("source", str)),
        _encode_heading,
        _decode_heading,
    ),
    F.ListBlock: (
        (("ordered", bool), ("bullet", str), ("markers", tuple[F.Field, ...]), ("start", int), ("end", int)),
        _encode_list,
        _decode_list,
    ),
    F.Entry: (
        (("meta", F.Field), ("fields", tuple[F.Field, ...]), ("url", str), ("link_start", int), ("link_end", int))
        + (("title", _OPTIONAL_FIELD), ("gap", _OPTIONAL_FIELD), ("label_is_key", bool)),
        _encode_entry,
        _decode_entry,
    ),
    F.Label: (
        (("name", str), ("marker", str), ("emphasis", F.Field), ("start", int), ("end", int)),
        _encode_label,
        _decode_label,
    ),
}


def compact(cls: type) -> bool:
    """Whether records of ``cls`` are written in a hand-written layout when the text is at hand."""
    return cls in _COMPACT and signature(cls) == _COMPACT[cls][0]


def signature(cls: type) -> tuple[tuple[str, Any], ...]:
    """A record's fields as (name, type) pairs, in order: what a layout written by hand was written for."""
    hints = field_types(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def _decode_outline_url(payload: object, bounds: Bounds) -> OutlineUrl:
    """An OutlineUrl in the generic layout, as the generic decoder reads it (a link collection has thousands)."""
    if type(payload) is not list or len(payload) != 3:
        raise _bad(OutlineUrl, payload)
    url, line, image = payload
    if type(url) is not str or type(line) is not int or type(image) is not bool or not 1 <= line <= bounds.limit:
        raise _bad(OutlineUrl, payload)
    return OutlineUrl(url, line, image)


def _decode_outline_heading(payload: object, bounds: Bounds) -> OutlineHeading:
    """An OutlineHeading in the generic layout, as the generic decoder reads it."""
    if type(payload) is not list or len(payload) != 3:
        raise _bad(OutlineHeading, payload)
    level, text, line = payload
    if type(level) is not int or type(text) is not str or type(line) is not int:
        raise _bad(OutlineHeading, payload)
    if not 1 <= level <= min(6, bounds.limit) or not 1 <= line <= bounds.limit:  # level: as an offset too
        raise CacheFormatError(f"OutlineHeading: level {level}, line {line}")
    return OutlineHeading(level, text, line)


def _decode_part(payload: object, bounds: Bounds) -> Part:
    """A link's Part in the generic layout, as the generic decoder reads it."""
    if type(payload) is not list or len(payload) != 3:
        raise _bad(Part, payload)
    value, start, end = payload
    span(start, end, bounds)
    return Part(value if type(value) is str else text_slot(value, bounds), start, end)


def _decode_internal_link(payload: object, bounds: Bounds) -> InternalLink:
    """An InternalLink in the generic layout, as the generic decoder reads it (every note's, when one changed)."""
    if type(payload) is not list or len(payload) != 7:
        raise _bad(InternalLink, payload)
    path, headings, block, start, end, embed, markdown = payload
    span(start, end, bounds)
    if type(headings) is not list or type(embed) is not bool or type(markdown) is not bool:
        raise _bad(InternalLink, payload)
    parts = tuple([_decode_part(heading, bounds) for heading in headings])
    block_part = None if block is None else _decode_part(block, bounds)
    return InternalLink(_decode_part(path, bounds), parts, block_part, start, end, embed, markdown)


# Records read by hand in the generic layout: the fields each decoder was written for, and the decoder.
_BY_HAND: dict[type, tuple[tuple[tuple[str, Any], ...], Decoder]] = {
    OutlineUrl: ((("url", str), ("line", int), ("image", bool)), _decode_outline_url),
    OutlineHeading: ((("level", int), ("text", str), ("line", int)), _decode_outline_heading),
    Part: ((("value", str), ("start", int), ("end", int)), _decode_part),
    InternalLink: (
        (
            ("path", Part),
            ("headings", tuple[Part, ...]),
            ("block", Part | None),
            ("start", int),
            ("end", int),
            ("embed", bool),
            ("markdown", bool),
        ),
        _decode_internal_link,
    ),
}
