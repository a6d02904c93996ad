"""The record codecs' field types (`cache.records.field_types`) are those `typing.get_type_hints` gives, for every
record class: the codecs and the schema no longer ask get_type_hints (a ForwardRef compiled per annotation)."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import typing
from typing import Any

import pytest

import vaultlint
from vaultlint.cache import records
from vaultlint.facts import Facts
from vaultlint.model import Finding
from vaultlint.parse.outline import Outline
from vaultlint.record import Record
from vaultlint.vault.links import InternalLink

SCHEMA_ROOTS = (Facts, Finding, Outline, InternalLink)  # what the cache's records are (`codec.SCHEMA`)
# Modules not imported here: the entry point runs the program when imported.
SKIPPED = {"vaultlint.__main__"}


def _every_module() -> None:
    for module in pkgutil.walk_packages(vaultlint.__path__, "vaultlint."):
        if module.name not in SKIPPED:
            importlib.import_module(module.name)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def _reached(hint: Any, seen: set[type]) -> None:
    """Every dataclass a value of type ``hint`` may hold, as the codecs walk it."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if hint not in seen:
            seen.add(hint)
            for value in typing.get_type_hints(hint).values():
                _reached(value, seen)
        return
    for arg in typing.get_args(hint):
        _reached(arg, seen)


def _expected(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def test_every_record_class_has_the_field_types_get_type_hints_gives() -> None:
    _every_module()
    classes = {cls for cls in _subclasses(Record) if dataclasses.is_dataclass(cls)}
    for root in SCHEMA_ROOTS:
        _reached(root, classes)
    assert len(classes) > 50  # every module's records, not a few
    for cls in classes:
        try:
            expected = _expected(cls)
        except NameError:  # a type imported only for type checkers: neither can say, and no codec is made of it
            with pytest.raises(NameError):
                records.field_types(cls)
            continue
        assert records.field_types(cls) == expected, cls.__qualname__


def test_an_inherited_field_is_read_in_its_own_module() -> None:
    @dataclasses.dataclass(frozen=True)
    class Derived(records.Bounds):  # Bounds' fields are declared in records, not here
        extra: int = 0

    assert records.field_types(Derived) == _expected(Derived) == {**_expected(records.Bounds), "extra": int}
