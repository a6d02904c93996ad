"""Shortcuts of the default rules held to the code they skip: FMT001's line-end runs found from the line ends
(trailing_whitespace.trailing_runs, against TRAILING_RE), ENT005's well-spaced fields (entry_spacing._well_spaced:
_field finds nothing in them)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultlint.facts import Entry, Facts, Field
from vaultlint.parse.note import Note
from vaultlint.rules.entry_spacing import EntrySpacing, _well_spaced
from vaultlint.rules.trailing_whitespace import TRAILING_RE, trailing_runs

_CHARS = (" ", "\t", "\n", "a", "\f", "\u00a0", ";")


def _finditer(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in TRAILING_RE.finditer(text)]


def test_trailing_runs_are_the_patterns_on_every_short_text() -> None:
    # Fails when trailing_runs forgets the text's last line (no newline after its run), a tab before the line end,
    # or a run's start before its last character.
    for n in range(8):
        for chars in itertools.product(_CHARS[:5], repeat=n):
            text = "".join(chars)
            assert trailing_runs(text) == _finditer(text), repr(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_CHARS), max_size=60))
def test_trailing_runs_are_the_patterns(text: str) -> None:
    assert trailing_runs(text) == _finditer(text)


def _found(text: str, index: int) -> list[object]:
    """What ENT005's _field finds in a field of text ``text`` (the note's whole text), the ``index``th of two."""
    field = Field(text, 0, len(text))
    entry = Entry(Field(text, 0, len(text)), (field, field), "https://e.org", 0, 1)
    note = Note("n.md", text, Facts())
    return list(EntrySpacing()._field(note, entry, field, index, 1))


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.sampled_from(_CHARS), max_size=12), st.sampled_from([0, 1]))
def test_a_well_spaced_field_is_one_field_finds_nothing_in(text: str, index: int) -> None:
    # Fails when _well_spaced lets a field through with a space before it (index 0), none after its `;`, two
    # spaces or a tab inside, or whitespace at its end.
    if text.strip() and _well_spaced(text, index):  # check() asks only of a field with text
        assert _found(text, index) == []


def test_well_spaced_fields_are_the_common_ones() -> None:
    assert _well_spaced("Ian Goodfellow", 0) and _well_spaced(" book", 1) and _well_spaced(" 2016-06", 1)
    for text, index in [("book", 1), ("  book", 1), (" book ", 1), ("a  b", 0), ("a\u00a0b", 0), (" a", 0)]:
        assert not _well_spaced(text, index) and _found(text, index), (text, index)
