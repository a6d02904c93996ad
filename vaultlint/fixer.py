"""Apply fixes as text edits at exact offsets (never by re-rendering Markdown), pass after pass until settled."""

from __future__ import annotations

import bisect
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
    claimed: list[tuple[int, int]] = []  # sorted; a note with thousands of fixes must not cost their square
    for fix in sorted(fixes, key=lambda f: min((e.start for e in f.edits), default=0)):
        spans = sorted((e.start, e.end) for e in fix.edits)
        if _self_overlapping(spans) or any(_collides(claimed, span) for span in spans):
            continue
        taken.append(fix)
        for span in spans:
            bisect.insort(claimed, span)
    return taken


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied, in one pass over it (each offset into the old text)."""
    pieces: list[str] = []
    at = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces += (text[at:edit.start], edit.new)
        at = edit.end
    pieces.append(text[at:])
    return "".join(pieces)


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """One pass: apply every fix ``choose`` takes; return the text and how many fixes went in."""
    taken = choose(fixes)
    return apply_edits(text, (e for f in taken for e in f.edits)), len(taken)


@dataclass(frozen=True)
class Outcome:
    """What fixing one note gave.

    ``note`` is the fixed note (the original when ``refused``), ``remaining`` its findings, ``before``
    the original's, ``fixed`` the code of each fix applied, ``refused`` why the fixed text must not be
    written, ``warnings`` what was left undone though the rest may be written (a rule's fix, formatting).
    """

    original: Note
    note: Note
    remaining: tuple[Finding, ...]
    before: tuple[Finding, ...]
    fixed: tuple[str, ...] = ()
    refused: str | None = None
    warnings: tuple[Notice, ...] = ()

    @property
    def changed(self) -> bool:
        return self.refused is None and self.note.text != self.original.text


Changes = Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class Notice:
    """Something left undone in a note that is otherwise written: what, and where (line, column) if known."""

    message: str
    at: tuple[int, int] | None = None


@dataclass(frozen=True)
class _Version:
    """The note as fixed so far, and what it means (computed once a pass)."""

    note: Note
    meant: dict[str, object]


def fix_note(note: Note, lint: Lint, unsafe: bool = False, changes: Changes | None = None,
             passes: int = MAX_PASSES) -> Outcome:
    """Lint, apply the fixes that do not overlap, re-lint, until no fix is left; each pass guarded.

    ``changes`` maps a rule code to what its fix changes on purpose (``Rule.fix_changes``). A pass applies
    either fixes that may change nothing the guard watches, or the fixes of one rule that may (whose
    changes the guard then lets through): so no fix ever hides behind another rule's permission. A rule
    whose fixes fail the guard is set aside for this note, with a warning saying where and why; the cap,
    or a failure no single rule explains, leaves the note ``refused``: the original and its findings.
    """
    changes = changes or {}
    first = found = lint(note)
    current = _Version(note, guard.meaning(note))
    fixed: list[str] = []
    recent: list[set[str]] = []
    barred: dict[str, Notice] = {}  # rule code -> why its fixes are not applied to this note
    while True:  # ends: each pass either settles, counts towards the cap, or bars a rule (finitely many)
        batch = _batch([f for f in found if f.fix and (unsafe or f.fix.safe) and f.code not in barred], changes)
        if not batch:
            return Outcome(note, current.note, tuple(found), tuple(first), tuple(fixed), None,
                           tuple(barred.values()))
        if len(recent) == passes:
            break
        after, why = _guarded_pass(current, batch, changes)
        if why is not None:
            return _refused(note, first, why)
        if after is None:  # the batch failed the guard: find the rule(s) to blame, or give up on the note
            blamed = _blame(current, batch, changes)
            if not blamed:
                return _refused(note, first, f"{_codes(batch)}: together their fixes fail the guard")
            barred.update(blamed)
            continue
        if after.note.text == current.note.text:  # fixes that change nothing are done, not a loop
            return Outcome(note, current.note, tuple(found), tuple(first), tuple(fixed), None,
                           tuple(barred.values()))
        fixed.extend(f.code for f in batch)
        recent.append({f.code for f in batch})
        current = after
        found = lint(current.note)
    # The rules that kept changing it: those still offering a fix, and those that fixed in the last passes.
    cycling = sorted({f.code for f in found if f.fix and (unsafe or f.fix.safe)}.union(*recent[-3:]))
    return _refused(note, first, f"fixes did not settle after {passes} passes ({', '.join(cycling)} kept changing it)")


def _guarded_pass(current: _Version, batch: list[Finding], changes: Changes) -> tuple[_Version | None, str | None]:
    """The next version with ``batch``'s fixes applied, or None when the guard objects to it; or why the
    fixes cannot be applied at all (an edit outside the note: a bug to report, not a rule to set aside)."""
    text, why = _apply([f.fix for f in batch if f.fix], current.note.text)
    if why is not None:
        return None, why
    if text == current.note.text:
        return current, None
    after = reparse(current.note, text)
    version = _Version(after, guard.meaning(after))
    return (None if _objections(current, version, batch, changes) else version), None


def _objections(before: _Version, after: _Version, batch: list[Finding], changes: Changes) -> list[str]:
    allowed = frozenset[str]().union(*(changes.get(f.code, frozenset()) for f in batch))
    return guard.frontmatter_broken(before.note, after.note) + guard.differences(before.meant, after.meant, allowed)


def _blame(current: _Version, batch: list[Finding], changes: Changes) -> dict[str, Notice]:
    """The rules whose fixes fail the guard on their own, each with where (its first fix) and why."""
    blamed = {}
    for code in sorted({f.code for f in batch}):
        own = [f for f in batch if f.code == code]
        text, _ = _apply([f.fix for f in own if f.fix], current.note.text)
        after = reparse(current.note, text)
        reasons = _objections(current, _Version(after, guard.meaning(after)), own, changes)
        if reasons:
            message = f"{code} fix not applied: it {'; '.join(reasons)}"
            blamed[code] = Notice(message, current.note.position(own[0].start))
    return blamed


def _codes(findings: list[Finding]) -> str:
    return ", ".join(sorted({f.code for f in findings}))


def _batch(fixable: list[Finding], changes: Changes) -> list[Finding]:
    """The findings whose fixes go in this pass: the plain ones, or else those of the first rule that
    changes something on purpose; overlapping fixes wait (``choose``)."""
    plain = [f for f in fixable if not changes.get(f.code)]
    if not plain and fixable:
        plain = [f for f in fixable if f.code == fixable[0].code]
    taken = {id(fix) for fix in choose(f.fix for f in plain if f.fix)}
    return [f for f in plain if id(f.fix) in taken]


def _apply(fixes: list[Fix], text: str) -> tuple[str, str | None]:
    """``text`` with ``fixes`` applied, or why they cannot be: an edit outside the text or reversed."""
    edits = [e for fix in fixes for e in fix.edits]
    if any(not 0 <= e.start <= e.end <= len(text) for e in edits):
        return text, "a rule offered an edit outside the note (please report it)"
    new = apply_edits(text, edits)
    if not guard.untouched_outside(text, new, edits):
        return text, "an edit changed text outside its span (please report it)"
    return new, None


def format_and_fix(outcome: Outcome, formatter: Callable[[str], str], lint: Lint, unsafe: bool = False,
                   changes: Changes | None = None) -> Outcome:
    """The fixed note run through ``formatter`` (mdformat), guarded, then fixed again where a rule disagrees.

    The formatter may change nothing a note means and drop or add no word; its output must settle:
    formatting the final text again changes nothing. When it does not, the fixes alone stand, with a warning.
    """
    if outcome.refused is not None:
        return outcome
    fixed = outcome.note
    try:
        formatted = formatter(fixed.text)
    except Exception as exc:  # mdformat's own bug on some input: the fixes still stand
        return _warn(outcome, f"not reformatted: mdformat failed ({type(exc).__name__}: {exc})")
    if formatted == fixed.text:
        return outcome
    shaped = reparse(outcome.original, formatted)
    reasons = guard.compare(fixed, shaped) + guard.format_differences(fixed, shaped)
    if reasons:
        return _warn(outcome, f"not reformatted: formatting {'; '.join(reasons)}")
    again = fix_note(shaped, lint, unsafe, changes)
    if again.refused is not None:
        return _warn(outcome, f"not reformatted: then {again.refused}")
    if formatter(again.note.text) != again.note.text:
        return _warn(outcome, "not reformatted: formatting and the fixes do not settle on one text "
                              "(a rule's style differs from mdformat's?)")
    return Outcome(outcome.original, again.note, again.remaining, outcome.before, outcome.fixed + again.fixed,
                   None, outcome.warnings + again.warnings)


def _warn(outcome: Outcome, message: str) -> Outcome:
    return dataclasses.replace(outcome, warnings=(*outcome.warnings, Notice(message)))


def reparse(original: Note, text: str) -> Note:
    """``text`` parsed as a new version of ``original`` (same path, line endings and BOM when written)."""
    return dataclasses.replace(parse_text(original.path, text, original.bom), newline=original.newline)


def refuse(outcome: Outcome, why: str) -> Outcome:
    """``outcome`` turned down: the original note stays, with its findings, and ``why``."""
    return _refused(outcome.original, outcome.before, why)


def _refused(note: Note, before: Iterable[Finding], why: str) -> Outcome:
    return Outcome(note, note, tuple(before), tuple(before), (), why)


def _collides(claimed: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    """Whether ``span`` overlaps one of the sorted, disjoint ``claimed`` spans: only its neighbours can."""
    at = bisect.bisect_left(claimed, span)
    return any(_overlaps(claimed[i], span) for i in (at - 1, at) if 0 <= i < len(claimed))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    # Two insertions at the same point also conflict: their order would be a guess.
    if a[0] == a[1] == b[0] == b[1]:
        return True
    return a[0] < b[1] and b[0] < a[1]


def _self_overlapping(spans: list[tuple[int, int]]) -> bool:
    ordered = sorted(spans)
    return any(ordered[i][1] > ordered[i + 1][0] for i in range(len(ordered) - 1))
