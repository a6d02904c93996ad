"""`vaultlint server`: a run it answers is the run without it, and it never outlives its welcome."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.serving import (  # noqa: F401 - env: the fixture; pytestmark: POSIX only
    _STARTED,
    SCRIPT,
    _alive,
    _held,
    _run,
    _start,
    _status,
    _vault,
    _without,
    env,
    pytestmark,
)
from vaultlint.cli import rendezvous, server
from vaultlint.cli.rendezvous import RUN, BadRequest, decode_request, encode_request

WalkRow = tuple[str, list[str], list[str]]


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "vault"],
        ["check", "vault", "--output-format", "json"],
        ["check", "vault/B.md", "--statistics"],
        ["fix", "vault"],
        ["check", "no such folder"],
        ["rules"],
        ["--version"],
    ],
)
def test_a_run_the_server_answers_is_the_run_without_it(env: dict[str, str], tmp_path: Path, argv: list[str]) -> None:
    _vault(tmp_path)
    alone = _run(argv, _without(env), cwd=tmp_path)
    _start(env)
    served = _run(argv, env, cwd=tmp_path)
    assert (served.returncode, served.stdout, served.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    assert _status(env)[1] == 1  # it was the server's


def test_the_run_is_the_clients_folder_environment_and_umask(env: dict[str, str], tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    _start(env)
    # The environment: where the cache goes. The umask: the modes of what the run writes (the cache's files).
    cache = tmp_path / "elsewhere"
    run = _run(["check", "."], {**env, "VAULTLINT_CACHE_DIR": str(cache)}, cwd=vault, umask=0o027)
    assert run.returncode == 1 and "B.md:" in run.stdout, run.stderr
    assert cache.is_dir() and not (vault / ".vaultlint_cache").exists()
    made = [p for p in cache.rglob("*") if p.is_file()]
    assert made and all(p.stat().st_mode & 0o007 == 0 for p in made)
    assert _status(env)[1] == 1


def test_a_terminal_stays_a_terminal(env: dict[str, str], tmp_path: Path) -> None:
    """The descriptors are the client's own: a run on a terminal knows it is on one (colour, progress)."""
    import fcntl
    import pty
    import struct
    import termios

    _vault(tmp_path)
    _start(env)
    shown = {}
    for name, run_env, argv in (
        ("served", env, ["check", "vault"]),
        ("alone", _without(env), ["check", "vault"]),
        ("served help", env, ["check", "--help"]),
        ("alone help", _without(env), ["check", "--help"]),
    ):
        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 131, 0, 0))  # --help's width: 131
        done = subprocess.run(
            [str(SCRIPT), *argv],
            env={k: v for k, v in {**run_env, "TERM": "xterm"}.items() if k != "COLUMNS"},
            cwd=tmp_path,
            stdout=follower,
            stderr=follower,
            timeout=120,
        )
        os.close(follower)
        text = b""
        with open(leader, "rb", closefd=True) as read:
            try:
                while chunk := read.read1(65536):
                    text += chunk
            except OSError:  # the pty's other end closed
                pass
        shown[name] = (done.returncode, text)
    assert shown["served"] == shown["alone"]
    assert b"\x1b[" in shown["served"][1]  # in colour: a terminal
    assert shown["served help"] == shown["alone help"]
    assert max(map(len, shown["served help"][1].splitlines())) > 100  # the terminal's width, not 80


def test_the_cache_files_a_run_read_are_held_for_the_next_and_let_go_when_changed(
    env: dict[str, str], tmp_path: Path
) -> None:
    vault = _vault(tmp_path)
    (vault / ".obsidian").mkdir()
    _start(env)
    assert _run(["check", "vault"], env, cwd=tmp_path).returncode == 1
    # The index, decoded as the run left it, once requests have paused; the walk's memo and the drawing verdicts
    # too when the folder and the notes were old enough for the run to keep them (the machine's speed decides).
    deadline = time.monotonic() + 10
    while _held(env) == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _held(env) >= 1
    (vault / "B.md").write_text("# B\n\nNo trailing spaces now.\n", encoding="utf-8")
    alone = _run(["check", "vault"], _without(env), cwd=tmp_path)
    served = _run(["check", "vault"], env, cwd=tmp_path)
    assert (served.returncode, served.stdout, served.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    assert served.returncode == 0
    for kept in (vault / ".vaultlint_cache").rglob("index-*.json"):
        kept.write_bytes(b"{not json")  # a corrupt index: the run reads it, and rebuilds it, as ever
    assert _run(["check", "vault"], env, cwd=tmp_path).stdout == alone.stdout


def test_a_stuck_server_is_waited_for_seconds_and_never_runs_the_command(env: dict[str, str], tmp_path: Path) -> None:
    _vault(tmp_path)
    alone = _run(["check", "vault"], _without(env), cwd=tmp_path)
    pid = _start(env)
    os.kill(pid, signal.SIGSTOP)  # `vaultlint server start --foreground`, then Ctrl-Z
    try:
        started = time.monotonic()
        run = _run(["check", "vault"], env, cwd=tmp_path)
        assert time.monotonic() - started < 30
        assert (run.returncode, run.stdout, run.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    finally:
        os.kill(pid, signal.SIGCONT)
    # Going again, it forks a child for the request it had not read; the client that gave up never said `go`,
    # so that child ends without running anything, and the server answers the next run.
    assert _run(["check", "vault"], env, cwd=tmp_path).stdout == alone.stdout
    assert _status(env)[1] == 2


def test_output_that_cannot_be_written_ends_as_a_run_of_its_own_ends(env: dict[str, str], tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    _vault(tmp_path)
    _start(env)
    with open("/dev/full", "w") as full:
        alone = subprocess.run(
            [str(SCRIPT), "check", "vault"],
            env=_without(env),
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
        served = subprocess.run(
            [str(SCRIPT), "check", "vault"], env=env, cwd=tmp_path, stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert alone.returncode == served.returncode == 120
    assert "No space left on device" in served.stderr
    assert _status(env)[1] == 1


def test_a_server_whose_socket_is_taken_leaves(env: dict[str, str]) -> None:
    pid = _start(env)
    for name in os.listdir(env["VAULTLINT_SERVER_DIR"]):
        if name.endswith(".sock"):
            os.unlink(os.path.join(env["VAULTLINT_SERVER_DIR"], name))
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


def test_an_auto_started_server_imports_nothing_from_the_folder_it_was_started_in(
    env: dict[str, str], tmp_path: Path
) -> None:
    _vault(tmp_path)
    marker = tmp_path / "imported"
    for name in ("yaml", "random", "calendar", "string", "marko"):
        (tmp_path / f"{name}.py").write_text(f"open({str(marker)!r}, 'a').write('{name}\\n')\nraise ImportError\n")
    first = _run(["check", "vault"], {**env, "VAULTLINT_SERVER": "1"}, cwd=tmp_path)
    assert first.returncode == 1
    deadline = time.monotonic() + 30
    while _status(env)[0] == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    _STARTED.setdefault(env["VAULTLINT_SERVER_DIR"], []).append(_status(env)[0])
    assert _run(["check", "vault"], env, cwd=tmp_path).returncode == 1
    assert _status(env)[1] == 1
    assert not marker.exists(), marker.read_text()


def test_it_stops_when_idle_and_when_asked(env: dict[str, str]) -> None:
    pid = _start(env, "--idle", "0.02")  # 1.2 s
    path = rendezvous.folder()
    deadline = time.monotonic() + 20
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid)
    assert _status(env) == (0, 0)
    assert not [name for name in os.listdir(env["VAULTLINT_SERVER_DIR"]) if name.endswith(".sock")], path
    pid = _start(env)
    stopped = _run(["server", "stop"], env)
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)
    assert _run(["server", "stop"], env).stdout == "vaultlint: no server is running for this vaultlint\n"


def test_one_server_however_many_starts(env: dict[str, str]) -> None:
    starts = [
        subprocess.Popen([str(SCRIPT), "server", "start"], env=env, stdout=subprocess.PIPE, text=True) for _ in range(3)
    ]
    said = [start.communicate(timeout=60)[0] for start in starts]
    assert all(start.returncode == 0 for start in starts)
    assert sum("server started" in text for text in said) == 1, said
    assert sum("already running" in text for text in said) == 2, said
    pid = _status(env)[0]
    _STARTED.setdefault(env["VAULTLINT_SERVER_DIR"], []).append(pid)
    assert f"pid {pid}" in "".join(said)


def test_a_folder_others_may_enter_is_never_used(env: dict[str, str], tmp_path: Path) -> None:
    _vault(tmp_path)
    _start(env)
    os.chmod(env["VAULTLINT_SERVER_DIR"], 0o755)
    try:
        run = _run(["check", "vault"], env, cwd=tmp_path)
        assert run.returncode == 1 and "B.md:" in run.stdout
        assert _status(env)[1] == 0  # run here, not handed over
        refused = _run(["server", "start"], env)
        assert refused.returncode == 2
        assert "only this user can enter (mode 0700)" in refused.stderr
    finally:
        os.chmod(env["VAULTLINT_SERVER_DIR"], 0o700)


def test_nothing_listening_is_a_run_here(env: dict[str, str], tmp_path: Path) -> None:
    """A socket left by a server that was killed: the run is made here, as if none were there."""
    _vault(tmp_path)
    env = {**env}
    left = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    key = subprocess.run(
        [sys.executable, "-c", "from vaultlint.cli.rendezvous import socket_path; print(socket_path())"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    left.bind(key)
    left.close()  # bound, never listening: a connection is refused
    alone = _run(["check", "vault"], _without(env), cwd=tmp_path)
    run = _run(["check", "vault"], env, cwd=tmp_path)
    assert (run.returncode, run.stdout, run.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    pid = _start(env)  # and a start replaces the dead socket
    assert pid and _alive(pid)


def test_python_m_vaultlint_runs_in_its_own_process(env: dict[str, str], tmp_path: Path) -> None:
    _vault(tmp_path)
    _start(env)
    run = subprocess.run(
        [sys.executable, "-m", "vaultlint", "check", "vault"], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 1
    assert _status(env)[1] == 0


def test_vaultlint_server_1_starts_one_for_the_runs_after(env: dict[str, str], tmp_path: Path) -> None:
    _vault(tmp_path)
    alone = _run(["check", "vault"], _without(env), cwd=tmp_path)
    first = _run(["check", "vault"], {**env, "VAULTLINT_SERVER": "1"}, cwd=tmp_path)
    assert (first.returncode, first.stdout, first.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    deadline = time.monotonic() + 30
    while _status(env)[0] == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    pid = _status(env)[0]
    _STARTED.setdefault(env["VAULTLINT_SERVER_DIR"], []).append(pid)
    assert pid
    second = _run(["check", "vault"], {**env, "VAULTLINT_SERVER": "1"}, cwd=tmp_path)
    assert (second.returncode, second.stdout, second.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    assert _status(env)[1] == 1


def test_a_server_whose_code_changed_answers_stale_and_leaves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its code on disk is not the code it imported (an upgrade): it runs nothing, and the client runs the
    command itself."""
    where = tempfile.mkdtemp(prefix="vls")
    path = os.path.join(where, "s.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    answering = server.Server(listener, path, 60.0, [("vaultlint/changed.py", 1, 1)])
    monkeypatch.setattr(os, "fork", _no_fork)  # were the check to let it through: no copy of pytest running on
    ours, theirs = socket.socketpair()
    with ours, theirs:
        frame = encode_request(RUN, ["check"], "/", 0o022, [], {}, ["utf-8", "strict", ""] * 3)
        answering._answer(ours, decode_request(frame[8:]))
        theirs.settimeout(5)
        assert theirs.recv(100) == b"stale\n"
    assert answering.stopping and not answering.children
    listener.close()
    shutil.rmtree(where)


def _no_fork() -> int:
    raise AssertionError("forked")


def test_a_request_survives_its_frame_and_nothing_else_passes_for_one() -> None:
    env = {"A": "1", "B": "x=y", "EMPTY": ""}
    argv = ["check", "ä note.md", "--select", "", "a\udcff"]  # an argument that is not UTF-8: surrogate-escaped
    frame = encode_request(RUN, argv, "/v", 0o027, [1, 15], env, ["utf-8", "strict", "1"] * 3)
    assert int(frame[:8]) == len(frame) - 8
    assert decode_request(frame[8:]) == (RUN, argv, "/v", 0o027, [1, 15], env, ["utf-8", "strict", "1"] * 3)
    for bad in (b"", b"not a request", frame[8:-2], frame[8:].replace(b"vaultlint-server-1", b"vaultlint-server-9")):
        with pytest.raises(BadRequest):
            decode_request(bad)


def test_the_socket_is_named_by_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    key = rendezvous.install_key()
    monkeypatch.setattr(sys, "prefix", "/another/venv")
    assert rendezvous.install_key() != key
    monkeypatch.setenv("VAULTLINT_SERVER_DIR", "/x")
    assert rendezvous.socket_path() == f"/x/{rendezvous.install_key()}.sock"


def test_a_source_added_to_vaultlint_is_code_changed_and_bytecode_is_not(tmp_path: Path) -> None:
    """The server's children take `code_stamps` as the server made them: a `.py` file added to (or removed from)
    one of vaultlint's folders must make it stale; a `__pycache__` an import writes must not."""
    folder = tmp_path / "package"
    folder.mkdir()
    (folder / "a.py").write_text("", encoding="utf-8")
    stamps = [(str(folder) + os.sep, *server._stamp(str(folder) + os.sep))]
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"")
    assert server.still(stamps)
    (folder / "b.py").write_text("", encoding="utf-8")
    assert not server.still(stamps)
    (folder / "b.py").unlink()
    assert server.still(stamps)
    package = os.path.dirname(os.path.abspath(server.__file__))  # vaultlint/cli: a folder of vaultlint's own
    assert package + os.sep in [path for path, _, _ in server.loaded_code()]


def test_a_vaultlint_folder_that_could_not_be_listed_is_code_changed_once_it_can(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """os.walk passes by a folder it cannot list: left out of the stamps, its sources could change unseen."""
    package = tmp_path / "vaultlint"
    (package / "rules").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(server.vaultlint, "__file__", str(package / "__init__.py"))
    walk = os.walk

    def unlistable(top: str, onerror: Callable[[OSError], None] | None = None) -> Iterator[WalkRow]:
        for folder, dirs, files in walk(top):
            if folder.endswith("rules"):
                assert onerror is not None
                onerror(PermissionError(13, "Permission denied", folder))
                continue
            yield folder, dirs, files

    listdir = os.listdir

    def refused(path: str) -> list[str]:
        if path.rstrip(os.sep).endswith("rules"):
            raise PermissionError(13, "Permission denied", path)
        return listdir(path)

    monkeypatch.setattr(server.os, "walk", unlistable)
    monkeypatch.setattr(server.os, "listdir", refused)
    stamps = server.loaded_code()
    assert (str(package / "rules") + os.sep, -1, -1) in stamps
    assert server.still(stamps)
    monkeypatch.setattr(server.os, "walk", walk)
    monkeypatch.setattr(server.os, "listdir", listdir)
    assert not server.still(stamps)  # listable now: what it holds may be new


class _GoneBeforeGo:
    """A server's socket whose child says its pid, then is gone before the client's word (`go`)."""

    def __init__(self) -> None:
        self.said = list(b"pid 4242\n")
        self.went = False

    def settimeout(self, seconds: float | None) -> None:
        pass

    def connect(self, path: str) -> None:
        pass

    def getsockopt(self, level: int, option: int, size: int) -> bytes:
        return b"".join(n.to_bytes(4, sys.byteorder) for n in (4242, os.getuid(), os.getgid()))

    def sendall(self, data: bytes) -> None:
        pass

    def recv(self, size: int) -> bytes:
        return bytes([self.said.pop(0)]) if self.said else b""

    def sendmsg(self, *args: object) -> int:
        self.went = True
        raise BrokenPipeError(32, "Broken pipe")

    def close(self) -> None:
        pass


def test_a_client_that_runs_the_command_itself_after_all_has_its_signals_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """The child said its pid and went before `go`: the command is run here, and Ctrl-C (passed on to that child
    until then) must interrupt it, Ctrl-Z stop it, not a process of that pid (group)."""
    from vaultlint.cli import client

    where = Path(tempfile.mkdtemp(prefix="vlc", dir="/tmp"))  # mode 0700; short: a socket's path is 107 bytes at most
    monkeypatch.setenv("VAULTLINT_SERVER_DIR", str(where))
    monkeypatch.delenv("VAULTLINT_SERVER", raising=False)
    (where / f"{rendezvous.install_key()}.sock").touch()
    conn = _GoneBeforeGo()
    monkeypatch.setattr(client._socket, "socket", lambda *args: conn)
    before = {signum: signal.getsignal(signum) for signum in (*client.PASSED_ON, signal.SIGTSTP)}
    try:
        assert client.forward(["check"]) is None
    finally:
        shutil.rmtree(where)
    assert conn.went  # the run came as far as its word
    assert {signum: signal.getsignal(signum) for signum in before} == before
