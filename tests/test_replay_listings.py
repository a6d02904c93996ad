"""A record's files from the walk's listings (`discover.LISTINGS`): what listing each folder again at the end of the
run found, exactly; a folder changed after the walk is a miss, never a wrong answer."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.test_replay import NOTES, _settle
from tests.test_start_walkmemo import MemoFile, listings, small, walked
from tests.test_walk_differential import vault as random_vault
from vaultlint.cli import replay
from vaultlint.vault import discover as discover_module
from vaultlint.vault import walkmemo
from vaultlint.vault.discover import Selection, discover

pytestmark = pytest.mark.skipif(os.name != "posix", reason="records are POSIX's; the text walk too")

Cli = Callable[..., Run]
Vault = Callable[[dict[str, str | bytes]], Path]
FUTURE = 1e12  # seconds since the epoch: no stamp is after it


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every folder settled for the walk's memo, however lately it changed (a test's files are seconds old)."""
    monkeypatch.setattr(walkmemo, "RACY_NS", -(10**12))


def given_listings(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, list[str]]]:
    """The walk's listings each record's `_files_in` is given, from now on."""
    given: list[dict[str, list[str]]] = []
    real = replay._files_in

    def spy(folders: Any, done: Any, limit: Any, stamps: Any, walked: Any = None, scanned: Any = None,
            listings: Mapping[str, list[str]] | None = None, batches: Any = None) -> bool:  # fmt: skip
        given.append(dict(listings or {}))
        return real(folders, done, limit, stamps, walked, scanned, listings, batches)

    monkeypatch.setattr(replay, "_files_in", spy)
    return given


def watched(walk: Callable[[], object]) -> replay.Seen:
    seen = replay.Seen(os.getpid())
    with replay.watching(seen):
        walk()
    return seen


def relisted(seen: replay.Seen) -> replay.Inputs | None:
    """What `inputs` stamps when it lists every folder itself (as it did before the walk's listings)."""
    bare = replay.Seen(seen.pid, seen.paths, seen.listed, seen.present, seen.blind, seen.walked)
    return replay.inputs(bare, "/nowhere/", FUTURE)


def files_of(folder: Path) -> list[str]:
    """What `_files_in` lists of a folder: every entry that is no folder, hidden ones too, sorted."""
    with os.scandir(folder) as entries:
        return sorted(entry.name for entry in entries if not entry.is_dir())


def no_link(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return not any(entry.is_symlink() for entry in entries)


def hidden_vault(tmp_path: Path) -> Path:
    root = small(tmp_path)
    (root / "sub" / ".hidden").write_text("not a note", encoding="utf-8")
    (root / "sub" / ".also.md").write_text("# hidden note\n", encoding="utf-8")
    (root / ".DS_Store").write_bytes(b"\0")
    return root


def memo_of_hidden_vault(tmp_path: Path) -> tuple[Path, MemoFile]:
    """`hidden_vault`, walked once: its memo written."""
    root, memo = hidden_vault(tmp_path), MemoFile()
    walked(root, memo)
    return root, memo


@pytest.mark.parametrize("seed", range(6))
def test_the_walk_s_listings_stamp_what_listing_again_stamps(tmp_path: Path, seed: int, settled: None) -> None:
    """Links of every kind, a FIFO, hidden files and folders, git-ignored ones: the stamps, the folders and their
    order alike, whether each folder was listed by the walk or filed from its memo."""
    root = random_vault(tmp_path, seed)
    (root / "self").symlink_to(root / "self")  # a loop: its kind cannot be told (is_dir raises)
    memo = MemoFile()
    for _ in range(2):  # the first walk lists every folder, the second files most from the memo
        seen = watched(lambda: walked(root, memo))
        for folder, names in seen.listings.items():
            assert names == files_of(Path(folder))
        vault_folders = {folder for folder in seen.listed if folder.startswith(str(root))}
        assert set(seen.listings) == {folder for folder in vault_folders if no_link(Path(folder))}
        assert str(root) not in seen.listings  # links in it: listed again
        found, again = replay.inputs(seen, "/nowhere/", FUTURE), relisted(seen)
        assert found is not None and again is not None
        assert (found.stamps, found.files, found.folders) == (again.stamps, again.files, again.folders)


def test_a_hidden_file_of_a_folder_filed_from_the_memo_is_stamped(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, memo = memo_of_hidden_vault(tmp_path)
    listed = listings(monkeypatch)
    seen = watched(lambda: walked(root, memo))
    assert listed == []  # every folder filed from the memo
    sub = str(root / "sub")
    assert seen.listings[sub] == [".also.md", ".hidden", "b.md"] == files_of(root / "sub")
    assert seen.listings[str(root)] == files_of(root)
    found = replay.inputs(seen, "/nowhere/", FUTURE)
    assert found is not None
    hidden = os.path.join(sub, ".hidden")
    assert replay.stamp(hidden) in found.files + found.stamps


def test_a_memo_of_the_format_before_is_not_trusted(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A memo written before listings held hidden files is listed anew (and written again, in this format)."""
    root, memo = memo_of_hidden_vault(tmp_path)
    assert isinstance(memo.payload, dict) and memo.payload["format"] == walkmemo.FORMAT == 2
    old = json.loads(json.dumps(memo.payload))
    old["format"] = 1
    old["folders"] = {folder: values[:7] for folder, values in old["folders"].items()}  # no hidden files
    memo.payload, memo.writes = old, 0
    listed = listings(monkeypatch)
    seen = watched(lambda: walked(root, memo))
    assert sorted(listed) == sorted(map(str, (root, root / "sub", root / "sub" / "deeper", root / "other")))
    assert seen.listings[str(root / "sub")] == files_of(root / "sub")
    assert memo.writes == 1 and memo.payload["format"] == 2  # type: ignore[index]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda root: root.pop(),  # no hidden files: a listing of the format before
        lambda root: root.__setitem__(7, ["b.md"]),  # a hidden file that is not hidden
        lambda root: root.__setitem__(7, [3]),  # a name no str
        lambda root: root.__setitem__(7, None),
    ],
)
def test_a_listing_whose_hidden_files_are_not_what_the_walk_writes_is_no_memo(
    tmp_path: Path, settled: None, spoil: Callable[[list[object]], object], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, memo = memo_of_hidden_vault(tmp_path)
    assert isinstance(memo.payload, dict)
    spoil(memo.payload["folders"][""])
    listed = listings(monkeypatch)
    walked(root, memo)
    assert str(root) in listed and str(root / "sub") in listed  # no memo: every folder listed


def test_a_folder_with_a_link_in_it_is_neither_kept_nor_left(tmp_path: Path, settled: None) -> None:
    """A link's kind follows its target, which the folder's stamp does not vouch for: a hidden one too."""
    root = hidden_vault(tmp_path)
    (root / "sub" / ".link").symlink_to(root / "a.md")
    memo = MemoFile()
    seen = watched(lambda: walked(root, memo))
    assert str(root / "sub") not in seen.listings and str(root / "other") in seen.listings
    assert isinstance(memo.payload, dict) and "sub/" not in memo.payload["folders"]


def test_a_record_kept_from_the_walk_s_listings_is_replayed(
    cli: Cli, vault: Vault, checks: list[str], settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault({**NOTES, "sub/.hidden": "x"})
    given = given_listings(monkeypatch)
    for args in ((".",), ("Home.md",)):  # the vault, and one note named (pre-commit's)
        kept = _settle(cli, *args)
        assert {str(root), str(root / "sub")} <= set(given[-1])  # neither folder listed again
        count = len(checks)
        assert cli("check", *args) == kept and len(checks) == count  # replayed
        assert kept == cli("check", "--no-cache", *args)
    count = len(checks)
    (root / "sub" / ".hidden").write_text("changed")  # a file no note: stamped all the same
    assert cli("check", "Home.md") == kept and len(checks) == count + 1  # checked: not replayed


def test_a_file_added_after_the_walk_is_a_miss(
    cli: Cli, vault: Vault, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Added before the record stamps the folder, and stamps made count as settled whenever made (``checks``): the
    folder's stamp in the record is the one it has with the file, and only the digest of its files (the walk's
    listing) against the folder listed again says what changed. (Listed again at the end of the run, the file
    would be stamped, and the answer made without it replayed.)"""
    root = vault(NOTES)
    cli("check", ".")
    real = replay.inputs

    def late(*args: Any) -> replay.Inputs | None:
        (root / "sub" / "Late.md").write_text("[[Nowhere at all]]\n", encoding="utf-8")
        return real(*args)

    monkeypatch.setattr(replay, "inputs", late)
    before = cli("check", ".")
    monkeypatch.setattr(replay, "inputs", real)
    assert "Late.md" not in before.out
    after = cli("check", ".")
    assert checks == ["check"] * 3  # not replayed
    assert after == cli("check", "--no-cache", ".") and "Late.md" in after.out


def test_a_record_of_the_general_walk_lists_every_folder_and_is_replayed(
    cli: Cli, vault: Vault, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walk with a path per file (`_walk_paths`: elsewhere than POSIX, a root `/`) leaves no listing."""

    def general(top: Path, selection: Selection, skips: Any, *rest: object) -> Any:
        return discover_module._walk_paths(top, selection, skips)

    monkeypatch.setattr(discover_module, "_walk_joined", general)
    root = vault(NOTES)
    given = given_listings(monkeypatch)
    kept = _settle(cli, ".")
    assert given and not any(str(root) in one or str(root / "sub") in one for one in given)
    assert cli("check", ".") == kept and len(checks) == 2
    (root / "sub" / "New.md").write_text("[[Nowhere]]\n", encoding="utf-8")
    assert cli("check", ".") == cli("check", "--no-cache", ".") and len(checks) == 4


def test_a_walk_not_watched_leaves_nothing(tmp_path: Path) -> None:
    root = hidden_vault(tmp_path)
    seen = replay.Seen(os.getpid())
    with replay.watching(seen):
        pass
    assert discover_module.LISTINGS == []
    discover([root], Selection(root), None)
    assert seen.listings == {}


def test_a_folder_gone_since_the_walk_is_listed_no_more(tmp_path: Path) -> None:
    """Its listing is the walk's, of a folder that was: `inputs` takes none but of a folder that is one still."""
    root = hidden_vault(tmp_path)
    seen = watched(lambda: discover([root], Selection(root), None))
    gone = str(root / "gone")  # as if the walk listed it, and it went since (its parent's stamp aside)
    seen.path(gone, listed=True)
    seen.listings[gone] = ["c.md"]
    seen.listings[str(root / "a.md")] = []  # a folder made a file
    seen.path(root / "a.md", listed=True)
    found = replay.inputs(seen, "/nowhere/", time.time() + 60)
    again = relisted(seen)
    assert found is not None and again is not None and gone not in found.folders
    assert str(root / "sub") in found.folders and str(root / "a.md") not in found.folders
    assert (found.stamps, found.files, found.folders) == (again.stamps, again.files, again.folders)


def test_a_folder_filed_from_the_memo_is_stamped_from_the_walk_s_lstats_a_folder_at_a_time(
    tmp_path: Path, settled: None
) -> None:
    """The walk leaves the lstats it took of a folder filed from its memo as one batch (`discover.FOLDER_LSTATS`),
    none of them in `Seen.walked`; the record's stamps made of them are those a listing and a stat make again,
    a note the run opened (`done`) stamped on its own."""
    root = small(tmp_path)
    (root / "sub" / ".hidden").write_text("not a note", encoding="utf-8")  # a file the batch does not hold
    memo = MemoFile()
    watched(lambda: walked(root, memo))  # lists every folder, and keeps them in the memo
    seen = watched(lambda: walked(root, memo))
    assert str(root / "sub" / "deeper") in seen.batches and str(root / "sub") in seen.batches
    for folder, (names, texts, infos) in seen.batches.items():
        assert texts == [os.path.join(folder, name) for name in names]
        assert [info.st_ino for info in infos] == [os.lstat(text).st_ino for text in texts]
        assert not set(texts) & set(seen.walked)
    seen.path(str(root / "sub" / "deeper" / "c.md"))  # opened by the run: stamped one by one
    assert discover_module.FOLDER_LSTATS == []
    found, again = replay.inputs(seen, "/nowhere/", FUTURE), relisted(seen)
    assert found is not None and again is not None
    assert (found.stamps, found.files, found.folders) == (again.stamps, again.files, again.folders)
    assert str(root / "sub" / "deeper" / "c.md") not in {one[0] for one in found.files}
    assert str(root / "sub" / ".hidden") in {one[0] for one in found.files}
