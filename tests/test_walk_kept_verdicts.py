"""The walk reads a note's kept drawing verdict itself (`Skips.kept_verdicts`): the same notes, skipped files and
verdicts kept as when it asks `Skips.walked` of each file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.drawings_file import verdicts_in
from tests.test_cache_drawings import DRAWING, LONG_AGO, NOTES, Vault, _age, _peeks, _run
from vaultlint.cache.drawings import FILE
from vaultlint.cache.store import FOLDER
from vaultlint.config.settings import settings_from
from vaultlint.engine.checks import cache_stores, check_plan, drawing_verdicts
from vaultlint.engine.plan import make_plan
from vaultlint.vault.skips import Skips

MORE: dict[str, str | bytes] = {
    **NOTES,
    "Sketch.excalidraw.md": "# drawn\n",  # a drawing by its name
    "ignored/Kept.md": "# git ignores its folder\n",
    "notes/Skipped.md": "# git ignores it\n",
    ".gitignore": "ignored/\nnotes/Skipped.md\n",
    ".obsidian/app.json": "{}",
}


def _discovered(root: Path) -> tuple[object, ...]:
    settings = settings_from({"extend-select": ["WIK001"]}, root)
    found = make_plan([root], settings, None, (), None, drawing_verdicts(cache_stores(True, settings.source))).found
    return found.notes, found.files, found.skipped, found.errors, found.names


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {".obsidian/app.json": json.dumps({"userIgnoreFilters": ["sub/"]})},  # Obsidian's "Excluded files"
        {".obsidian/plugins/obsidian-excalidraw-plugin/data.json": json.dumps({"scriptFolderPath": "sub"})},
        {".gitignore": "ignored/\nnotes/Skipped.md\nsub/Plain.md\n"},  # git ignores it now
    ],
)
def test_the_walk_finds_what_it_finds_asking_each_file(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, settings: dict[str, str]
) -> None:
    """Obsidian's settings changed since the verdicts were kept: sub/Plain.md's is kept, but it is no note now."""
    root = vault(MORE)
    _age(root)
    _run(root)  # the verdicts kept
    for name, text in settings.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    fast = _discovered(root)
    with monkeypatch.context() as patched:
        patched.setattr(Skips, "kept_verdicts", lambda self: None)
        slow = _discovered(root)
    assert fast == slow
    skipped = {Path(p).name for p, _ in fast[2]}  # type: ignore[attr-defined]
    assert {"Board.md", "ignored", "Skipped.md", "Sketch.excalidraw.md"} <= skipped
    assert ("Plain.md" in skipped) == bool(settings)


def test_verdicts_read_by_the_walk_are_kept(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each run after the first opens no note: the verdicts the walk read are written again as seen."""
    root = vault(NOTES)
    _age(root)
    _run(root)
    opened = _peeks(monkeypatch)
    for _ in range(3):
        (root / "New.md").write_text(f"# {len(opened)}\n", encoding="utf-8")  # a change: the verdicts written again
        os.utime(root / "New.md", (LONG_AGO + 60, LONG_AGO + 60))
        _run(root)
    assert opened == ["New.md"]  # its first version; the next two have the same size and time: its verdict kept
    (kept,) = (root / FOLDER).rglob(FILE)
    assert sorted(Path(p).name for p in verdicts_in(kept)) == ["Board.md", "Home.md", "New.md", "Plain.md"]


def test_a_kept_verdict_of_a_drawing_is_a_drawing(vault: Vault) -> None:
    root = vault(NOTES)
    _age(root)
    _run(root)
    (root / "Board.md").write_text(DRAWING, encoding="utf-8")  # the same bytes, size and time
    os.utime(root / "Board.md", (LONG_AGO, LONG_AGO))
    result = _run(root)
    assert sorted(Path(n).name for n in result.notes) == ["Home.md", "Plain.md"]


SAME_SIZE = "---\nexcalidraw-plugin: x\n---\n"  # a drawing as long as Home.md
SAME_SIZE += "x" * (len(str(NOTES["Home.md"])) - len(SAME_SIZE) - 1) + "\n"


@pytest.mark.parametrize(("text", "when"), [(DRAWING, LONG_AGO), (SAME_SIZE, LONG_AGO + 60)])
def test_a_note_that_became_a_drawing_is_opened(vault: Vault, text: str, when: int) -> None:
    """Its size or its time tells it: a verdict is the note's at that very size and time."""
    root = vault(NOTES)
    _age(root)
    _run(root)
    (root / "Home.md").write_text(text, encoding="utf-8")
    os.utime(root / "Home.md", (when, when))
    assert sorted(Path(n).name for n in _run(root).notes) == ["Plain.md"]


def test_a_run_without_cache_walks_alike(vault: Vault) -> None:
    root = vault(MORE)
    _age(root)
    settings = settings_from({"extend-select": ["WIK001"]}, root)
    cold = check_plan(make_plan([root], settings, None, ()), None, 1).findings
    assert _run(root).findings == _run(root).findings == cold
