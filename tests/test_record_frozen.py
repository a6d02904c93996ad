"""record.frozen: a frozen record that compiles its __init__ alone answers as ``@dataclass(frozen=True)``."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from collections.abc import Callable

import pytest

from vaultlint.record import Record, frozen


@frozen
class Plain(Record):
    """Fields with and without defaults."""

    a: int
    b: str = "x"
    c: tuple[int, ...] = dataclasses.field(default_factory=tuple)


@frozen(slots=True)
class Slotted(Record):
    """A record with slots."""

    a: int
    b: list[int] = dataclasses.field(default_factory=list)


@frozen
class Posted(Record):
    """A record whose __post_init__ runs after the fields are set."""

    a: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "seen", self.a * 2)


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class Dataclass(Record):
    """The dataclass `Plain` stands for."""

    a: int
    b: str = "x"
    c: tuple[int, ...] = dataclasses.field(default_factory=tuple)


def test_fields_defaults_and_factories() -> None:
    assert (Plain(1).a, Plain(1).b, Plain(1).c) == (1, "x", ())
    assert Plain(1, "y", (2,)) == Plain(a=1, b="y", c=(2,))
    assert Slotted(1).b == [] and Slotted(1).b is not Slotted(1).b  # a new list per instance
    assert Posted(3).seen == 6  # type: ignore[attr-defined]
    assert repr(Plain(1)) == repr(Dataclass(1)).replace("Dataclass", "Plain")
    assert [f.name for f in dataclasses.fields(Plain)] == [f.name for f in dataclasses.fields(Dataclass)]
    assert Plain.__dataclass_params__.frozen and Plain.__match_args__ == ("a", "b", "c")  # type: ignore[attr-defined]
    assert not hasattr(Slotted(1), "__dict__")


@pytest.mark.parametrize("make", [lambda: Plain(1), lambda: Slotted(1), lambda: Dataclass(1)])
def test_refusals_as_the_dataclass(make: Callable[[], Plain | Slotted | Dataclass]) -> None:
    record = make()
    for change in (lambda: setattr(record, "a", 2), lambda: setattr(record, "other", 2), lambda: delattr(record, "a")):
        with pytest.raises(dataclasses.FrozenInstanceError) as refused:
            change()
        assert str(refused.value).startswith(("cannot assign to field", "cannot delete field"))
    assert record.a == 1


def test_copy_pickle_and_replace() -> None:
    for record in (Plain(1, "y", (2,)), Slotted(1, [2])):
        assert copy.copy(record) == record and copy.deepcopy(record) == record
        assert pickle.loads(pickle.dumps(record)) == record
        assert dataclasses.replace(record, a=5).a == 5


def test_subclass_checked_as_frozen() -> None:
    with pytest.raises(TypeError):

        @dataclasses.dataclass
        class Thawed(Plain):  # type: ignore[misc]
            d: int = 0

    @dataclasses.dataclass(frozen=True, eq=False, repr=False)
    class Further(Plain):
        d: int = 0

    with pytest.raises(dataclasses.FrozenInstanceError):
        Further(1).d = 2  # type: ignore[misc]


def test_refuses_what_it_does_not_make() -> None:
    with pytest.raises(TypeError):

        @frozen
        class KeywordOnly(Record):
            a: int = dataclasses.field(kw_only=True)


def test_every_frozen_record_has_a_docstring() -> None:
    """Without one, the dataclass writes one from inspect.signature: slower than the compiles `frozen` saves."""
    import importlib
    import pkgutil

    import vaultlint

    for info in pkgutil.walk_packages(vaultlint.__path__, "vaultlint."):
        importlib.import_module(info.name)
    todo: list[type] = [*Record.__subclasses__()]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("vaultlint."):
            assert not (cls.__doc__ or "").startswith(f"{cls.__name__}("), cls
