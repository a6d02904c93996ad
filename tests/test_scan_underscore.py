"""scan.plain's pattern of the `_`s that may open or close emphasis, written to open with the `_`: the same matches
as the pattern it stands for, on texts of the characters around an `_`."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultlint.parse.scan.plain import _OPEN_UNDERSCORE_RE

# the rule as marko's delimiters read it: an `_` without a letter or digit before it, or without one after it
REFERENCE_RE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="___aZ09 -*\n\té.(/", max_size=30))
def test_the_same_underscores_as_the_rule(text: str) -> None:
    assert spans(_OPEN_UNDERSCORE_RE, text) == spans(REFERENCE_RE, text)


def test_underscores_inside_words_and_at_their_edges() -> None:
    text = "_a DL_Topics a_ 9_9 x__y _ é_é"
    assert spans(_OPEN_UNDERSCORE_RE, text) == spans(REFERENCE_RE, text)
    found = {text[a - 1 : a + 2] for a, _ in spans(_OPEN_UNDERSCORE_RE, text)}
    assert "L_T" not in found and "9_9" not in found  # between letters or digits: neither opens nor closes
    assert "x__" in found and "__y" in found and "é_é" in found  # é is no ASCII letter: marko's rule reads [A-Za-z0-9]
