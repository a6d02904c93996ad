"""`vaultlint server`: the next run's child forked ahead (the spare) answers as a child forked for it would."""

from __future__ import annotations

import os
import resource
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.serving import (  # noqa: F401 - env: the fixture; pytestmark: POSIX only
    _alive,
    _run,
    _spare,
    _start,
    _status,
    _vault,
    _without,
    env,
    pytestmark,
)
from vaultlint.cli.prefault import prefault


def _ready_spare(env: dict[str, str]) -> int:
    """The server's spare once it says it is ready (within a generous bound: no speed is tested here). Asked
    without a pause: a status asked is no run, so it never keeps the server from holding what the last run read
    and forking the spare (each asked at once kept both off, where a status took less than the quiet it waits)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        said = _run(["server", "status"], env).stdout
        if ", ready" in said:
            return _spare(env)
    raise AssertionError("no spare made ready: " + said)


def test_the_run_after_a_pause_is_handed_to_the_spare(env: dict[str, str], tmp_path: Path) -> None:
    _vault(tmp_path)
    alone = _run(["check", "vault"], _without(env), cwd=tmp_path)
    _start(env)
    assert _spare(env) == 0  # none before a first run: a server nobody asks holds no second copy of itself
    first = _run(["check", "vault"], env, cwd=tmp_path)
    spare = _ready_spare(env)
    assert _alive(spare)
    (tmp_path / "vault" / "B.md").write_text("# B\n\n[[A#Nowhere]]\n", encoding="utf-8")  # a run with work to do
    edited = _run(["check", "vault"], _without(env), cwd=tmp_path)
    served = _run(["check", "vault"], env, cwd=tmp_path)
    assert (first.returncode, first.stdout, first.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    assert (served.returncode, served.stdout, served.stderr) == (edited.returncode, edited.stdout, edited.stderr)
    deadline = time.monotonic() + 10
    while _alive(spare) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(spare)  # it ran the request, and ended with it
    assert _status(env)[1] == 2  # the two served checks (the one between ran in its own process)
    assert _ready_spare(env) not in (0, spare)  # the next one, made after that run


def test_a_spare_killed_is_no_run_lost(env: dict[str, str], tmp_path: Path) -> None:
    _vault(tmp_path)
    alone = _run(["check", "vault"], _without(env), cwd=tmp_path)
    _start(env)
    _run(["check", "vault"], env, cwd=tmp_path)
    os.kill(_ready_spare(env), signal.SIGKILL)
    served = _run(["check", "vault"], env, cwd=tmp_path)
    assert (served.returncode, served.stdout, served.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    assert _status(env)[1] == 2


def test_a_stopped_server_leaves_no_spare(env: dict[str, str], tmp_path: Path) -> None:
    _vault(tmp_path)
    _start(env)
    _run(["check", "vault"], env, cwd=tmp_path)
    spare = _ready_spare(env)
    assert _run(["server", "stop"], env).returncode == 0
    deadline = time.monotonic() + 10
    while _alive(spare) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(spare)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="MADV_POPULATE_WRITE is Linux's")
def test_a_process_prefaulted_writes_its_parents_pages_without_a_fault() -> None:
    pages = 2048
    block = bytearray(pages * 4096)
    block[::4096] = b"\1" * pages  # the parent's own, before the fork: shared with the child, copy-on-write
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: prefault, then write a byte in each page; tells how many faults that took
        try:
            done = prefault()
            before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            block[::4096] = b"\2" * pages
            faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
            os.write(write, f"{done} {faults}".encode())
        finally:
            os._exit(0)
    os.close(write)
    done, faults = map(int, os.read(read, 100).split())
    os.close(read)
    os.waitpid(pid, 0)
    if done == 0:
        pytest.skip("this kernel has no MADV_POPULATE_WRITE (Linux 5.14)")
    assert done >= pages * 4096
    assert faults < pages // 10  # without it, a fault a page: 2048
