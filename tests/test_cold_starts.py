"""A parsed note's line index is the scan's own (scan.facts.scan_note), exactly what line_starts makes of its text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultlint.parse.note import line_starts, parse_text
from vaultlint.parse.scan.facts import scan_note

# Lines of notes the scan reads (lists, quotes, a heading, blank lines), and characters other splitters end a line at
_PIECES = st.sampled_from(["- a", "  - b [x](https://x.org)", "> q", "# H", "text", "", "\u2028", "\x0b", "\x85", "é"])
_TEXTS = st.lists(_PIECES, max_size=8).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.booleans())
def test_the_scans_line_starts_are_line_starts(text: str, ended: bool) -> None:
    text = text + "\n" if ended else text  # a note with its last line ended, and one without
    scanned = scan_note(text)
    assert scanned is not None, text
    assert scanned[1] == line_starts(text), text
    assert parse_text("n.md", text).line_starts == line_starts(text), text


def test_a_note_the_scan_declines_is_indexed_too() -> None:
    text = "[a]: https://x.org\n\n[a]\nlast"  # a link reference definition: parsed in full
    assert scan_note(text) is None
    assert parse_text("n.md", text).line_starts == line_starts(text) == (0, 19, 20, 24)
