"""Record: a frozen dataclass's ``==``, hash and repr written once for every record, not compiled per class."""

# On Python 3.11 each @dataclass writes its methods as source and compiles it, one exec a method: a frozen
# record costs 3.5e6 instructions to define, and a named check defines some 80 (41 of them at import: a
# sixth of the imports' instructions). A record declared `@dataclass(frozen=True, eq=False, repr=False)` over
# `Record` compiles no __eq__, __hash__ or __repr__ (2.3e6: -34%) and answers exactly as the dataclass's own
# would: ``==`` on the same class compares the fields' tuples, hash is the hash of that tuple, repr is
# `Name(a=1, b='x')`.

from __future__ import annotations

import builtins
import reprlib
from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
from operator import attrgetter
from types import CodeType, FunctionType, MemberDescriptorType
from typing import Any, TypeVar, dataclass_transform, overload

Values = Callable[[object], tuple[object, ...]]
T = TypeVar("T")


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


# A frozen dataclass compiles three methods (__init__, and the __setattr__ and __delattr__ that refuse a change); a
# record declared `@frozen` compiles its __init__ alone: the refusals are closures over the class and its fields'
# names (no source to compile), made as the dataclass's own and answering as they do. ~60 records of a named check
# are frozen: 0.2-0.5 ms each at import (2 of 3 compiles; 5 of 6 where eq and repr were the dataclass's). A record
# has a docstring: the dataclass makes a missing one from inspect.signature, which costs more than that.


@overload
def frozen(cls: type[T], /) -> type[T]: ...
@overload
def frozen(*, slots: bool = False) -> Callable[[type[T]], type[T]]: ...
@dataclass_transform(frozen_default=True, eq_default=False)
def frozen(cls: type[T] | None = None, /, *, slots: bool = False) -> type[T] | Callable[[type[T]], type[T]]:
    """``@dataclass(frozen=True, eq=False, repr=False)`` (``slots`` as the dataclass's), its __setattr__ and
    __delattr__ not compiled; eq, hash and repr stay the class's own (`Record`'s, or identity)."""

    def wrap(cls: type[T]) -> type[T]:
        made: type[T] = dataclass(cls, init=False, eq=False, repr=False, slots=slots)  # compiles nothing
        names = frozenset(f.name for f in fields(made))  # type: ignore[arg-type]
        methods: dict[str, Callable[..., object]] = {"__init__": _init(made, slots), **_refusals(made, names)}
        if slots:  # as the dataclass's frozen slots: pickle and copy set the fields past the refusal
            methods.update(__getstate__=_getstate, __setstate__=_setstate)
        for name, method in methods.items():
            setattr(made, name, method)  # mypy reads the dataclass's own signatures
        made.__dataclass_params__.frozen = True  # type: ignore[attr-defined]  # a subclass is checked as the dataclass's
        return made

    return wrap if cls is None else wrap(cls)


def _init(cls: type, slots: bool) -> Callable[..., None]:
    """The dataclass's ``__init__`` (same parameters, defaults and __post_init__), setting each field past the
    refusal: in the instance dict at once, or (slots) by ``object.__setattr__`` as the dataclass's own."""
    if len(fields(cls)) != len(cls.__dataclass_fields__):  # type: ignore[attr-defined]
        raise TypeError(f"{cls.__name__}: a frozen record takes no ClassVar or InitVar")
    defaulted = False
    for f in fields(cls):
        if not f.init or f.kw_only is True:
            raise TypeError(f"{cls.__name__}.{f.name}: a frozen record's fields are all positional __init__ arguments")
        if f.name in _OWN_NAMES or f.name.startswith(("_default_", "_factory_", "_slot_")):
            raise TypeError(f"{cls.__name__}.{f.name}: a name the __init__ uses itself")
        if defaulted and f.default is MISSING and f.default_factory is MISSING:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")  # the dataclass's words
        defaulted = defaulted or f.default is not MISSING or f.default_factory is not MISSING
    post_init = hasattr(cls, "__post_init__")
    init = _from_template(cls, slots, post_init) or _compiled(cls, slots, post_init)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _compiled(cls: type, slots: bool, post_init: bool) -> Callable[..., None]:
    """The __init__ written as source for this class and compiled (as dataclasses makes its own)."""
    setters = _setters(cls) if slots else None
    params: list[str] = []
    values: list[tuple[str, str]] = []
    space: dict[str, object] = {"_set": object.__setattr__, "_MISSING": MISSING, **(setters or {})}
    for f in fields(cls):
        value = f.name
        if f.default_factory is not MISSING:  # as the dataclass's: a sentinel default, the factory called per instance
            space[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            value = f"_factory_{f.name}() if {f.name} is _MISSING else {f.name}"
        elif f.default is not MISSING:
            space[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        else:
            params.append(f.name)
        values.append((f.name, value))
    made: dict[str, Callable[..., None]] = {}
    exec(_source(params, values, slots, post_init, setters is not None), space, made)
    return made["__init__"]


def _source(params: list[str], values: list[tuple[str, str]], slots: bool, post_init: bool, own: bool = False) -> str:
    """An __init__'s source: its parameters, then each field's value stored, then __post_init__ if any. ``own``:
    each slot set by its own setter (`_setters`), else by ``object.__setattr__``."""
    if own:
        body = "".join(f"    _slot_{at}(self, {value})\n" for at, (_, value) in enumerate(values))
    else:
        store = "    _set(self, {!r}, {})\n" if slots else "    d[{!r}] = {}\n"
        body = "".join(store.format(name, value) for name, value in values)
    body = body or "    pass\n"
    if post_init:
        body += "    self.__post_init__()\n"
    head = "" if slots else "    d = self.__dict__\n"
    return f"def __init__(self, {', '.join(params)}):\n{head}{body}"


# The compile is most of a record's cost at import. Records of the same shape (as many fields, slots or not,
# __post_init__ or not) compile to the same code but for the names, so one compiled template serves them all: its
# placeholders' names (as parameters and as the dict keys stored) are replaced by the fields'. A named check
# defines ~80 records of ~20 shapes. A record with a default factory takes the compile.
# A slots record's __init__ sets each field by its slot's own setter (`_slot_0`...: the member descriptor's
# __set__, as its function's globals), where ``object.__setattr__`` looked the slot up in the class first: a
# Finding is made in 1.8 us instead of 3.1 (a warm run makes 37,000 findings, fixes and edits on vault-1000).
# The slot is the record class's own: a subclass that shadowed a field with a descriptor of its own would not
# be asked (no record is subclassed so).
_TEMPLATES: dict[tuple[int, bool, bool], CodeType] = {}
_OWN_NAMES = frozenset({"self", "d", "_set", "_MISSING"})
_GLOBALS = {"_set": object.__setattr__, "__builtins__": builtins}


def _from_template(cls: type, slots: bool, post_init: bool) -> Callable[..., None] | None:
    """This class's __init__ as its shape's template with the fields' names, or None where it cannot be."""
    names, defaults = [], []
    for f in fields(cls):
        if f.default_factory is not MISSING:
            return None
        if f.default is not MISSING:
            defaults.append(f.default)
        names.append(f.name)
    setters = _setters(cls) if slots else None
    if slots and setters is None:
        return None
    template = _template(len(names), slots, post_init)
    real = dict(zip(_placeholders(len(names)), names, strict=True))
    code = template.replace(
        co_varnames=tuple(real.get(name, name) for name in template.co_varnames),
        co_consts=tuple(real.get(c, c) if isinstance(c, str) else c for c in template.co_consts),
    )
    return FunctionType(code, {**_GLOBALS, **setters} if setters else _GLOBALS, "__init__", tuple(defaults) or None)


def _setters(cls: type) -> dict[str, Callable[[object, object], None]] | None:
    """Each field's slot setter as an __init__'s globals name it (`_slot_0`...): the __set__ of the member
    descriptor ``object.__setattr__`` would find for it (the first in the class's MRO); None when a field's is
    no slot's."""
    setters: dict[str, Callable[[object, object], None]] = {}
    for at, f in enumerate(fields(cls)):
        slot = next((klass.__dict__[f.name] for klass in cls.__mro__ if f.name in klass.__dict__), None)
        if type(slot) is not MemberDescriptorType:
            return None
        setters[f"_slot_{at}"] = slot.__set__
    return setters


def _template(count: int, slots: bool, post_init: bool) -> CodeType:
    """The compiled __init__ of a record of ``count`` fields named by `_placeholders` (made once a shape)."""
    if (code := _TEMPLATES.get((count, slots, post_init))) is None:
        names = _placeholders(count)
        made: dict[str, Callable[..., None]] = {}
        exec(_source(names, [(name, name) for name in names], slots, post_init, slots), dict(_GLOBALS), made)
        code = _TEMPLATES[count, slots, post_init] = made["__init__"].__code__
    return code


def _placeholders(count: int) -> list[str]:
    """A template's field names: none of them a name its body uses, nor any constant it holds."""
    return [f"_field_{index}_" for index in range(count)]


def _refusals(cls: type[Any], names: frozenset[str]) -> dict[str, Callable[..., None]]:
    """The frozen dataclass's __setattr__ and __delattr__, as closures: a field (or any name, on the class itself)
    is refused with FrozenInstanceError; a subclass's own other names pass to the next class."""

    def __setattr__(self: Any, name: str, value: object) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    __setattr__.__qualname__ = f"{cls.__qualname__}.__setattr__"
    __delattr__.__qualname__ = f"{cls.__qualname__}.__delattr__"
    return {"__setattr__": __setattr__, "__delattr__": __delattr__}


def _getstate(self: Any) -> list[object]:
    """A frozen slots record's state: its fields' values in order (the dataclass's own)."""
    return [getattr(self, f.name) for f in fields(self)]


def _setstate(self: Any, state: list[object]) -> None:
    """Set a frozen slots record's fields from its state, past the refusal (the dataclass's own)."""
    for f, value in zip(fields(self), state, strict=False):
        object.__setattr__(self, f.name, value)
