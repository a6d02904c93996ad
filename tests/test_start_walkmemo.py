"""The walk's memo (`vault.walkmemo`): a folder filed as it was finds what a listing finds, and never hides a note
added, removed or renamed, nor a rule changed (a `.gitignore` line, a `.gitignore` made, Obsidian's exclusions)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.test_walk_differential import Recorded, selections, vault
from vaultlint.cli import replay
from vaultlint.vault import discover as discover_module
from vaultlint.vault import walkmemo
from vaultlint.vault.discover import Discovery, Selection, discover
from vaultlint.vault.generated import Kept, Verdicts

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the text walk is POSIX's; elsewhere the general one")


class MemoFile:
    """A memo kept in memory (`walkmemo.MemoFile`), its writes counted."""

    def __init__(self) -> None:
        self.payload: object | None = None
        self.writes = 0

    def read(self) -> object | None:
        return json.loads(json.dumps(self.payload)) if self.payload is not None else None  # as JSON reads it

    def write(self, payload: object) -> None:
        self.payload = payload
        self.writes += 1

    def where(self) -> None:
        return None  # no file


class Tabled(Recorded):
    """Recorded verdicts that a walk also reads itself (`Skips.kept_verdicts`), as the cache's are."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, tuple[int, int, bool]] = {}

    def tables(self) -> Kept:
        return self.kept, self.seen


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every folder settled however lately it changed: what a walk two seconds later finds (the tests below
    change a folder, then sleep past the file system's clock tick, never past the racy window)."""
    monkeypatch.setattr(walkmemo, "RACY_NS", -(10**12))


def walked(
    root: Path, memo: MemoFile | None, selection: Selection | None = None, kept: Verdicts | None = None
) -> Discovery:
    selection = Selection(root) if selection is None else selection
    return discover([root], selection, None, True, (lambda _: kept) if kept is not None else None, _at(memo))


def _at(memo: MemoFile | None) -> object:
    return None if memo is None else (lambda root: memo)


def same(one: Discovery, other: Discovery) -> None:
    assert (one.notes, one.errors, one.files, one.skipped) == (other.notes, other.errors, other.files, other.skipped)
    assert one.names is not None and other.names is not None
    assert (one.names.files, one.names.notes, one.names.stamps) == (
        other.names.files,
        other.names.notes,
        other.names.stamps,
    )


def small(tmp_path: Path) -> Path:
    root = Path(os.path.realpath(tmp_path)) / "vault"
    for name in ("a.md", "sub/b.md", "sub/deeper/c.md", "other/d.md"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("# x\n", encoding="utf-8")
    (root / ".obsidian").mkdir()
    (root / ".obsidian" / "app.json").write_text(json.dumps({"userIgnoreFilters": []}), encoding="utf-8")
    (root / ".gitignore").write_text("other.md\n", encoding="utf-8")
    return root


def listings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders the walk lists from now on."""
    listed: list[str] = []
    real = discover_module._listed

    def spy(folder: str, errors: list[tuple[Path, str]]) -> object:
        listed.append(folder)
        return real(folder, errors)

    monkeypatch.setattr(discover_module, "_listed", spy)
    return listed


def tick() -> None:
    time.sleep(0.05)  # past the file system clock's tick: a change made now stamps its folder anew


@pytest.mark.parametrize("seed", range(6))
def test_a_walk_from_the_memo_finds_what_a_listing_finds(tmp_path: Path, seed: int, settled: None) -> None:
    """Notes, errors, every file, skipped notes (git-ignored folders too), names and stamps, and the drawing
    verdicts asked: alike, with links, FIFOs, drawings and every kind of rule about (`test_walk_differential`)."""
    root = vault(tmp_path, seed)
    for selection in selections(root):
        for verdicts in (Recorded, Tabled):
            memo = MemoFile()
            plain_verdicts, first_verdicts, kept_verdicts = verdicts(), verdicts(), verdicts()
            plain = walked(root, None, selection, plain_verdicts)
            first = walked(root, memo, selection, first_verdicts)
            kept = walked(root, memo, selection, kept_verdicts)
            same(first, plain)
            same(kept, plain)
            assert kept_verdicts.asked == plain_verdicts.asked
            assert memo.writes <= 1  # the second walk listed nothing anew worth keeping


def test_a_kept_folder_is_not_listed_again(tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    root = small(tmp_path)
    memo = MemoFile()
    plain = walked(root, memo)
    listed = listings(monkeypatch)
    same(walked(root, memo), plain)
    assert listed == []
    tick()
    (root / "sub" / "new.md").write_text("# new\n", encoding="utf-8")
    found = walked(root, memo)
    assert listed == [str(root / "sub")]
    assert root / "sub" / "new.md" in found.notes


def test_a_note_added_within_the_folder_s_stamp_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a file system whose times are coarse (whole seconds, or a clock tick), a note added just after the walk
    leaves its folder's stamp as it was: a folder changed within the racy window is never kept."""

    def coarse(info: os.stat_result) -> walkmemo.Stamp:
        return (info.st_mtime_ns // 10**12, info.st_ctime_ns // 10**12, info.st_ino, info.st_dev)  # 1,000 s

    monkeypatch.setattr(walkmemo, "folder_stamp", coarse)
    monkeypatch.setattr(discover_module, "folder_stamp", coarse)
    root = small(tmp_path)
    memo = MemoFile()
    walked(root, memo)
    (root / "sub" / "added.md").write_text("# added\n", encoding="utf-8")
    assert root / "sub" / "added.md" in walked(root, memo).notes


def test_a_new_line_of_a_gitignore_is_heard(tmp_path: Path, settled: None) -> None:
    root = small(tmp_path)
    memo = MemoFile()
    assert root / "sub" / "b.md" in walked(root, memo).notes
    tick()
    with open(root / ".gitignore", "a", encoding="utf-8") as ignore:  # the same file, written in place
        ignore.write("sub/b.md\n")
    found = walked(root, memo)
    same(found, walked(root, None))
    assert (root / "sub" / "b.md", "git-ignored") in found.skipped


def test_a_gitignore_made_in_a_folder_speaks_for_the_folders_below(tmp_path: Path, settled: None) -> None:
    root = small(tmp_path)
    memo = MemoFile()
    walked(root, memo)
    tick()
    (root / "sub" / ".gitignore").write_text("c.md\n", encoding="utf-8")  # at any depth below
    found = walked(root, memo)
    same(found, walked(root, None))
    assert (root / "sub" / "deeper" / "c.md", "git-ignored") in found.skipped


@pytest.mark.parametrize(("before", "after"), [([], ["sub/"]), (["sub/"], [])])
def test_an_exclusion_changed_in_obsidian_is_heard(
    tmp_path: Path, settled: None, before: list[str], after: list[str]
) -> None:
    root = small(tmp_path)
    app = root / ".obsidian" / "app.json"
    app.write_text(json.dumps({"userIgnoreFilters": before}), encoding="utf-8")
    memo = MemoFile()
    walked(root, memo)
    app.write_text(json.dumps({"userIgnoreFilters": after}), encoding="utf-8")
    found = walked(root, memo)
    same(found, walked(root, None))
    assert ((root / "sub" / "b.md", discover_module.OBSIDIAN) in found.skipped) == bool(after)


def test_a_folder_renamed_is_walked_under_its_new_name(tmp_path: Path, settled: None) -> None:
    root = small(tmp_path)
    memo = MemoFile()
    walked(root, memo)
    tick()
    (root / "sub").rename(root / "moved")
    found = walked(root, memo)
    same(found, walked(root, None))
    assert root / "moved" / "deeper" / "c.md" in found.notes and not any("sub" in n.parts for n in found.notes)


def test_two_folders_swapped_are_each_walked_as_they_are(tmp_path: Path, settled: None) -> None:
    root = small(tmp_path)
    memo = MemoFile()
    walked(root, memo)
    tick()
    (root / "sub").rename(root / "swap")
    (root / "other").rename(root / "sub")
    (root / "swap").rename(root / "other")
    found = walked(root, memo)
    same(found, walked(root, None))
    assert root / "other" / "deeper" / "c.md" in found.notes and root / "sub" / "d.md" in found.notes


def test_a_folder_filed_from_the_memo_is_listed_for_the_replay(tmp_path: Path, settled: None) -> None:
    """A run that may be replayed stamps every file of each folder the walk listed: a folder filed as it was is
    said listed all the same (else a note added there later would replay the old answer)."""
    root = small(tmp_path)
    memo = MemoFile()
    walked(root, memo)
    seen = replay.Seen(os.getpid())
    with replay.watching(seen):
        walked(root, memo)
    assert {str(root), str(root / "sub"), str(root / "sub" / "deeper"), str(root / "other")} <= seen.listed


@pytest.mark.parametrize(
    "spoil",
    [
        lambda root: root.__setitem__(1, [5, *root[1]]),  # a name no str
        lambda root: root.__setitem__(2, "sub"),  # subfolders no list
        lambda root: root.__setitem__(5, {"a.md": 1}),  # a reason no str
        lambda root: root.__setitem__(6, 0),  # no flag
        lambda root: root.append(None),  # one value too many
    ],
)
def test_a_memo_that_is_not_what_the_walk_writes_is_no_memo(tmp_path: Path, settled: None, spoil: object) -> None:
    """The root's listing spoiled, its stamp still the folder's: read as no memo, never as a listing."""
    root = small(tmp_path)
    memo = MemoFile()
    plain = walked(root, memo)
    assert isinstance(memo.payload, dict)
    spoil(memo.payload["folders"][""])  # type: ignore[operator]
    same(walked(root, memo), plain)
