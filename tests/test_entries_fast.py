"""entries.opens_item's shortcuts held to its rule: the markup pattern spelled mark by mark, no word count
where no lead-in ends the text."""

from __future__ import annotations

import itertools

from tests.test_entry_precision import ITEM_MARKUP_AS_WRITTEN, _opens_item_as_written
from vaultlint.parse import entries

_PIECES = ("a", "Ab", "ß", "²", "12", "#t", "*x y*", "_x_", "[ ]", "[[w x]]", "![i](u)", "==h y==", "`c`", "~")
_PIECES += (":", "(", ")", "\u2014", "|", "-", "[", "!", "=", " ", "\t")
_MARKS = ("*", "_", "~", "=", "`", "#", "!", "[", "]", "(", ")", "x", " ", "\n")


def _befores() -> list[str]:
    short = ["".join(p) for n in range(4) for p in itertools.product(_PIECES, repeat=n)]
    words = [" ".join(["word"] * n) for n in range(5, 9)]  # about the lead-in's bound of six words
    joined = [mark.join(["w"] * 7) + ":" for mark in "#![*_~=`"]  # seven words only where the markup goes
    return (
        short
        + joined
        + [w + " " + p for w in words for p in _PIECES]
        + [p + " " + w + ":" for w in words for p in _PIECES]
    )


def test_opens_item_is_its_rule_on_every_short_text() -> None:
    for before in _befores():
        assert entries.opens_item(before) == _opens_item_as_written(before), repr(before)


def test_markup_by_mark_is_item_markup() -> None:
    """ITEM_MARKUP_RE takes out what it did as first written, on every text of up to five marks and letters."""
    for n in range(1, 6):
        for marks in itertools.product(_MARKS, repeat=n):
            text = "".join(marks)
            assert entries.ITEM_MARKUP_RE.sub(" ", text) == ITEM_MARKUP_AS_WRITTEN.sub(" ", text), repr(text)
