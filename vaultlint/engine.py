"""The check pipeline: discover -> read and parse -> note rules -> suppressions -> sorted findings."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from vaultlint import suppress
from vaultlint.config import Settings
from vaultlint.discover import Discovery, Selection, discover
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
    discovery: Discovery | None = None


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
    root: Path
    ctx: Context

    def __call__(self, path: Path) -> _Outcome:
        shown = display_path(path)
        ignored = _ignored(self.settings, path, self.root)
        rules = [RULES[code]() for code in sorted(self.settings.enabled - ignored)]
        try:
            note = parse_bytes(shown, path.read_bytes())
            return _Outcome(shown, note, tuple(lint_note(note, rules, self.settings, self.ctx)))
        except (OSError, NoteError) as exc:
            return _Outcome(shown, problem=_why(exc))
        except Exception as exc:  # a bug of ours must not stop the other notes being checked
            return _Outcome(shown, problem=f"internal error ({type(exc).__name__}: {exc}); please report it")


def check(paths: list[Path], settings: Settings, progress: Progress | None = None,
          today: dt.date | None = None, jobs: int | None = None) -> Result:
    """Check the notes under ``paths`` (the vault around them is found, but only they are reported)."""
    selection = Selection(settings.base.resolve(), tuple(settings.model.include), tuple(settings.model.exclude))
    found = discover(paths, selection, settings.root)
    ctx = Context(conventions=settings.conventions, today=today or dt.date.today(),
                  known_rules=frozenset(RULES) | frozenset(BY_NAME))
    checker = _Checker(settings, found.root, ctx)
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
    return Result(tuple(findings), tuple(problems), notes, found)


def _run(checker: _Checker, targets: tuple[Path, ...], jobs: int | None) -> Iterator[_Outcome]:
    """Outcomes in target order: in worker processes for a large run, in this process otherwise."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(targets) < PARALLEL_FROM:
        yield from map(checker, targets)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(checker, targets, chunksize=8)


def lint_note(note: Note, rules: list[Rule], settings: Settings, base_ctx: Context) -> list[Finding]:
    """Run ``rules`` on one parsed note and drop what its suppression comments hide."""
    out: list[Finding] = []
    for rule in rules:
        options = settings.options.get(rule.code) or rule.Options()
        ctx = Context(base_ctx.conventions, options, base_ctx.today, base_ctx.known_rules)
        out.extend(rule.check(note, ctx))
    return suppress.apply(note, out)


def _ignored(settings: Settings, path: Path, root: Path) -> frozenset[str]:
    """Codes that `per-file-ignores` turns off for ``path`` (patterns relative to the config file)."""
    if not settings.per_file_ignores:
        return frozenset()
    rel = _relative(path, settings.base.resolve()) or _relative(path, root) or PurePosixPath(path.name)
    hits = [codes for pattern, codes in settings.per_file_ignores if matches(rel.as_posix(), [pattern])]
    return frozenset().union(*hits)


def _relative(path: Path, base: Path) -> PurePosixPath | None:
    try:
        return PurePosixPath(path.relative_to(base).as_posix())
    except ValueError:
        return None


def _why(exc: Exception) -> str:
    if isinstance(exc, IsADirectoryError):
        return "is a directory, not a note"
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or exc}"
    return str(exc)
