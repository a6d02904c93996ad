"""A warm run's walk and its replay record: what they ask of the file system, and what the record stamps."""

from __future__ import annotations

import io
import json
import os
import time
import zlib
from pathlib import Path

import pytest

from vaultlint.cli import replay
from vaultlint.vault.discover import Selection, discover
from vaultlint.vault.gitignore import GitIgnore

EXCLUDE_OF_GIT_INIT = (
    "# git ls-files --others --exclude-from=.git/info/exclude\n# Lines that start with '#' are comments.\n\n# *.[oa]\n"
)


def test_an_exclude_file_of_comments_alone_leaves_every_folder_quiet(tmp_path: Path) -> None:
    (tmp_path / ".git" / "info").mkdir(parents=True)
    exclude = tmp_path / ".git" / "info" / "exclude"
    exclude.write_text(EXCLUDE_OF_GIT_INIT, encoding="utf-8")
    assert GitIgnore(tmp_path).quiet("") and GitIgnore(tmp_path).quiet("sub/")  # no file of the walk asked
    exclude.write_text(EXCLUDE_OF_GIT_INIT + "*.tmp\n", encoding="utf-8")
    ignore = GitIgnore(tmp_path)
    assert not ignore.quiet("") and ignore.ignored_rel("sub/a.tmp") and not ignore.ignored_rel("sub/a.md")


def test_a_gitignore_of_negations_alone_still_speaks(tmp_path: Path) -> None:
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("*.md\n", encoding="utf-8")
    (tmp_path / "keep").mkdir()
    (tmp_path / "keep" / ".gitignore").write_text("# kept here\n!*.md\n", encoding="utf-8")
    ignore = GitIgnore(tmp_path)
    assert ignore.ignored_rel("a.md") and not ignore.ignored_rel("keep/a.md")


def test_the_walk_stats_no_note_through_os_lstat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that may be replayed wraps os.lstat (a call, an abspath and a second lstat a path): the walk takes
    each note's lstat from its folder's listing, which the record stamps whole."""
    (tmp_path / ".obsidian").mkdir()
    for name in ("a.md", "sub/b.md", "sub/deeper/c.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# x\n", encoding="utf-8")
    asked: list[str] = []
    real = os.lstat

    def lstat(path: str | os.PathLike[str], *args: object, **kwargs: object) -> os.stat_result:
        asked.append(os.fspath(path))
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "lstat", lstat)
    found = discover([tmp_path], Selection(tmp_path), None)
    assert [p.name for p in found.notes] == ["a.md", "b.md", "c.md"]
    assert found.names is not None and found.names.stamps["sub/b.md"][0] == len("# x\n")
    assert not [path for path in asked if path.endswith(".md")]


def _listed(*folders: Path, paths: tuple[Path, ...] = ()) -> replay.Seen:
    seen = replay.Seen(os.getpid())
    for folder in folders:
        seen.path(folder, listed=True)
    for path in paths:
        seen.path(path)
    return seen


def test_a_file_of_a_folder_listed_changed_after_the_run_began_keeps_nothing(tmp_path: Path) -> None:
    """Each file's stamp is held to the racy limit as it is made (its folder's own stamp may be older)."""
    (tmp_path / "old.md").write_text("old")
    (tmp_path / "new.md").write_text("new")
    new = (tmp_path / "new.md").stat()
    changed = max(new.st_mtime_ns, new.st_ctime_ns)
    stamps: list[replay.Stamp] = []
    assert not replay._files_in([str(tmp_path)], set(), changed - 1, stamps)
    stamps.clear()
    assert replay._files_in([str(tmp_path)], set(), changed, stamps)
    assert sorted(s[0] for s in stamps) == [str(tmp_path / "new.md"), str(tmp_path / "old.md")]


def test_every_file_of_a_folder_listed_is_stamped_once_as_stamp_says(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("a")
    (tmp_path / "opened.md").write_text("opened")
    (tmp_path / "sub").mkdir()
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "link.md").symlink_to(tmp_path / "a.md")
    found = replay.inputs(_listed(tmp_path, paths=(tmp_path / "opened.md",)), "/nowhere/", time.time() + 60)
    assert found is not None
    stamps = found.every
    paths = [s[0] for s in stamps]
    assert len(paths) == len(set(paths))
    names = ("", "a.md", "opened.md", "dangling", "link.md")  # "sub": a folder in it, stamped when listed
    expected = [replay.stamp(os.path.join(tmp_path, name).rstrip("/")) for name in names]
    assert sorted(stamps) == sorted(expected)
    assert {s[1] for s in stamps} == {"d", "f", "l"}


def test_no_file_of_the_cache_folder_is_stamped(tmp_path: Path) -> None:
    cache = tmp_path / ".vaultlint_cache"
    (cache / "build").mkdir(parents=True)
    (cache / "CACHEDIR.TAG").write_text("tag")
    (cache / "build" / "index.json").write_text("{}")
    (tmp_path / "a.md").write_text("a")
    seen = _listed(tmp_path, cache, cache / "build")
    found = replay.inputs(seen, os.path.join(cache, ""), time.time() + 60)
    assert found is not None
    assert sorted(s[0] for s in found.every) == [str(tmp_path), str(tmp_path / "a.md")]


def test_a_watched_walk_leaves_each_note_s_lstat_to_the_record(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / "sub").mkdir()
    for name in ("a.md", "sub/b.md"):
        (tmp_path / name).write_text("# x\n", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(tmp_path / "a.md")
    seen = replay.Seen(os.getpid())
    with replay.watching(seen):
        discover([tmp_path], Selection(tmp_path), None)
    assert sorted(seen.walked) == [str(tmp_path / n) for n in ("a.md", "link.md", "sub/b.md")]
    assert seen.walked[str(tmp_path / "sub/b.md")].st_ino == (tmp_path / "sub/b.md").stat().st_ino
    discover([tmp_path], Selection(tmp_path), None)  # not watched: nothing kept for a record
    assert len(seen.walked) == 3


def test_a_regular_file_s_stamp_is_the_walk_s_lstat_a_link_s_is_its_stat(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("a")
    (tmp_path / "link.md").symlink_to(tmp_path / "a.md")
    real = os.lstat(tmp_path / "a.md")

    def walked(mode: int) -> os.stat_result:  # what the walk saw: told apart from a stat now by its size
        fields = list(real)
        fields[0], fields[6] = mode, 999
        return os.stat_result(fields, {"st_mtime_ns": real.st_mtime_ns, "st_ctime_ns": real.st_ctime_ns})

    seen = {str(tmp_path / "a.md"): walked(real.st_mode), str(tmp_path / "link.md"): walked(0o120777)}
    stamps: list[replay.Stamp] = []
    assert replay._files_in([str(tmp_path)], set(), time.time_ns() + 10**9, stamps, seen)
    assert sorted(stamps) == [
        [str(tmp_path / "a.md"), "f", 999, real.st_mtime_ns, real.st_ctime_ns, real.st_ino, real.st_dev],
        replay.stamp(str(tmp_path / "link.md")),
    ]


def _record(tmp_path: Path, stamps: list[object]) -> replay.Where:
    answer = b"kept answer\n"
    head = {"schema": replay.SCHEMA, "status": 1, "size": len(answer), "crc": zlib.crc32(answer), "err": []}
    files = [[], 0, replay._digest([])]  # no folder listed
    data = json.dumps({**head, "stamps": stamps, "files": files}).encode()
    where = replay.Where(tmp_path, tmp_path / "x.rec")
    where.file.write_bytes(answer + data + b"%010d" % len(data))
    return where


def test_a_record_is_replayed_only_when_every_stamp_is_a_stamp_and_holds(tmp_path: Path) -> None:
    note = tmp_path / "a.md"
    note.write_text("a")
    good = replay.stamp(str(note))
    out, err = io.StringIO(), io.StringIO()
    assert replay.replay(_record(tmp_path, [good]), out, err) == 1 and out.getvalue() == "kept answer\n"
    with open(note, "rb") as opened:  # a path that is no text: os.stat would take it for a descriptor
        by_descriptor = replay.stamp(opened.fileno())  # type: ignore[arg-type]
        assert replay._same(by_descriptor)  # it holds, as a stamp: only its shape tells it
        assert replay.replay(_record(tmp_path, [good, by_descriptor]), io.StringIO(), err) is None
    note.write_text("b")
    assert replay.replay(_record(tmp_path, [good, ["never looked at"]]), io.StringIO(), err) is None
