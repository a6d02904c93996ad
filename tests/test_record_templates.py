"""record.frozen: an __init__ made from its shape's template is the one compiled for its class, name for name."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil

import pytest

import vaultlint
from vaultlint import record
from vaultlint.record import Record, frozen


def _frozen_records() -> list[type]:
    """Every record class of vaultlint that `frozen` made (its __setattr__ is record's refusal)."""
    for info in pkgutil.walk_packages(vaultlint.__path__, "vaultlint."):
        importlib.import_module(info.name)
    found, todo = [], [*Record.__subclasses__()]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        refusal = cls.__dict__.get("__setattr__")
        if refusal is not None and getattr(refusal, "__code__", None) is not None:
            if refusal.__code__.co_filename == record.__file__:
                found.append(cls)
    return found


def _same_code(made: object, compiled: object) -> None:
    """Two __init__s that run the same instructions over the same names, constants and defaults."""
    a, b = made.__code__, compiled.__code__  # type: ignore[attr-defined]
    assert a.co_code == b.co_code
    assert (a.co_varnames, a.co_consts, a.co_names) == (b.co_varnames, b.co_consts, b.co_names)
    assert (a.co_argcount, a.co_kwonlyargcount, a.co_flags) == (b.co_argcount, b.co_kwonlyargcount, b.co_flags)
    assert made.__defaults__ == compiled.__defaults__  # type: ignore[attr-defined]
    assert inspect.signature(made) == inspect.signature(compiled)  # type: ignore[arg-type]
    assert _slot_setters(made) == _slot_setters(compiled)  # the same slots set, each by its own descriptor


def _slot_setters(init: object) -> dict[str, object]:
    return {k: v for k, v in init.__globals__.items() if k.startswith("_slot_")}  # type: ignore[attr-defined]


RECORDS = _frozen_records()


def test_most_records_take_a_template() -> None:
    templated = [cls for cls in RECORDS if record._from_template(cls, _slots(cls), _posts(cls)) is not None]
    assert len(RECORDS) > 80 and len(templated) > 0.8 * len(RECORDS)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_template_is_the_compiled_init(cls: type) -> None:
    compiled = record._compiled(cls, _slots(cls), _posts(cls))
    made = record._from_template(cls, _slots(cls), _posts(cls))
    if made is not None:  # None: a record with a default factory, whose __init__ is compiled for it
        _same_code(made, compiled)
    if cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__":  # not one the class set itself afterwards
        _same_code(cls.__init__, compiled)


def _slots(cls: type) -> bool:
    return "__slots__" in cls.__dict__ and bool(dataclasses.fields(cls))


def _posts(cls: type) -> bool:
    return hasattr(cls, "__post_init__")


@frozen(slots=True)
class SlottedDefaults(Record):
    """Slots, a default, a __post_init__."""

    a: int
    b: tuple[int, ...] = (1,)

    def __post_init__(self) -> None:
        if self.a < 0:
            raise ValueError("negative")


def test_edge_shapes_answer_as_dataclasses() -> None:
    made = SlottedDefaults(a=1)
    assert made.b is SlottedDefaults.__init__.__defaults__[0] and made == SlottedDefaults(1, (1,))
    with pytest.raises(ValueError, match="negative"):
        SlottedDefaults(-1)
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'a'"):
        SlottedDefaults()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'c'"):
        SlottedDefaults(1, c=2)  # type: ignore[call-arg]


@pytest.mark.parametrize("name", ["d", "self", "_set", "_MISSING", "_default_a", "_factory_a", "_slot_0"])
def test_a_name_of_the_init_s_own_is_refused(name: str) -> None:
    shape = type(name.strip("_") or "N", (Record,), {"__annotations__": {name: "int"}, "__doc__": "One field."})
    with pytest.raises(TypeError, match="a name the __init__ uses itself"):
        frozen(shape)


def test_a_default_before_a_field_without_one_is_refused() -> None:
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):

        @frozen
        class Misordered(Record):
            """Not a valid dataclass."""

            a: int = 1
            b: int  # type: ignore[misc]


def test_one_template_a_shape() -> None:
    @frozen
    class First(Record):
        """Two fields."""

        x: int
        y: str = "y"

    @frozen
    class Second(Record):
        """Two other fields."""

        p: int
        q: int

    assert First.__init__.__code__.co_code == Second.__init__.__code__.co_code
    assert (First(1).y, Second(q=2, p=1).q) == ("y", 2)
    assert record._TEMPLATES[2, False, False].co_varnames[1:3] == ("_field_0_", "_field_1_")


@frozen(slots=True)
class Base(Record):
    """A slots record (a subclass below shadows its slot)."""

    a: int


def test_a_slots_record_sets_each_field_by_the_slot_object_setattr_would() -> None:
    made = Base(1)
    assert made.a == 1 and made == Base(1) and not hasattr(made, "__dict__")
    assert _slot_setters(Base.__init__) == {"_slot_0": Base.__dict__["a"].__set__}
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.a = 2  # type: ignore[misc]


def test_a_field_that_is_no_slot_is_set_by_object_setattr() -> None:
    class Shadowed(Base):
        a = property(lambda self: 0)  # type: ignore[assignment]

    assert record._setters(Shadowed) is None
    assert record._from_template(Shadowed, True, False) is None
    assert "_set" in record._compiled(Shadowed, True, False).__code__.co_names
