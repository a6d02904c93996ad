"""After an edit of a note's prose alone (its links and link targets as they were), the vault rules run again on
that note alone; an edit that moves a link or a heading still runs them on its neighbours."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_cache_edited import NOTES, Vault, _findings
from vaultlint.engine import edited


def _redone(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    seen: list[set[str]] = []
    real = edited.again

    def recording(*args: Any) -> set[str]:
        seen.append(real(*args))
        return seen[-1]

    monkeypatch.setattr(edited, "again", recording)
    return seen


# An edit, and the notes the vault rules run on again after it.
EDITS: list[tuple[str, str, set[str]]] = [
    # Prose after the links, a heading's text kept: the other notes read nothing that changed.
    ("Lone.md", NOTES["Lone.md"] + "\nMore prose, no link.\n", {"Lone.md"}),  # type: ignore[operator]
    ("Guide.md", NOTES["Guide.md"] + "\nA last line.\n", {"Guide.md"}),  # type: ignore[operator]
    # Lines put before Home's links: their lines move, and Guide's WIK009 names the line of Home's link to it.
    ("Home.md", "# Home\n\nan intro\nin two lines\n" + NOTES["Home.md"][8:], {"Home.md", "Guide.md", "Other.md"}),  # type: ignore[index]
    # A line put before Guide's headings: its targets' lines move (WIK009 says where the heading repeats).
    ("Guide.md", "# Guide\n\nfirst\n" + NOTES["Guide.md"][9:], {"Guide.md", "Home.md", "Other.md", "sub/Deep.md"}),  # type: ignore[index]
]


@pytest.mark.parametrize(("name", "text", "expected"), EDITS)
def test_an_edit_of_prose_checks_its_note_alone_and_finds_what_a_cold_run_finds(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, name: str, text: str, expected: set[str]
) -> None:
    root = vault(NOTES)
    _findings(root, True)
    redone = _redone(monkeypatch)
    (root / name).write_text(text, encoding="utf-8")
    assert _findings(root, True) == _findings(root, False)
    assert redone == [expected]


def test_the_moved_link_changes_a_neighbours_finding(vault: Vault) -> None:
    """The third edit above is one a prose-only shortcut must not take: Guide's finding names Home's line."""
    root = vault(NOTES)
    before = [f for f in _findings(root, False) if f[0] == "Guide.md"]
    name, text, _ = EDITS[2]
    (root / name).write_text(text, encoding="utf-8")
    after = [f for f in _findings(root, False) if f[0] == "Guide.md"]
    assert before != after and "line 3" in before[0][3] and "line 5" in after[0][3]


def test_a_note_whose_kept_links_are_gone_checks_its_neighbours(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    """The links kept of its last version are what say it is unchanged: without them, its neighbours run too."""
    root = vault(NOTES)
    _findings(root, True)
    for side in Path(root).rglob("*.links.json"):
        side.unlink()
    redone = _redone(monkeypatch)
    (root / "Home.md").write_text(NOTES["Home.md"] + "\nprose\n", encoding="utf-8")  # type: ignore[operator]
    assert _findings(root, True) == _findings(root, False)
    assert redone == [{"Home.md", "Guide.md", "Other.md"}]


def test_a_link_moved_to_another_line_at_the_same_offset_checks_its_neighbours(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A space before Home's link made a line break: its links' spans and its headings are as they were, but
    the line of its link to Guide's repeated heading is not, and Guide's WIK009 names that line."""
    notes = {**NOTES, "Home.md": "# Home\n\nSee: [[Guide#Setup]]\n"}
    root = vault(notes)
    _findings(root, True)
    redone = _redone(monkeypatch)
    (root / "Home.md").write_text("# Home\n\nSee:\n[[Guide#Setup]]\n", encoding="utf-8")
    warm = _findings(root, True)
    assert warm == _findings(root, False)
    assert any(f[0] == "Guide.md" and "Home.md" in f[3] and "line 4" in f[3] for f in warm)
    assert redone == [{"Home.md", "Guide.md", "Other.md"}]  # Other's link to Home#Home: it leads into Home
