"""Every file vaultlint writes is whole or absent: a full disk or a kill leaves the old file, no stub, no temp file."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, Run
from vaultlint.vault import writer

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

Cli = Callable[..., Run]
Vault = Callable[[dict[str, str | bytes]], Path]


def _disk_full_after(monkeypatch: pytest.MonkeyPatch, room: int) -> None:
    """Writes get ``room`` bytes in all, then fail with ENOSPC: a disk that fills up mid-file."""
    real, left = os.write, [room]

    def write(fd: int, data: bytes | memoryview) -> int:
        if left[0] <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = real(fd, data[: left[0]])
        left[0] -= n
        return n

    monkeypatch.setattr(writer.os, "write", write)


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- the writer itself ---


def test_create_on_a_full_disk_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _disk_full_after(monkeypatch, 10)
    with pytest.raises(writer.WriteRefused, match="No space left on device"):
        writer.create(tmp_path / "new.json", b"x" * 100)
    assert _names(tmp_path) == []  # no truncated file, no temp file


def test_replace_on_a_full_disk_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old\n")
    read = writer.snapshot(path)
    _disk_full_after(monkeypatch, 3)
    with pytest.raises(writer.WriteRefused, match="No space left on device"):
        writer.replace(path, b"new text\n", read)
    assert path.read_bytes() == b"old\n" and _names(tmp_path) == ["a.md"]


def test_create_never_overwrites_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "vaultlint.toml"
    path.write_bytes(b"mine\n")
    with pytest.raises(writer.AlreadyExists):
        writer.create(path, b"theirs\n")
    assert path.read_bytes() == b"mine\n" and _names(tmp_path) == ["vaultlint.toml"]


def test_create_gives_the_mode_a_new_file_gets(tmp_path: Path) -> None:
    writer.create(tmp_path / "new.toml", b"x = 1\n")
    mask = os.umask(0o022)
    os.umask(mask)
    assert (tmp_path / "new.toml").stat().st_mode & 0o777 == 0o666 & ~mask  # not mkstemp's 0600


def test_create_without_hard_links_still_never_overwrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(src: str, dst: Path) -> None:  # FAT, some network shares
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(writer.os, "link", no_links)
    writer.create(tmp_path / "new.toml", b"x = 1\n")
    assert (tmp_path / "new.toml").read_bytes() == b"x = 1\n" and _names(tmp_path) == ["new.toml"]
    with pytest.raises(writer.AlreadyExists):
        writer.create(tmp_path / "new.toml", b"y = 2\n")
    assert (tmp_path / "new.toml").read_bytes() == b"x = 1\n" and _names(tmp_path) == ["new.toml"]


def _stale(folder: Path, name: str, age: float = 3600.0) -> Path:
    path = folder / name
    path.write_bytes(b"half a no")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


@pytest.mark.parametrize("write", ["create", "replace"])
def test_a_stale_temp_file_of_ours_beside_the_file_written_is_removed(tmp_path: Path, write: str) -> None:
    path = tmp_path / "a.md"
    stale = _stale(tmp_path, ".a.md.k2j_x9q0.vaultlint.tmp")  # what a run killed mid-write leaves
    if write == "create":
        writer.create(path, b"new\n")
    else:
        path.write_bytes(b"old\n")
        writer.replace(path, b"new\n", writer.snapshot(path))
    assert not stale.exists() and _names(tmp_path) == ["a.md"]


def test_only_our_own_stale_temp_names_are_removed(tmp_path: Path) -> None:
    keep = [
        _stale(tmp_path, ".a.md.k2j_x9q0.vaultlint.tmp", age=1.0),  # young: another run may be writing it
        _stale(tmp_path, ".b.md.k2j_x9q0.vaultlint.tmp"),  # beside another file: not ours to judge now
        _stale(tmp_path, ".a.md.short.vaultlint.tmp"),  # not tempfile's 8 characters
        _stale(tmp_path, "a.md.k2j_x9q0.vaultlint.tmp"),  # not hidden
        _stale(tmp_path, ".a.md.k2j_x9q0.tmp"),  # another tool's
        _stale(tmp_path, ".a.md.k2j_x9q0.vaultlint.tmp.bak"),
    ]
    (tmp_path / ".a.md.abcdefgh.vaultlint.tmp").mkdir()  # a folder is never removed
    writer.create(tmp_path / "a.md", b"new\n")
    assert all(path.exists() for path in keep) and (tmp_path / ".a.md.abcdefgh.vaultlint.tmp").is_dir()


# --- `vaultlint baseline` and `vaultlint init` on a full disk ---


def test_baseline_on_a_full_disk_writes_nothing_and_the_next_run_works(
    cli: Cli, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault({"a.md": "text \n"})
    _disk_full_after(monkeypatch, 20)
    run = cli("baseline", "-o", "b.json", ".")
    assert run.code == 2 and "b.json: cannot write: No space left on device" in run.err
    assert not (root / "b.json").exists() and not [n for n in _names(root) if n.endswith(".tmp")]
    monkeypatch.undo()  # space is free again
    monkeypatch.chdir(root)
    assert cli("baseline", "-o", "b.json", ".").code == 0
    assert cli("check", "--baseline", "b.json", ".").code == 0


def test_baseline_update_on_a_full_disk_keeps_the_old_baseline(
    cli: Cli, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault({"a.md": "text \n"})
    assert cli("baseline", "-o", "b.json", ".").code == 0
    old = (root / "b.json").read_bytes()
    (root / "a.md").write_text("text \nmore \n")
    _disk_full_after(monkeypatch, 20)
    run = cli("baseline", "-o", "b.json", ".")
    assert run.code == 2 and "No space left on device" in run.err
    assert (root / "b.json").read_bytes() == old
    assert cli("check", "--baseline", "b.json", ".").code == 1  # still read: the new finding is new


def test_init_on_a_full_disk_writes_nothing_and_the_next_run_works(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    _disk_full_after(monkeypatch, 100)
    run = cli("init", str(tmp_path / "seeds"))
    assert run.code == 2 and "vaultlint.toml: cannot write: No space left on device" in run.err
    assert not (tmp_path / "seeds" / "vaultlint.toml").exists()
    monkeypatch.undo()
    assert cli("init", str(tmp_path / "seeds")).code == 0
    assert (tmp_path / "seeds" / "vaultlint.toml").read_text().startswith("# vaultlint configuration")


@pytest.mark.skipif(resource is None, reason="RLIMIT_FSIZE is POSIX")
def test_a_real_write_limit_mid_file_leaves_no_stub(tmp_path: Path) -> None:
    """The issue's reproduction, with a real failing write() (EFBIG past a file-size limit, as ENOSPC past a
    full disk): each command fails with exit 2 and leaves nothing, and then works."""
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")

    def run(*args: str, limit: int = 200) -> int:
        def small_files() -> None:  # in the child: writes past `limit` bytes fail, as on a full disk
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        child = subprocess.run(
            [sys.executable, "-m", "vaultlint", *args],
            cwd=tmp_path,
            capture_output=True,
            preexec_fn=small_files,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            check=False,
        )
        return child.returncode

    for args in (["baseline", "seeds/"], ["init", "seeds/"]):
        assert run(*args) == 2
    assert not (tmp_path / ".vaultlint-baseline.json").exists() and not (tmp_path / "seeds/vaultlint.toml").exists()
    assert run("baseline", "seeds/", limit=-1) == 0  # RLIM_INFINITY
    assert json.loads((tmp_path / ".vaultlint-baseline.json").read_text())["vaultlint-baseline"] == 1
    assert run("check", "seeds/", limit=-1) == 0  # the baseline holds every finding
    assert run("init", "seeds/", limit=-1) == 0


def test_a_snapshot_is_the_files_bytes_and_its_time_before_the_read(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    data = "# A\r\n\r\ntexté\n".encode() * 5000  # past one read's worth of a small buffer; CRLF kept as bytes
    path.write_bytes(data)
    info = path.stat()
    read = writer.snapshot(path)
    assert (read.data, read.mtime_ns, read.size) == (data, info.st_mtime_ns, info.st_size)
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    assert writer.snapshot(empty).data == b""


def test_a_file_grown_after_its_stat_is_read_to_its_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Written to between the stat and the read: all of it read, the size the stat said kept (the next run
    sees the file moved)."""
    path = tmp_path / "a.md"
    path.write_bytes(b"x" * (3 * 2**20 + 7))
    real_fstat = os.fstat

    def smaller(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        fields = list(info)
        fields[6] = 10  # st_size: as it was before the writer's last 3 MiB
        return os.stat_result(fields, {"st_mtime_ns": info.st_mtime_ns})

    monkeypatch.setattr(writer.os, "fstat", smaller)
    read = writer.snapshot(path)
    assert read.data == path.read_bytes() and read.size == 10


def test_a_snapshot_of_what_cannot_be_read_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        writer.snapshot(tmp_path / "absent.md")
    with pytest.raises(OSError):
        writer.snapshot(tmp_path)  # a folder


def test_a_read_that_returns_less_than_asked_is_read_on_to_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a network file system may answer: a few bytes a read."""
    path = tmp_path / "a.md"
    path.write_bytes(b"0123456789" * 1000)
    real_read = os.read
    monkeypatch.setattr(writer.os, "read", lambda fd, n: real_read(fd, min(n, 7)))
    assert writer.snapshot(path).data == path.read_bytes()
