"""Obsidian's rules for the part of a link after the note name: headings (nested) and block ids.

Obsidian compares a link's heading with a note's headings after passing both
through its `stripHeading`: the characters ``!"#$%&()*+,.:;<=>?@^`{|}~/[]\\``
and line breaks become spaces, runs of spaces become one, the ends are
trimmed, and case is ignored. So `[[Note#C++ (intro)]]` finds `## C++: intro`,
and `**bold**` in a heading matches `bold` in a link. `[[Note#A#B]]` names a
heading B inside the section of a heading A, at any depth below it. Block ids
(`^id`: letters, digits and dashes) are compared ignoring case, as Obsidian
keys its block cache in lower case.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence
from typing import Protocol

from vaultlint.lazyre import lazy_compile
from vaultlint.record import Record, frozen

STRIP_HEADING_RE = lazy_compile(r"[!\"#$%&()*+,.:;<=>?@^`{|}~/\[\]\\\r\n]")
LINK_UNSAFE_RE = lazy_compile(r"[:#|^\\\r\n]|%%|\[\[|\]\]")
# GitHub's anchors: lower case, punctuation dropped, spaces to dashes (some vaults are also read on GitHub).
SLUG_DROP_RE = lazy_compile(r"[^\w\- ]")
CUSTOM_ID_RE = lazy_compile(r"\{#([\w.:-]+)\}\s*$")  # a heading's own anchor: `## Title {#id}` (Docusaurus, MkDocs)
MARKDOWN_LINK_RE = lazy_compile(r"!?\[([^\]]*)\]\([^)]*\)")  # `[text](url)` renders as its text


class HeadingLike(Protocol):
    @property
    def level(self) -> int: ...

    @property
    def text(self) -> str: ...


def strip_heading(text: str) -> str:
    """Obsidian's `stripHeading`: what a heading and a link's heading are compared by (then case-folded)."""
    return " ".join(STRIP_HEADING_RE.sub(" ", text).split())


@functools.lru_cache(maxsize=65536)  # the same headings are compared for every link to their note
def heading_key(text: str) -> str:
    return strip_heading(text).casefold()


def heading_for_link(text: str) -> str:
    """Obsidian's `stripHeadingForLink`: the heading as its link suggester writes it after `#`."""
    return " ".join(LINK_UNSAFE_RE.sub(" ", text).split())


def github_slug(text: str) -> str:
    """The anchor GitHub gives a heading, from its rendered text: `## Deep Learning (2016)` -> `deep-learning-2016`,
    `# [Contributing](https://...)` -> `contributing`."""
    rendered = MARKDOWN_LINK_RE.sub(r"\1", text) if "](" in text else text
    return SLUG_DROP_RE.sub("", rendered.strip().lower()).replace(" ", "-")


def match_headings(headings: Sequence[HeadingLike], parts: Sequence[str]) -> int:
    """How many of ``parts`` match in order, each inside the section of the heading matched before it.

    Every heading of a name is tried (two `## A` sections: `[[T#A#B]]` looks under both).
    """
    index = _index(headings)
    wanted = [heading_key(p) for p in parts]

    def deepest(depth: int, lo: int, hi: int) -> int:
        if depth == len(wanted):
            return depth
        best = depth
        places = index.where.get(wanted[depth], [])
        for at in places[bisect.bisect_left(places, lo) : bisect.bisect_left(places, hi)]:
            best = max(best, deepest(depth + 1, at + 1, min(index.section_end[at], hi)))
            if best == len(wanted):
                break
        return best

    return deepest(0, 0, len(headings))


@frozen
class _Index(Record):
    """A note's headings by key (their places, in order) and where each heading's section ends."""

    where: dict[str, list[int]]
    section_end: list[int]


_INDEXES: dict[int, tuple[Sequence[HeadingLike], _Index]] = {}
_ANCHORS: dict[int, tuple[Sequence[HeadingLike], frozenset[str]]] = {}


def _index(headings: Sequence[HeadingLike]) -> _Index:
    """The index of ``headings``, made once per outline: every link into a note is matched against the same
    headings, and walking them all for each link was quadratic (20,000 `# H` + `[[#H]]` pairs: 168 s)."""
    cached = _INDEXES.get(id(headings))
    if cached is not None and cached[0] is headings:
        return cached[1]
    where: dict[str, list[int]] = {}
    for at, heading in enumerate(headings):
        where.setdefault(heading_key(heading.text), []).append(at)
    section_end = [len(headings)] * len(headings)
    open_sections: list[int] = []  # headings whose section is still open, levels strictly rising
    for at, heading in enumerate(headings):
        while open_sections and headings[open_sections[-1]].level >= heading.level:
            section_end[open_sections.pop()] = at
        open_sections.append(at)
    index = _Index(where, section_end)
    if len(_INDEXES) >= 64:  # a few outlines at a time are being matched against; keep the cache small
        _INDEXES.clear()
    _INDEXES[id(headings)] = (headings, index)
    return index


def heading_copies(headings: Sequence[HeadingLike], parts: Sequence[str]) -> list[int]:
    """Every heading (by index, in order) the heading path ``parts`` can name, walked as ``match_headings``
    walks it; Obsidian opens the first of them."""
    index = _index(headings)
    wanted = [heading_key(p) for p in parts]

    def walk(depth: int, lo: int, hi: int) -> set[int]:
        found: set[int] = set()
        places = index.where.get(wanted[depth], [])
        for at in places[bisect.bisect_left(places, lo) : bisect.bisect_left(places, hi)]:
            if depth == len(wanted) - 1:
                found.add(at)
            else:
                found |= walk(depth + 1, at + 1, min(index.section_end[at], hi))
        return found

    return sorted(walk(0, 0, len(headings)))


def repeated_keys(headings: Sequence[HeadingLike]) -> frozenset[str]:
    """The keys of the headings written more than once."""
    return frozenset(key for key, places in _index(headings).where.items() if len(places) > 1)


def web_anchors(headings: Sequence[HeadingLike]) -> frozenset[str]:
    """The anchors a web page of these headings has: each heading's GitHub slug and its own `{#id}`. Made apart
    from the index, when asked: only a Markdown link whose heading Obsidian would not find asks (a slug for every
    heading of every indexed note was half of WIK002's index time on vault-1000)."""
    cached = _ANCHORS.get(id(headings))
    if cached is not None and cached[0] is headings:
        return cached[1]
    anchors = {github_slug(h.text) for h in headings}
    anchors |= {m.group(1) for h in headings if (m := CUSTOM_ID_RE.search(h.text))}
    if len(_ANCHORS) >= 64:  # as the indexes: a few outlines at a time
        _ANCHORS.clear()
    made = frozenset(anchors)
    _ANCHORS[id(headings)] = (headings, made)
    return made


def parent_of(headings: Sequence[HeadingLike], name: str) -> str | None:
    """The text of the heading above the first heading called ``name`` ("" at the top level; None: no such heading)."""
    key = heading_key(name)
    for i, heading in enumerate(headings):
        if heading_key(heading.text) == key:
            above = (h for h in reversed(headings[:i]) if h.level < heading.level)
            return next((h.text for h in above), "")
    return None


def has_block(block_ids: frozenset[str], block: str) -> bool:
    """Whether ``block`` is one of the ids, ignoring case."""
    return block.casefold() in _folded(block_ids)


@functools.lru_cache(maxsize=4096)  # a frozenset keeps its hash: each note's ids are folded once
def _folded(block_ids: frozenset[str]) -> frozenset[str]:
    return frozenset(b.casefold() for b in block_ids)
