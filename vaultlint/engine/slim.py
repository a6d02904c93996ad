"""A note checked in a worker and sent back without its facts: its text and what vault rules read of it, squeezed."""

# Without a cache, the main process held every note's facts until the run ended (the vault rules, the filter
# and the report come last): 2.5 GiB on the 10,000-note yardstick vault. What comes after the note rules
# needs the text, each note's links and outline, and facts only rarely (a note with suppression comments;
# LNK002, off by default): those are parsed again when asked for, as a cached note's are loaded.
#
# Links and outline targets are kept as compressed JSON: as records they took 49 and 43 MiB of the main
# process's on the 10,000-note yardstick vault. The vault index decodes a note's links once (it keeps them)
# and its targets for each link naming a heading or block id in it. Unpickling the records cost the main
# process more than decoding the JSON does.

from __future__ import annotations

import dataclasses
import functools
import json
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from sys import intern
from typing import TYPE_CHECKING, TypeVar

from vaultlint.cache.index import Entry
from vaultlint.cache.store import digest as bytes_digest
from vaultlint.engine.kept import LEVEL, RAW, Packed, Unheld, pack, squeeze, still
from vaultlint.engine.run import Outcome, attempt
from vaultlint.facts import Facts
from vaultlint.findings.suppress import unmarked
from vaultlint.gcpause import gc_paused
from vaultlint.parse.note import Note, parse_text
from vaultlint.parse.outline import Outline, OutlineHeading, OutlineUrl, note_targets
from vaultlint.parse.wikitext import Part
from vaultlint.paths import NoteRef
from vaultlint.record import Record, frozen
from vaultlint.vault.links import InternalLink, internal_links
from vaultlint.vault.writer import Snapshot, snapshot

if TYPE_CHECKING:
    from vaultlint.engine.plan import Checker


@frozen
class Slim(Record):
    """A note's outcome without its note; the note's text (compressed UTF-8, and whether it is unmarked), newline
    and BOM; its links and outline's targets."""

    outcome: Outcome
    data: bytes  # squeezed in the worker, where it is parallel: the main process keeps it so (`engine.kept`)
    plain: bool
    newline: str
    bom: bool
    links: bytes  # squeezed (`squeeze_sides`)
    targets: bytes  # headings and block ids: what links into the note name (its URLs left out), squeezed
    length: int  # the text's length (characters)
    filed: bool = False  # ``data`` empty: the note kept as its file (`still`)
    squeezed: bool = True  # False: ``data`` is the text's UTF-8 (a small vault's: `SlimTask.squeeze`)
    # The bytes checked, for a note that may be kept as its file: their stamp (size, mtime: `Snapshot`), whether
    # it was too fresh to vouch for them (`Entry.trusted`), and then their digest (`cache.store.digest`)
    stamp: tuple[int, int] = (0, 0)
    racy: bool = False
    digest: str | None = None


@frozen
class SlimTask(Record):
    """Checks a note as ``check`` does, and slims its outcome (one whose rule crashed goes whole)."""

    check: Checker
    squeeze: bool = True  # False: the text sent as its UTF-8, never left to its file (`engine.kept.HOLD_WHOLE`)

    def __call__(self, ref: NoteRef) -> Slim | Outcome:
        # The cycle collector paused for the whole note (the parse pauses it too): the note's facts and findings,
        # none of them garbage, are let go before it looks (it walked each of them once or twice, with every
        # object held since the last full collection: 0.6 ms of a worker's note, 15% of a 400 KB note's check).
        with gc_paused():
            return self._slim(ref)

    def _slim(self, ref: NoteRef) -> Slim | Outcome:
        read: list[Snapshot] = []

        def work() -> Outcome:
            read.append(snapshot(ref.path))  # its time taken before its bytes: a later write shows
            return self.check.check_bytes(ref, read[0].data)

        outcome = attempt(ref.shown, work)
        note = outcome.note
        if note is None or not read or outcome.failed:
            return outcome
        bare = dataclasses.replace(outcome, note=None)
        links, targets = squeeze_sides(internal_links(note), note_targets(note))
        sides = (note.newline, note.bom, links, targets, len(note.text))
        if not self.squeeze:  # `Packed.unmarked` tells it from the UTF-8 when asked
            return Slim(bare, pack(note.text), False, *sides, squeezed=False)
        # A large vault's note may be read again for the report: its stamp tells whether it is still these bytes,
        # or, when too fresh to vouch for them, its digest (`engine.kept.reread`)
        stamp, racy = (read[0].size, read[0].mtime_ns), not Entry.trusted(read[0].mtime_ns)
        digest = bytes_digest(read[0].data) if racy else None
        if still(read[0].mtime_ns):  # the main process reads it again when asked (`engine.kept.reread`)
            plain = unmarked(pack(note.text))
            return Slim(bare, b"", plain, *sides, filed=True, stamp=stamp, racy=racy, digest=digest)
        data, plain = squeeze(note.text)
        return Slim(bare, data, plain, *sides, stamp=stamp, racy=racy, digest=digest)


def squeeze_sides(links: list[InternalLink], targets: Outline) -> tuple[bytes, bytes]:
    """A note's links and outline targets as compressed JSON (`unsqueeze_links`, `unsqueeze_targets`)."""
    return _squeezed([_link_values(link) for link in links]), _squeezed(_outline_values(targets))


# Each record as a list of its fields' values, in their order (tests/test_memory_sides.py checks that every field
# is written): JSON of plain values only, made in this run's worker and read in its main process, so it is read
# without the cache codec's checks (which are for files another build or a hand may have written).


def _link_values(link: InternalLink) -> list[object]:
    block = None if link.block is None else _part_values(link.block)
    headings = [_part_values(part) for part in link.headings]
    return [*_part_values(link.path), headings, block, link.start, link.end, link.embed, link.markdown]


def _part_values(part: Part) -> list[object]:
    return [part.value, part.start, part.end]


def _outline_values(outline: Outline) -> list[object]:
    return [
        [[heading.level, heading.text, heading.line] for heading in outline.headings],
        list(outline.block_ids),  # in the set's order, made again in it: as unpickling it did, which it replaces
        [[url.url, url.line, url.image] for url in outline.urls],
    ]


UTF8 = ("utf-8", "surrogatepass")  # as json.loads reads bytes


def _squeezed(values: object) -> bytes:
    return zlib.compress(json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode(*UTF8), LEVEL, RAW)


def unsqueeze_links(data: bytes) -> list[InternalLink]:
    # A link's path and headings interned: links name the same notes over and over (on the 10,000-note yardstick
    # vault, 765,000 strings decoded, 30 MiB of the main process's while the vault rules ran)
    return [
        InternalLink(
            Part(intern(value), start, end),
            tuple(Part(intern(h), h_start, h_end) for h, h_start, h_end in headings),
            None if b is None else Part(*b),
            *rest,
        )
        for value, start, end, headings, b, *rest in json.loads(zlib.decompress(data, RAW))
    ]


def unsqueeze_targets(data: bytes) -> Outline:
    headings, block_ids, urls = json.loads(zlib.decompress(data, RAW))
    return Outline(
        tuple(OutlineHeading(*heading) for heading in headings),
        frozenset(block_ids),
        tuple(OutlineUrl(*url) for url in urls),
    )


@dataclass
class Sent:
    """The links and outline targets the workers sent back, by vault path: the vault rules' index reads them
    (`known`), squeezed (`squeeze_sides`), as `check` and `fix` send them.

    Targets, not whole outlines (291 MiB of the main process's on the 10,000-note yardstick vault): only a rule
    that reads facts (LNK002) reads a note's URLs, and with one the notes come back whole."""

    squeezed_links: dict[str, bytes] = field(default_factory=dict)
    squeezed_targets: dict[str, bytes] = field(default_factory=dict)

    def rebuilt(
        self, ref: NoteRef, sent: Slim | Outcome, unheld: Unheld | None = None
    ) -> tuple[Outcome, Note | Packed | None]:
        """The outcome, and its note to keep: squeezed, its facts parsed again if something asks for them; kept
        as its file if it came so, or is ``unheld`` (`engine.kept.Unheld`)."""
        if isinstance(sent, Outcome):
            return sent, sent.note
        self.squeezed_links[ref.in_vault], self.squeezed_targets[ref.in_vault] = sent.links, sent.targets
        loader = functools.partial(_reparsed, ref.shown)
        if sent.filed or unheld is not None and unheld.filed(ref.in_vault, sent.stamp):
            stamp = (sent.stamp[0], 0 if sent.racy else sent.stamp[1])
            source, length, digest = str(ref.path), sent.length, sent.digest
            packed = Packed(b"", sent.newline, sent.bom, loader, False, sent.plain, source, length, None, digest, stamp)
            return sent.outcome, packed
        return sent.outcome, Packed(sent.data, sent.newline, sent.bom, loader, squeezed=sent.squeezed, plain=sent.plain)

    def known(self) -> tuple[Mapping[str, list[InternalLink]], Mapping[str, Outline]]:
        """The links and the outline targets sent, by vault path, each decoded when read (not kept: the index
        keeps the links it reads, and reads a note's targets for each link naming a heading or block in it)."""
        links = Unsqueezed(self.squeezed_links, unsqueeze_links)
        # A note's targets are read for each link into it (3,251 reads of 1,000 notes): decoded once each
        return links, Unsqueezed(self.squeezed_targets, unsqueeze_targets, kept=True)


ValueT = TypeVar("ValueT")


class Unsqueezed(Mapping[str, ValueT]):
    """Values by key: decoded from their compressed form when read."""

    def __init__(
        self,
        squeezed: dict[str, bytes],
        decode: Callable[[bytes], ValueT],
        kept: bool = False,
    ) -> None:
        self._squeezed = squeezed
        self._decode = decode
        self._kept: dict[str, ValueT] | None = {} if kept else None  # each value decoded once, when ``kept``

    def __getitem__(self, key: str) -> ValueT:
        data = self._squeezed[key]
        if self._kept is None:
            return self._decode(data)
        value = self._kept.get(key)
        if value is None:
            value = self._kept[key] = self._decode(data)
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._squeezed

    def __iter__(self) -> Iterator[str]:
        return iter(self._squeezed)

    def __len__(self) -> int:
        return len(self._squeezed)


def _reparsed(shown: str, text: str) -> Callable[[], Facts]:
    return lambda: parse_text(shown, text).facts
