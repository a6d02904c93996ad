"""A server's child: the client's run, made as the console script makes it, in the client's place."""

from __future__ import annotations

import contextlib
import io
import json
import locale
import os
import signal
import socket
import sys
import threading
import time
import traceback
from typing import NoReturn, TextIO

from vaultlint import held
from vaultlint.cli.main import finish, start
from vaultlint.cli.prefault import prefault
from vaultlint.cli.rendezvous import STREAMS, BadRequest, Request, receive
from vaultlint.cli.status import EXIT_ERROR

GO_SECONDS = 10.0  # the client's word to start; a client that gave up before it said it leaves nothing running
EXIT_INTERRUPTED = 130
EXIT_UNCAUGHT = 1  # the interpreter's, for an exception no one caught
EXIT_FLUSH = 120  # the interpreter's, when the streams cannot be flushed at its exit
HANDED = b"h"  # the byte the server hands a client's connection to its spare with (`spare`), the request after it
ENDING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)


def child(conn: socket.socket, request: Request, tell: int) -> NoReturn:
    """Run the client's command as this process (forked for it) once the client says `go` (its stdin, stdout and
    stderr come with the word); tell the server on ``tell`` which files the run read through a loader
    (`vaultlint.held`), the client its exit status; end. Never returns, whatever happens: this process holds
    the server's loop in its stack."""
    status = EXIT_ERROR
    try:
        conn.settimeout(GO_SECONDS)
        conn.sendall(f"pid {os.getpid()}\n".encode())
        fds = _go(conn)
        if fds is None:
            os._exit(0)  # the client gave up, and runs the command itself
        conn.settimeout(None)
        held.note_asked()
        status = _run_as(request, fds)
    except KeyboardInterrupt:  # Ctrl-C passed on before `cli.main.main` could say so itself
        status = EXIT_INTERRUPTED
        with contextlib.suppress(BaseException):
            sys.stderr.write("vaultlint: interrupted\n")
            finish()
    except BaseException:  # noqa: BLE001 - the client hears a status, and this process ends, whatever happened
        status = EXIT_UNCAUGHT
        with contextlib.suppress(BaseException):
            traceback.print_exc()  # what the interpreter prints of an exception no one caught, then its exit's
            finish()
    try:
        with contextlib.suppress(BaseException):
            os.write(tell, json.dumps(held.asked()).encode())  # a few keys: within a pipe's buffer
        with contextlib.suppress(BaseException):
            conn.sendall(f"exit {status}\n".encode())
    finally:
        os._exit(0)


def spare(link: socket.socket, tell: int) -> NoReturn:
    """A child forked ahead of its request (the server's spare): its memory made its own first (`prefault`),
    then `ready` said on ``link``, then the request the server hands it there (the client's connection with it)
    run as `child` runs one. Ends when the server closes ``link`` first. Never returns, as `child`."""
    try:
        prefault()
        link.sendall(b"ready\n")
        handed = _handed(link)
        link.close()
        if handed is not None:
            child(*handed, tell)
    finally:
        os._exit(0)


def _handed(link: socket.socket) -> tuple[socket.socket, Request] | None:
    """The client's connection, sent with the byte `HANDED`, and its request after it, as the server hands them on
    ``link`` (`Server._hand`); None when it closed ``link`` instead (it needs this spare no more), or sent no whole
    request."""
    flags = getattr(socket, "MSG_CMSG_CLOEXEC", 0)
    try:
        said, ancillary, _, _ = link.recvmsg(len(HANDED), socket.CMSG_SPACE(4), flags)
        fds = [
            fd
            for level, kind, payload in ancillary
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS
            for fd in memoryview(payload).cast("i", (len(payload) // 4,)).tolist()
        ]
        if said != HANDED or len(fds) != 1:
            return None
        return socket.socket(fileno=fds[0]), receive(link)
    except (OSError, BadRequest):
        return None


def _go(conn: socket.socket) -> list[int] | None:
    """The client's streams, sent with its word `go`; None when it said none (it gave up, or it is gone)."""
    flags = getattr(socket, "MSG_CMSG_CLOEXEC", 0)
    try:
        data, ancillary, got, _ = conn.recvmsg(3, socket.CMSG_SPACE(STREAMS * 4), flags)
    except OSError:
        return None
    fds: list[int] = []
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds += memoryview(payload).cast("i", (len(payload) // 4,)).tolist()
    if data != b"go\n" or len(fds) != STREAMS or got & socket.MSG_CTRUNC:
        for fd in fds:
            os.close(fd)
        return None
    return fds


def _run_as(request: Request, fds: list[int]) -> int:
    """The console script's run of the client's command line, as the client: its folder, umask, ignored
    signals, environment and streams."""
    _, argv, cwd, umask, ignored, env, streams = request
    for signum in ENDING:  # as the client has them: Python's own for SIGINT, unless ignored (`nohup`, `&`)
        default = signal.default_int_handler if signum == signal.SIGINT else signal.SIG_DFL
        signal.signal(signum, signal.SIG_IGN if signum in ignored else default)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # as at Python's start
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    fds.clear()
    os.umask(umask)
    os.environ.clear()
    os.environ.update(env)
    time.tzset()
    with contextlib.suppress(locale.Error):
        locale.setlocale(locale.LC_CTYPE, "")  # as Python's start does, in the client's environment
    sys.stdin, sys.stdout, sys.stderr = (_stream(fd, streams[3 * fd : 3 * fd + 3]) for fd in range(STREAMS))
    for name in ("stdin", "stdout", "stderr"):  # the streams the process started with: the client's
        setattr(sys, f"__{name}__", getattr(sys, name))
    sys.argv = ["vaultlint", *argv]
    from vaultlint.vault import writer

    writer.restart_clock()  # this run's start, not the server's
    try:
        os.chdir(cwd)
    except OSError as exc:
        sys.stderr.write(f"vaultlint: error: cannot enter the working folder {cwd}: {exc.strerror}\n")
        sys.stderr.flush()
        return EXIT_ERROR
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, set())  # blocked by the server around the fork: now the run's
        status = start()
    except SystemExit as exc:  # argparse's --version, --help and usage errors end so
        status = _status_of(exc.code)
    for thread in threading.enumerate():  # as the interpreter's exit waits for them
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    try:
        finish()
    except (OSError, ValueError) as exc:  # as the interpreter's exit says a stream it cannot flush
        with contextlib.suppress(BaseException):
            os.write(2, f"Exception ignored on flushing sys.stdout:\n{type(exc).__name__}: {exc}\n".encode())
        return EXIT_FLUSH
    return status


def _status_of(code: object) -> int:
    """The exit status the interpreter makes of SystemExit's ``code`` (a text is written to stderr, status 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    sys.stderr.write(f"{code}\n")
    return 1


def _stream(fd: int, spec: list[str]) -> TextIO:
    """The text stream on descriptor ``fd`` with the client's ``spec`` (encoding, errors, line buffering)."""
    encoding, errors, line_buffering = spec
    raw = io.FileIO(fd, "r" if fd == 0 else "w", closefd=False)
    buffered = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
    newline = "\n" if fd == 0 else None  # as Python opens its stdin on POSIX
    return io.TextIOWrapper(
        buffered, encoding=encoding, errors=errors, line_buffering=bool(line_buffering), newline=newline
    )
