"""The check pipeline: discover -> read and parse -> note rules -> vault rules -> suppressions -> sorted findings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from vaultlint import display
from vaultlint.config.settings import Settings
from vaultlint.findings import suppress
from vaultlint.fixing import fixer
from vaultlint.model import Finding, Problem
from vaultlint.parse.note import Note, NoteError, decode, normalize_newlines, parse_bytes, parse_text
from vaultlint.rules import BY_NAME, RULES, Context, Rule, VaultRule
from vaultlint.vault.discover import Discovery, Selection, discover, leaves
from vaultlint.vault.globs import matches
from vaultlint.vault.index import Vault
from vaultlint.vault.writer import Snapshot, WriteRefused, encode, odd_newlines, replace, snapshot, unwritable

Progress = Callable[[int, int], None]
OutcomeT = TypeVar("OutcomeT")
TaskT = TypeVar("TaskT")


@dataclass(frozen=True)
class Result:
    """What a run found: findings (sorted), unreadable notes, and the parsed notes by display path."""

    findings: tuple[Finding, ...]
    problems: tuple[Problem, ...]
    notes: dict[str, Note] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()  # the vault's settings that could not be read (Obsidian's, .gitignore)


# Below this many notes a worker pool costs more (start-up, pickling) than it saves.
PARALLEL_FROM = 48


@dataclass(frozen=True)
class _Outcome:
    """What checking one note gave: the note and its findings, or why it could not be checked."""

    shown: str
    note: Note | None = None
    findings: tuple[Finding, ...] = ()
    problem: str | None = None
    failed: tuple[str, ...] = ()  # rules that crashed on the note (its other rules' findings still count)


@dataclass(frozen=True)
class _Checker:
    """Checks one note; plain data all through, so worker processes can run it."""

    settings: Settings
    selection: Selection
    root: Path
    rules: tuple[tuple[Rule, Context], ...]  # every enabled rule with its context, built once a run

    def ignored(self, path: Path) -> frozenset[str]:
        """Codes that `per-file-ignores` turns off for ``path``."""
        rel = self.selection.relative(path, self.root)
        hits = [codes for pattern, codes in self.settings.per_file_ignores if matches(rel, [pattern])]
        return frozenset().union(*hits)

    def rules_for(self, path: Path) -> list[tuple[Rule, Context]]:
        """The note rules that run on ``path``: every enabled one but those `per-file-ignores` turns off."""
        ignored = self.ignored(path)
        return [(rule, ctx) for rule, ctx in self.rules if rule.code not in ignored]

    def __call__(self, path: Path) -> _Outcome:
        shown = display.path(path)
        return _attempt(shown, lambda: self._checked(shown, path))

    def _checked(self, shown: str, path: Path) -> _Outcome:
        note = parse_bytes(shown, path.read_bytes())
        failed: list[str] = []
        findings = lint_note(note, self.rules_for(path), failed)
        return _Outcome(shown, note, tuple(findings), failed=tuple(failed))


def _attempt(shown: str, work: Callable[[], OutcomeT]) -> OutcomeT | _Outcome:
    """``work()``, or why it failed for note ``shown``: unreadable, not text, or a bug of ours (which must
    not stop the other notes)."""
    try:
        return work()
    except (OSError, NoteError) as exc:
        return _Outcome(shown, problem=_why(exc))
    except Exception as exc:
        return _Outcome(shown, problem=internal_error(exc))


def internal_error(exc: Exception, rule: str | None = None) -> str:
    """What a bug of ours says, in one line; with VAULTLINT_DEBUG (`--debug`), its traceback on stderr too."""
    if os.environ.get("VAULTLINT_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    where = f"{rule} failed: " if rule else ""
    return f"{where}internal error ({type(exc).__name__}: {exc}); please report it (--debug shows where)"


@dataclass(frozen=True)
class _Plan:
    """What a run needs before reading a note: the vault found, the note checker, the vault rules."""

    found: Discovery
    checker: _Checker
    vault_rules: list[tuple[VaultRule, Context]]
    templates: tuple[str, ...] = ()  # the templates folders, absolute, each ending in a separator


def _plan(paths: list[Path], settings: Settings, today: dt.date | None, skip: tuple[Path, ...]) -> _Plan:
    selection = settings.selection
    found = discover(paths, selection, settings.root, settings.source is not None)
    if skip:  # folders another config governs: checked in their own group
        found = dataclasses.replace(
            found, targets=tuple(t for t in found.targets if not any(s in t.parents for s in skip))
        )
    if not found.targets and found.skipped:  # say why, where "no notes found" alone would puzzle
        found = dataclasses.replace(found, warnings=(*found.warnings, *_skipped_here(paths, found.skipped)))
    # As the notes' shown paths are made absolute again: from the working folder, symbolic links and all.
    templates = tuple(os.path.join(os.path.abspath(display.path(folder)), "") for folder in found.templates)
    bound = _bind_rules(settings, today or dt.date.today(), templates)
    vault_rules = [(rule, ctx) for rule, ctx in bound if isinstance(rule, VaultRule)]
    note_rules = tuple((rule, ctx) for rule, ctx in bound if not isinstance(rule, VaultRule))
    return _Plan(found, _Checker(settings, selection, found.root, note_rules), vault_rules, templates)


def _skipped_here(paths: list[Path], skipped: tuple[tuple[Path, str], ...], named: int = 3) -> list[str]:
    """What was skipped under ``paths``, and why: the first few by name, the rest counted."""
    asked = [os.path.abspath(p) for p in paths]
    here = [
        (path, why)
        for path, why in skipped
        if any(os.path.abspath(path) == a or os.path.abspath(path).startswith(os.path.join(a, "")) for a in asked)
    ]
    said = [f"{display.path(path)}: not checked: {why}" for path, why in here[:named]]
    if len(here) > named:
        said.append(f"and {len(here) - named} more not checked (git-ignored, excluded or generated)")
    return said


def check(
    paths: list[Path],
    settings: Settings,
    progress: Progress | None = None,
    today: dt.date | None = None,
    jobs: int | None = None,
    skip: tuple[Path, ...] = (),
) -> Result:
    """Check the notes under ``paths`` but not under ``skip`` (the vault around them is found, only they reported)."""
    return _check(_plan(paths, settings, today, skip), progress, jobs)


def _check(plan: _Plan, progress: Progress | None, jobs: int | None) -> Result:
    findings: list[Finding] = []
    problems = [Problem(display.path(p), why) for p, why in plan.found.errors]
    notes: dict[str, Note] = {}
    for done, outcome in enumerate(_run(plan.checker, plan.found.targets, jobs), 1):
        if outcome.note is None:
            problems.append(Problem(outcome.shown, outcome.problem or "not checked"))
        else:
            notes[outcome.shown] = outcome.note
            findings.extend(outcome.findings)
            problems.extend(Problem(outcome.shown, why) for why in outcome.failed)
        if progress:
            progress(done, len(plan.found.targets))
    return Result(*_finish(plan, notes, findings, problems), notes, plan.found.warnings)


@dataclass(frozen=True)
class FixedNote:
    """One note after `fix`: what was fixed, what remains, the bytes to write, or why it is left as it was."""

    shown: str
    path: Path
    outcome: fixer.Outcome
    read: Snapshot
    data: bytes | None = None  # the new content, when the note changes and may be written
    written: bool = False
    reformatted: int = 0  # lines that formatting (fix --format) changes, beyond the fixes

    @property
    def refused(self) -> str | None:
        return self.outcome.refused


@dataclass(frozen=True)
class FixResult:
    """What `fix` did or would do: every note it read, remaining findings (sorted), unreadable notes."""

    notes: tuple[FixedNote, ...]
    findings: tuple[Finding, ...]
    problems: tuple[Problem, ...]
    unsafe: bool = False  # whether unsafe fixes were applied
    checked: int = 0  # notes read (a run may change none of them)
    warnings: tuple[str, ...] = ()  # as Result's


def merge_fixes(results: Iterable[FixResult]) -> FixResult:
    """One result from several runs (one per config group): notes by path, findings sorted."""
    items = list(results)
    notes = sorted((n for r in items for n in r.notes), key=lambda n: n.shown)
    findings = sorted((f for r in items for f in r.findings), key=lambda f: (f.path, f.start, f.code))
    problems = sorted((p for r in items for p in r.problems), key=lambda p: p.path)
    return FixResult(
        tuple(notes),
        tuple(findings),
        tuple(problems),
        any(r.unsafe for r in items),
        sum(r.checked for r in items),
        tuple(dict.fromkeys(w for r in items for w in r.warnings)),
    )


@dataclass(frozen=True)
class _Fixer:
    """Fixes one note in memory (lint, edit, re-lint, guard; mdformat when asked); plain data for workers."""

    checker: _Checker
    unsafe: bool
    formatting: bool
    changes: dict[str, frozenset[str]]
    templates: tuple[str, ...] = ()  # not formatted: mdformat would rewrite their placeholders

    def __call__(self, path: Path) -> FixedNote | _Outcome:
        shown = display.path(path)
        return _attempt(shown, lambda: self._fixed(shown, path))

    def _fixed(self, shown: str, path: Path) -> FixedNote:
        read = snapshot(path)
        raw, bom = decode(read.data)
        note = parse_text(shown, raw, bom)
        lint = functools.partial(lint_note, rules=self.checker.rules_for(path))
        outcome, fixed_only = self._fix(note, lint, odd_newlines(raw))
        why_not = unwritable(path) if outcome.changed else None
        if why_not is not None:  # said now, so the preview shows what --write will do
            outcome = fixer.refuse(outcome, why_not)
        if not outcome.changed:
            return FixedNote(shown, path, outcome, read)
        data = encode(outcome.note.text, note.newline, note.bom)
        return FixedNote(shown, path, outcome, read, data, reformatted=changed_lines(fixed_only, outcome.note.text))

    def _fix(self, note: Note, lint: fixer.Lint, odd_endings: str | None) -> tuple[fixer.Outcome, str]:
        """The note fixed (and formatted, when asked), and its text with the fixes alone."""
        outcome = fixer.fix_note(note, lint, self.unsafe, self.changes)
        fixed_only = outcome.note.text
        if self.formatting and not (self.templates and os.path.abspath(note.path).startswith(self.templates)):
            from vaultlint.fixing.formatting import format_markdown

            outcome = fixer.format_and_fix(outcome, format_markdown, lint, self.unsafe, self.changes)
        if odd_endings and outcome.changed:
            return fixer.refuse(outcome, odd_endings), fixed_only
        return outcome, fixed_only


def changed_lines(old: str, new: str) -> int:
    """How many lines turning ``old`` into ``new`` changes: a line replaced counts once, as do one removed and
    one added."""
    if old == new:
        return 0
    import difflib

    matcher = difflib.SequenceMatcher(None, old.split("\n"), new.split("\n"), autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


def fix(
    paths: list[Path],
    settings: Settings,
    *,
    unsafe: bool = False,
    write: bool = False,
    formatting: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
    jobs: int | None = None,
    skip: tuple[Path, ...] = (),
) -> FixResult:
    """Fix the notes under ``paths`` in memory; with ``write``, write each changed note that passed the guard.

    Remaining findings are those of each note as it ends up (written, or as it would be), vault rules included.
    """
    plan = _plan(paths, settings, today, skip)
    changes = {code: rule.fix_changes for code, rule in RULES.items() if rule.fix_changes}
    worker = _Fixer(plan.checker, unsafe, formatting, changes, plan.templates)
    fixed: list[FixedNote] = []
    problems = [Problem(display.path(p), why) for p, why in plan.found.errors]
    for done, outcome in enumerate(_run(worker, plan.found.targets, jobs), 1):
        if isinstance(outcome, FixedNote):
            fixed.append(_write(outcome) if write else outcome)
        else:
            problems.append(Problem(outcome.shown, outcome.problem or "not fixed"))
        if progress:
            progress(done, len(plan.found.targets))
    notes = {f.shown: f.outcome.note for f in fixed}
    findings = [finding for f in fixed for finding in f.outcome.remaining]
    return FixResult(tuple(fixed), *_finish(plan, notes, findings, problems), unsafe, len(fixed), plan.found.warnings)


def add_suppressions(
    paths: list[Path],
    settings: Settings,
    *,
    write: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
    skip: tuple[Path, ...] = (),
    jobs: int | None = None,
) -> FixResult:
    """End each line that has findings with a comment suppressing them, guarded as a fix is; with ``write``,
    write the notes. A finding with a safe fix gets none: `fix --write` removes the problem, where a comment
    would keep it (a trailing space, with a comment before it). Remaining findings are those, and those no
    comment could be placed for."""
    from vaultlint.fixing import suppressing

    plan = _plan(paths, settings, today, skip)
    checked = _check(plan, progress, jobs)
    by_note: dict[str, list[Finding]] = {}
    for finding in checked.findings:
        if not fixable(finding):
            by_note.setdefault(finding.path, []).append(finding)
    # One task a note, with its own findings: a worker gets what it needs, not the whole vault's.
    shown = {path: display.path(path) for path in plan.found.targets}
    tasks = tuple(
        _SuppressTask(path, tuple(by_note[name]), _digest(checked.notes[name].text))
        for path, name in shown.items()
        if name in by_note
    )
    done: list[FixedNote] = []
    problems = list(checked.problems)
    for outcome in _run(_suppressed, tasks, jobs):
        if isinstance(outcome, FixedNote):
            done.append(_write(outcome) if write else outcome)
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


@dataclass(frozen=True)
class _SuppressTask:
    """One note to comment: where it is, its findings, and a digest of its text as it was checked."""

    path: Path
    findings: tuple[Finding, ...]
    digest: str  # the text must not change between the check and the edit


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass")).hexdigest()


def _suppressed(task: _SuppressTask) -> FixedNote | _Outcome:
    """One note with its suppression comments added under the fix guard (or refused, saying why)."""
    shown = display.path(task.path)
    return _attempt(shown, lambda: _comment(shown, task))


def _comment(shown: str, task: _SuppressTask) -> FixedNote:
    from vaultlint.fixing import suppressing

    read = snapshot(task.path)
    raw, bom = decode(read.data)
    note = parse_text(shown, raw, bom)
    if _digest(note.text) != task.digest:
        raise NoteError("changed on disk during the run; run the command again")
    outcome = fixer.fix_note(note, suppressing.lint(suppressing.targets(task.findings, note)))
    why_not = (odd_newlines(raw) or unwritable(task.path)) if outcome.changed else None
    if why_not is not None:
        outcome = fixer.refuse(outcome, why_not)
    data = encode(outcome.note.text, note.newline, note.bom) if outcome.changed else None
    return FixedNote(shown, task.path, outcome, read, data)


def _write(note: FixedNote) -> FixedNote:
    """``note`` written when it changes; on a refusal, the note as it stays on disk and why."""
    if note.data is None:
        return note
    try:
        replace(note.path, note.data, note.read)
    except WriteRefused as exc:
        return dataclasses.replace(note, outcome=fixer.refuse(note.outcome, str(exc)), data=None)
    return dataclasses.replace(note, written=True)


def _finish(
    plan: _Plan, notes: dict[str, Note], findings: list[Finding], problems: list[Problem]
) -> tuple[tuple[Finding, ...], tuple[Problem, ...]]:
    """The note rules' findings with the vault rules' added (on ``notes`` as they are now), both sorted."""
    if plan.vault_rules:
        findings = findings + _vault_findings(plan.found, notes, plan.checker, plan.vault_rules, problems)
    findings.sort(key=lambda f: (f.path, f.start, f.code))
    problems.sort(key=lambda p: p.path)
    return tuple(findings), tuple(problems)


def _vault_findings(
    found: Discovery,
    notes: dict[str, Note],
    checker: _Checker,
    rules: list[tuple[VaultRule, Context]],
    problems: list[Problem],
) -> list[Finding]:
    """Vault rules on the reported notes, with the vault index; minus per-file-ignores and suppressions.

    No other note is parsed: the index lists the vault's files, and rules that
    need another note's headings, block ids or URLs get them from a line scan.
    """
    paths = {display.path(path): path for path in found.targets}
    reported = {_in_vault(paths[shown], found.root): note for shown, note in notes.items()}
    read = functools.partial(_read, found.root, Path(os.path.realpath(found.root)))
    vault = Vault(
        (_in_vault(f, found.root) for f in found.files), (_in_vault(n, found.root) for n in found.notes), reported, read
    )
    by_note: dict[str, list[Finding]] = {}
    for rule, ctx in rules:
        for finding in _guarded(rule, vault, ctx, problems):
            if finding.path in notes and rule.code not in checker.ignored(paths[finding.path]):
                by_note.setdefault(finding.path, []).append(finding)
    return [f for path, kept in by_note.items() for f in suppress.apply(notes[path], kept)]


def _guarded(rule: VaultRule, vault: Vault, ctx: Context, problems: list[Problem]) -> list[Finding]:
    """A vault rule's findings; a bug in it is reported as such and the other rules still run."""
    try:
        return list(rule.check_vault(vault, ctx))
    except Exception as exc:
        problems.append(Problem(rule.code, internal_error(exc)))
        return []


def _in_vault(path: Path, root: Path) -> str:
    """``path`` as the vault names it: relative to the root, POSIX separators."""
    return path.relative_to(root).as_posix()


def _read(root: Path, real_root: Path, rel: str) -> str | None:
    """The LF-normalized text of a vault file, or None when it cannot be read as a note."""
    path = root / rel
    try:
        if not path.is_file():  # a FIFO named like a note would block the read forever
            return None
        if leaves(path, real_root):  # a symbolic link out of the vault: not read
            return None
        return normalize_newlines(decode(path.read_bytes())[0])[0]
    except (OSError, NoteError):
        return None


def _run(checker: Callable[[TaskT], OutcomeT], targets: tuple[TaskT, ...], jobs: int | None) -> Iterator[OutcomeT]:
    """Outcomes in target order: in worker processes for a large run, in this process otherwise."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(targets) < PARALLEL_FROM:
        yield from map(checker, targets)
        return
    from concurrent.futures import ProcessPoolExecutor

    from vaultlint.engine.workers import ending_with_parent, stop_workers, terminate_as_interrupt

    try:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=ending_with_parent, initargs=(os.getpid(),))
    except (OSError, NotImplementedError):  # no process support here (some sandboxes): one process it is
        yield from map(checker, targets)
        return
    with terminate_as_interrupt() as terminated:
        try:
            for outcome in pool.map(checker, targets, chunksize=8):
                if terminated():
                    raise KeyboardInterrupt
                yield outcome
        except BaseException:  # Ctrl-C, SIGTERM, an error: the notes in flight are not waited for
            stop_workers(pool)
            raise
        finally:  # however the run ends, no worker outlives it
            pool.shutdown(wait=True, cancel_futures=True)


def _bind_rules(
    settings: Settings, today: dt.date, templates: tuple[str, ...] = ()
) -> tuple[tuple[Rule, Context], ...]:
    """Each enabled rule with its context (conventions, its options, today, the templates), in code order."""
    known = frozenset(RULES) | frozenset(BY_NAME)
    bound = []
    for code in sorted(settings.enabled):
        rule = RULES[code]()
        options = settings.options.get(code) or rule.Options()
        bound.append((rule, Context(settings.conventions, options, today, known, templates)))
    return tuple(bound)


def lint_note(note: Note, rules: Iterable[tuple[Rule, Context]], failed: list[str] | None = None) -> list[Finding]:
    """Run ``rules`` on one parsed note and drop what its suppression comments hide.

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
    return suppress.apply(note, out)


def _why(exc: Exception) -> str:
    if isinstance(exc, IsADirectoryError):
        return "is a directory, not a note"
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or exc}"
    return str(exc)
