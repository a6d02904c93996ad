"""The walk's drawing verdicts, kept in the cache: an unchanged note is not opened again to learn it is no drawing."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.drawings_file import columns_of, verdicts_in
from vaultlint.cache.drawings import FILE
from vaultlint.cache.store import FOLDER
from vaultlint.config.settings import settings_from
from vaultlint.engine.checks import Result, check
from vaultlint.vault import generated

Vault = Callable[[dict[str, str | bytes]], Path]

DRAWING = "---\nexcalidraw-plugin: parsed\n---\n# Text Elements\n[[Gone]]\n"
NOTES: dict[str, str | bytes] = {
    "Home.md": "# Home\n\n[[Board]] and [[Gone]]\n",
    "Board.md": DRAWING,  # a drawing renamed in Obsidian: its frontmatter says so, not its name
    "sub/Plain.md": "# Plain\n\nText.\n",
}
LONG_AGO = 1_600_000_000  # a stamp old enough to vouch for the bytes (a note written a moment ago is not trusted)


def _peeks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The notes opened from here on to learn whether they are drawings, by name."""
    opened: list[str] = []
    real = generated._peek

    def counting(path: Path) -> bool:
        opened.append(path.name)
        return real(path)

    monkeypatch.setattr(generated, "_peek", counting)
    return opened


def _age(root: Path) -> None:
    for path in root.rglob("*.md"):
        if FOLDER not in path.parts:
            os.utime(path, (LONG_AGO, LONG_AGO))


def _run(root: Path) -> Result:
    return check([root], settings_from({"extend-select": ["WIK001"]}, root), cache=True, jobs=1)


def _damaged(**columns: object) -> bytes:
    """The file of two sound verdicts, some of its columns replaced by ``columns``."""
    sound = columns_of({"/x.md": [1, 2, False], "/y.md": [1, 2, False]})
    return json.dumps({**sound, **columns}).encode()


def _reported(result: Result) -> list[tuple[str, str]]:
    return [(Path(f.path).name, f.code) for f in result.findings]


def test_an_unchanged_note_is_opened_once(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    _age(root)
    opened = _peeks(monkeypatch)
    first = _run(root)
    assert sorted(opened) == ["Board.md", "Home.md", "Plain.md"]
    opened.clear()
    second = _run(root)
    assert opened == []
    assert _reported(first) == _reported(second) == [("Home.md", "WIK001")]  # the drawing's [[Gone]]: not reported
    assert sorted(Path(n).name for n in second.notes) == ["Home.md", "Plain.md"]


def test_a_note_that_became_a_drawing_is_opened_again(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    _age(root)
    _run(root)
    (root / "Home.md").write_text(DRAWING, encoding="utf-8")
    os.utime(root / "Home.md", (LONG_AGO + 60, LONG_AGO + 60))
    opened = _peeks(monkeypatch)
    result = _run(root)
    assert opened == ["Home.md"]
    assert sorted(Path(n).name for n in result.notes) == ["Plain.md"]
    assert _reported(result) == []


def test_a_note_written_a_moment_ago_is_opened_every_time(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    _age(root)
    (root / "Home.md").write_text("# Home\n\nNew.\n", encoding="utf-8")  # its mtime: now
    opened = _peeks(monkeypatch)
    _run(root)
    _run(root)
    assert sorted(opened) == ["Board.md", "Home.md", "Home.md", "Plain.md"]


def test_a_note_gone_is_dropped_from_the_verdicts(vault: Vault) -> None:
    root = vault(NOTES)
    _age(root)
    _run(root)
    (root / "sub/Plain.md").unlink()
    _run(root)
    (kept,) = (root / FOLDER).rglob(FILE)
    assert sorted(Path(p).name for p in verdicts_in(kept)) == ["Board.md", "Home.md"]


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00\xff not json",
        b"[]",
        json.dumps({"/x.md": [1, 2, False]}).encode(),  # a list a path: the layout before the columns
        _damaged(more=[]),
        _damaged(drawings="0"),  # a column short
        _damaged(drawings="02"),  # not a verdict
        _damaged(drawings=[False, False]),  # a verdict a list's item
        _damaged(sizes=[True, 1]),  # a bool for a size
        _damaged(mtimes=[0, 2]),  # no mtime
        _damaged(paths=["/x.md", "/x.md"]),  # a path twice
        _damaged(paths="/x.md"),
    ],
)
def test_damaged_verdicts_are_ignored_and_rewritten(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    root = vault(NOTES)
    _age(root)
    expected = _reported(_run(root))
    (kept,) = (root / FOLDER).rglob(FILE)
    kept.write_bytes(damage)
    opened = _peeks(monkeypatch)
    assert _reported(_run(root)) == expected
    assert sorted(opened) == ["Board.md", "Home.md", "Plain.md"]
    opened.clear()
    _run(root)
    assert opened == []


def test_a_stamp_kept_for_another_file_says_nothing(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    """A verdict is the note's at that path and stamp: the same stamp elsewhere is no answer (a hostile file
    claiming every note is a drawing names paths; a path it does not name is opened)."""
    root = vault(NOTES)
    _age(root)
    _run(root)
    (kept,) = (root / FOLDER).rglob(FILE)
    verdicts = verdicts_in(kept)
    kept.write_text(json.dumps(columns_of({path + ".other": [*known[:2], True] for path, known in verdicts.items()})))
    opened = _peeks(monkeypatch)
    assert _reported(_run(root)) == [("Home.md", "WIK001")]
    assert sorted(opened) == ["Board.md", "Home.md", "Plain.md"]


def test_no_cache_keeps_no_verdicts(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    _age(root)
    opened = _peeks(monkeypatch)
    settings = settings_from({}, root)
    check([root], settings, jobs=1)
    check([root], settings, jobs=1)
    assert len(opened) == 6
    assert not (root / FOLDER).exists()


def test_a_note_just_edited_leaves_the_verdicts_unwritten(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its verdict cannot be kept (its stamp is too recent to vouch for its bytes), and nothing else changed: the
    file is not written again (a pre-commit run names a note just edited)."""
    root = vault(NOTES)
    _age(root)
    _run(root)
    (kept,) = (root / FOLDER).rglob(FILE)
    before = (kept.read_bytes(), kept.stat().st_mtime_ns, kept.stat().st_ino)
    (root / "sub" / "Plain.md").write_text("# Plain\n\nText, edited.\n", encoding="utf-8")  # now: racy
    opened = _peeks(monkeypatch)
    result = _run(root)
    assert opened == ["Plain.md"]
    assert (kept.read_bytes(), kept.stat().st_mtime_ns, kept.stat().st_ino) == before
    assert sorted(Path(n).name for n in result.notes) == ["Home.md", "Plain.md"]
    os.utime(root / "sub" / "Plain.md", (LONG_AGO + 60, LONG_AGO + 60))  # old enough now: its verdict is kept
    opened.clear()
    _run(root)
    assert opened == ["Plain.md"]
    assert str(root / "sub" / "Plain.md") in verdicts_in(kept)
    opened.clear()
    _run(root)
    assert opened == []


def test_a_note_removed_is_dropped_from_the_verdicts(vault: Vault) -> None:
    root = vault(NOTES)
    _age(root)
    _run(root)
    (kept,) = (root / FOLDER).rglob(FILE)
    (root / "sub" / "Plain.md").unlink()
    _run(root)
    assert sorted(Path(p).name for p in verdicts_in(kept)) == ["Board.md", "Home.md"]
