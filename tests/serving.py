"""What the server's tests share: a socket folder of their own, the console script, a run that lasts."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).parent / "vaultlint"
pytestmark = pytest.mark.skipif(os.name != "posix", reason="the server forks and listens on a unix socket")


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """The environment of a run that may use a server, its sockets in a folder of the test's own (short: a
    socket's path has 104 bytes); every server started there is stopped, and killed if it will not stop."""
    monkeypatch.delenv("VAULTLINT_SERVER", raising=False)
    where = tempfile.mkdtemp(prefix="vls")
    os.chmod(where, 0o700)
    out = {**os.environ, "VAULTLINT_SERVER_DIR": where}
    out.pop("VAULTLINT_SERVER", None)
    yield out
    _run(["server", "stop", "--quiet"], out)
    for pid in _pids(out):
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
    shutil.rmtree(where, ignore_errors=True)


_STARTED: dict[str, list[int]] = {}


def _run(
    argv: list[str], env: dict[str, str], cwd: Path | None = None, **kw: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *argv], env=env, cwd=cwd, capture_output=True, text=True, timeout=120, **kw)  # type: ignore[call-overload, no-any-return]


def _start(env: dict[str, str], *extra: str) -> int:
    started = _run(["server", "start", *extra], env)
    assert started.returncode == 0, started.stderr
    pid = _status(env)[0]
    _STARTED.setdefault(env["VAULTLINT_SERVER_DIR"], []).append(pid)
    return pid


def _pids(env: dict[str, str]) -> list[int]:
    return _STARTED.get(env["VAULTLINT_SERVER_DIR"], [])


def _status(env: dict[str, str]) -> tuple[int, int]:
    """The running server's pid and the runs it answered; (0, 0) when none runs."""
    said = _run(["server", "status"], env)
    if said.returncode != 0:
        return 0, 0
    words = said.stdout.replace(",", " ").replace("(", " ").split()
    return int(words[words.index("pid") + 1]), int(words[words.index("runs") - 1])


def _alive(pid: int) -> bool:
    if pid <= 0:  # no server's (os.kill(0, ...) would signal this test's own process group)
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie of this test's: only its exit status is left to collect.
    try:
        with open(f"/proc/{pid}/stat") if os.path.exists(f"/proc/{pid}/stat") else open(os.devnull) as stat:
            return ") Z " not in stat.read()
    except (ProcessLookupError, FileNotFoundError):  # reaped between the kill and the read (ESRCH, ENOENT)
        return False


def _vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "A.md").write_text("# A\n\nSee [[B]] and [[Gone]].\n- [x](https://a.example/)\n", encoding="utf-8")
    (vault / "B.md").write_text("# B  \n\nText with trailing spaces.   \n", encoding="utf-8")
    return vault


def _without(env: dict[str, str]) -> dict[str, str]:
    return {**env, "VAULTLINT_SERVER": "0"}


def _held(env: dict[str, str]) -> int:
    said = _run(["server", "status"], env).stdout
    return int(said.rsplit("held decoded: ", 1)[1])


def _long_vault(tmp_path: Path, notes: int = 3000, lines: int = 40) -> None:
    vault = tmp_path / "big"
    vault.mkdir()
    for n in range(notes):
        text = f"# Note {n}\n\n" + "- [x](https://x.example/a) b\n" * lines
        (vault / f"Note {n}.md").write_text(text, encoding="utf-8")


def _long_run(env: dict[str, str], tmp_path: Path, **kw: object) -> subprocess.Popen[str]:
    """A client whose run lasts seconds, once it is under way: the server's child runs it, and the client has
    its signals passed on (SigCgt: SIGTERM caught, which only then it is)."""
    client = subprocess.Popen(  # type: ignore[call-overload]
        [str(SCRIPT), "check", "--no-cache", "big"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and client.poll() is None:
        with open(f"/proc/{client.pid}/status") as status:
            caught = int(next(line for line in status if line.startswith("SigCgt:")).split()[1], 16)
        if caught & (1 << (signal.SIGTERM - 1)):
            break
        time.sleep(0.02)
    time.sleep(0.2)
    return client  # type: ignore[no-any-return]


def _server_children(env: dict[str, str]) -> list[str]:
    """The server's children that run a request: not its spare (the next run's child, forked ahead)."""
    pid = _status(env)[0]
    before = _spare(env)  # asked before and after the read: a spare made or let go meanwhile is no run either
    with open(f"/proc/{pid}/task/{pid}/children") as children:
        listed = children.read().split()
    spares = {before, _spare(env)}
    return [child for child in listed if int(child) not in spares]


def _spare(env: dict[str, str]) -> int:
    """The pid of the server's spare; 0 when it has none."""
    said = _run(["server", "status"], env).stdout
    ahead = said.split("forked ahead: ", 1)[1].split("\n", 1)[0] if "forked ahead: " in said else "none"
    return 0 if ahead == "none" else int(ahead.split(",")[0].split()[1])
