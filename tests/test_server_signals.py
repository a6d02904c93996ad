"""`vaultlint server`: signals reach a served run as they would a run of its own; a client gone takes its run."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from tests.serving import (  # noqa: F401 - env: the fixture; pytestmark: POSIX only
    _alive,
    _long_run,
    _long_vault,
    _run,
    _server_children,
    _start,
    _status,
    env,
    pytestmark,
)


def test_ctrl_c_ends_the_servers_run_as_it_ends_a_run(env: dict[str, str], tmp_path: Path) -> None:
    _long_vault(tmp_path)
    _start(env)
    client = _long_run(env, tmp_path)
    client.send_signal(signal.SIGINT)
    out, err = client.communicate(timeout=60)
    assert client.returncode == 130, (out[-500:], err)
    assert "vaultlint: interrupted" in err


def test_a_signal_that_kills_the_run_kills_the_client_so(env: dict[str, str], tmp_path: Path) -> None:
    """SIGTERM ends a run of its own by that signal (-15 to its parent); so does a served one. (A few large
    notes: a run of many ends its worker pool first, and exits 130, served or not.)"""
    _long_vault(tmp_path, notes=30, lines=6000)
    _start(env)
    client = _long_run(env, tmp_path)
    client.send_signal(signal.SIGTERM)
    client.communicate(timeout=60)
    assert client.returncode == -signal.SIGTERM


def test_a_run_killed_outright_ends_its_client_so(env: dict[str, str], tmp_path: Path) -> None:
    """The OOM killer, or `kill -9`, on the server's child: the client ends by SIGKILL, as the run would have."""
    _long_vault(tmp_path)
    _start(env)
    client = _long_run(env, tmp_path)
    (run,) = _server_children(env)
    os.kill(int(run), signal.SIGKILL)
    client.communicate(timeout=60)
    assert client.returncode == -signal.SIGKILL


def test_a_run_under_way_outlives_its_servers_stop(env: dict[str, str], tmp_path: Path) -> None:
    """Stopped, the server takes no more runs, but a run under way ends as it would have, its client told."""
    _long_vault(tmp_path, notes=30, lines=6000)
    pid = _start(env)
    client = _long_run(env, tmp_path)
    assert _run(["server", "stop"], env).returncode == 0
    assert _status(env) == (0, 0)  # no longer asked: its socket is gone
    client.send_signal(signal.SIGTERM)
    client.communicate(timeout=120)
    assert client.returncode == -signal.SIGTERM  # said by the server, which waited for its child
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


def test_a_signal_the_client_ignores_the_run_ignores(env: dict[str, str], tmp_path: Path) -> None:
    """`nohup`, or a script's `cmd &`: the run goes on, as a run of its own would."""
    _long_vault(tmp_path, notes=600)
    _start(env)
    client = _long_run(env, tmp_path, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    client.send_signal(signal.SIGINT)
    out, _ = client.communicate(timeout=300)
    assert client.returncode == 1 and "Found" in out


def test_a_client_killed_takes_its_run_with_it(env: dict[str, str], tmp_path: Path) -> None:
    _long_vault(tmp_path)
    _start(env)
    client = _long_run(env, tmp_path)
    assert _server_children(env)  # the run, under way
    client.kill()
    client.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while _server_children(env) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _server_children(env) == []


def _state(pid: int | str) -> str:
    """A process's state as /proc says it: R, S, T (stopped)...; "" once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return ""


def _stopped(pids: list[str], wanted: bool) -> bool:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if all((_state(pid) == "T") == wanted for pid in pids):
            return True
        time.sleep(0.05)
    return False


def test_ctrl_z_stops_the_servers_run_with_its_workers_and_fg_lets_it_go_on(
    env: dict[str, str], tmp_path: Path
) -> None:
    """Ctrl-Z stopped the client alone: its run went on to its end behind a shell that said it was stopped. (The
    client in a process group of its own, as a shell's job is: Linux ignores Ctrl-Z in an orphaned one.)"""
    _long_vault(tmp_path, notes=600)
    _start(env)
    client = _long_run(env, tmp_path, process_group=0)
    (run,) = _server_children(env)
    deadline, workers = time.monotonic() + 30, []
    while not workers and time.monotonic() < deadline:  # once its notes are planned
        with open(f"/proc/{run}/task/{run}/children") as children:
            workers = children.read().split()
        time.sleep(0.02)
    assert workers, "a run of 600 notes has workers"
    client.send_signal(signal.SIGTSTP)
    assert _stopped([str(client.pid), run, *workers], True)
    time.sleep(0.5)
    assert all(_state(pid) == "T" for pid in [run, *workers])  # and stays so
    client.send_signal(signal.SIGCONT)  # `fg`
    assert _stopped([str(client.pid), run], False)
    out, _ = client.communicate(timeout=300)
    assert client.returncode == 1 and "Found" in out
