"""The check pipeline: discover -> read and parse -> note rules -> suppressions -> sorted findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
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


def check(paths: list[Path], settings: Settings, progress: Progress | None = None,
          today: dt.date | None = None) -> Result:
    """Check the notes under ``paths`` (the vault around them is found, but only they are reported)."""
    selection = Selection(settings.base.resolve(), tuple(settings.model.include), tuple(settings.model.exclude))
    found = discover(paths, selection, settings.root)
    rules = [RULES[code]() for code in sorted(settings.enabled)]
    base_ctx = Context(conventions=settings.conventions, today=today or dt.date.today(),
                       known_rules=frozenset(RULES) | frozenset(BY_NAME))
    findings: list[Finding] = []
    problems = [Problem(display_path(p), why) for p, why in found.errors]
    notes: dict[str, Note] = {}
    for done, path in enumerate(found.targets, 1):
        shown = display_path(path)
        active = [r for r in rules if r.code not in _ignored(settings, path, found.root)]
        try:
            note = parse_bytes(shown, path.read_bytes())
            findings.extend(lint_note(note, active, settings, base_ctx))
        except (OSError, NoteError) as exc:
            problems.append(Problem(shown, _why(exc)))
            continue
        except Exception as exc:  # a bug of ours must not stop the other notes being checked
            problems.append(Problem(shown, f"internal error ({type(exc).__name__}: {exc}); please report it"))
            continue
        notes[shown] = note
        if progress:
            progress(done, len(found.targets))
    findings.sort(key=lambda f: (f.path, f.start, f.code))
    problems.sort(key=lambda p: p.path)
    return Result(tuple(findings), tuple(problems), notes, found)


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
