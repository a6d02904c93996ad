"""The one filter stage every finding passes after its rules ran: per-file-ignores, then suppression comments."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from vaultlint.findings import suppress
from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.vault.discover import Selection
from vaultlint.vault.globs import matches


@dataclass(frozen=True)
class FindingFilter:
    """What a run's config hides: codes per file (`per-file-ignores`), and each note's suppression comments.

    The baseline, the third filter, is applied to the whole run by `vaultlint.adopt.known`, which also says
    what it hid and what went stale. Plain data, so worker processes can carry it.
    """

    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    selection: Selection | None = None  # how a note's path is matched against the patterns
    root: Path | None = None  # the vault root the patterns are relative to

    def ignored(self, path: Path | str) -> frozenset[str]:
        """Codes that `per-file-ignores` turns off for ``path`` (absolute, or already relative to the vault)."""
        if not self.per_file_ignores:
            return frozenset()
        rel = path
        if not isinstance(path, str):
            rel = self.selection.relative(path, self.root) if self.selection and self.root else path.as_posix()
        hits = [codes for pattern, codes in self.per_file_ignores if matches(str(rel), [pattern])]
        return frozenset().union(*hits)

    def note(self, note: Note, path: Path | str, findings: Iterable[Finding]) -> list[Finding]:
        """One note's findings minus what `per-file-ignores` turns off for it and its comments suppress."""
        ignored = self.ignored(path)
        return suppress.apply(note, [f for f in findings if f.code not in ignored])

    def run(self, notes: Mapping[str, Note], where: Mapping[str, Path], findings: Iterable[Finding]) -> list[Finding]:
        """A run's findings (note rules' and vault rules', by shown path) that pass, sorted; a finding on a
        note that is not reported (``notes``) is dropped."""
        by_note: dict[str, list[Finding]] = {}
        for finding in findings:
            if finding.path in notes:
                by_note.setdefault(finding.path, []).append(finding)
        kept = [f for shown, found in by_note.items() for f in self.note(notes[shown], where[shown], found)]
        return sorted(kept, key=lambda f: (f.path, f.start, f.code))
