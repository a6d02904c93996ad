"""Each rule's pass/fail/fix cases (rules/<CODE>.yml), read from the installed package or the source checkout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any, Literal

import yaml

PACKAGE = "vaultlint.rules.cases"  # where a wheel puts rules/*.yml (pyproject.toml, [tool.setuptools.package-dir])
SOURCE = Path(__file__).resolve().parent.parent.parent / "rules"  # the same files in a checkout or editable install
CASE_KEYS = frozenset(
    {
        "name",
        "pass",
        "fail",
        "expect",
        "fix",
        "unsafe",
        "path",
        "conventions",
        "options",
        "today",
        "templates",
        "vault",
        "links",
    }
)

Kind = Literal["pass", "fail", "fix"]


class CaseError(ValueError):
    """A case file that does not follow the schema."""


@dataclass(frozen=True)
class Expected:
    """A finding a fail case gives: where, and its message (a part of it, or all of it when ``whole``)."""

    line: int
    col: int
    message: str | None = None
    whole: bool = False


@dataclass(frozen=True)
class Case:
    """One case; the file's `conventions`, `options` and `today` are merged into the case's own."""

    code: str
    name: str
    kind: Kind  # "fix": a fail case with the text its fixes give
    text: str
    expect: tuple[Expected, ...] = ()
    fixed: str | None = None
    unsafe: bool = False  # the fix is applied with --unsafe-fixes
    path: str = "case.md"
    conventions: Mapping[str, Any] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)
    today: dt.date | None = None  # None: the runner's own fixed date
    templates: tuple[str, ...] = ()
    vault: Mapping[str, str] = field(default_factory=dict)  # the other files of the vault, for a vault rule
    # What the online pass found (LNK005): URL -> {verdict, words, moved-to}, as `linkstatus.LinkStatus`
    links: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def folder() -> Traversable:
    """Where the case files are: the installed package's data, else the checkout's rules/ folder."""
    try:
        return resources.files(PACKAGE)
    except ModuleNotFoundError:  # a checkout, or an editable install made before the cases were packaged
        return SOURCE


def codes() -> list[str]:
    """The codes that have a case file, sorted."""
    return sorted(f.name.removesuffix(".yml") for f in folder().iterdir() if f.name.endswith(".yml"))


def load(code: str) -> tuple[Case, ...]:
    """The cases of rule ``code``, in file order (FileNotFoundError when it has no case file)."""
    doc = yaml.safe_load(folder().joinpath(f"{code}.yml").read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or not isinstance(doc.get("cases"), list):
        raise CaseError(f"rules/{code}.yml: expected a mapping with a list of `cases`")
    return tuple(_case(code, doc, raw) for raw in doc["cases"])


def load_all() -> dict[str, tuple[Case, ...]]:
    """Every case file's cases, by code."""
    return {code: load(code) for code in codes()}


def _case(code: str, doc: dict[str, Any], raw: dict[str, Any]) -> Case:
    unknown = set(raw) - CASE_KEYS
    if unknown:
        raise CaseError(f"rules/{code}.yml, case {raw.get('name')!r}: unknown keys {sorted(unknown)}")
    kind: Kind = "pass" if "pass" in raw else "fix" if "fix" in raw else "fail"
    return Case(
        code=code,
        name=str(raw["name"]),
        kind=kind,
        text=raw["pass"] if kind == "pass" else raw["fail"],
        expect=tuple(Expected(**want) for want in raw.get("expect", ())),
        fixed=raw.get("fix"),
        unsafe=bool(raw.get("unsafe", False)),
        path=raw.get("path", "case.md"),
        conventions={**doc.get("conventions", {}), **raw.get("conventions", {})},
        options={**doc.get("options", {}), **raw.get("options", {})},
        today=raw.get("today", doc.get("today")),
        templates=tuple(raw.get("templates", ())),
        vault=dict(raw.get("vault") or {}),
        links=raw["links"] if "links" in raw else doc.get("links", {}),
    )
