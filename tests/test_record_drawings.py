"""The drawing verdicts file is written when a run found enough verdicts anew, not for every note edited."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.drawings_file import verdicts_in
from vaultlint.cache.drawings import FILE, UNWRITTEN_SHARE
from vaultlint.cache.store import FOLDER
from vaultlint.config.settings import settings_from
from vaultlint.engine.checks import check

from .test_cache_drawings import _peeks

Vault = Callable[[dict[str, str | bytes]], Path]

LONG_AGO = 1_600_000_000  # a stamp old enough to vouch for the bytes
COUNT = 2 * UNWRITTEN_SHARE - 2  # with the drawing, two notes of these found anew are written; one is not
NOTES: dict[str, str | bytes] = {f"n{i:03}.md": f"# Note {i}\n\n[[n{(i + 1) % COUNT:03}]]\n" for i in range(COUNT)}
NOTES["Board.md"] = "---\nexcalidraw-plugin: parsed\n---\n# Text Elements\n[[Gone]]\n"


def _edit(root: Path, name: str, when: int) -> None:
    path = root / name
    path.write_text(path.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
    os.utime(path, (when, when))


def _run(root: Path) -> list[tuple[str, str]]:
    result = check([root], settings_from({"extend-select": ["WIK001"]}, root), cache=True, jobs=1)
    return [(Path(f.path).name, f.code) for f in result.findings]


def _filled(vault: Vault) -> tuple[Path, Path]:
    root = vault(NOTES)
    for path in root.glob("*.md"):
        os.utime(path, (LONG_AGO, LONG_AGO))
    _run(root)
    (kept,) = (root / FOLDER).rglob(FILE)
    return root, kept


def _state(kept: Path) -> tuple[bytes, int, int]:
    return kept.read_bytes(), kept.stat().st_mtime_ns, kept.stat().st_ino


def test_one_note_edited_leaves_the_file_as_it_was(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mutation caught: `save` writing whenever a verdict was found anew (the share test dropped)."""
    root, kept = _filled(vault)
    before = _state(kept)
    expected = _run(root)
    _edit(root, "n007.md", LONG_AGO + 60)  # old enough to be trusted: its verdict could be kept
    opened = _peeks(monkeypatch)
    assert _run(root) == expected
    assert opened == ["n007.md"]
    assert _state(kept) == before
    opened.clear()
    assert _run(root) == expected  # not kept: opened again, and the answer the same
    assert opened == ["n007.md"]
    assert _state(kept) == before


def test_enough_notes_found_anew_are_written(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mutation caught: `save` leaving more verdicts unwritten (two notes found anew left: `<= 2 * len(self._seen)`)."""
    root, kept = _filled(vault)
    _edit(root, "n007.md", LONG_AGO + 60)
    _run(root)
    _edit(root, "n008.md", LONG_AGO + 60)
    opened = _peeks(monkeypatch)
    _run(root)
    assert sorted(opened) == ["n007.md", "n008.md"]  # the one left unwritten, and the one edited now
    verdicts = verdicts_in(kept)
    assert verdicts[str(root / "n007.md")][1] == verdicts[str(root / "n008.md")][1] == (LONG_AGO + 60) * 10**9
    assert verdicts[str(root / "Board.md")][2] is True
    assert len(verdicts) == COUNT + 1
    opened.clear()
    _run(root)
    assert opened == []


def test_a_note_gone_is_written_whatever_else(vault: Vault) -> None:
    """Mutation caught: the gone test dropped from `save` (a verdict of a file gone kept for ever)."""
    root, kept = _filled(vault)
    (root / "n009.md").unlink()
    _run(root)
    assert str(root / "n009.md") not in verdicts_in(kept)
    assert len(verdicts_in(kept)) == COUNT
