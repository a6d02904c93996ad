"""Matching a run's findings against a baseline: which are new, which known, which entries are gone.

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
import os
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping

from vaultlint.findings.baseline import Applied, Baseline, Entry, Key, keyed, relative
from vaultlint.findings.fingerprint import containment, line_hashes, loose_fingerprint
from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.record import Record, frozen

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


@frozen
class Split(Record):
    """Findings the baseline does not cover; how many it hid, how many of its entries no longer occur,
    and how many findings it matched in notes that were renamed or moved."""

    new: tuple[Finding, ...]
    known: int
    gone: int
    moved: int = 0


def apply(
    baseline: Baseline, findings: Iterable[Finding], notes: Mapping[str, Note], enabled: Collection[str] | None = None
) -> tuple[tuple[Finding, ...], Applied]:
    """The findings ``baseline`` does not cover, and what it did."""
    part = split(baseline, findings, notes, enabled)
    return part.new, Applied(baseline.file, part.known, part.gone, part.moved)


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
