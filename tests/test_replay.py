"""A `check` replayed: the same answer when nothing it depends on changed, a real check when anything did."""

from __future__ import annotations

import io
import json
import os
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from vaultlint.cli import replay

Cli = Callable[..., Run]
Vault = Callable[[dict[str, str | bytes]], Path]

NOTES: dict[str, str | bytes] = {
    "Home.md": "# Home\n\n- [[Guide#Setup]] and [[Gone]]\n- [[Guide#Missing]]\n\n## Home\n\n## Home\n",
    "Guide.md": '# Guide\n\n## Setup\n\nText ^b1\n\n#### Skipped\n\n- *cult*: "T" [A; paper; 2099](https://e.org/x)\n',
    "sub/Other.md": "See [x](../Guide.md#setup) and [[Home#Home]].\n\n[[Nope]] and [[Home#Gone]]\n",
}


def _records(root: Path) -> list[Path]:
    return sorted(root.glob(".vaultlint_cache/replay/*.rec"))


def _settle(cli: Cli, *args: str) -> Run:
    """Run until the answer is kept: the first run fills the cache (and makes its folder), the second keeps the
    answer; a run naming notes, the third (`replay._worth_keeping`)."""
    cli("check", *args)
    if not all(os.path.isdir(arg) for arg in args):
        cli("check", *args)
    return cli("check", *args)


def test_an_unchanged_vault_is_answered_from_the_record(cli: Cli, vault: Vault, checks: list[str]) -> None:
    root = vault(NOTES)
    kept = _settle(cli, ".")
    assert _records(root) and checks == ["check", "check"]
    again = cli("check", ".")
    assert checks == ["check", "check"]  # replayed: no check ran
    assert again == kept == cli("check", "--no-cache", ".")
    assert again.code == 1 and "WIK001" in again.out


def _edit(root: Path) -> None:
    with open(root / "Home.md", "a", encoding="utf-8") as note:
        note.write("\n[[Gone too]]\n")


def _add(root: Path) -> None:
    (root / "New.md").write_text("# New\n\n[[Nowhere]]\n", encoding="utf-8")


def _remove(root: Path) -> None:
    (root / "sub" / "Other.md").unlink()


def _rename(root: Path) -> None:
    (root / "Guide.md").rename(root / "Manual.md")


def _config(root: Path) -> None:
    (root / "vaultlint.toml").write_text('extend-select = ["WIK001"]\n')  # FMT004 off


def _nested_config(root: Path) -> None:  # a file the run only looked for: absent then
    (root / "sub" / "vaultlint.toml").write_text('extend-select = ["FMT004"]\n')


def _obsidian(root: Path) -> None:  # a folder the run only looked for: it makes the vault's root and settings
    (root / ".obsidian").mkdir()
    (root / ".obsidian" / "app.json").write_text(json.dumps({"userIgnoreFilters": ["sub/"]}))


def _folder(root: Path) -> None:
    (root / "sub" / "deeper").mkdir()
    (root / "sub" / "deeper" / "Deep.md").write_text("[[Home#Nowhere]]\n")


def _replace_same_size(root: Path) -> None:  # other bytes of the same size, written in place, the mtime put back:
    path = root / "Guide.md"  # only the ctime says (its folder's entries are the same)
    info = path.stat()
    with open(path, "r+b") as note:
        data = note.read().replace(b"Setup", b"Setop")
        note.seek(0)
        note.write(data)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


@pytest.mark.parametrize(
    "change",
    [_edit, _add, _remove, _rename, _config, _nested_config, _obsidian, _folder, _replace_same_size],
)
def test_any_change_is_checked_again(cli: Cli, vault: Vault, checks: list[str], change: Callable[[Path], None]) -> None:
    root = vault(NOTES)
    before = _settle(cli, ".")
    change(root)
    after = cli("check", ".")
    assert checks == ["check", "check", "check"]  # not replayed
    assert after == cli("check", "--no-cache", ".")
    assert after != before  # each change changes the answer: a replay would have been wrong
    assert cli("check", ".") == after and len(checks) == 4  # the new answer kept, then replayed (--no-cache ran)


def test_the_command_line_environment_and_date_are_the_key(
    cli: Cli, vault: Vault, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    vault(NOTES)
    _settle(cli, ".")
    cli("check", "--output-format", "json", ".")
    monkeypatch.setenv("NO_COLOR", "1")
    cli("check", ".")
    monkeypatch.setattr(replay, "today", lambda: "2100-01-01")
    cli("check", ".")
    assert checks == ["check"] * 5


def test_a_corrupt_or_foreign_record_is_a_miss(cli: Cli, vault: Vault, checks: list[str]) -> None:
    root = vault(NOTES)
    kept = _settle(cli, ".")
    (record,) = _records(root)
    data = record.read_bytes()
    for bad in (
        data[:-3],
        data[: len(data) // 2],
        b"",
        b"x" * 40,
        data.replace(b'"schema": %d' % replay.SCHEMA, b'"schema": 9'),
    ):
        record.write_bytes(bad)
        assert cli("check", ".") == kept
    assert checks == ["check"] * 7


def test_no_record_without_a_cache_or_for_a_preview(cli: Cli, vault: Vault, checks: list[str]) -> None:
    root = vault(NOTES)
    for _ in range(3):
        cli("check", "--no-cache", ".")
    assert not (root / ".vaultlint_cache").exists()
    _settle(cli, ".")
    shutil.rmtree(root / ".vaultlint_cache")
    cli("check", ".")
    for _ in range(2):
        cli("check", "--diff", ".")
    assert not _records(root)


def test_files_changed_just_before_the_run_leave_no_record(
    cli: Cli, vault: Vault, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(replay, "RACY_SECONDS", 3600.0)  # as if every note had just been saved
    root = vault(NOTES)
    for _ in range(3):
        cli("check", ".")
    assert not _records(root) and checks == ["check"] * 3


def test_an_error_is_never_replayed(cli: Cli, vault: Vault, checks: list[str]) -> None:
    root = vault({**NOTES, "Bad.md": b"\xff\xfe not UTF-8 \xff"})
    first = _settle(cli, ".")
    assert first.code == 2 and not _records(root)


def test_only_the_answer_is_kept_not_the_progress() -> None:
    stream = io.StringIO()
    tee = replay.ErrTee(stream, replay.Tee(io.StringIO()), replay.PROGRESS_RE)
    for part in ("\rchecked 50/300 notes", "vaultlint: warning: x\n", "\rchecked 300/300 notes\r\x1b[K"):
        tee.write(part)
    assert tee.text() == "vaultlint: warning: x\n"
    assert stream.getvalue().startswith("\rchecked 50/300 notes")


def test_stamps_say_what_a_path_is(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    (tmp_path / "d").mkdir()
    (tmp_path / "l").symlink_to(tmp_path / "gone")
    kinds = [replay.stamp(str(tmp_path / name))[1] for name in ("f", "d", "l", "absent")]
    assert kinds == ["f", "d", "l", "-"]


def test_a_named_note_is_checked_again_when_a_note_it_links_to_changes(
    cli: Cli, vault: Vault, checks: list[str]
) -> None:
    root = vault(NOTES)
    before = _settle(cli, "Home.md")
    assert _records(root) and cli("check", "Home.md") == before and checks == ["check"] * 3  # replayed
    _replace_same_size(root)  # Guide's "Setup" heading is gone: Home's link to it breaks
    after = cli("check", "Home.md")
    assert checks == ["check"] * 4
    assert after == cli("check", "--no-cache", "Home.md") != before


def test_notes_named_keep_an_answer_only_when_named_again_as_they_were(
    cli: Cli, vault: Vault, checks: list[str]
) -> None:
    """pre-commit's runs: the notes of each commit, edited since the last: no answer kept, none stamped."""
    root = vault(NOTES)
    cli("check", "Home.md", "Guide.md")  # makes the cache folder
    for line in range(3):
        with open(root / "Home.md", "a", encoding="utf-8") as note:
            note.write(f"\n- line {line}\n")
        assert cli("check", "Home.md", "Guide.md") == cli("check", "--no-cache", "Home.md", "Guide.md")
    assert not _records(root) and len(list(root.glob(".vaultlint_cache/replay/*.seen"))) == 1
    assert cli("check", "Home.md", "Guide.md").code == 1 and _records(root)  # as they were: kept
    assert len(checks) == 8
    cli("check", "Home.md", "Guide.md")
    assert len(checks) == 8  # replayed


def test_a_folder_named_keeps_its_answer_from_its_first_run(cli: Cli, vault: Vault, checks: list[str]) -> None:
    root = vault(NOTES)
    cli("check", "sub")
    cli("check", "sub")
    assert _records(root) and not list(root.glob(".vaultlint_cache/replay/*.seen"))


def test_marks_of_notes_named_are_pruned(cli: Cli, vault: Vault, checks: list[str]) -> None:
    root = vault({**NOTES, **{f"n{i}.md": "# n\n" for i in range(replay.MARKS + 3)}})
    cli("check", "Home.md")
    for i in range(replay.MARKS + 3):
        cli("check", f"n{i}.md")
    assert len(list(root.glob(".vaultlint_cache/replay/*.seen"))) == replay.MARKS


def test_a_folder_above_the_vault_only_tested_for_is_watched(
    cli: Cli, tmp_path: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = tmp_path / "outer" / "vault"
    inner.mkdir(parents=True)
    (inner / "vaultlint.toml").write_text('extend-select = ["WIK001"]\n')
    (inner / "Home.md").write_text("[[Elsewhere]]\n")
    (tmp_path / "outer" / "Elsewhere.md").write_text("# Elsewhere\n")
    monkeypatch.chdir(inner)
    before = _settle(cli, ".")
    (tmp_path / "outer" / ".obsidian").mkdir()  # the vault is `outer` now: [[Elsewhere]] resolves
    after = cli("check", ".")
    assert checks == ["check"] * 3
    assert after == cli("check", "--no-cache", ".") != before


def test_every_file_of_a_folder_listed_is_stamped(tmp_path: Path) -> None:
    """A worker reads the notes it checks: the main process saw only their folders listed."""
    (tmp_path / "a.md").write_text("a")
    (tmp_path / "sub").mkdir()
    seen = replay.Seen(os.getpid())
    seen.path(tmp_path, listed=True)
    found = replay.inputs(seen, "/nowhere/")
    stamps = {s[0]: s[1] for s in found.every} if found is not None else {}
    assert stamps == {str(tmp_path): "d", str(tmp_path / "a.md"): "f"}  # a folder in it: its own listing says


def test_the_environment_can_turn_replays_off(
    cli: Cli, vault: Vault, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault(NOTES)
    monkeypatch.setenv("VAULTLINT_NO_REPLAY", "1")
    for _ in range(3):
        cli("check", ".")
    assert checks == ["check"] * 3 and not _records(root)


def test_what_the_hooks_cannot_follow_keeps_nothing(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    listed, by_descriptor, other_program = (replay.Seen(os.getpid()) for _ in range(3))
    with replay.watching(listed):
        os.listdir(tmp_path)
    with replay.watching(by_descriptor):
        descriptor = os.open(tmp_path, os.O_RDONLY)
        os.listdir(descriptor)
        os.close(descriptor)
    with replay.watching(other_program):
        subprocess.run([sys.executable, "-c", "pass"], check=True)
    assert str(tmp_path) in listed.listed and not listed.blind
    assert by_descriptor.blind and other_program.blind
    cache = tmp_path / ".vaultlint_cache"
    (cache / "replay").mkdir(parents=True)
    where = replay.Where(cache, cache / "replay" / "k.rec")
    for seen in (listed, by_descriptor, other_program):
        seen.path(cache / "index.json")  # the run used this cache
        where.temp.write_bytes(b"answer")
        replay.keep(where, seen, time.time() + 3600, _ANSWER)  # every stamp settled long before
        assert where.file.exists() == (seen is listed)
        where.file.unlink(missing_ok=True)


_ANSWER = replay.Answer(1, 6, zlib.crc32(b"answer"), [])


def test_a_record_of_any_shape_is_a_miss_never_a_crash(cli: Cli, vault: Vault, checks: list[str]) -> None:
    root = vault(NOTES)
    kept = _settle(cli, ".")
    (record,) = _records(root)
    data = record.read_bytes()
    length = int(data[-10:])
    head = json.loads(data[-10 - length : -10])
    for stamps in ([["x"]], [[1, 2]], [["x", "D"]], [["x", "f", "a"]], "no", [None]):
        odd = json.dumps({**head, "stamps": stamps}).encode()
        record.write_bytes(data[: -10 - length] + odd + b"%010d" % len(odd))
        assert cli("check", ".") == kept


def test_a_vault_under_a_system_folder_keeps_no_record(tmp_path: Path) -> None:
    import time

    cache = tmp_path / ".vaultlint_cache"
    (cache / "replay").mkdir(parents=True)
    where = replay.Where(cache, cache / "replay" / "k.rec")
    seen = replay.Seen(os.getpid())
    seen.path(cache / "index.json")
    seen.path("/dev/shm/vault", listed=True)  # its notes are never stamped: every edit would be missed
    where.temp.write_bytes(b"answer")
    replay.keep(where, seen, time.time() + 3600, _ANSWER)
    assert not where.file.exists()


@pytest.mark.skipif(not os.path.isdir("/dev/shm"), reason="no /dev/shm")
def test_a_config_under_a_system_folder_keeps_no_record(tmp_path: Path) -> None:
    import tempfile
    import time

    cache = tmp_path / ".vaultlint_cache"
    (cache / "replay").mkdir(parents=True)
    where = replay.Where(cache, cache / "replay" / "k.rec")
    with tempfile.NamedTemporaryFile(dir="/dev/shm", suffix=".toml") as config:
        for opened in (config.name, "/dev/null"):
            seen = replay.Seen(os.getpid())
            seen.path(cache / "index.json")
            seen.path(opened)  # --config /dev/shm/x.toml: never stamped, so an edit would be missed
            where.temp.write_bytes(b"answer")
            replay.keep(where, seen, time.time() + 3600, _ANSWER)
            assert where.file.exists() == (opened == "/dev/null")


def test_a_path_gone_during_the_run_keeps_nothing(tmp_path: Path) -> None:
    """A config deleted mid-run would be stamped absent, as if the answer had been made without it."""
    import time

    config, never = tmp_path / "vaultlint.toml", tmp_path / "sub" / "vaultlint.toml"
    config.write_text("")
    seen = replay.Seen(os.getpid())
    seen.path(config)
    seen.path(never)
    config.unlink()
    assert replay.inputs(seen, "/nowhere/", time.time() + 60) is None
    again = replay.Seen(os.getpid())
    again.path(never)  # absent from first to last: its stamp alone vouches for it, not its folder's times
    found = replay.inputs(again, "/nowhere/", time.time() + 60)
    assert found is not None and found.every == [[str(never), "-"]]


def test_a_full_disk_loses_the_record_not_the_answer() -> None:
    class Full(io.BytesIO):
        def write(self, data: object) -> int:
            raise OSError(28, "No space left on device")

    stream = io.StringIO()
    tee = replay.Tee(stream, Full())  # type: ignore[arg-type]
    tee.write("a\n")
    tee.write("b\n")
    assert stream.getvalue() == "a\nb\n" and tee.failed


def _kept(tmp_path: Path, parts: list[tuple[str, str]]) -> tuple[replay.Where, str]:
    """A record of a run that wrote ``parts`` (("out"|"err", text)) in that order; and what a terminal showed."""
    import time

    cache = tmp_path / ".vaultlint_cache"
    (cache / "replay").mkdir(parents=True)
    where = replay.Where(cache, cache / "replay" / "k.rec")
    screen = io.StringIO()
    out = replay.Tee(screen, open(where.temp, "xb"))
    err = replay.ErrTee(screen, out, replay.PROGRESS_RE)
    for stream, text in parts:
        (out if stream == "out" else err).write(text)
    out.file.close()  # type: ignore[union-attr]
    seen = replay.Seen(os.getpid())
    seen.path(cache / "index.json")
    replay.keep(where, seen, time.time() + 3600, out.answer(1, err.parts))
    return where, screen.getvalue()


def test_a_replay_interleaves_stderr_and_stdout_as_the_run_did(tmp_path: Path) -> None:
    parts = [("err", "warning: a\n"), ("out", "x.md:1:1: A\n"), ("err", "warning: b\n"), ("out", "é\n")]
    where, shown = _kept(tmp_path, [*parts, ("err", "\rchecked 3/3 notes\r\x1b[K"), ("err", "c\n")])
    screen = io.StringIO()
    assert replay.replay(where, screen, screen) == 1
    assert screen.getvalue() == shown.replace("\rchecked 3/3 notes\r\x1b[K", "")
    assert screen.getvalue() == "warning: a\nx.md:1:1: A\nwarning: b\né\nc\n"


def test_a_record_damaged_anywhere_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replay, "CHUNK", 4)  # the damage lies chunks past the start
    where, _ = _kept(tmp_path, [("out", "a" * 40 + "\n"), ("err", "w\n")])
    data = bytearray(where.file.read_bytes())
    data[30] = ord("b")
    where.file.write_bytes(bytes(data))
    out, err = io.StringIO(), io.StringIO()
    assert replay.replay(where, out, err) is None
    assert out.getvalue() == err.getvalue() == ""


def test_a_killed_runs_temp_file_goes_at_the_next_recording(tmp_path: Path) -> None:
    dead = tmp_path / f".k.rec.{2**22 + 1}.tmp"  # past Linux's largest process id: no such process
    mine = tmp_path / f".k.rec.{os.getpid()}.tmp"  # this process has written none yet: a dead run's (a container)
    running = tmp_path / f".k.rec.{os.getppid()}.tmp"  # a run still going, however long it takes
    for temp in (dead, mine, running):
        temp.write_bytes(b"half an answer")
    replay.clear_dead(tmp_path)
    assert not dead.exists() and not mine.exists() and running.exists()


def test_a_run_on_a_note_just_edited_is_found_racy_before_the_vault_is_stamped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    (tmp_path / "Edited.md").write_text("just now")
    listed: list[object] = []
    monkeypatch.setattr(replay, "_files_in", lambda folders, *rest: listed.append(folders) or True)
    seen = replay.Seen(os.getpid())
    seen.path(tmp_path / "Edited.md")
    seen.path(tmp_path, listed=True)
    assert replay.inputs(seen, "/nowhere/", time.time() - 60) is None
    assert listed == []  # the vault's other files were never looked at
    assert replay.inputs(seen, "/nowhere/", time.time() + 60) is not None and listed


def test_a_configs_own_cache_folder_holds_its_records(cli: Cli, vault: Vault, checks: list[str]) -> None:
    root = vault(NOTES)
    with open(root / "vaultlint.toml", "a", encoding="utf-8") as config:
        config.write('cache-dir = "build/lint-cache"\n')
    kept = _settle(cli, ".")
    assert not (root / ".vaultlint_cache").exists()
    assert list((root / "build" / "lint-cache" / "replay").glob("*.rec"))
    assert cli("check", ".") == kept and checks == ["check", "check"]  # replayed
    _edit(root)
    assert cli("check", ".") == cli("check", "--no-cache", ".") != kept


def test_the_start_is_the_earlier_of_two_clocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file server whose clock lags: a note edited during the run must still be found changed after it began."""
    import time

    real = time.time()
    monkeypatch.setattr(replay.time, "time", lambda: real + 3600)  # this machine's clock, an hour ahead
    with open(tmp_path / "t.tmp", "xb") as body:
        assert abs(replay._started(body) - real) < 60


def test_a_python_warning_is_part_of_the_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import warnings

    terminal = io.StringIO()
    monkeypatch.setattr("sys.stderr", terminal)
    tee = replay.ErrTee(terminal, replay.Tee(io.StringIO()))
    with replay._stderr_as(terminal, tee):
        # as warnings.showwarning does (pytest records warnings instead): to sys.stderr as it is then
        sys.stderr.write(warnings.formatwarning("possible nested set", FutureWarning, "pathspec.py", 1))
    assert "possible nested set" in tee.text() and "possible nested set" in terminal.getvalue()


def test_a_write_error_is_not_called_a_read_error(tmp_path: Path) -> None:
    where, _ = _kept(tmp_path, [("out", "x.md:1:1: A\n")])

    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        replay.replay(where, Full(), io.StringIO())


def test_stamps_are_kept_newest_first() -> None:
    old, new = ["/v/a.md", "f", 1, 10, 10, 1, 1], ["/v/b.md", "f", 1, 20, 30, 2, 1]
    absent = ["/v/vaultlint.toml", "-"]
    assert sorted([absent, old, new], key=replay._recent_first) == [new, old, absent]
