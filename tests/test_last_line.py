"""A note's last line reads the same with or without its newline (CommonMark's end of input ends a line)."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from vaultlint.fixing.guard import compare
from vaultlint.parse.note import parse_full, parse_text, render_html
from vaultlint.parse.scan import outline

# Line starts whose reading depended on the newline (marko: `-` a paragraph, `-\n` an empty item), and others.
LASTS = [
    "-",
    "*",
    "+",
    "1.",
    "1)",
    "- [ ]",
    "- [x] a",
    "-\ta",
    ">",
    "> a",
    "#",
    "# a #",
    "```",
    "~~~",
    "    code",
    "===",
    "---",
    "***",
    "|a|",
    "|-|",
    "<div>",
    "<!-- c -->",
    "%%",
    "[a]: https://a.org",
    "[^1]: note",
    "a  ",
    "a\\",
    "#tag",
    "text ^id",
    "[[Note]]",
    "https://a.org",
    "$$",
]
FIRSTS = ["", "- a", "1. a", "> a", "a", "# h", "```", "<div>", "|a|b|\n|-|-|", "- a\n  - b", "[a]: https://a.org"]
TEXTS = sorted({f"{first}\n{last}" if first else last for first, last in itertools.product(FIRSTS, LASTS)})


def _spans_within(note_text: str, record: object) -> None:
    """Every offset of a fact lies inside the note; every Field's text is the note's between its offsets."""
    if isinstance(record, (tuple, frozenset)):
        for item in record:
            _spans_within(note_text, item)
    elif isinstance(record, int) and not isinstance(record, bool):
        assert 0 <= record <= len(note_text)
    elif dataclasses.is_dataclass(record) and not isinstance(record, type):
        for field in dataclasses.fields(record):
            value = getattr(record, field.name)
            if field.name != "data" and not isinstance(value, str):
                _spans_within(note_text, value)
        if hasattr(record, "text") and hasattr(record, "start") and type(record).__name__ == "Field":
            assert note_text[record.start : record.end] == record.text


@pytest.mark.parametrize("text", TEXTS)
def test_a_last_line_means_what_it_means_with_its_newline(text: str) -> None:
    for parse in (parse_text, parse_full):
        note, ended = parse("a.md", text), parse("a.md", text + "\n")
        assert compare(note, ended) == [], parse.__name__
        _spans_within(text, note.facts)
    assert parse_text("a.md", text).facts == parse_full("a.md", text).facts
    assert render_html(text) == render_html(text + "\n")
    assert outline(text) == outline(text + "\n")


def test_a_lone_dash_is_an_empty_item_and_its_span_stays_in_the_note() -> None:
    (items,) = parse_text("a.md", "- a\n-").facts.lists
    assert [m.start for m in items.markers] == [0, 4] and items.end == 5
