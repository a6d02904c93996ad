"""The text of a wiki link: its parts (target, headings, block, alias), with spans; no parser."""

from __future__ import annotations

from typing import Any

from vaultlint.record import Record, frozen


@frozen(slots=True)
class Part(Record):
    """One part of a link (note path, a heading, the block id) and where it is written.

    ``value`` is what Obsidian reads: stripped, URL-decoded for Markdown links,
    without the `^` of a block id; ``start``/``end`` cover it as written.
    """

    value: str
    start: int
    end: int


@frozen
class WikiParts(Record):
    """A wiki link body split at the alias `|` and at each `#` (empty parts kept: `[[Note#]]`)."""

    target: Part
    sections: tuple[Part, ...]  # headings, and a block id as the last one (see ``split_block``)
    alias: str | None


def wiki_parts(body: str, at: int = 0) -> WikiParts:
    """The parts of a wiki link ``body`` written at offset ``at``."""
    alias_at = alias_separator(body)
    target = body if alias_at < 0 else body[:alias_at]
    alias = None if alias_at < 0 else body[alias_at:].lstrip("\\")[1:].strip()
    parts, offset = [], at
    for piece in target.split("#"):
        parts.append(_stripped(piece, offset))
        offset += len(piece) + 1
    return WikiParts(parts[0], tuple(parts[1:]), alias)


def split_wiki_body(body: str) -> dict[str, Any]:
    """Split a wiki link body into target, headings, block id and alias (the values of ``wiki_parts``)."""
    parts = wiki_parts(body)
    headings, block = split_block(parts.sections)
    return {
        "target": parts.target.value,
        "headings": tuple(h.value for h in headings),
        "block": block.value if block else None,
        "alias": parts.alias,
    }


def split_block(parts: tuple[Part, ...]) -> tuple[tuple[Part, ...], Part | None]:
    """Headings and the block id of a link's `#` parts (a last part `^id`); `#^` alone names no block."""
    if parts and parts[-1].value.startswith("^"):
        last = parts[-1]
        return parts[:-1], Part(last.value[1:], last.start, last.end) if last.value != "^" else None
    return parts, None


def alias_separator(body: str) -> int:
    """Index of the alias `|` (or of the `\\` of `\\|` in tables), or -1."""
    at = body.find("|")
    if at < 0:
        return -1
    return at - 1 if at > 0 and body[at - 1] == "\\" else at


def _stripped(piece: str, at: int) -> Part:
    lead = len(piece) - len(piece.lstrip())
    value = piece.strip()
    return Part(value, at + lead, at + lead + len(value))
