"""What the vault index hides (a path with a part starting with a dot), told without splitting the path."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vaultlint.vault.index import _hidden

PARTS = st.sampled_from(["", ".", "..", ".obsidian", "a", "a.b", "b.", ".x.md", "é", " .", "x/", "/"])


def _split(path: str) -> bool:
    """The definition: some part of the path, split at its slashes, starts with a dot."""
    return any(part.startswith(".") for part in path.split("/"))


@given(st.lists(PARTS, max_size=6).map("/".join))
def test_hidden_is_a_part_that_starts_with_a_dot(path: str) -> None:
    assert _hidden(path) == _split(path)


@given(st.text(alphabet="./ab", max_size=12))
def test_hidden_on_any_dots_and_slashes(path: str) -> None:
    assert _hidden(path) == _split(path)


def test_named_cases() -> None:
    hidden = [".obsidian/app.json", "notes/.trash/a.md", ".a.md", "a/.b", "a//.b", "./a.md"]
    shown = ["a.md", "a/b.c/d.md", "a./b.md", "a/b/c", "", "a b/c d.md"]
    assert [_hidden(p) for p in hidden] == [True] * len(hidden)
    assert [_hidden(p) for p in shown] == [False] * len(shown)
