"""What every rule is: the Rule and VaultRule base classes, the Context a rule runs in, its options."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from vaultlint.linkstatus import LinkStatus
from vaultlint.model import Applicability, Edit, Finding, Fix, Severity
from vaultlint.parse.note import Note
from vaultlint.record import Record, frozen
from vaultlint.vault.index import Vault

OptionsT = TypeVar("OptionsT", bound="RuleOptions")

if TYPE_CHECKING:
    from pydantic import BaseModel


class RuleOptions:
    """Base of every rule's options: unknown keys are errors, values are frozen. As is, a rule with none.

    A subclass declares each option as an annotated class attribute with its default. Its defaults need no
    validation, so a run whose config gives no options never imports pydantic (a quarter of vaultlint's
    start-up): ``model_validate`` builds a pydantic model of the same fields only when a config gives some.
    """

    model_fields: ClassVar[dict[str, object]] = {}  # each option's name and default, in declaration order
    _validator: ClassVar[type[BaseModel] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        declared = [
            name
            for name, hint in cls.__dict__.get("__annotations__", {}).items()
            if not str(hint).startswith(("ClassVar", "typing.ClassVar"))
        ]
        missing = [name for name in declared if name not in cls.__dict__]
        if missing:
            raise TypeError(f"{cls.__qualname__}: option {missing[0]} has no default")
        cls.model_fields = {**cls.model_fields, **{name: cls.__dict__[name] for name in declared}}
        cls._validator = None

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__qualname__} is frozen")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RuleOptions) and type(other) is type(self) and self.model_dump() == other.model_dump()

    def __hash__(self) -> int:
        return hash((type(self), tuple(self.model_dump().items())))

    def __repr__(self) -> str:
        said = ", ".join(f"{name}={value!r}" for name, value in self.model_dump().items())
        return f"{type(self).__name__}({said})"

    def model_dump(self) -> dict[str, Any]:
        """Each option's value, by name (pydantic's name: the cache key's digest reads it)."""
        return {name: getattr(self, name) for name in self.model_fields}

    @classmethod
    def model_validate(cls: type[OptionsT], values: object) -> OptionsT:
        """Options from a config's table; a bad key or value raises pydantic's ValidationError."""
        checked = cls._pydantic().model_validate(values)
        options = cls()
        for name in cls.model_fields:
            object.__setattr__(options, name, getattr(checked, name))
        return options

    @classmethod
    def _pydantic(cls) -> type[BaseModel]:
        """The pydantic model of these options (extra keys forbidden, frozen), built when first asked for."""
        if cls._validator is None:
            from pydantic import ConfigDict, create_model

            hints = _hints(cls)
            fields: dict[str, Any] = {name: (hints[name], default) for name, default in cls.model_fields.items()}
            config = ConfigDict(extra="forbid", frozen=True)
            cls._validator = create_model(cls.__name__, __config__=config, **fields)
        return cls._validator


def _hints(cls: type[RuleOptions]) -> dict[str, Any]:
    """The options' annotations evaluated (written as strings: `from __future__ import annotations`)."""
    hints: dict[str, Any] = {}
    for klass in reversed(cls.__mro__[: cls.__mro__.index(RuleOptions)]):
        names = vars(sys.modules[klass.__module__])
        for name, hint in klass.__dict__.get("__annotations__", {}).items():
            hints[name] = eval(hint, names, dict(vars(klass))) if isinstance(hint, str) else hint
    return hints


@frozen
class Conventions(Record):
    """The vault's vocabularies. Empty means "not configured": vocabulary rules stay silent."""

    kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()


class Hints(Protocol):
    """Did-you-means found before, by a missing name and whether it is an attachment's: the hint a message ends
    with ("" for none)."""

    def get(self, key: tuple[str, bool]) -> str | None: ...

    def __setitem__(self, key: tuple[str, bool], hint: str) -> None: ...


@frozen
class Context(Record):
    """What a rule gets besides the note: conventions, its own options, today's date, the rule codes."""

    conventions: Conventions = Conventions()
    options: RuleOptions = field(default_factory=RuleOptions)
    today: dt.date = field(default_factory=dt.date.today)
    known_rules: frozenset[str] = frozenset()
    templates: tuple[str, ...] = ()  # the templates folders, absolute, each ending in a separator
    # What the online pass found of each web URL, by request address (`linkstatus.request_url`); empty
    # unless it ran (`--online`): no rule but the dead-link one reads it.
    links: Mapping[str, LinkStatus] = field(default_factory=dict)
    # The did-you-mean of the missing names a run before found among the same files (`cache.hints`), where a
    # rule adds those it finds; None: none kept (no cache).
    hints: Hints | None = None

    def in_templates(self, note: Note) -> bool:
        """Whether ``note`` is a template: a note the templates folder holds, written to be filled in."""
        # A note's path is shown from the working folder (or absolute outside it): made absolute again here.
        return bool(self.templates) and os.path.abspath(note.path).startswith(self.templates)


class Rule:
    """A note rule. Subclasses set the class attributes and implement ``check``.

    The module docstring of a rule is its manual (`vaultlint rule CODE`).
    """

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    fixable: ClassVar[Applicability | None] = None
    # What this rule's fix changes on purpose, named as the fix guard names it: a fact (guard.ASPECTS: "urls",
    # "wikilinks", "tag-case", "frontmatter"...) or a leeway in the rendering (rendering.LEEWAY: "wording",
    # "emphasis"...); the guards let exactly these differ.
    fix_changes: ClassVar[frozenset[str]] = frozenset()
    default_enabled: ClassVar[bool] = True
    # Whether its findings depend on the day it runs (ctx.today): the cache keeps them for that day only.
    uses_today: ClassVar[bool] = False
    # Why a rule is off by default (`vaultlint rules` says it): on by default only if nearly every finding it
    # makes on real vaults written with Obsidian is one the vault's maintainer would fix.
    off_because: ClassVar[str] = ""
    Options: ClassVar[type[RuleOptions]] = RuleOptions

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(
        self, note: Note, start: int, end: int, message: str, edits: Iterable[Edit] | None = None, description: str = ""
    ) -> Finding:
        """A finding of this rule; ``edits`` become a fix of the rule's applicability."""
        fix = None
        if edits is not None:
            fix = Fix(tuple(edits), self.fixable or Applicability.SAFE, description)
        return Finding(self.code, self.name, note.path, start, end, message, self.severity, fix)


class VaultRule(Rule):
    """A rule that needs the whole vault (duplicates across notes, links between notes).

    The engine runs it once a run, after the note rules, with the vault index;
    it reports on ``vault.reported`` and reads the other notes through the index.
    """

    # Whether it reads the facts of the reported notes (not only their links and outlines): without a cache,
    # the engine then keeps them from the parse, instead of dropping them to parse again when asked.
    reads_facts: ClassVar[bool] = False
    # Whether its findings come from the online pass (`ctx.links`): never kept in the cache (they change with
    # the web, not the vault); the engine runs it after the other rules, once the pass has asked the servers.
    online: ClassVar[bool] = False
    # Whether its findings on a note depend only on the vault's file list, the note's own links, and the
    # outlines of the notes those links lead to and the links of the notes that lead to it (each link
    # resolved through the index): then, the file list unchanged, an edit to some notes can change its
    # findings on those notes and their neighbours alone, and the engine runs it on those (`engine.edited`).
    local: ClassVar[bool] = False

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        return iter(())  # a vault rule has nothing to say about one note alone

    def check_vault(self, vault: Vault, ctx: Context) -> Iterator[Finding]:
        raise NotImplementedError


def options_for(ctx: Context, model: type[OptionsT]) -> OptionsT:
    """The rule's validated options from ``ctx``, or the model's defaults."""
    return ctx.options if isinstance(ctx.options, model) else model()
