"""Where a `#tag` is written: its pattern and the rule that keeps it out of URLs; no parser."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vaultlint.parse.patterns import TAG_RE

_MARKERS = frozenset("*_~=")


def starts_tag(text: str, at: int) -> bool:
    """Whether the `#` at ``at`` may start a tag: only markers (`*_~=`) between it and a space or the start.

    So `==#tag==` and `*#tag*` are tags, and the `#` of `https://x.org/a?q=#frag`,
    `x.org/a==#frag` or `x.org/*#frag` is not: a `#` inside a URL is never a tag.
    """
    i = at
    while i > 0 and text[i - 1] in _MARKERS:
        i -= 1
    return i == 0 or text[i - 1].isspace()  # str.isspace is what `\s` matches in a str pattern


def tag_matches(text: str) -> Iterator[re.Match[str]]:
    """patterns.TAG_RE's matches in ``text`` that start a tag (see starts_tag): its finditer's, the pattern
    tried at each `#` alone. It opens with a lookbehind, so the regex engine's search has no first character to
    skip ahead to and tries every position (6.5 us a 127-character list item with a URL's `#fragment`; 1.5 here).
    A match may look behind its `#` as there (match at a position sees the text before it), and none holds a
    second `#`: the next is looked for from its end, as finditer goes on from there."""
    at = text.find("#")
    while at >= 0:
        m = TAG_RE.match(text, at)
        if m is None:
            at = text.find("#", at + 1)
            continue
        if starts_tag(text, at):
            yield m
        at = text.find("#", m.end())
