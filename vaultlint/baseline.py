"""The baseline: findings a vault has accepted for now, so that only new ones fail a check.

Each finding is matched by note, rule and fingerprint (its line's text and the text it
points at, not its line number), with a count, so entries moved around a note or
indented under another still match, and a second copy of a baselined mistake does not.
Of several findings with one fingerprint, those nearest the recorded lines are the known
ones: a pasted copy is the new one, wherever it lands. Then, for what is left:
- a finding whose line was edited (another problem on it fixed) matches a baselined one of
  the same rule, text and links on its line that lost its line the same way;
- a finding in a note the baseline does not know matches one recorded for a note that no
  longer exists (renamed or moved), by rule and fingerprint.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from vaultlint.fingerprint import fingerprint, loose_fingerprint
from vaultlint.model import Finding, Problem
from vaultlint.note import Note

FORMAT = 1
DEFAULT_NAME = ".vaultlint-baseline.json"

Key = tuple[str, str, str]  # (path relative to the baseline's folder, code, fingerprint)


class BaselineError(Exception):
    """A baseline file that cannot be read, is not one, or cannot be written; the message names it."""


@dataclass(frozen=True)
class Entry:
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


@dataclass(frozen=True)
class Baseline:
    """A baseline file's entries; paths in it are relative to its folder."""

    file: Path
    entries: tuple[Entry, ...]

    @property
    def folder(self) -> Path:
        return Path(os.path.abspath(self.file)).parent

    def by_key(self) -> dict[Key, Entry]:
        """One entry a key: a file edited by hand or merged by git may hold a key twice; their counts add up."""
        out: dict[Key, Entry] = {}
        for e in self.entries:
            seen = out.get(e.key)
            out[e.key] = dataclasses.replace(e, count=seen.count + e.count, lines=seen.lines + e.lines) if seen else e
        return out


@dataclass(frozen=True)
class Split:
    """Findings the baseline does not cover; how many it hid, how many of its entries no longer occur,
    and how many findings it matched in notes that were renamed or moved."""

    new: tuple[Finding, ...]
    known: int
    gone: int
    moved: int = 0


@dataclass(frozen=True)
class Checked:
    """One run's findings and notes, the baseline file that applies (if any), and what else it said."""

    findings: tuple[Finding, ...]
    notes: Mapping[str, Note]
    file: Path | None
    problems: tuple[Problem, ...] = ()
    enabled: frozenset[str] | None = None  # the rules that ran (None: every rule)


def relative(shown: str, folder: Path) -> str:
    """A finding's display path as the baseline names it: relative to the baseline's folder, POSIX."""
    return Path(os.path.relpath(os.path.abspath(shown), folder)).as_posix()


def entries(findings: Iterable[Finding], notes: Mapping[str, Note], folder: Path) -> list[Entry]:
    """Baseline entries for ``findings``, in the order the findings come (one per key, counted)."""
    out: dict[Key, Entry] = {}
    for f in findings:
        note = notes[f.path]
        key = (relative(f.path, folder), f.code, fingerprint(f, note))
        line = note.position(f.start)[0]
        seen = out.get(key) or Entry(*key, 0, f.message, (), loose_fingerprint(f, note))
        out[key] = dataclasses.replace(seen, count=seen.count + 1, lines=(*seen.lines, line))
    return list(out.values())


def split(baseline: Baseline, findings: Iterable[Finding], notes: Mapping[str, Note],
          enabled: Collection[str] | None = None) -> Split:
    """Findings not covered by ``baseline`` (see the module's docstring for how they are matched).

    Entries count as gone only for the notes checked and the rules ``enabled`` (all when None):
    `--select` hides findings, it does not fix them.
    """
    items = list(findings)
    recorded = baseline.by_key()
    groups: dict[Key, list[tuple[int, Finding]]] = defaultdict(list)
    for f in items:
        note = notes[f.path]
        groups[(relative(f.path, baseline.folder), f.code, fingerprint(f, note))].append((note.position(f.start)[0], f))
    unmatched: list[Finding] = []
    left: Counter[Key] = Counter({key: e.count for key, e in recorded.items()})
    for key, group in groups.items():
        entry = recorded.get(key)
        taken = _nearest(group, entry.lines, entry.count) if entry else set()
        unmatched += [f for i, (_, f) in enumerate(group) if i not in taken]
        left[key] -= len(taken)
    new, gone_loose = _by_loose(unmatched, recorded, left, notes, baseline.folder)
    new, moved = _by_moved_note(new, recorded, left, notes, baseline.folder)
    checked = {relative(path, baseline.folder) for path in notes}
    gone = sum(n for (path, code, _), n in gone_loose.items()
               if path in checked and (enabled is None or code in enabled))
    return Split(tuple(new), len(items) - len(new), gone, moved)


def _nearest(group: list[tuple[int, Finding]], lines: tuple[int, ...], count: int) -> set[int]:
    """Indexes of the ``count`` findings of ``group`` (line, finding) nearest the recorded ``lines``."""
    if count >= len(group):
        return set(range(len(group)))
    taken: set[int] = set()
    for line in lines[:count]:
        free = [i for i in range(len(group)) if i not in taken]
        taken.add(min(free, key=lambda i: (abs(group[i][0] - line), i)))
    taken.update([i for i in range(len(group)) if i not in taken][:count - len(taken)])
    return taken


def _by_loose(unmatched: list[Finding], recorded: Mapping[Key, Entry], left: Counter[Key],
              notes: Mapping[str, Note], folder: Path) -> tuple[list[Finding], Counter[Key]]:
    """``unmatched`` minus those that match what is left of an entry by rule, text and links; and what is
    left after that, by (path, code, loose fingerprint)."""
    pool: Counter[Key] = Counter()
    for key, e in recorded.items():
        pool[(e.path, e.code, e.loose)] += left[key]
    new = []
    for f in unmatched:
        loose = (relative(f.path, folder), f.code, loose_fingerprint(f, notes[f.path]))
        if pool[loose] > 0:
            pool[loose] -= 1
        else:
            new.append(f)
    return new, pool


def _by_moved_note(unmatched: list[Finding], recorded: Mapping[Key, Entry], left: Counter[Key],
                   notes: Mapping[str, Note], folder: Path) -> tuple[list[Finding], int]:
    """``unmatched`` minus findings of notes unknown to the baseline that match an entry of a note that is
    gone from disk (renamed or moved), by rule and fingerprint; and how many matched so."""
    known_paths = {e.path for e in recorded.values()}
    pool: Counter[tuple[str, str]] = Counter()
    for key, e in recorded.items():
        if left[key] > 0 and not (folder / e.path).is_file():
            pool[(e.code, e.fingerprint)] += left[key]
    if not pool:
        return unmatched, 0
    new = []
    for f in unmatched:
        loose = (f.code, fingerprint(f, notes[f.path]))
        if relative(f.path, folder) not in known_paths and pool[loose] > 0:
            pool[loose] -= 1
        else:
            new.append(f)
    return new, len(unmatched) - len(new)


def load(file: Path) -> Baseline:
    """Read a baseline file; BaselineError says what is wrong with it."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{file}: no such baseline (write one with `vaultlint baseline`)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{file}: cannot read baseline: {exc}") from None
    if not isinstance(data, dict) or data.get("vaultlint-baseline") != FORMAT:
        raise BaselineError(f'{file}: not a vaultlint baseline (expected "vaultlint-baseline": {FORMAT})')
    try:
        found = tuple(Entry(e["path"], e["code"], e["fingerprint"], int(e.get("count", 1)), str(e.get("message", "")),
                            tuple(int(n) for n in e.get("lines", ())), str(e.get("loose", "")))
                      for e in data.get("findings", []))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BaselineError(f"{file}: a baseline entry is malformed ({type(exc).__name__}: {exc})") from None
    return Baseline(file, found)


def merged(old: Baseline | None, fresh: list[Entry], checked: Iterable[str], folder: Path,
           enabled: Collection[str] | None = None) -> list[Entry]:
    """``fresh`` for the notes just checked with the rules ``enabled`` (all when None), plus the old entries
    of other notes that still exist, or of other rules: `baseline --select ENT` leaves the rest as it was."""
    done = {relative(path, folder) for path in checked}

    def kept(e: Entry) -> bool:
        redone = e.path in done and (enabled is None or e.code in enabled)
        return not redone and (folder / e.path).is_file()

    items = [e for e in (old.entries if old else ()) if kept(e)] + fresh
    return sorted(items, key=lambda e: (e.path, e.lines[:1], e.code))


def dumps(found: Iterable[Entry]) -> str:
    """The baseline file's text: stable order and keys, one entry a line, so its git diffs read well."""
    lines = [json.dumps({"path": e.path, "code": e.code, "fingerprint": e.fingerprint, "loose": e.loose,
                         "count": e.count, "lines": list(e.lines), "message": e.message}, ensure_ascii=False)
             for e in found]
    if not lines:
        return f'{{"vaultlint-baseline": {FORMAT}, "findings": []}}\n'
    body = ",\n  ".join(lines)
    return f'{{"vaultlint-baseline": {FORMAT}, "findings": [\n  {body}\n]}}\n'
