"""fixing.rendering.shown: its fast paths give the first reading's answer on any HTML-ish text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultlint.fixing import rendering
from vaultlint.fixing.rendering import shown

_SPACE, _BLOCK = rendering._SPACE, rendering._BLOCK
_BLOCK_TAG_RE = re.compile(rf"{_SPACE}*(</?(?:{_BLOCK})\b[^>]*>){_SPACE}*", re.IGNORECASE)  # as first written


def first_shown(rendered: str) -> str:
    """shown as first written: piece by piece, then one pattern for the whitespace around block tags."""
    parts, at = [], 0
    for start, end in rendering._kept(rendered):
        parts.append(rendering._WHITESPACE_RE.sub(" ", rendered[at:start]))
        parts.append(rendered[start:end])
        at = end
    parts.append(rendering._WHITESPACE_RE.sub(" ", rendered[at:]))
    return _BLOCK_TAG_RE.sub(r"\1", "".join(parts)).strip(" \t\n\r\f")


PIECES = st.sampled_from(
    ["<p>", "</p>", "<P >", "<li>", "</LI>", "<br />", "<a href='x  y'>", "</a>", "<em>", "<pre>", "</pre>",
     "<code>", "</CODE>", "<div\tclass=x>", "<p <div>", "<", ">", "<<p>", "x", "ab", " ", "  ", "\n", "\t",
     "\f", "\r", "\u00a0", "&amp;", "<hr/>", "<table>", "<td>"]
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_shown_is_the_first_readings(rendered: str) -> None:
    assert shown(rendered) == first_shown(rendered)
