"""A warm run answers an unchanged note from its kept findings without making a Note of it (its text is kept
packed, `engine.kept`); a note answered by its rules run again on kept facts gets one, and the same findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from vaultlint.config.settings import settings_from
from vaultlint.engine.checks import check
from vaultlint.parse.note import Note

from .test_cache_run import NOTES

Vault = Callable[[dict[str, str | bytes]], Path]


def _made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the notes made lazily (`Note.lazy`) from here on."""
    made: list[str] = []
    real = Note.lazy.__func__  # type: ignore[attr-defined]

    def lazy(cls: type[Note], path: str, *args: Any) -> Note:
        made.append(path)
        note: Note = real(cls, path, *args)
        return note

    monkeypatch.setattr(Note, "lazy", classmethod(lazy))
    return made


def test_notes_answered_from_kept_findings_make_no_note(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    settings = settings_from({}, root)
    check([root], settings, cache=True, jobs=1)
    made = _made(monkeypatch)
    warm = check([root], settings, cache=True, jobs=1)
    assert made == []
    cold = check([root], settings, jobs=1)
    assert warm.findings == cold.findings
    assert {path: warm.notes[path].text for path in warm.notes} == {path: cold.notes[path].text for path in cold.notes}


def test_notes_whose_rules_run_again_on_kept_facts_find_what_a_parse_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "vaultlint.toml").write_text("", encoding="utf-8")
    (tmp_path / "a.md").write_text('- *cult*: "T" [A; paper; 2030-06-01](https://e.org/x)\n', encoding="utf-8")
    (tmp_path / "b.md").write_text("# B\n\ntext  \n", encoding="utf-8")
    settings = settings_from({}, tmp_path)
    check([tmp_path], settings, today=dt.date(2026, 1, 1), cache=True, jobs=1)
    made = _made(monkeypatch)
    later = dt.date(2031, 1, 1)  # ENT004's "not in the future" changed: each note's rules run again, unparsed
    warm = check([tmp_path], settings, today=later, cache=True, jobs=1)
    assert sorted(Path(path).name for path in made) == ["a.md", "b.md"]
    assert warm.findings == check([tmp_path], settings, today=later, jobs=1).findings
