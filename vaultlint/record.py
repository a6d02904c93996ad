"""Record: a frozen dataclass's ``==``, hash and repr written once for every record, not compiled per class."""

# On Python 3.11 each @dataclass writes its methods as source and compiles it, one exec a method: a frozen
# record costs 3.5e6 instructions to define, and a named check defines some 80 (41 of them at import: a
# sixth of the imports' instructions). A record declared `@dataclass(frozen=True, eq=False, repr=False)` over
# `Record` compiles no __eq__, __hash__ or __repr__ (2.3e6: -34%) and answers exactly as the dataclass's own
# would: ``==`` on the same class compares the fields' tuples, hash is the hash of that tuple, repr is
# `Name(a=1, b='x')`.

from __future__ import annotations

import reprlib
from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter

Values = Callable[[object], tuple[object, ...]]


class Record:
    """Base of a frozen dataclass declared with ``eq=False, repr=False``: the dataclass's eq, hash and repr."""

    __slots__ = ()  # a record with slots keeps no instance dict

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            values = _compared(self.__class__)
            return values(self) == values(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_hashed(self.__class__)(self))

    @reprlib.recursive_repr()  # as the dataclass's: a record that holds itself shows `...`
    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)  # type: ignore[arg-type]
        return f"{self.__class__.__qualname__}({shown})"


_COMPARED: dict[type, Values] = {}  # each record class's getters, made on its first use
_HASHED: dict[type, Values] = {}


def _compared(cls: type) -> Values:
    """The fields ``==`` compares (as a dataclass's __eq__: those with ``compare``), read as one tuple."""
    if (values := _COMPARED.get(cls)) is None:
        values = _COMPARED[cls] = _getter([f.name for f in fields(cls) if f.compare])
    return values


def _hashed(cls: type) -> Values:
    """The fields hashed (as a dataclass's __hash__: ``hash`` if given, else ``compare``), as one tuple."""
    if (values := _HASHED.get(cls)) is None:
        values = _HASHED[cls] = _getter([f.name for f in fields(cls) if (f.compare if f.hash is None else f.hash)])
    return values


def _getter(names: list[str]) -> Values:
    """A tuple of the attributes ``names`` of an object (attrgetter gives a bare value for one name)."""
    if not names:
        return lambda _: ()
    get = attrgetter(*names)
    if len(names) == 1:
        return lambda record: (get(record),)
    return get
