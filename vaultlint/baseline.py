"""The baseline: findings a vault has accepted for now, so that only new ones fail a check.

Each finding is matched by note, rule and fingerprint (its line's text and the text it
points at, not its line number), with a count, so entries moved around a note or
indented under another still match, and a second copy of a baselined mistake does not.
A finding whose line was edited (another problem on it fixed) then matches a baselined
finding of the same rule, text and links on its line that lost its line the same way.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from vaultlint.fingerprint import fingerprint, loose_fingerprint
from vaultlint.model import Finding
from vaultlint.note import Note

FORMAT = 1
DEFAULT_NAME = ".vaultlint-baseline.json"

Key = tuple[str, str, str]  # (path relative to the baseline's folder, code, fingerprint)


class BaselineError(Exception):
    """A baseline file that cannot be read or is not one; the message names it."""


@dataclass(frozen=True)
class Entry:
    """Accepted findings of one rule with one fingerprint in one note; message and line are for readers."""

    path: str
    code: str
    fingerprint: str
    count: int
    message: str
    line: int
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

    def counts(self) -> Counter[Key]:
        return Counter({e.key: e.count for e in self.entries})


@dataclass(frozen=True)
class Split:
    """Findings the baseline does not cover, how many it hid, and how many of its entries no longer occur."""

    new: tuple[Finding, ...]
    known: int
    gone: int


def relative(shown: str, folder: Path) -> str:
    """A finding's display path as the baseline names it: relative to the baseline's folder, POSIX."""
    return Path(os.path.relpath(os.path.abspath(shown), folder)).as_posix()


def entries(findings: Iterable[Finding], notes: Mapping[str, Note], folder: Path) -> list[Entry]:
    """Baseline entries for ``findings``, in the order the findings come (one per key, counted)."""
    out: dict[Key, Entry] = {}
    for f in findings:
        note = notes[f.path]
        key = (relative(f.path, folder), f.code, fingerprint(f, note))
        seen = out.get(key)
        first = seen or Entry(*key, 0, f.message, note.position(f.start)[0], loose_fingerprint(f, note))
        out[key] = dataclasses.replace(first, count=first.count + 1)
    return list(out.values())


def split(baseline: Baseline, findings: Iterable[Finding], notes: Mapping[str, Note],
          enabled: Collection[str] | None = None) -> Split:
    """Findings not covered by ``baseline``: matched by fingerprint first, then the rest by rule and text.

    Of several findings with one key, the first ``count`` in the note are the known ones. Entries count as
    gone only for the notes checked and the rules ``enabled`` (all when None): `--select` hides, not fixes.
    """
    items = list(findings)
    left = baseline.counts()
    unmatched: list[tuple[Finding, tuple[str, str, str]]] = []
    for f in items:
        path = relative(f.path, baseline.folder)
        key = (path, f.code, fingerprint(f, notes[f.path]))
        if left[key] > 0:
            left[key] -= 1
        else:
            unmatched.append((f, (path, f.code, loose_fingerprint(f, notes[f.path]))))
    spans: Counter[tuple[str, str, str]] = Counter()
    for e in baseline.entries:  # what no finding took by fingerprint, by rule and text
        spans[(e.path, e.code, e.loose)] += left[e.key]
        left[e.key] = 0
    new = []
    for f, coarse in unmatched:
        if spans[coarse] > 0:
            spans[coarse] -= 1
        else:
            new.append(f)
    checked = {relative(path, baseline.folder) for path in notes}
    gone = sum(n for (path, code, _), n in spans.items() if path in checked and (enabled is None or code in enabled))
    return Split(tuple(new), len(items) - len(new), gone)


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
        found = tuple(Entry(e["path"], e["code"], e["fingerprint"], int(e.get("count", 1)), e.get("message", ""),
                            int(e.get("line", 0)), e.get("loose", "")) for e in data.get("findings", []))
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

    return sorted([e for e in (old.entries if old else ()) if kept(e)] + fresh, key=lambda e: (e.path, e.line, e.code))


def dumps(found: Iterable[Entry]) -> str:
    """The baseline file's text: stable order and keys, one entry a line, so its git diffs read well."""
    lines = [json.dumps({"path": e.path, "code": e.code, "fingerprint": e.fingerprint, "loose": e.loose,
                         "count": e.count, "line": e.line, "message": e.message}, ensure_ascii=False) for e in found]
    body = ",\n  ".join(lines)
    return f'{{"vaultlint-baseline": {FORMAT}, "findings": [\n  {body}\n]}}\n' if lines else \
        f'{{"vaultlint-baseline": {FORMAT}, "findings": []}}\n'

