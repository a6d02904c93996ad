"""Where a `#tag` is written: its pattern and the rule that keeps it out of URLs; no parser."""

from __future__ import annotations

import re
from collections.abc import Iterator

# Obsidian tags: letters, digits, `_`, `-`, `/`, not all digits; at the start, after a space,
# or right inside emphasis, strike-through or highlight markers (`**#tag**`, `==#tag==`).
# The lookbehind sees one character only; tag_matches() checks the whole run before the `#`.
TAG_RE = re.compile(r"(?<![^\s*_~=])#(?P<name>(?!\d+(?![\w/-]))[\w/-]+)")

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
    """TAG_RE's matches in ``text`` that start a tag (see starts_tag)."""
    return (m for m in TAG_RE.finditer(text) if starts_tag(text, m.start()))
