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

import re
from collections.abc import Sequence
from typing import Protocol

STRIP_HEADING_RE = re.compile(r"[!\"#$%&()*+,.:;<=>?@^`{|}~/\[\]\\\r\n]")
# GitHub's anchors: lower case, punctuation dropped, spaces to dashes (some vaults are also read on GitHub).
SLUG_DROP_RE = re.compile(r"[^\w\- ]")


class HeadingLike(Protocol):
    @property
    def level(self) -> int: ...

    @property
    def text(self) -> str: ...


def strip_heading(text: str) -> str:
    """Obsidian's `stripHeading`: what a heading and a link's heading are compared by (then case-folded)."""
    return " ".join(STRIP_HEADING_RE.sub(" ", text).split())


def heading_key(text: str) -> str:
    return strip_heading(text).casefold()


def github_slug(text: str) -> str:
    """The anchor GitHub gives a heading: `## Deep Learning (2016)` -> `deep-learning-2016`."""
    return SLUG_DROP_RE.sub("", text.strip().lower()).replace(" ", "-")


def match_headings(headings: Sequence[HeadingLike], parts: Sequence[str]) -> int:
    """How many of ``parts`` match in order, each inside the section of the heading matched before it."""
    lo, hi = 0, len(headings)
    for depth, part in enumerate(parts):
        key = heading_key(part)
        at = next((i for i in range(lo, hi) if heading_key(headings[i].text) == key), None)
        if at is None:
            return depth
        level = headings[at].level
        lo = at + 1
        hi = next((j for j in range(lo, hi) if headings[j].level <= level), hi)
    return len(parts)


def parent_of(headings: Sequence[HeadingLike], name: str) -> str | None:
    """The text of the heading above the first heading called ``name`` ("" at the top level; None: no such heading)."""
    key = heading_key(name)
    for i, heading in enumerate(headings):
        if heading_key(heading.text) == key:
            above = (h for h in reversed(headings[:i]) if h.level < heading.level)
            return next((h.text for h in above), "")
    return None


def has_block(block_ids: frozenset[str], block: str) -> bool:
    return block.casefold() in {b.casefold() for b in block_ids}
