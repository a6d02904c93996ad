"""vaultlint.record.Record: a record's ==, hash and repr are the ones @dataclass(frozen=True) would have made."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from dataclasses import dataclass, field

import pytest

import vaultlint
from vaultlint.record import Record


@dataclass(frozen=True)
class PlainNone:
    pass


@dataclass(frozen=True, eq=False, repr=False)
class RecNone(Record):
    pass


@dataclass(frozen=True)
class PlainOne:
    a: object


@dataclass(frozen=True, eq=False, repr=False)
class RecOne(Record):
    a: object


@dataclass(frozen=True)
class PlainMany:
    a: object
    b: object = field(default=None, compare=False)  # neither compared nor hashed
    c: object = field(default=None, hash=False)  # compared, not hashed
    d: object = field(default=None, compare=False, hash=True)  # hashed, not compared
    e: object = field(default=None, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class RecMany(Record):
    a: object
    b: object = field(default=None, compare=False)
    c: object = field(default=None, hash=False)
    d: object = field(default=None, compare=False, hash=True)
    e: object = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class PlainSlots:
    a: object
    b: object


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class RecSlots(Record):
    a: object
    b: object


PAIRS = [(PlainNone, RecNone), (PlainOne, RecOne), (PlainMany, RecMany), (PlainSlots, RecSlots)]
VALUES = [(), (1,), ("x", 2), ((1, "a"), None, 3.5, "y", [4]), (frozenset({1}), "b", 0, -1, "e")]


def _made(cls: type, values: tuple[object, ...]) -> object:
    return cls(*values[: len(dataclasses.fields(cls))])


@pytest.mark.parametrize(("plain", "rec"), PAIRS, ids=[p.__name__ for p, _ in PAIRS])
def test_the_dataclass_answers(plain: type, rec: type) -> None:
    """Every pair of values: == and != agree, and the hash and repr are the same (repr up to the class name)."""
    n = len(dataclasses.fields(plain))
    samples = [v for v in VALUES if len(v) >= n]
    for left in samples:
        p1, r1 = _made(plain, left), _made(rec, left)
        assert repr(r1) == repr(p1).replace(plain.__qualname__, rec.__qualname__, 1)
        try:
            expected: object = hash(p1)
        except TypeError:
            expected = TypeError
        if expected is TypeError:
            with pytest.raises(TypeError):
                hash(r1)
        else:
            assert hash(r1) == expected
        for right in samples:
            p2, r2 = _made(plain, right), _made(rec, right)
            assert (r1 == r2) is (p1 == p2)
            assert (r1 != r2) is (p1 != p2)


def test_another_class_is_not_equal() -> None:
    """== with another class (a subclass, a tuple of the same values) is False, as for a dataclass."""

    @dataclass(frozen=True, eq=False, repr=False)
    class Sub(RecOne):
        pass

    assert RecOne(1) != Sub(1)
    assert RecOne(1) != (1,)
    assert RecOne(1).__eq__((1,)) is NotImplemented


def test_a_record_holding_itself_shows_dots() -> None:
    """reprlib's guard, as the dataclass's repr has: no endless recursion."""
    holder: list[object] = []
    rec, plain = RecOne(holder), PlainOne(holder)
    holder.append(rec)
    assert repr(rec) == "RecOne(a=[...])"
    holder[0] = plain
    assert repr(plain) == "PlainOne(a=[...])"


def test_slots_kept() -> None:
    """A record with slots has no instance dict: Record adds none."""
    assert not hasattr(RecSlots(1, 2), "__dict__")


def _record_classes() -> list[type]:
    for info in pkgutil.walk_packages(vaultlint.__path__, "vaultlint."):
        importlib.import_module(info.name)
    found, todo = [], list(Record.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("vaultlint."):
            found.append(cls)
    return found


def test_every_record_uses_records_methods() -> None:
    """A vaultlint record over Record is a frozen dataclass that compiled no ==, hash or repr of its own (declared
    without ``eq=False, repr=False``, its own would hide Record's and cost what Record saves)."""
    classes = _record_classes()
    assert len(classes) >= 30
    for cls in classes:
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen, cls  # type: ignore[attr-defined]
        for name in ("__eq__", "__hash__", "__repr__"):
            assert getattr(cls, name) is getattr(Record, name), (cls, name)
