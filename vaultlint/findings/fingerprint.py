"""A finding's fingerprint: what stays the same when lines move, for baselines and SARIF."""

from __future__ import annotations

from typing import Protocol

from vaultlint.hashing import blake2b
from vaultlint.lazyre import lazy_compile
from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.vault.urls import identity


class Placed(Protocol):
    """A note's text and where its offsets are: a Note, or what reads its places faster (report._lines.Lines)."""

    @property
    def text(self) -> str: ...

    def position(self, offset: int) -> tuple[int, int]: ...

    def line_span(self, line: int) -> tuple[int, int]: ...


def fingerprint(finding: Finding, note: Placed) -> str:
    """16 hex digits from the rule, the finding's line (stripped) and the text it points at.

    Line numbers and the message are left out on purpose: an entry moved elsewhere in the note, or
    indented under another item, keeps its fingerprint, and so does a `did you mean` that changes
    when a note is added. An edited line gets a new one, as it should: it is a new contribution.
    """
    line = note.position(finding.start)[0]
    start, end = note.line_span(line)
    key = "\0".join((finding.code, note.text[start:end].strip(), note.text[finding.start : finding.end]))
    return blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


# What identifies a line when its wording changes: the links on it (an entry keeps its URL while a fix
# re-spells its kind); failing those, its letters and digits.
ANCHOR_RE = lazy_compile(r"https?://[^\s)>\]]+|\[\[[^\]\n]*\]\]")
NOT_WORD_RE = lazy_compile(r"[\W_]+")


def loose_fingerprint(finding: Finding, note: Note) -> str:
    """16 hex digits from the rule, the finding's text and its line's links (else its letters, any case).

    A baseline falls back on it when a finding's line was edited (another problem on it fixed, a kind
    re-spelt) but the finding is the same; a new entry has other links, so it is not taken for an old one.
    """
    line = note.position(finding.start)[0]
    start, end = note.line_span(line)
    text = note.text[start:end]
    # A URL counts by its identity: a fix that drops its tracking parameters leaves the line the same entry.
    anchors = sorted(identity(a).key if a.startswith("http") else a for a in ANCHOR_RE.findall(text))
    anchors = anchors or [NOT_WORD_RE.sub("", text).casefold()]
    key = "\0".join((finding.code, note.text[finding.start : finding.end].strip(), *anchors))
    return blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


SKETCH_SIZE = 16


def line_hashes(note: Note) -> set[str]:
    """A short hash of each distinct non-blank line of the note (stripped), as 8 hex digits."""
    return {
        blake2b(line.strip().encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
        for line in note.text.splitlines()
        if line.strip()
    }


def sketch(note: Note) -> str:
    """A small summary of a note's lines (the smallest of their hashes), enough to tell that a note
    elsewhere is this one renamed or moved: see ``containment``."""
    return " ".join(sorted(line_hashes(note))[:SKETCH_SIZE])


def containment(recorded: str, hashes: set[str]) -> float:
    """How much of a recorded note (its sketch) is in a note now (its line hashes), 0 to 1: a note that
    grew, or lost a few lines, still contains most of what it was."""
    mine = recorded.split()
    return sum(1 for h in mine if h in hashes) / len(mine) if mine else 0.0
