"""The one filter stage every finding passes after its rules ran: per-file-ignores, suppression comments, baseline."""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from itertools import groupby
from operator import attrgetter

from vaultlint.engine.kept import Kept
from vaultlint.findings import suppress
from vaultlint.findings.baseline import Applied, Baseline
from vaultlint.findings.baseline_match import apply
from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.record import Record, frozen
from vaultlint.vault.globs import matches

_PATH, _START, _CODE = attrgetter("path"), attrgetter("start"), attrgetter("code")


@frozen
class FindingFilter(Record):
    """What a run's config hides: codes per file (`per-file-ignores`), and each note's suppression comments.

    Plain data, so worker processes can carry it (the fixer filters each version of a note it makes); the
    baseline, matched against a whole run, is applied by `known` after it.
    """

    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()

    def ignored(self, matched: str) -> frozenset[str]:
        """Codes that `per-file-ignores` turns off for a note its globs see as ``matched`` (`NoteRef.matched`)."""
        if not self.per_file_ignores:
            return frozenset()
        hits = [codes for pattern, codes in self.per_file_ignores if matches(matched, [pattern])]
        return frozenset().union(*hits)

    def note(self, note: Note, matched: str, findings: Iterable[Finding], plain: bool = False) -> list[Finding]:
        """One note's findings minus what `per-file-ignores` turns off for it and its comments suppress.
        ``plain``: the note surely holds no suppression comment (`suppress.unmarked` of its bytes said so), so its
        text is not searched for one (lowering each note's text was a quarter of a `fix` with nothing to fix)."""
        ignored = self.ignored(matched)
        passed = [f for f in findings if f.code not in ignored]
        return passed if plain else suppress.apply(note, passed)

    def run(
        self,
        notes: Mapping[str, Note],
        where: Mapping[str, str],
        findings: Iterable[Finding],
        plain: Container[str] = frozenset(),
    ) -> list[Finding]:
        """A run's findings (note rules' and vault rules', by shown path; ``where``: each note's `matched` form)
        that pass, sorted (by path, start and code; in their order where those are equal); a finding on a note
        that is not reported (``notes``) is dropped. ``plain``: notes known to hold no suppression comment (as
        `note` takes it), besides those of a `Kept` that says so."""
        by_note: dict[str, list[Finding]] = {}
        for shown, run in groupby(findings, _PATH):  # a note's findings come together: a run of them at a time
            found = by_note.get(shown)
            if found is None:
                if shown not in notes:
                    continue
                found = by_note[shown] = []
            found.extend(run)
        kept: list[Finding] = []
        for shown in sorted(by_note):  # each note's findings sorted alone: the same order as all of them sorted
            found = by_note[shown]
            if shown in plain or (isinstance(notes, Kept) and notes.unmarked(shown)):  # as `note` keeps, unmade
                ignored = self.ignored(where[shown])
                passed = [f for f in found if f.code not in ignored] if ignored else found
            else:
                passed = self.note(notes[shown], where[shown], found)
            # By code, then (stably) by start: by (start, code), and no key tuple made for each finding, which
            # were 150,000 on the 10,000-note yardstick vault, all alive at once (a full collection).
            passed.sort(key=_CODE)
            passed.sort(key=_START)
            kept.extend(passed)
        return kept


def known(
    baseline: Baseline | None, findings: list[Finding], notes: Mapping[str, Note], enabled: frozenset[str]
) -> tuple[list[Finding], tuple[Applied, ...]]:
    """The last filter: the findings ``baseline`` does not list (all, without one), and what it did."""
    if baseline is None:
        return findings, ()
    new, applied = apply(baseline, findings, notes, enabled)
    return list(new), (applied,)
