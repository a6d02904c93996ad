"""Discovery's fixed cost: a plain note costs an lstat or two, not a realpath nor a path per glob match."""

from __future__ import annotations

import itertools
import os
import socket
from pathlib import Path

import pytest

from vaultlint.vault import discover as discover_module
from vaultlint.vault.discover import OUTSIDE, Discovery, Selection, discover, leaves


def _no_realpath(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: object, **_: object) -> str:
        raise AssertionError(f"realpath({path!r})")

    monkeypatch.setattr(os.path, "realpath", refuse)


@pytest.mark.skipif(os.name != "posix", reason="the lstat walk is POSIX's; elsewhere realpath answers")
def test_a_plain_path_in_the_vault_needs_no_realpath(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(os.path.realpath(tmp_path))
    (root / "sub").mkdir()
    (root / "sub" / "a.md").write_text("x")
    _no_realpath(monkeypatch)
    assert not leaves(root / "sub" / "a.md", root)
    assert not leaves(root / "sub" / "missing.md", root)  # realpath keeps a missing part as it is: inside
    assert not leaves(root, root)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_links_and_dot_dots_are_still_followed(tmp_path: Path) -> None:
    root = Path(os.path.realpath(tmp_path)) / "vault"
    outside = root.parent / "outside"
    (root / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "o.md").write_text("x")
    (root / "sub" / "a.md").write_text("x")
    (root / "in.md").symlink_to(root / "sub" / "a.md")
    (root / "out.md").symlink_to(outside / "o.md")
    (root / "linked").symlink_to(outside)
    (root / "back").symlink_to(root / "sub")
    assert not leaves(root / "in.md", root)
    assert leaves(root / "out.md", root)
    assert leaves(root / "linked" / "o.md", root)
    assert not leaves(root / "back" / "a.md", root)
    assert leaves(root / ".." / "outside" / "o.md", root)
    assert leaves(root / "sub" / ".." / ".." / "outside" / "o.md", root)
    assert not leaves(root / "sub" / ".." / "in.md", root)
    assert leaves(outside / "o.md", root)
    assert leaves(Path(str(root) + "x") / "a.md", root)  # a sibling whose name starts with the root's


def test_inside_says_what_parents_say() -> None:
    names = ["", ".", "/", "//", "a", "a/b", "/a", "/a/b", "/a/b/c", "//a", "//a/b", "/A/b", "..", "/a/../b", "/ab"]
    for one in names:
        for other in names:
            path, folder = Path(one), Path(other)
            assert discover_module._inside(path, folder) == (path == folder or folder in path.parents), (one, other)


def _not_a_note(path: Path, root: Path) -> str:
    """What the walk says of ``path``: its one lstat, then why it is no note."""
    return discover_module._not_a_note(path, root, discover_module._lstat(path))


def test_a_walked_regular_note_costs_one_lstat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_text("x")

    def refuse(self: Path) -> bool:
        raise AssertionError("asked again")

    monkeypatch.setattr(Path, "is_symlink", refuse)
    monkeypatch.setattr(Path, "is_file", refuse)
    assert _not_a_note(tmp_path / "a.md", tmp_path) == ""


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets here")
def test_what_a_note_cannot_be_is_said_as_before(tmp_path: Path) -> None:
    real = Path(os.path.realpath(tmp_path))
    (real / "dir.md").mkdir()
    with socket.socket(socket.AF_UNIX) as sock:
        try:
            sock.bind(str(real / "s.md"))
        except OSError:
            pytest.skip("cannot bind a socket here")
        assert _not_a_note(real / "s.md", real) == "not a regular file"
    assert _not_a_note(real / "dir.md", real) == "not a regular file"
    assert _not_a_note(real / "gone.md", real) == "not a regular file"
    if hasattr(os, "symlink"):
        (real / "broken.md").symlink_to(real / "nowhere.md")
        (real / "away.md").symlink_to(Path(os.path.realpath(os.sep)))
        assert _not_a_note(real / "broken.md", real) == "broken symbolic link"
        assert _not_a_note(real / "away.md", real) == "not a regular file"


def test_a_walk_matches_globs_without_a_path_per_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.md", "sub/b.md", "sub/deep/c.md", "sub/skip.md", "drafts/d.md", "x.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / ".obsidian").mkdir()
    base = Path(os.path.realpath(tmp_path))
    selection = Selection(base / "sub", ("*.md",), ("skip.md", "/deep/c.md"))

    def refuse(self: Selection, path: Path, root: Path) -> bool:
        raise AssertionError(f"wanted({path})")

    monkeypatch.setattr(Selection, "wanted", refuse)
    found = discover([base], selection, None)
    assert [p.relative_to(base).as_posix() for p in found.notes] == ["a.md", "drafts/d.md", "sub/b.md"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_walked_link_out_of_the_vault_is_still_refused(tmp_path: Path) -> None:
    base = Path(os.path.realpath(tmp_path))
    (base / "vault" / ".obsidian").mkdir(parents=True)
    (base / "o.md").write_text("x")
    (base / "vault" / "out.md").symlink_to(base / "o.md")
    found = discover([base / "vault"], Selection(base / "vault"), None)
    assert found.errors == ((base / "vault" / "out.md", OUTSIDE),)


def test_note_refs_cut_from_the_text_say_what_relative_to_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    top = Path(os.path.realpath(tmp_path))
    names = ["a/n.md", "a/b/c/m.md", "a/ab.md", "a/bb/x y.md", "a/b/é ü.md", "a/b.md", "z/o.md"]
    for name in names + ["x/keep"]:
        (top / name).parent.mkdir(parents=True, exist_ok=True)
    for root, base, cwd in itertools.product(["", "a"], ["", "a", "a/b", "x"], ["", "a/b", "x", "/"]):
        root_path = top / root
        targets = tuple(top / n for n in names if (top / n).is_relative_to(root_path))
        found = Discovery(root_path, targets, targets)
        selection = Selection(top / base)
        monkeypatch.chdir(cwd if cwd == "/" else top / cwd)
        expected = tuple(discover_module._note_ref(p, root_path, selection) for p in targets)
        assert discover_module.note_refs(found, selection) == expected, (root, base, cwd)
