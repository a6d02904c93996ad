"""The check pipeline: discover -> read and parse -> note rules -> suppressions -> sorted findings."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from vaultlint import suppress
from vaultlint.config import Settings
from vaultlint.discover import Selection, discover
from vaultlint.globs import matches
from vaultlint.model import Finding
from vaultlint.note import Note, NoteError, parse_bytes
from vaultlint.rules import BY_NAME, RULES, Context, Rule

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Problem:
    """A note that could not be checked, and why."""

    path: str
    message: str


@dataclass(frozen=True)
class Result:
    """What a run found: findings (sorted), unreadable notes, and the parsed notes by display path."""

    findings: tuple[Finding, ...]
    problems: tuple[Problem, ...]
    notes: dict[str, Note] = field(default_factory=dict)


def display_path(path: Path, cwd: Path | None = None) -> str:
    """The path as the user should see it: relative to the working folder when inside it."""
    here = cwd or Path.cwd()
    try:
        return path.relative_to(here).as_posix()
    except ValueError:
        return path.as_posix()  # outside the working folder: the full path is clearer than ../../


# Below this many notes a worker pool costs more (start-up, pickling) than it saves.
PARALLEL_FROM = 48


@dataclass(frozen=True)
class _Outcome:
    """What checking one note gave: the note and its findings, or why it could not be checked."""

    shown: str
    note: Note | None = None
    findings: tuple[Finding, ...] = ()
    problem: str | None = None


@dataclass(frozen=True)
class _Checker:
    """Checks one note; plain data all through, so worker processes can run it."""

    settings: Settings
    selection: Selection
    root: Path
    rules: tuple[tuple[Rule, Context], ...]  # every enabled rule with its context, built once a run

    def __call__(self, path: Path) -> _Outcome:
        shown = display_path(path)
        ignored = _ignored(self.settings, self.selection.relative(path, self.root))
        rules = [(rule, ctx) for rule, ctx in self.rules if rule.code not in ignored]
        try:
            note = parse_bytes(shown, path.read_bytes())
            return _Outcome(shown, note, tuple(lint_note(note, rules)))
        except (OSError, NoteError) as exc:
            return _Outcome(shown, problem=_why(exc))
        except Exception as exc:  # a bug of ours must not stop the other notes being checked
            return _Outcome(shown, problem=f"internal error ({type(exc).__name__}: {exc}); please report it")


def check(paths: list[Path], settings: Settings, progress: Progress | None = None,
          today: dt.date | None = None, jobs: int | None = None) -> Result:
    """Check the notes under ``paths`` (the vault around them is found, but only they are reported)."""
    selection = Selection(settings.base, tuple(settings.model.include), tuple(settings.model.exclude))
    found = discover(paths, selection, settings.root)
    checker = _Checker(settings, selection, found.root, _bind_rules(settings, today or dt.date.today()))
    findings: list[Finding] = []
    problems = [Problem(display_path(p), why) for p, why in found.errors]
    notes: dict[str, Note] = {}
    for done, outcome in enumerate(_run(checker, found.targets, jobs), 1):
        if outcome.note is None:
            problems.append(Problem(outcome.shown, outcome.problem or "not checked"))
        else:
            notes[outcome.shown] = outcome.note
            findings.extend(outcome.findings)
        if progress:
            progress(done, len(found.targets))
    findings.sort(key=lambda f: (f.path, f.start, f.code))
    problems.sort(key=lambda p: p.path)
    return Result(tuple(findings), tuple(problems), notes)


def _run(checker: _Checker, targets: tuple[Path, ...], jobs: int | None) -> Iterator[_Outcome]:
    """Outcomes in target order: in worker processes for a large run, in this process otherwise."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(targets) < PARALLEL_FROM:
        yield from map(checker, targets)
        return
    from concurrent.futures import ProcessPoolExecutor

    try:
        pool = ProcessPoolExecutor(max_workers=workers)
    except (OSError, NotImplementedError):  # no process support here (some sandboxes): one process it is
        yield from map(checker, targets)
        return
    with pool:
        yield from pool.map(checker, targets, chunksize=8)


def _bind_rules(settings: Settings, today: dt.date) -> tuple[tuple[Rule, Context], ...]:
    """Each enabled rule with its context (conventions, its options, today), in code order."""
    known = frozenset(RULES) | frozenset(BY_NAME)
    bound = []
    for code in sorted(settings.enabled):
        rule = RULES[code]()
        options = settings.options.get(code) or rule.Options()
        bound.append((rule, Context(settings.conventions, options, today, known)))
    return tuple(bound)


def lint_note(note: Note, rules: Iterable[tuple[Rule, Context]]) -> list[Finding]:
    """Run ``rules`` on one parsed note and drop what its suppression comments hide."""
    out = [finding for rule, ctx in rules for finding in rule.check(note, ctx)]
    return suppress.apply(note, out)


def _ignored(settings: Settings, rel: str) -> frozenset[str]:
    """Codes that `per-file-ignores` turns off for a note at ``rel`` (relative to the config file)."""
    hits = [codes for pattern, codes in settings.per_file_ignores if matches(rel, [pattern])]
    return frozenset().union(*hits)


def _why(exc: Exception) -> str:
    if isinstance(exc, IsADirectoryError):
        return "is a directory, not a note"
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or exc}"
    return str(exc)
