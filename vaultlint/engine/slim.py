"""A note checked in a worker and sent back without its facts: its text (squeezed), and what vault rules read of it."""

# Without a cache, the main process held every note's facts until the run ended (the vault rules, the filter
# and the report come last): 2.5 GiB on the 10,000-note yardstick vault. What comes after the note rules
# needs the text, each note's links and outline, and facts only rarely (a note with suppression comments;
# LNK002, off by default): those are parsed again when asked for, as a cached note's are loaded.

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from vaultlint.engine.kept import Squeezed, squeeze
from vaultlint.engine.run import Outcome
from vaultlint.facts import Facts
from vaultlint.parse.note import Note, parse_text
from vaultlint.parse.outline import Outline, note_outline
from vaultlint.paths import NoteRef
from vaultlint.vault.links import InternalLink, internal_links


@dataclass(frozen=True)
class Slim:
    """A note's outcome without its note; the note's text (compressed UTF-8, and whether it is unmarked), newline
    and BOM; its links and outline's targets."""

    outcome: Outcome
    data: bytes  # squeezed in the worker, where it is parallel: the main process keeps it so (`engine.kept`)
    plain: bool
    newline: str
    bom: bool
    links: list[InternalLink]
    targets: Outline  # headings and block ids: what links into the note name (its URLs left out)


@dataclass(frozen=True)
class SlimTask:
    """Checks a note as ``check`` does, and slims its outcome (one whose rule crashed goes whole)."""

    check: Callable[[NoteRef], Outcome]

    def __call__(self, ref: NoteRef) -> Slim | Outcome:
        outcome = self.check(ref)
        note = outcome.note
        if note is None or outcome.failed:
            return outcome
        bare = dataclasses.replace(outcome, note=None)
        targets = note_outline(note).targets()
        data, plain = squeeze(note.text)
        return Slim(bare, data, plain, note.newline, note.bom, internal_links(note), targets)


@dataclass
class Sent:
    """The links and outline targets the workers sent back, by vault path: the vault rules' index reads them.

    Targets, not whole outlines (291 MiB of the main process's on the 10,000-note yardstick vault): only a rule
    that reads facts (LNK002) reads a note's URLs, and with one the notes come back whole."""

    links: dict[str, list[InternalLink]] = field(default_factory=dict)
    targets: dict[str, Outline] = field(default_factory=dict)

    def rebuilt(self, ref: NoteRef, sent: Slim | Outcome) -> tuple[Outcome, Note | Squeezed | None]:
        """The outcome, and its note to keep: squeezed, its facts parsed again if something asks for them."""
        if isinstance(sent, Outcome):
            return sent, sent.note
        self.links[ref.in_vault], self.targets[ref.in_vault] = sent.links, sent.targets
        loader = functools.partial(_reparsed, ref.shown)
        return sent.outcome, Squeezed(sent.data, sent.plain, sent.newline, sent.bom, loader)


def _reparsed(shown: str, text: str) -> Callable[[], Facts]:
    return lambda: parse_text(shown, text).facts
