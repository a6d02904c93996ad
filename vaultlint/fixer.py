"""Apply fixes as text edits at exact offsets (never by re-rendering Markdown), pass after pass until settled."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from vaultlint import guard
from vaultlint.model import Edit, Finding, Fix
from vaultlint.note import Note, parse_text

# Passes before a note counts as not settling. One pass fixes most notes; a few take two or three
# (a fix can reveal another: a kind alias fixed, then the spacing around it).
MAX_PASSES = 10

Lint = Callable[[Note], list[Finding]]


def choose(fixes: Iterable[Fix]) -> list[Fix]:
    """The fixes to apply in one pass: each overlapping no fix taken before it (in text order).

    A fix's edits go in together or not at all; a fix that overlaps one already
    taken waits for the next pass (the caller re-lints and calls again).
    """
    taken: list[Fix] = []
    claimed: list[tuple[int, int]] = []
    for fix in sorted(fixes, key=lambda f: min((e.start for e in f.edits), default=0)):
        spans = [(e.start, e.end) for e in fix.edits]
        if any(_overlaps(a, b) for a in spans for b in claimed) or _self_overlapping(spans):
            continue
        taken.append(fix)
        claimed.extend(spans)
    return taken


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied bottom-up, so earlier offsets stay valid."""
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[:edit.start] + edit.new + text[edit.end:]
    return text


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """One pass: apply every fix ``choose`` takes; return the text and how many fixes went in."""
    taken = choose(fixes)
    return apply_edits(text, (e for f in taken for e in f.edits)), len(taken)


@dataclass(frozen=True)
class Outcome:
    """What fixing one note gave.

    ``note`` is the fixed note (the original when ``refused``), ``remaining`` its findings, ``before``
    the original's, ``fixed`` the code of each fix applied, ``refused`` why the fixed text must not be written.
    """

    original: Note
    note: Note
    remaining: tuple[Finding, ...]
    before: tuple[Finding, ...]
    fixed: tuple[str, ...] = ()
    refused: str | None = None

    @property
    def changed(self) -> bool:
        return self.refused is None and self.note.text != self.original.text


def fix_note(note: Note, lint: Lint, unsafe: bool = False, changes: Mapping[str, frozenset[str]] | None = None,
             passes: int = MAX_PASSES) -> Outcome:
    """Lint, apply the fixes that do not overlap, re-lint, until no fix is left; then guard the result.

    ``changes`` maps a rule code to what its fix changes on purpose (``Rule.fix_changes``): the guard lets
    those aspects differ. On the cap, or when the guard objects, the outcome is ``refused`` and carries
    the original note and its findings.
    """
    first = found = lint(note)
    current, fixed = note, list[str]()
    for _ in range(passes):
        taken = choose(f.fix for f in found if f.fix and (unsafe or f.fix.safe))
        if not taken:
            return _guarded(Outcome(note, current, tuple(found), tuple(first), tuple(fixed)), changes or {})
        edits = [e for fix in taken for e in fix.edits]
        text = apply_edits(current.text, edits)
        if not guard.untouched_outside(current.text, text, edits):
            return _refused(note, first, "an edit changed text outside its span")
        if text == current.text:  # fixes that change nothing are done, not a loop
            return _guarded(Outcome(note, current, tuple(found), tuple(first), tuple(fixed)), changes or {})
        code = {id(f.fix): f.code for f in found}
        fixed.extend(code[id(fix)] for fix in taken)
        current = reparse(note, text)
        found = lint(current)
    codes = sorted({f.code for f in found if f.fix and (unsafe or f.fix.safe)})
    return _refused(note, first, f"fixes did not settle after {passes} passes ({', '.join(codes)} kept changing it)")


def format_and_fix(outcome: Outcome, formatter: Callable[[str], str], lint: Lint, unsafe: bool = False,
                   changes: Mapping[str, frozenset[str]] | None = None) -> Outcome:
    """The fixed note run through ``formatter`` (mdformat), guarded, then fixed again where a rule disagrees.

    The formatter may change nothing a note means and drop or add no word; its output must settle:
    formatting the final text again changes nothing.
    """
    if outcome.refused is not None:
        return outcome
    fixed = outcome.note
    formatted = formatter(fixed.text)
    if formatted == fixed.text:
        return outcome
    shaped = reparse(outcome.original, formatted)
    reasons = guard.compare(fixed, shaped)
    if guard.words(fixed.text) != guard.words(formatted):
        reasons.append("would drop or add words")
    if reasons:
        return _refused(outcome.original, outcome.before, f"formatting {'; '.join(reasons)}")
    again = fix_note(shaped, lint, unsafe, changes)
    if again.refused is not None:
        return _refused(outcome.original, outcome.before, again.refused)
    if formatter(again.note.text) != again.note.text:
        return _refused(outcome.original, outcome.before, "formatting and the fixes do not settle on one text")
    return Outcome(outcome.original, again.note, again.remaining, outcome.before, outcome.fixed + again.fixed)


def reparse(original: Note, text: str) -> Note:
    """``text`` parsed as a new version of ``original`` (same path, line endings and BOM when written)."""
    return dataclasses.replace(parse_text(original.path, text, original.bom), newline=original.newline)


def guard_outcome(outcome: Outcome, allowed: Iterable[str]) -> Outcome:
    """``outcome``, or it refused when the fixed note does not mean what the original meant."""
    if not outcome.changed:
        return outcome
    reasons = guard.compare(outcome.original, outcome.note, allowed)
    return _refused(outcome.original, outcome.before, "; ".join(reasons)) if reasons else outcome


def _guarded(outcome: Outcome, changes: Mapping[str, frozenset[str]]) -> Outcome:
    allowed = frozenset[str]().union(*(changes.get(code, frozenset()) for code in outcome.fixed))
    return guard_outcome(outcome, allowed)


def refuse(outcome: Outcome, why: str) -> Outcome:
    """``outcome`` turned down: the original note stays, with its findings, and ``why``."""
    return _refused(outcome.original, outcome.before, why)


def _refused(note: Note, before: Iterable[Finding], why: str) -> Outcome:
    return Outcome(note, note, tuple(before), tuple(before), (), why)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    # Two insertions at the same point also conflict: their order would be a guess.
    if a[0] == a[1] == b[0] == b[1]:
        return True
    return a[0] < b[1] and b[0] < a[1]


def _self_overlapping(spans: list[tuple[int, int]]) -> bool:
    ordered = sorted(spans)
    return any(ordered[i][1] > ordered[i + 1][0] for i in range(len(ordered) - 1))
