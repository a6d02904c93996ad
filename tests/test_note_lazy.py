"""A Note's facts may load when first read (a warm run's notes): once, as a parse would give them."""

from __future__ import annotations

import pickle

import pytest

from vaultlint.facts import Facts
from vaultlint.parse.note import Note, line_starts, parse_text

TEXT = "# Title\n\nSee [[Other#Part]] and [x](https://example.com).\n- [ ] #todo\n"


def test_a_lazy_note_loads_its_facts_once_when_first_read() -> None:
    parsed = parse_text("a.md", TEXT)
    calls: list[int] = []

    def load() -> Facts:
        calls.append(1)
        return parsed.facts

    note = Note.lazy("a.md", parsed.text, load)
    assert note.position(len("# Title\n\n")) == (3, 1) and calls == []  # text alone needs no facts
    assert note.facts == parsed.facts and note.facts is parsed.facts
    assert calls == [1]
    assert note == parsed


def test_a_note_is_immutable_and_pickles_with_its_facts() -> None:
    parsed = parse_text("a.md", TEXT)
    note = Note.lazy("a.md", parsed.text, lambda: parsed.facts)  # a lambda cannot be pickled: the facts go instead
    with pytest.raises(AttributeError):
        note.text = "x"  # type: ignore[misc]
    back = pickle.loads(pickle.dumps(note))
    assert back == parsed and back.facts == parsed.facts


@pytest.mark.parametrize("text", ["", "\n", "a", "a\n", "a\nb", "\n\nab\n\n", "a\nbc\nd\n"])
def test_line_starts_are_where_each_line_begins(text: str) -> None:
    expected = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    assert list(line_starts(text)) == expected
