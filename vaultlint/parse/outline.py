"""A note's outline: its headings, block ids and web URLs, as the vault rules read other notes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutlineHeading:
    level: int
    text: str  # ATX: the content without the #s, surrounding space and closing #s; setext: the lines, joined
    line: int  # 1-based


@dataclass(frozen=True)
class OutlineUrl:
    url: str  # as vaultlint.facts.Link.url holds it (marko's dest): http, https or www. only
    line: int
    image: bool = False  # `![alt](url)`: duplicate rules leave images (badges, logos) alone


@dataclass(frozen=True)
class Outline:
    """What links into a note may name (headings, block ids) and the web URLs it holds; see scan.outline."""

    headings: tuple[OutlineHeading, ...]
    block_ids: frozenset[str]  # as written, without the ^
    urls: tuple[OutlineUrl, ...]
