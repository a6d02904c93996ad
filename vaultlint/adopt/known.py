"""Baselines at work: the findings they leave of a run, and writing one from a run."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise, starmap
from operator import attrgetter, gt
from pathlib import Path

from vaultlint import display
from vaultlint.display import plural, visible
from vaultlint.findings.baseline import Applied, BaselineError, Checked, dumps, entries, load, merged, relative
from vaultlint.findings.baseline_match import renamed
from vaultlint.findings.fingerprint import sketch
from vaultlint.model import Finding
from vaultlint.vault.writer import WriteRefused, create, replace, snapshot

_ORDER = attrgetter("path", "start", "code")


@dataclass(frozen=True)
class Known:
    """Findings left after the baselines, with how many they hid, how many of their entries are gone,
    and how many they matched in renamed or moved notes."""

    new: tuple[Finding, ...]
    hidden: int = 0
    gone: int = 0
    moved: int = 0
    files: tuple[str, ...] = ()

    @classmethod
    def of(cls, findings: Iterable[Finding], baselines: Iterable[Applied]) -> Known:
        """The findings runs left after their baselines (the engine's last filter), with what the baselines did."""
        used = list(baselines)
        # By (path, start, code): a run's come so already (`engine.filter`), told pair by pair; sorted, all their
        # keys were alive at once (141,288 tuples on the 10,000-note yardstick vault: a full collection).
        ordered = list(findings)
        if any(starmap(gt, pairwise(map(_ORDER, ordered)))):  # several runs' (config groups)
            ordered.sort(key=_ORDER)
        files = tuple(dict.fromkeys(display.path(a.file) for a in used))
        hidden, gone, moved = sum(a.known for a in used), sum(a.gone for a in used), sum(a.moved for a in used)
        return cls(tuple(ordered), hidden, gone, moved, files)

    def note(self) -> str:
        """`145 known problems are in the baseline (…).`, and hints when it needs updating."""
        lines = []
        if self.hidden:
            verb = "is" if self.hidden == 1 else "are"
            files = ", ".join(visible(file) for file in self.files)  # a name's controls escaped, as in findings
            lines.append(f"{plural(self.hidden, 'known problem')} {verb} in the baseline ({files}).")
        update = "run `vaultlint baseline` to update it"
        if self.moved:
            verb = "is" if self.moved == 1 else "are"
            lines.append(f"{self.moved} of them {verb} in notes that were renamed or moved; {update}.")
        if self.gone:
            verb = "occurs" if self.gone == 1 else "occur"
            lines.append(f"{plural(self.gone, 'baselined problem')} no longer {verb}; {update}.")
        return "".join(f"{line}\n" for line in lines)


def write(file: Path, runs: list[Checked], scope: Iterable[Path] = ()) -> tuple[int, int]:
    """Merge ``runs`` into the baseline ``file`` (created, or replaced atomically): the entries of the notes
    and rules checked are replaced, the others kept. A note gone from disk is dropped only when it lay
    under ``scope`` (the paths checked) and no note of the run is it renamed; a run over other notes
    cannot tell a deleted note from one renamed elsewhere. Returns the problems and notes recorded.

    BaselineError if ``file`` exists but is not a baseline (it is not overwritten) or cannot be written.
    """
    folder = Path(os.path.realpath(file)).parent
    fresh = [e for run in runs for e in entries(run.findings, run.notes, folder)]
    enabled = frozenset().union(*(run.enabled or () for run in runs))
    under = [os.path.realpath(p) for p in scope]
    try:
        old = load(file) if file.exists() else None
        checked = [path for run in runs for path in run.notes]
        notes = {path: note for run in runs for path, note in run.notes.items()}
        moves = renamed(old, notes, (e.key for e in fresh for _ in range(e.count))) if old else {}
        claimed = set(moves.values())

        def keep(path: str) -> bool:
            where = os.path.realpath(folder / path)
            if os.path.isfile(where):
                return True
            return path not in claimed and not any(where == p or where.startswith(p + os.sep) for p in under)

        kept = {path: print_ for path, print_ in (old.notes if old else {}).items() if keep(path)}
        covered = kept | {relative(path, folder): sketch(note) for path, note in notes.items()}
        text = dumps(merged(old, fresh, checked, folder, enabled, moves, keep), covered)
        data = text.encode("utf-8", "backslashreplace")  # a file name that is not UTF-8: a JSON \u escape
        if old is None:
            create(file, data)
        else:
            replace(file, data, snapshot(file))
    except BaselineError as exc:
        raise BaselineError(f"{exc}; not overwritten") from None
    except (WriteRefused, OSError) as exc:
        raise BaselineError(f"{display.path(file)}: {exc}") from None
    return sum(e.count for e in fresh), len({e.path for e in fresh})
