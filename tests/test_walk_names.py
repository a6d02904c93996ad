"""The walk's own vault paths and stamps (`Discovery.names`): what the Paths say, and a named run stats no note twice."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from vaultlint.config.settings import settings_from
from vaultlint.engine import cached, checks
from vaultlint.engine.checks import check
from vaultlint.vault.discover import Selection, discover

Vault = Callable[[dict[str, str | bytes]], Path]

NOTES: dict[str, str | bytes] = {
    "Home.md": "# Home\n\n[[Guide#Setup]] and [[sub/deep/Far]]\n",
    "Guide.md": "# Guide\n\n## Setup\n",
    "sub/deep/Far.md": "# Far\n",
    "sub/picture.png": b"\x89PNG",
    "sub/Other.md": "[[Home]]\n",
}


def test_the_walks_names_are_the_paths_in_the_vault(vault: Vault) -> None:
    root = vault(NOTES)
    os.symlink(root / "Guide.md", root / "sub" / "Linked.md")
    found = discover([root], Selection(root), None)
    names = found.names
    assert names is not None
    assert names.files == tuple(checks._in_vault(path, found.root) for path in found.files)
    assert names.notes == tuple(checks._in_vault(path, found.root) for path in found.notes)
    assert "sub/picture.png" in names.files and "sub/Linked.md" in names.notes
    expected = {
        rel: (os.lstat(path).st_size, os.lstat(path).st_mtime_ns)
        for rel, path in zip(names.notes, found.notes, strict=True)
        if not path.is_symlink()
    }
    assert names.stamps == expected  # a link's lstat is not its note's stamp: none kept for it


def test_a_named_run_stats_no_note_the_walk_stamped(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    for path in root.rglob("*.md"):  # old enough for their stamps to be trusted
        os.utime(path, (path.stat().st_atime, path.stat().st_mtime - 3600))
    settings = settings_from({}, root)
    first = check([root / "Home.md"], settings, cache=True, jobs=1)
    stated: list[str] = []
    real = os.stat

    def counting(path: str, *args: object, **kwargs: object) -> os.stat_result:
        stated.append(os.path.basename(path))
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cached.os, "stat", counting)
    assert check([root / "Home.md"], settings, cache=True, jobs=1).findings == first.findings
    assert not [name for name in stated if name.endswith(".md") and name != "Home.md"]  # the named one is read
    (root / "Guide.md").write_text("# Guide\n\n## Other\n", encoding="utf-8")  # its stamp moved: asked, hashed
    again = check([root / "Home.md"], settings, cache=True, jobs=1)
    assert "Guide.md" in stated and again.findings != first.findings
