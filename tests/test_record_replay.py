"""A replay record's files in one digest: the files of the folders listed, but the newest, are not stamped one by one,
and a change to any of them is still a miss."""

from __future__ import annotations

import json
import os
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import test_replay
from tests.conftest import Run
from tests.test_replay import NOTES
from vaultlint.cli import replay

Cli = Callable[..., Run]
Vault = Callable[[dict[str, str | bytes]], Path]


def _head(record: Path) -> tuple[bytes, dict[str, object]]:
    data = record.read_bytes()
    length = int(data[-10:])
    return data[: -10 - length], json.loads(data[-10 - length : -10])


def _rewritten(record: Path, body: bytes, head: dict[str, object]) -> None:
    data = json.dumps(head).encode()
    record.write_bytes(body + data + b"%010d" % len(data))


CLEAN = 40  # notes with nothing to report, old, in a folder listed: a run naming Home.md does not open them, so
# its record has them in its digest (a whole run opens every note, and stamps each alone)
LONG_AGO = 1_600_000_000


def _vault(vault: Vault) -> Path:
    root = vault({**NOTES, **{f"more/n{i:02}.md": f"# N{i:02}\n\nText.\n" for i in range(CLEAN)}})
    for i in range(CLEAN):
        os.utime(root / "more" / f"n{i:02}.md", (LONG_AGO + i, LONG_AGO + i))
    return root


def _in_place(root: Path) -> None:  # the same size, in place: its folder's stamp is the same
    path = root / "more" / "n05.md"
    path.write_text("# N0X\n\nText.\n", encoding="utf-8")  # Home's [[more/n05#N05]] breaks


def _added(root: Path) -> None:
    (root / "more" / "n99.md").write_text("# N99\n", encoding="utf-8")  # Home's [[n99]] resolves


def _removed(root: Path) -> None:
    (root / "more" / "n07.md").unlink()  # Home's [[more/n07]] breaks


def _renamed(root: Path) -> None:
    (root / "more" / "n07.md").rename(root / "more" / "n07 moved.md")


@pytest.mark.parametrize("change", [_in_place, _added, _removed, _renamed])
def test_any_change_to_a_file_in_the_digest_is_checked_again(
    cli: Cli, vault: Vault, checks: list[str], monkeypatch: pytest.MonkeyPatch, change: Callable[[Path], None]
) -> None:
    """No note stamped alone for being new. Mutation caught: `_head` not asking `_files_same` (each change
    replayed the old answer)."""
    monkeypatch.setattr(replay, "NEWEST", 0)
    root = _vault(vault)
    with open(root / "Home.md", "a", encoding="utf-8") as home:
        home.write("\n[[more/n07]] [[more/n05#N05]] [[n99]]\n")
    before = test_replay._settle(cli, "Home.md")
    (record,) = test_replay._records(root)
    assert _head(record)[1]["files"][1] == CLEAN  # type: ignore[index]
    assert cli("check", "Home.md") == before and len(checks) == 3  # replayed (a note named: kept at its third run)
    change(root)
    after = cli("check", "Home.md")
    assert len(checks) == 4  # not replayed
    assert after == cli("check", "--no-cache", "Home.md") != before


def test_a_record_stamps_the_newest_files_alone(cli: Cli, vault: Vault, checks: list[str]) -> None:
    """Mutation caught: the newest not taken out of the digest (`files` holding every clean note)."""
    root = _vault(vault)
    test_replay._settle(cli, "Home.md")
    (record,) = test_replay._records(root)
    _, head = _head(record)
    stamps, files = head["stamps"], head["files"]
    assert isinstance(stamps, list) and isinstance(files, list)
    alone = {s[0] for s in stamps if s[0].startswith(str(root / "more" / "n"))}  # the newest: ctimes of now
    assert len(alone) == replay.NEWEST and files[1] == CLEAN - replay.NEWEST
    assert str(root / "more") in files[0] and str(root) in files[0]


def test_a_record_whose_digest_or_count_differs_is_a_miss(cli: Cli, vault: Vault, checks: list[str]) -> None:
    """Mutation caught: `_files_same` comparing the count alone (or the digest alone)."""
    root = _vault(vault)
    kept = test_replay._settle(cli, "Home.md")
    (record,) = test_replay._records(root)
    body, head = _head(record)
    folders, count, digest = head["files"]  # type: ignore[misc]
    assert count > 0
    for files in ([folders, count, "0" * 32], [folders, count + 1, digest], [[], count, digest], [folders, count]):
        _rewritten(record, body, {**head, "files": files})
        assert cli("check", "Home.md") == kept
    assert checks == ["check"] * 7  # none replayed
    del head["files"]  # a record of the schema before, but for its number
    _rewritten(record, body, head)
    assert cli("check", "Home.md") == kept and len(checks) == 8
    _rewritten(record, body, {**head, "files": [folders, count, digest]})
    assert cli("check", "Home.md") == kept and len(checks) == 8  # as it was written: replayed


def test_a_folder_listed_but_not_there_is_no_folder_to_list_again(tmp_path: Path) -> None:
    """A run looks for folders that are not there (a vault's `.obsidian/snippets`): only those listed are in the
    record's folders, or no replay would ever list them. Mutation caught: `scanned` added to before the listing."""
    (tmp_path / "a.md").write_text("a")
    seen = replay.Seen(os.getpid())
    seen.path(tmp_path, listed=True)
    seen.path(tmp_path / "nowhere", listed=True)
    found = replay.inputs(seen, "/nowhere/", time.time() + 60)
    assert found is not None and found.folders == [str(tmp_path)]
    assert [s[0] for s in found.files] == [str(tmp_path / "a.md")]
    assert replay._files_same([found.folders, 1, replay._digest(found.files)], {str(tmp_path / "nowhere")})
    (tmp_path / "b.md").write_text("b")
    assert not replay._files_same([found.folders, 1, replay._digest(found.files)], set())


def test_a_file_listed_as_a_folder_is_stamped_once(tmp_path: Path) -> None:
    """A path listed that is a file (the listing failed) is stamped alone, never in the digest as well: else a
    replay, which leaves out of the digest what is stamped alone, would never match."""
    (tmp_path / "a.md").write_text("a")
    seen = replay.Seen(os.getpid())
    seen.path(tmp_path, listed=True)
    seen.path(tmp_path / "a.md", listed=True)
    found = replay.inputs(seen, "/nowhere/", time.time() + 60)
    assert found is not None and found.files == []
    assert sorted(s[0] for s in found.stamps) == [str(tmp_path), str(tmp_path / "a.md")]


def test_the_newest_are_those_changed_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mutation caught: the oldest taken (`nsmallest`), or an absent file's stamp asked its change time."""
    monkeypatch.setattr(replay, "NEWEST", 2)
    vault = tmp_path / "vault"
    vault.mkdir()
    for name in ("a.md", "b.md", "c.md", "gone.md"):
        (vault / name).write_text(name)
    time.sleep(0.05)  # change times a clock tick apart at least
    for name in ("d.md", "e.md"):
        (vault / name).write_text(name)
    cache = tmp_path / ".vaultlint_cache"
    (cache / "replay").mkdir(parents=True)
    where = replay.Where(cache, cache / "replay" / "k.rec")
    seen = replay.Seen(os.getpid())
    seen.path(cache / "index.json")
    seen.path(vault, listed=True)
    where.temp.write_bytes(b"answer")
    real = replay.stamp

    def losing(path: str) -> replay.Stamp:  # gone between its folder's listing and its stat
        return [path, "-"] if path.endswith("gone.md") else real(path)

    monkeypatch.setattr(replay, "stamp", losing)
    replay.keep(where, seen, time.time() + 3600, replay.Answer(1, 6, zlib.crc32(b"answer"), []))
    _, head = _head(where.file)
    stamps, files = head["stamps"], head["files"]
    assert isinstance(stamps, list) and isinstance(files, list)
    assert sorted(s[0] for s in stamps if s[0].endswith(".md")) == [str(vault / "d.md"), str(vault / "e.md")]
    assert files[0] == [str(vault)] and files[1] == 4  # a, b, c, and gone.md: absent
