"""One note through its rules: the rules bound to their contexts, each guarded."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable

from vaultlint.config.settings import Settings
from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.rules import BY_NAME, RULES, Context, Rule


def internal_error(exc: Exception, rule: str | None = None) -> str:
    """What a bug of ours says, in one line; with VAULTLINT_DEBUG (`--debug`), its traceback on stderr too."""
    if os.environ.get("VAULTLINT_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    where = f"{rule} failed: " if rule else ""
    return f"{where}internal error ({type(exc).__name__}: {exc}); please report it (--debug shows where)"


def bind_rules(settings: Settings, today: dt.date, templates: tuple[str, ...] = ()) -> tuple[tuple[Rule, Context], ...]:
    """Each enabled rule with its context (conventions, its options, today, the templates), in code order."""
    known = frozenset(RULES) | frozenset(BY_NAME)
    bound = []
    for code in sorted(settings.enabled):
        rule = RULES[code]()
        options = settings.options.get(code) or rule.Options()
        bound.append((rule, Context(settings.conventions, options, today, known, templates)))
    return tuple(bound)


def lint_note(note: Note, rules: Iterable[tuple[Rule, Context]], failed: list[str] | None = None) -> list[Finding]:
    """Run ``rules`` on one parsed note: their findings, before any filter (`FindingFilter`).

    With ``failed``, a rule that crashes is said there and the others' findings stand (`check`); without,
    the crash ends the note's run (`fix`, which writes nothing it is not sure of).
    """
    out: list[Finding] = []
    for rule, ctx in rules:
        if failed is None:
            out.extend(rule.check(note, ctx))
            continue
        try:
            out.extend(list(rule.check(note, ctx)))
        except Exception as exc:
            failed.append(internal_error(exc, rule.code))
    return out
