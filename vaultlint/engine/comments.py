"""`suppress`: a comment at the end of each line with findings, added under the same guard as a fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from vaultlint.config.settings import Settings
from vaultlint.engine.checks import check_plan
from vaultlint.engine.fixes import FixedNote, FixResult, squeezed_diff, write_note
from vaultlint.engine.plan import make_plan
from vaultlint.engine.run import Outcome, Progress, attempt, run_tasks
from vaultlint.fixing import fixer
from vaultlint.hashing import blake2b
from vaultlint.model import Finding, Problem
from vaultlint.parse.note import NoteError, decode, parse_text
from vaultlint.paths import NoteRef
from vaultlint.record import Record, frozen
from vaultlint.report.text import Style
from vaultlint.vault.writer import encode, odd_newlines, snapshot, unwritable


def add_suppressions(
    paths: list[Path],
    settings: Settings,
    *,
    write: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
    skip: tuple[Path, ...] = (),
    jobs: int | None = None,
    diff: Style | None = None,
) -> FixResult:
    """End each line that has findings with a comment suppressing them, guarded as a fix is; with ``write``,
    write the notes. A finding with a safe fix gets none: `fix --write` removes the problem, where a comment
    would keep it (a trailing space, with a comment before it). Remaining findings are those, and those no
    comment could be placed for. With ``diff``, each changed note comes with its unified diff in that style
    (`FixedNote.diff`), as `fix`'s do."""
    from vaultlint.fixing import suppressing

    plan = make_plan(paths, settings, today, skip)
    checked = check_plan(plan, progress, jobs)
    by_note: dict[str, list[Finding]] = {}
    for finding in checked.findings:
        if not fixable(finding):
            by_note.setdefault(finding.path, []).append(finding)
    # One task a note, with its own findings: a worker gets what it needs, not the whole vault's.
    tasks = tuple(
        _SuppressTask(ref, tuple(by_note[ref.shown]), _digest(checked.notes[ref.shown].text), diff)
        for ref in plan.refs
        if ref.shown in by_note
    )
    done: list[FixedNote] = []
    problems = list(checked.problems)
    for outcome in run_tasks(_suppressed, tasks, jobs):
        if isinstance(outcome, FixedNote):
            done.append(write_note(outcome) if write else outcome)
        else:
            problems.append(Problem(outcome.shown, outcome.problem or "not changed"))
    left = [f for n in done for f in suppressing.still_shown(n.outcome.note, by_note[n.shown], n.outcome.original)]
    changed = {n.shown for n in done}
    left += [f for f in checked.findings if f.path not in changed or fixable(f)]
    return FixResult(
        tuple(done),
        tuple(sorted(left, key=lambda f: (f.path, f.start, f.code))),
        tuple(sorted(problems, key=lambda p: p.path)),
        checked=len(checked.notes),
        warnings=checked.warnings,
    )


def fixable(finding: Finding) -> bool:
    """Whether `vaultlint fix --write` fixes ``finding`` (its fix is safe)."""
    return finding.fix is not None and finding.fix.safe


@frozen
class _SuppressTask(Record):
    """One note to comment: where it is, its findings, and a digest of its text as it was checked."""

    ref: NoteRef
    findings: tuple[Finding, ...]
    digest: str  # the text must not change between the check and the edit
    diff: Style | None = None  # make the note's diff, so styled (`FixedNote.diff`)


def _digest(text: str) -> str:
    return blake2b(text.encode("utf-8", "surrogatepass")).hexdigest()


def _suppressed(task: _SuppressTask) -> FixedNote | Outcome:
    """One note with its suppression comments added under the fix guard (or refused, saying why)."""
    return attempt(task.ref.shown, lambda: _comment(task.ref.shown, task))


def _comment(shown: str, task: _SuppressTask) -> FixedNote:
    from vaultlint.fixing import suppressing

    read = snapshot(task.ref.path)
    raw, bom = decode(read.data)
    note = parse_text(shown, raw, bom)
    if _digest(note.text) != task.digest:
        raise NoteError("changed on disk during the run; run the command again")
    outcome = fixer.fix_note(note, suppressing.lint(suppressing.targets(task.findings, note)))
    why_not = (odd_newlines(raw) or unwritable(task.ref.path)) if outcome.changed else None
    if why_not is not None:
        outcome = fixer.refuse(outcome, why_not)
    if not outcome.changed:
        return FixedNote(shown, task.ref.path, outcome, read.seen)
    data = encode(outcome.note.text, note.newline, note.bom)
    diff = squeezed_diff(shown, read, data, task.diff) if task.diff is not None else None
    return FixedNote(shown, task.ref.path, outcome, read.seen, data, squeezed_diff=diff, changes=True)
