"""vault.gitignore: each file asked through its folder's chain of specs, as git's nearest-first reading says."""

from __future__ import annotations

import itertools
from pathlib import Path

from vaultlint.vault.gitignore import GitIgnore

IGNORES = {
    "": "*.log\n/build/\ndrafts/\n!keep.log\n",
    "a": "secret*\n!secret-ok.md\n",
    "a/b": "*.md\n!b-keep.md\n",
    "c": "",  # an empty file speaks for nothing
}
NAMES = ["x.md", "x.log", "keep.log", "secret.md", "secret-ok.md", "b-keep.md", "build", "drafts"]
FOLDERS = ["", "a", "a/b", "a/b/d", "c", "e"]


def plain_ignored(ignore: GitIgnore, rel: str, is_dir: bool) -> bool:
    """GitIgnore.ignored as first written: every depth's .gitignore asked, the nearest first."""
    parts = rel.split("/")
    suffix = "/" if is_dir else ""
    for depth in range(len(parts) - 1, -1, -1):
        spec = ignore._spec("/".join(parts[:depth]))
        if spec is not None:
            include = spec.check_file("/".join(parts[depth:]) + suffix).include
            if include is not None:
                return bool(include)
    return False


def test_chained_answers_are_the_plain_readings(tmp_path: Path) -> None:
    for folder, text in IGNORES.items():
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / ".gitignore").write_text(text, encoding="utf-8")
    ignore = GitIgnore(tmp_path)
    asked = 0
    for folder, name, is_dir in itertools.product(FOLDERS, NAMES, (False, True)):
        rel = f"{folder}/{name}" if folder else name
        assert ignore.ignored(tmp_path / rel, is_dir) == plain_ignored(ignore, rel, is_dir), rel
        asked += ignore.ignored(tmp_path / rel, is_dir)
    assert asked  # some are ignored: this compares something
