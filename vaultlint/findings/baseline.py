"""The baseline file (findings a vault has accepted for now): its entries, reading and writing it."""

from __future__ import annotations

import dataclasses
import functools
import json
import os
from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path

from vaultlint.errors import VaultlintError
from vaultlint.findings.fingerprint import fingerprint, loose_fingerprint
from vaultlint.model import Finding, Problem
from vaultlint.parse.note import Note
from vaultlint.record import Record, frozen

FORMAT = 1
DEFAULT_NAME = ".vaultlint-baseline.json"

Key = tuple[str, str, str]  # (path relative to the baseline's folder, code, fingerprint)


class BaselineError(VaultlintError):
    """A baseline file that cannot be read, is not one, or cannot be written; the message names it."""


@frozen
class Entry(Record):
    """Accepted findings of one rule with one fingerprint in one note; the message is for readers."""

    path: str
    code: str
    fingerprint: str
    count: int
    message: str
    lines: tuple[int, ...]  # where they were when recorded: the nearest findings are these
    loose: str = ""  # loose_fingerprint: the rule, the finding's text and its line's links

    @property
    def key(self) -> Key:
        return self.path, self.code, self.fingerprint


@frozen
class Baseline(Record):
    """A baseline file's entries; paths in it are relative to its folder."""

    file: Path
    entries: tuple[Entry, ...]
    notes: Mapping[str, str] = dataclasses.field(default_factory=dict)  # every note it covers -> its sketch

    @functools.cached_property
    def folder(self) -> Path:
        return Path(os.path.realpath(self.file)).parent

    def by_key(self) -> dict[Key, Entry]:
        """One entry a key: a file edited by hand or merged by git may hold a key twice; their counts add up."""
        out: dict[Key, Entry] = {}
        for e in self.entries:
            seen = out.get(e.key)
            out[e.key] = dataclasses.replace(e, count=seen.count + e.count, lines=seen.lines + e.lines) if seen else e
        return out


@frozen
class Applied(Record):
    """What a baseline did to a run's findings: how many it hid, how many of its entries no longer occur, and
    how many findings it matched in notes that were renamed or moved."""

    file: Path
    known: int = 0
    gone: int = 0
    moved: int = 0


@frozen
class Checked(Record):
    """One run's findings and notes, the baseline file that applies (if any), and what else it said."""

    findings: tuple[Finding, ...]
    notes: Mapping[str, Note]
    file: Path | None
    problems: tuple[Problem, ...] = ()
    enabled: frozenset[str] | None = None  # the rules that ran (None: every rule)
    baselines: tuple[Applied, ...] = ()  # what the baseline did, when the run's findings went through it


def relative(shown: str, folder: Path) -> str:
    """A finding's display path as the baseline names it: relative to the baseline's folder, POSIX; through
    symbolic links on both sides, so that `/tmp` and `/private/tmp` name one note."""
    return Path(os.path.relpath(os.path.realpath(shown), os.path.realpath(folder))).as_posix()


def entries(findings: Iterable[Finding], notes: Mapping[str, Note], folder: Path) -> list[Entry]:
    """Baseline entries for ``findings``, in the order the findings come (one per key, counted)."""
    out: dict[Key, Entry] = {}
    for f, key in keyed(findings, notes, folder):
        note = notes[f.path]
        seen = out.get(key) or Entry(*key, 0, f.message, (), loose_fingerprint(f, note))
        out[key] = dataclasses.replace(seen, count=seen.count + 1, lines=(*seen.lines, note.position(f.start)[0]))
    return list(out.values())


def keyed(findings: Iterable[Finding], notes: Mapping[str, Note], folder: Path) -> list[tuple[Finding, Key]]:
    """Each finding with its key: its note's path from ``folder`` (each note's worked out once), rule,
    fingerprint."""
    items = list(findings)
    paths = {shown: relative(shown, folder) for shown in {f.path for f in items}}
    return [(f, (paths[f.path], f.code, fingerprint(f, notes[f.path]))) for f in items]


def load(file: Path) -> Baseline:
    """Read a baseline file; BaselineError says what is wrong with it."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{file}: no such baseline (write one with `vaultlint baseline`)") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BaselineError(f"{file}: cannot read baseline: {exc}") from None
    if (
        not isinstance(data, dict)
        or data.get("vaultlint-baseline") != FORMAT
        or isinstance(data.get("vaultlint-baseline"), bool)
    ):
        raise BaselineError(f'{file}: not a vaultlint baseline (expected "vaultlint-baseline": {FORMAT})')
    try:
        found = tuple(_entry(e) for e in _list(data.get("findings", [])))
        covered = data.get("notes", {})
        if not isinstance(covered, dict):
            raise TypeError("notes is not an object")
        checked = {_text(path): _text(print_) for path, print_ in covered.items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise BaselineError(
            f"{file}: a baseline entry is malformed ({type(exc).__name__}: {exc}); "
            "write it again with `vaultlint baseline`"
        ) from None
    return Baseline(file, found, checked)


def _entry(e: object) -> Entry:
    if not isinstance(e, dict):
        raise TypeError(f"an entry is a {type(e).__name__}, not an object")
    count = _number(e.get("count", 1))
    if count < 1:
        raise ValueError(f"count {count} is not a positive number")
    lines = tuple(_number(n) for n in _list(e.get("lines", [])))
    return Entry(
        _text(e["path"]),
        _text(e["code"]),
        _text(e["fingerprint"]),
        count,
        _text(e.get("message", "")),
        lines,
        _text(e.get("loose", "")),
    )


def _text(value: object) -> str:
    if not isinstance(value, str) or len(value) > 4096:
        raise TypeError(f"{value!r:.40} is not a string")
    return value


def _number(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**31:
        raise TypeError(f"{value!r:.40} is not a whole number")
    return value


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError(f"{value!r:.40} is not a list")
    return value


def merged(
    old: Baseline | None,
    fresh: list[Entry],
    checked: Iterable[str],
    folder: Path,
    enabled: Collection[str] | None = None,
    moves: Mapping[str, str] | None = None,
    keep: Callable[[str], bool] | None = None,
) -> list[Entry]:
    """``fresh`` for the notes just checked with the rules ``enabled`` (all when None), plus the old entries
    of other notes that ``keep`` keeps (default: those still on disk), or of other rules: `baseline
    --select ENT` leaves the rest as it was. Old entries of a renamed note (``moves``: new path -> old)
    follow it to its new path."""
    done = {relative(path, folder) for path in checked}
    back = {before: after for after, before in (moves or {}).items()}
    old_entries = [dataclasses.replace(e, path=back.get(e.path, e.path)) for e in (old.entries if old else ())]
    keep = keep or (lambda path: os.path.isfile(folder / path))

    def kept(e: Entry) -> bool:
        redone = e.path in done and (enabled is None or e.code in enabled)
        other_rule = enabled is not None and e.code not in enabled  # kept, for a renamed note to find
        return not redone and (other_rule or keep(e.path))

    items = [e for e in old_entries if kept(e)] + fresh
    return sorted(items, key=lambda e: (e.path, e.lines[:1], e.code))


def dumps(found: Iterable[Entry], checked: Mapping[str, str] | None = None) -> str:
    """The baseline file's text: stable order and keys, one entry a line, so its git diffs read well;
    ``checked`` is every note it covers (those without findings too) with its sketch."""
    lines = [
        json.dumps(
            {
                "path": e.path,
                "code": e.code,
                "fingerprint": e.fingerprint,
                "loose": e.loose,
                "count": e.count,
                "lines": list(e.lines),
                "message": e.message,
            },
            ensure_ascii=False,
        )
        for e in found
    ]
    notes = ",\n  ".join(
        f"{json.dumps(path, ensure_ascii=False)}: {json.dumps(print_)}"
        for path, print_ in sorted((checked or {}).items())
    )
    notes = "{\n  " + notes + "\n }" if notes else "{}"
    body = "[\n  " + ",\n  ".join(lines) + "\n]" if lines else "[]"
    return f'{{"vaultlint-baseline": {FORMAT},\n "notes": {notes},\n "findings": {body}}}\n'
