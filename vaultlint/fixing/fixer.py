"""Fix one note: apply its fixes pass after pass until none is left, every pass guarded (then mdformat, if asked)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping

from vaultlint.fixing import guard, rendering, trailing
from vaultlint.fixing.edits import apply_edits, choose
from vaultlint.fixing.renderings import Renderings, marko_lists, plain_by_facts, renders
from vaultlint.model import Finding
from vaultlint.parse import splice
from vaultlint.parse.note import Note, NoteError, parse_text, render_html
from vaultlint.record import Record, frozen

# Passes before a note counts as not settling. One pass fixes most notes; a few take two or three
# (a fix can reveal another: a kind alias fixed, then the spacing around it).
MAX_PASSES = 10

Lint = Callable[[Note], list[Finding]]
Changes = Mapping[str, frozenset[str]]  # rule code -> what its fix changes on purpose (Rule.fix_changes)


@frozen
class Notice(Record):
    """Something left undone in a note that is otherwise written: what, by which rule, where (line, column)."""

    message: str
    at: tuple[int, int] | None = None
    code: str | None = None
    reason: str = ""  # the message without the rule's name: why a fix was set aside, for callers that say more


@frozen
class Outcome(Record):
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
        # The very note, when nothing was fixed: its text not read (a note the cache answered for is read again
        # from its file only when its text is asked for: `engine.kept.PackedNote`).
        return self.refused is None and self.note is not self.original and self.note.text != self.original.text


@frozen
class _Version(Record):
    """The note as fixed so far, and what it means (computed once, and only if a fix is tried on it)."""

    note: Note
    # Its blocks' HTML kept for the next version's rendering (one per note: a pass changes a few of them)
    renderings: Renderings | None = None
    # Its top-level blocks and list items (parse.splice), when known: a spliced version has no tree of its own
    given: splice.Layout | None = None

    @functools.cached_property
    def layout(self) -> splice.Layout | None:
        """Its segments, for the next version's parse (from its tree, when none was given)."""
        return self.given if self.given is not None else splice.layout_of(self.note)

    @functools.cached_property
    def meant(self) -> dict[str, object]:
        return guard.meaning(self.note)

    @functools.cached_property
    def rendered(self) -> str | NoteError:
        """What the note renders to (HTML); or why it cannot be rendered."""
        text = self.note.text
        try:
            if self.renderings is None:
                return render_html(text)
            layout = self.layout  # its tree's segments, or a splice's
            return render_html(text) if layout is None else self.renderings.render_layout(text, layout)
        except NoteError as exc:
            return exc

    @functools.cached_property
    def plain(self) -> bool:
        """Whether its rendering may be compared stretch by stretch (rendering.agree)."""
        return isinstance(self.rendered, str) and rendering.plain(self.rendered)

    @functools.cached_property
    def shown(self) -> str | NoteError:
        """What the note renders to, as a reader sees it; or why it cannot be rendered."""
        rendered = self.rendered
        return rendered if isinstance(rendered, NoteError) else rendering.shown(rendered)


@frozen
class _Tried(Record):
    """Fixes tried on a version: the next version, or what the guard objects to (``reasons``)."""

    version: _Version
    reasons: tuple[str, ...] = ()


def fix_note(
    note: Note,
    lint: Lint,
    unsafe: bool = False,
    changes: Changes | None = None,
    passes: int = MAX_PASSES,
    layout: splice.Layout | None = None,
) -> Outcome:
    """Lint, apply the fixes that do not overlap, re-lint, until no fix is left; each pass guarded.

    A pass applies either fixes that may change nothing the guard watches, or the fixes of one rule that
    may (``changes``), whose permission the guard then honours: no fix hides behind another rule's. A fix
    that fails the guard (or changes nothing) is set aside for this note, with a notice saying where and
    why; so is its whole rule when its fixes fail only together or are too many to try one by one. The cap,
    or fixes of several rules that fail only together, leave the note ``refused``: the original and its
    findings, and why (for the cap, the rules that kept changing it). ``layout``: ``note``'s segments, when its
    parse made them (fixing.lazy); else they are read from its tree when a fix is tried.
    """
    changes = changes or {}
    first = found = lint(note)
    current = _Version(note, Renderings(), layout)
    fixed: list[str] = []
    recent: list[set[str]] = []
    barred: set[Barred] = set()  # fixes not applied to this version: one finding's, or a whole rule's
    notices: dict[tuple[str, str], Notice] = {}  # why, once per rule and reason
    while True:  # ends: each pass settles, counts towards the cap, or bars a fix (finitely many findings)
        fixable = [f for f in found if f.fix and (unsafe or f.fix.safe) and not _is_barred(f, barred)]
        batch = _batch(fixable, changes)
        if not batch:
            return Outcome(note, current.note, tuple(found), tuple(first), tuple(fixed), None, tuple(notices.values()))
        if len(recent) == passes:
            cycling = sorted({f.code for f in fixable}.union(*recent[-3:]))
            return _refused(
                note, first, f"fixes did not settle after {passes} passes ({', '.join(cycling)} kept changing it)"
            )
        tried = _try(current, batch, changes)
        if tried.reasons or tried.version is current:
            blamed = _blame(current, batch, changes, tried)
            if not blamed:  # no one rule explains it: leave the note alone
                return _refused(note, first, f"{_codes(batch)}: together their fixes {'; '.join(tried.reasons)}")
            barred.update(blamed)
            notices.update({(n.code or "", n.message): n for n in blamed.values()})
            continue
        fixed.extend(f.code for f in batch)
        recent.append({f.code for f in batch})
        current = tried.version
        found = lint(current.note)
        barred = {bar for bar in barred if bar[1] is None}  # offsets moved: a finding's own fix is tried again


def _batch(fixable: list[Finding], changes: Changes) -> list[Finding]:
    """The findings whose fixes go in this pass: the plain ones, or else those of the first rule that changes
    something on purpose, with those of every rule allowed exactly the same change (none hides behind a wider
    permission; frontmatter permissions, which name the keys each rule reported, are never shared); overlapping
    fixes wait (``choose``)."""
    plain = [f for f in fixable if not changes.get(f.code)]
    if not plain and fixable:
        first = fixable[0].code
        plain = [f for f in fixable if f.code == first or _shares(changes, first, f.code)]
    taken = {id(fix) for fix in choose(f.fix for f in plain if f.fix)}
    return [f for f in plain if id(f.fix) in taken]


def _shares(changes: Changes, rule: str, other: str) -> bool:
    """Whether ``other``'s fixes may go in ``rule``'s pass: they are allowed exactly what ``rule``'s are, and
    that is not the frontmatter."""
    allowed = changes[rule]
    return "frontmatter" not in allowed and changes.get(other) == allowed


def _try(current: _Version, findings: list[Finding], changes: Changes) -> _Tried:
    """``findings``' fixes applied to ``current`` and guarded: with the rules' own permissions only."""
    edits = [e for f in findings if f.fix for e in f.fix.edits]
    text = current.note.text
    if any(not 0 <= e.start <= e.end <= len(text) for e in edits):
        return _Tried(current, ("would edit outside the note (a bug: please report it)",))
    new = apply_edits(text, edits)
    if new == text:
        return _Tried(current)
    if not guard.untouched_outside(text, new, edits):  # holds by construction; cheap to make sure of
        return _Tried(current, ("would change text outside its edits (a bug: please report it)",))
    # Spaces taken off paragraphs' ends: the new version made from this one's tree and facts (fixing.trailing)
    shortcut = trailing.trimmed(current.note, current.layout, new, edits)
    layout: splice.Layout | None
    if shortcut is not None:
        after, layout = shortcut
    else:
        after, layout, _ = splice.reparse(current.note, current.layout, new, edits)
    version = _Version(after, current.renderings, layout)
    allowed = frozenset[str]().union(*(changes.get(f.code, frozenset()) for f in findings))
    # A rule allowed to change the frontmatter may change the keys it reported, not the others.
    keys = guard.frontmatter_keys(current.note, (f.start for f in findings))
    reasons = guard.frontmatter_broken(current.note, after)
    reasons += guard.differences(current.meant, version.meant, allowed, keys)
    if not reasons and shortcut is not None and _agreeable(current, version):
        # Renderings.agree holds of them (fixing.trailing: the pieces read differ by spaces before a block tag)
        vars(version)["plain"] = True  # as agree finds it
        return _Tried(version)
    return _Tried(version, tuple(reasons or _rendered_differences(current, version, allowed)))


def _rendered_differences(before: _Version, after: _Version, allowed: frozenset[str]) -> list[str]:
    """Why ``after`` renders other than ``before`` (once the facts agree: the cheaper check goes first)."""
    if _agree_where_changed(before, after, allowed):
        vars(after)["plain"] = True  # as Renderings.agree found it
        return []
    for version in (before, after):
        if isinstance(version.rendered, NoteError):
            return [f"cannot be checked: {version.rendered}"]
    old, new = before.rendered, after.rendered
    assert isinstance(old, str) and isinstance(new, str)
    # A pass changes a few lines, most often: the pieces of the renderings it changes are compared, not the whole
    if before.plain and rendering.agree(old, new, allowed):
        vars(after)["plain"] = True  # as agree found it (a cached_property's value): the next pass reads it so
        return []
    assert isinstance(before.shown, str) and isinstance(after.shown, str)
    return rendering.differences(before.shown, after.shown, allowed)


def _agree_where_changed(before: _Version, after: _Version, allowed: frozenset[str]) -> bool:
    """Whether the renderings of ``before`` and ``after`` agree (rendering.agree), read where their segments
    differ (Renderings.agree), neither rendered whole: when ``before`` is known plain (from an earlier pass, or
    its facts) and both have segments. False: not known so (render them whole)."""
    if not _agreeable(before, after):
        return False
    renderings, old, new = after.renderings, before.layout, after.layout
    assert renderings is not None and old is not None and new is not None  # _agreeable
    return renderings.agree((before.note.text, old), (after.note.text, new), allowed)


def _agreeable(before: _Version, after: _Version) -> bool:
    """Whether Renderings.agree may read the two versions where their segments differ: ``before`` is known plain
    (from an earlier pass, or its facts) and sure to render, both have segments, neither may hold a footnote, and
    the renderer's lists are marko's (else agree renders them whole)."""
    renderings = after.renderings
    if renderings is None or renderings is not before.renderings:
        return False
    known = vars(before).get("plain")  # the cached property's value, when an earlier pass found it
    if known is False or (known is None and not plain_by_facts(before.note)):
        return False
    old, new = before.layout, after.layout
    if old is None or new is None or "[^" in before.note.text or "[^" in after.note.text:
        return False
    # Never rendered (its plainness read from its facts): the units no pass changes are never rendered either, so
    # it must be sure to render; a version agree passed renders as the units it shares with this one and those read
    if known is None and not renders(old):
        return False
    return marko_lists()


# A barred fix: (rule code, the finding's start and end), or (rule code, None) for every fix of that rule.
Barred = tuple[str, tuple[int, int] | None]
# Past this many fixes of one rule in a failing pass, bar the rule in this note instead of trying each.
BLAME_EACH_UP_TO = 50


def _is_barred(finding: Finding, barred: set[Barred]) -> bool:
    return (finding.code, None) in barred or (finding.code, (finding.start, finding.end)) in barred


def _blame(current: _Version, batch: list[Finding], changes: Changes, together: _Tried) -> dict[Barred, Notice]:
    """The fixes that fail the guard (or change nothing) on their own, or else their whole rule; and why
    (``together``: the batch tried, which is its rule's fixes tried when it holds one rule's only)."""
    blamed: dict[Barred, Notice] = {}
    codes = sorted({f.code for f in batch})
    for code in codes:
        own = [f for f in batch if f.code == code]
        tried = together if len(codes) == 1 else _try(current, own, changes)  # the same edits: not parsed again
        if not tried.reasons and tried.version is not current:
            continue
        culprits = _culprits(current, own, tried.reasons, changes)
        whole = culprits is None
        for finding, reasons in culprits or [(own[0], tried.reasons)]:
            why = "; ".join(reasons) or "changes nothing (a bug: please report it)"
            notice = Notice(
                f"{code} fix not applied: it {why}", current.note.position(finding.start), code, f"it {why}"
            )
            blamed[(code, None if whole else (finding.start, finding.end))] = notice
    return blamed


def _culprits(
    current: _Version, own: list[Finding], reasons: tuple[str, ...], changes: Changes
) -> list[tuple[Finding, tuple[str, ...]]] | None:
    """Which of one rule's failing fixes (``reasons``: why they fail together) fail on their own, with why;
    None when the rule as a whole must sit out: all of them fail, only together, or too many to try each."""
    if len(own) == 1:
        return [(own[0], reasons)]
    if len(own) > BLAME_EACH_UP_TO:
        return None
    alone = [(f, _try(current, [f], changes)) for f in own]
    culprits = [(f, t.reasons) for f, t in alone if t.reasons or t.version is current]
    return culprits if 0 < len(culprits) < len(own) else None


def _codes(findings: list[Finding]) -> str:
    return ", ".join(sorted({f.code for f in findings}))


def format_and_fix(
    outcome: Outcome, formatter: Callable[[str], str], lint: Lint, unsafe: bool = False, changes: Changes | None = None
) -> Outcome:
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
    reasons = reasons or _rendered_differences(_Version(fixed), _Version(shaped), frozenset())
    if reasons:
        return _warn(outcome, f"not reformatted: formatting {'; '.join(reasons)}")
    again = fix_note(shaped, lint, unsafe, changes)
    if again.refused is not None:
        return _warn(outcome, f"not reformatted: then {again.refused}")
    if formatter(again.note.text) != again.note.text:
        return _warn(
            outcome,
            "not reformatted: formatting and the fixes do not settle on one text "
            "(a rule's style differs from mdformat's?)",
        )
    told = {(n.code, n.message) for n in outcome.warnings}  # set aside before formatting and again: say it once
    news = tuple(n for n in again.warnings if (n.code, n.message) not in told)
    return Outcome(
        outcome.original,
        again.note,
        again.remaining,
        outcome.before,
        outcome.fixed + again.fixed,
        None,
        outcome.warnings + news,
    )


def _warn(outcome: Outcome, message: str) -> Outcome:
    return dataclasses.replace(outcome, warnings=(*outcome.warnings, Notice(message)))


def reparse(original: Note, text: str) -> Note:
    """``text`` parsed as a new version of ``original`` (same path, line endings and BOM when written)."""
    note = parse_text(original.path, text, original.bom, rendering=True)
    return Note(note.path, note.text, note.facts, note.line_starts, original.newline, note.bom)


def refuse(outcome: Outcome, why: str) -> Outcome:
    """``outcome`` turned down: the original note stays, with its findings, and ``why``."""
    return _refused(outcome.original, outcome.before, why)


def _refused(note: Note, before: Iterable[Finding], why: str) -> Outcome:
    return Outcome(note, note, tuple(before), tuple(before), (), why)
