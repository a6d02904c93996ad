"""A note's outline: its headings, block ids and web URLs, as the vault rules read other notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaultlint.lazyre import lazy_compile
from vaultlint.record import Record, frozen

if TYPE_CHECKING:
    from vaultlint.parse.note import Note


@frozen(slots=True)
class OutlineHeading(Record):
    """A heading as links into the note name it."""

    level: int
    text: str  # ATX: the content without the #s, surrounding space and closing #s; setext: the lines, joined
    line: int  # 1-based


@frozen(slots=True)
class OutlineUrl(Record):
    """A web URL the note holds, where it is."""

    url: str  # as vaultlint.facts.Link.url holds it (marko's dest): http, https or www. only
    line: int
    image: bool = False  # `![alt](url)`: duplicate rules leave images (badges, logos) alone


@frozen
class Outline(Record):
    """What links into a note may name (headings, block ids) and the web URLs it holds; see scan.outline."""

    headings: tuple[OutlineHeading, ...]
    block_ids: frozenset[str]  # as written, without the ^
    urls: tuple[OutlineUrl, ...]

    def targets(self) -> Outline:
        """What links into the note may name (headings, block ids), without its URLs."""
        return Outline(self.headings, self.block_ids, ())


def note_targets(note: Note) -> Outline:
    """``note_outline(note).targets()``, its URLs not found first (a cold check's worker sends a note's targets
    back: finding where each of its links is, to drop them, was 2% of its time)."""
    facts = note.facts
    return Outline(
        tuple(OutlineHeading(h.level, h.source, note.position(h.start)[0]) for h in facts.headings),
        frozenset(block.id for block in facts.block_ids),
        (),
    )


def note_outline(note: Note) -> Outline:
    """The outline of a parsed note, from its facts: what `scan.outline` finds in its text, without a scan."""
    targets = note_targets(note)
    return Outline(
        targets.headings,
        targets.block_ids,
        tuple(
            OutlineUrl(link.url, note.position(link.start)[0], link.kind == "image")
            for link in note.facts.links
            if WEB_RE.match(link.url)
        ),
    )


WEB_RE = lazy_compile(r"(?i)https?://|www\.")  # a web URL, as the outline keeps them
