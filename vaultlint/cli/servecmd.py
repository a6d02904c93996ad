"""`vaultlint server start|stop|status`: this install's server, started in the background, asked, stopped."""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import socket
import sys
import time
from collections.abc import Callable
from typing import TextIO

from vaultlint.cli.rendezvous import STATUS, STOP, SUN_PATH, encode_request, folder, private, socket_path
from vaultlint.cli.status import EXIT_CLEAN, CliError

EXIT_NOT_RUNNING = 1  # `status` of a server that is not there
STOP_WAIT = 10.0
LOCK_WAIT = 30.0  # seconds `stop` waits for the server to be gone (it lets running children finish)


def server_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Start, stop or tell of this install's server."""
    if os.name != "posix":
        raise CliError("vaultlint server needs a POSIX system: it forks a process for each run, on a unix socket")
    path = socket_path()
    if args.action == "status":
        return _status(path, out)
    if args.action == "stop":
        return _stop(path, out, args.quiet)
    return _start(path, args.idle, args.foreground, out, args.quiet)


def ask(path: str, kind: str) -> str | None:
    """The server's answer at ``path`` to a STATUS or STOP request; None when none answers there."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with conn:
        conn.settimeout(5.0)
        try:
            conn.connect(path)
            conn.sendall(encode_request(kind, [], "/", 0o022, [], {}, [""] * 9))
            return conn.makefile("rb").readline().decode("utf-8", "replace").strip() or None
        except OSError:
            return None


def _status(path: str, out: TextIO) -> int:
    said = ask(path, STATUS)
    if said is None or not said.startswith("status "):
        out.write("vaultlint: no server is running for this vaultlint\n")
        return EXIT_NOT_RUNNING
    pid, started, served, idle, holding, spare, ready = [*said.split()[1:8], "0", "0"][:7]
    since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(int(started)))
    ahead = "none" if spare == "0" else f"pid {spare}, {'ready' if ready == '1' else 'not ready yet'}"
    out.write(
        f"vaultlint: the server is running (pid {pid}, since {since}, {served} runs answered);"
        f" it stops after {idle} minutes idle\nsocket: {path}\nthe next run's child, forked ahead: {ahead}\n"
        f"cache files held decoded: {holding}\n"
    )
    return EXIT_CLEAN


def _stop(path: str, out: TextIO, quiet: bool) -> int:
    said = ask(path, STOP)
    if said is None:
        if not quiet:
            out.write("vaultlint: no server is running for this vaultlint\n")
        return EXIT_CLEAN
    deadline = time.monotonic() + STOP_WAIT
    while os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(0.05)
    if os.path.exists(path):
        out.write("vaultlint: the server was asked to stop, and has not yet (a run of its may still be going)\n")
    elif not quiet:
        out.write("vaultlint: the server stopped\n")
    return EXIT_CLEAN


def _start(path: str, idle: float, foreground: bool, out: TextIO, quiet: bool) -> int:
    where = folder()
    with contextlib.suppress(FileExistsError):
        os.makedirs(where, mode=0o700)
    if not private(where):
        raise CliError(
            f"{where}: not a folder of this user's that only this user can enter (mode 0700): a server's socket"
            " there would not be safe; set VAULTLINT_SERVER_DIR to one"
        )
    if len(os.fsencode(path)) >= SUN_PATH:
        raise CliError(f"{path}: too long for a socket's path; set VAULTLINT_SERVER_DIR to a shorter folder")
    with open(f"{path}.lock", "a+b") as lock:
        _lock(lock.fileno())  # two starts at once: one server, the other start says it runs
        said = ask(path, STATUS)
        if said is not None and said.startswith("status "):
            if not quiet:
                out.write(f"vaultlint: the server is already running (pid {said.split()[1]})\n")
            return EXIT_CLEAN
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # a socket no server answers on: one that ended without removing it
        if foreground:
            return _serve_here(path, idle, out, quiet, lambda: fcntl.flock(lock, fcntl.LOCK_UN))
        return _serve_behind(path, idle, out, quiet, lock.fileno())


def _lock(fd: int) -> None:
    """The start's lock, waited for LOCK_WAIT seconds at most (a start that hangs holds it)."""
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise CliError("another `vaultlint server start` holds the start's lock, and has not let go") from None
            time.sleep(0.05)


def _listen(path: str) -> socket.socket:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)  # the socket its user's alone, whatever the folder
    try:
        listener.bind(path)
    finally:
        os.umask(old)
    listener.listen(64)
    return listener


def _serve_here(path: str, idle: float, out: TextIO, quiet: bool, ready: Callable[[], None]) -> int:
    """Serve in this process until it is time to leave: the code it imports stamped before and after the imports
    (code that changed meanwhile is not served)."""
    from vaultlint.cli.server import Server, loaded_code, preload

    if not sys.flags.safe_path and sys.path and os.path.abspath(sys.path[0] or ".") != _script_folder():
        del sys.path[0]  # `python -m`'s working folder: a server imports nothing from where it was started
    before = loaded_code()
    preload()
    stamps = loaded_code()
    if any(stamp not in stamps for stamp in before):
        raise CliError("vaultlint's code changed while the server loaded it: start it again")
    listener = _listen(path)
    ready()
    if not quiet:
        out.write(f"vaultlint: the server is listening on {path}; it stops after {idle:g} minutes idle\n")
        out.flush()
    Server(listener, path, idle * 60, stamps).serve()
    return EXIT_CLEAN


def _script_folder() -> str:
    return os.path.dirname(os.path.abspath(sys.argv[0])) if sys.argv and sys.argv[0] else ""


def _serve_behind(path: str, idle: float, out: TextIO, quiet: bool, lock: int) -> int:
    """Start the server as a daemon (its own session, no terminal, its streams /dev/null) and return once it
    listens; an error when it did not start."""
    out.flush()
    sys.stderr.flush()
    read, write = os.pipe()
    first = os.fork()
    if first == 0:
        os.close(read)
        os.setsid()
        if os.fork() != 0:
            os._exit(0)
        _daemon(path, idle, write, lock)
    os.close(write)
    os.waitpid(first, 0)
    with os.fdopen(read, "rb") as said:
        pid = said.read().decode("ascii", "replace")
    if not pid.isdigit():
        raise CliError(f"the server did not start: {pid or 'it ended before it listened'}")
    if not quiet:
        out.write(
            f"vaultlint: the server started (pid {pid}): this vaultlint's runs are answered by it until it has"
            f" been idle for {idle:g} minutes, or `vaultlint server stop`\n"
        )
    return EXIT_CLEAN


def _daemon(path: str, idle: float, ready: int, lock: int) -> None:
    """The daemon's life: serve, then end this process (never return to the command that forked it). Why it
    could not start is written where `_serve_behind` waits for its pid."""
    told = False

    def listening() -> None:
        nonlocal told
        os.write(ready, str(os.getpid()).encode())
        os.close(ready)
        os.close(lock)  # the next start may look: this server answers by now
        told = True

    try:
        os.chdir("/")
        nowhere = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(nowhere, fd)
        os.close(nowhere)
        low, high = sorted((ready, lock))  # nothing else of its starter's is held, nor passed on to its children
        os.closerange(3, low)
        os.closerange(low + 1, high)
        os.closerange(high + 1, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 4096)
        _serve_here(path, idle, sys.stdout, True, listening)
    except BaseException as exc:  # noqa: BLE001 - said to the start that waits, whatever it was
        if not told:
            with contextlib.suppress(OSError):
                os.write(ready, (str(exc) or type(exc).__name__).encode("utf-8", "replace"))
    finally:
        os._exit(0)
