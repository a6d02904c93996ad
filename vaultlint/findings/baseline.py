"""The baseline: findings a vault has accepted for now, so that only new ones fail a check.

Each finding is matched by note, rule and fingerprint (its line's text and the text it
points at, not its line number), with a count, so entries moved around a note or
indented under another still match, and a second copy of a baselined mistake does not.
Of several findings with one fingerprint, those nearest the recorded lines are the known
ones: a pasted copy is the new one, wherever it lands. Then, for what is left:
- a finding whose line was edited (another problem on it fixed) matches a baselined one of
  the same rule, text and links on its line that lost its line the same way;
- a note the baseline has never seen, whose lines are mostly those of a note that no longer
  exists, is that note renamed or moved: its findings match that note's entries.
Entries of notes that no longer exist count as gone (unless a renamed note took them).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import json
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from vaultlint.findings.fingerprint import containment, fingerprint, line_hashes, loose_fingerprint
from vaultlint.model import Finding, Problem
from vaultlint.parse.note import Note

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


RENAMED_FROM = 0.5  # how much (0 to 1) of a gone note a note must contain to be taken for it renamed


def renamed(baseline: Baseline, notes: Mapping[str, Note], keys: Iterable[Key] = ()) -> dict[str, str]:
    """Path now -> path before, for notes that are a note the baseline covers, moved: one gone from disk,
    or whose place now holds something else (two notes swapped). A note is taken for a gone one when it
    contains at least half of its lines (sketched); of several, the pairs that contain the most, then
    share the most findings (``keys``, of the notes now), go first, and each note pairs once."""
    folder = baseline.folder
    here = {relative(shown, folder): note for shown, note in notes.items()}
    hashes = {path: line_hashes(note) for path, note in here.items()}
    gone = {
        path: print_
        for path, print_ in baseline.notes.items()
        if not os.path.isfile(folder / path) or (path in here and containment(print_, hashes[path]) < RENAMED_FROM)
    }
    if not gone:
        return {}
    index: dict[str, set[str]] = defaultdict(set)  # a line hash -> the gone notes whose sketch holds it
    for path, print_ in gone.items():
        for h in print_.split():
            index[h].add(path)
    found: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)  # a note now -> its (code, fingerprint)s
    for path, code, print_ in keys:
        found[path][(code, print_)] += 1
    recorded: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for e in baseline.entries:
        recorded[e.path][(e.code, e.fingerprint)] += e.count
    pairs = []
    for path in here:
        if path in baseline.notes and path not in gone:
            continue
        for old in set().union(*(index[h] for h in hashes[path] if h in index)):
            share = containment(gone[old], hashes[path])
            if share >= RENAMED_FROM:
                pairs.append((-share, -sum((found[path] & recorded[old]).values()), path, old))
    out: dict[str, str] = {}
    for _, _, path, old in sorted(pairs):
        if path not in out and old not in out.values():
            out[path] = old
    # A note at a known place whose lines are no longer mostly those recorded there is a new note:
    # the old entries there are not its own (they moved with their note, or are gone).
    out |= {path: path + NEW_NOTE for path in gone if path in here and path not in out}
    return {path: old for path, old in out.items() if path != old}


NEW_NOTE = "\0new"  # appended to a path: a note the baseline has no entries for


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


def split(
    baseline: Baseline, findings: Iterable[Finding], notes: Mapping[str, Note], enabled: Collection[str] | None = None
) -> Split:
    """Findings not covered by ``baseline`` (see the module's docstring for how they are matched).

    Entries count as gone for the notes checked and the notes gone from disk, and only for the rules
    ``enabled`` (all when None): `--select` hides findings, it does not fix them.
    """
    folder = baseline.folder
    items = keyed(findings, notes, folder)
    recorded = baseline.by_key()
    moves = renamed(baseline, notes, (key for _, key in items))
    groups: dict[Key, list[tuple[int, Finding]]] = defaultdict(list)
    for f, (path, code, print_) in items:
        groups[(moves.get(path, path), code, print_)].append((notes[f.path].position(f.start)[0], f))
    unmatched: list[tuple[Finding, str]] = []
    left: Counter[Key] = Counter({key: e.count for key, e in recorded.items()})
    for key, group in groups.items():
        entry = recorded.get(key)
        taken = _nearest(group, entry.lines, entry.count) if entry else set()
        unmatched += [(f, key[0]) for i, (_, f) in enumerate(group) if i not in taken]
        left[key] -= len(taken)
    new, pool = _by_loose(unmatched, recorded, left, notes)
    checked = {path for _, (path, _, _) in items} | {relative(path, folder) for path in notes} | set(moves.values())
    missing = {e.path for e in recorded.values() if not os.path.isfile(folder / e.path)}
    gone = sum(
        n
        for (path, code, _), n in pool.items()
        if (path in checked or path in missing) and (enabled is None or code in enabled)
    )
    fresh = {id(f) for f in new}
    moved = sum(
        1 for f, (path, _, _) in items if id(f) not in fresh and path in moves and not moves[path].endswith(NEW_NOTE)
    )
    return Split(tuple(new), len(items) - len(new), gone, moved)


def _nearest(group: list[tuple[int, Finding]], lines: tuple[int, ...], count: int) -> set[int]:
    """Indexes of the ``count`` findings of ``group`` (line, finding) nearest the recorded ``lines``."""
    if count >= len(group):
        return set(range(len(group)))
    free = sorted((line, i) for i, (line, _) in enumerate(group))
    taken: set[int] = set()
    for line in lines[:count]:
        at = bisect.bisect_left(free, (line, -1))
        near = min((c for c in (at - 1, at) if 0 <= c < len(free)), key=lambda c: (abs(free[c][0] - line), c))
        taken.add(free.pop(near)[1])
    taken.update(i for _, i in free[: count - len(taken)])
    return taken


def _by_loose(
    unmatched: list[tuple[Finding, str]], recorded: Mapping[Key, Entry], left: Counter[Key], notes: Mapping[str, Note]
) -> tuple[list[Finding], Counter[Key]]:
    """``unmatched`` (each finding with the path it is matched under) minus those that match what is left of
    an entry by rule, text and links; and what is left after that, by (path, code, loose fingerprint)."""
    pool: Counter[Key] = Counter()
    for key, e in recorded.items():
        pool[(e.path, e.code, e.loose)] += left[key]
    new = []
    for f, path in unmatched:
        loose = (path, f.code, loose_fingerprint(f, notes[f.path]))
        if pool[loose] > 0:
            pool[loose] -= 1
        else:
            new.append(f)
    return new, pool


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
