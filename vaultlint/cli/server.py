"""The server's loop: vaultlint imported once, then a forked child for each run a client hands it."""

# A run's start costs more than a one-note check's work: Python's start and ~280 imports, ~0.2 s of a 0.4 s
# pre-commit run on a 10,000-note vault. The server pays them once. Each request is then run by a child forked
# from it, which takes the client's command line, working folder, umask, environment and streams and runs the
# console script's own `cli.main.start`, then ends: a run holds nothing over to the next (no state, no cache in
# memory, nothing to go stale), and a crash ends one child. The server itself only imports; it never runs a
# command, so every child starts as a fresh process would, but for the imports.
#
# It leaves when idle for its time (no request and no child running), when asked (`vaultlint server stop`,
# SIGTERM), when its socket is taken from it, and when vaultlint's code on disk is not the code it imported
# (then it answers `stale`, and the client runs the command itself).

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import json
import locale
import os
import pkgutil
import select
import signal
import socket
import sys
import threading
import time
from typing import NoReturn, TextIO

import vaultlint
from vaultlint import held
from vaultlint.cache.folder import code_stamps, code_stamps_now
from vaultlint.cli.rendezvous import HEADER, RUN, STATUS, STOP, STREAMS, BadRequest, Request, decode_request
from vaultlint.lazyre import compile_every

REQUEST_LIMIT = 16 * 2**20  # a command line and an environment: anything far larger is no request
TICK = 1.0  # seconds between looks at the idle time and the socket when no request comes
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


def preload() -> None:
    """Import every module of vaultlint's that this install can import, marko's parser built, and the lazy
    patterns compiled: all a run would do before its first note, done once."""
    for module in pkgutil.walk_packages(vaultlint.__path__, "vaultlint."):
        if module.name.endswith("__main__"):
            continue
        with contextlib.suppress(Exception):  # an optional dependency not installed: its runs import it
            importlib.import_module(module.name)
    from vaultlint.parse.scan.tree import _parser

    _parser()
    compile_every()
    code_stamps()  # what `stale` compares, and what a run's cache key reads: one walk of the package
    gc.collect()
    gc.freeze()  # the children share these pages: a collection in one would touch them all


class Server:
    """The listening socket ``listener`` at ``path``, serving until idle for ``idle`` seconds."""

    def __init__(self, listener: socket.socket, path: str, idle: float) -> None:
        self.listener = listener
        self.path = path
        self.idle = idle
        self.inode = os.stat(path).st_ino
        self.children: dict[int, int] = {}  # pid -> the pipe it tells the files it read on (`held.asked`)
        self.served = 0
        self.started = time.time()
        self.last = time.monotonic()
        self.stopping = False
        self.to_hold: list[held.Key] = []  # the files the last run read, to decode and hold (`vaultlint.held`)

    def serve(self) -> None:
        """Answer requests until it is time to leave; the socket removed then, if it is still this server's."""
        signal.signal(signal.SIGTERM, _leave)
        try:
            while not self.stopping:
                self._reap()
                wait = 0.0 if self.to_hold else TICK
                ready = select.select([self.listener.fileno(), *self.children.values()], [], [], wait)[0]
                if self.listener.fileno() in ready:
                    self._accept()
                elif self.to_hold:  # a file at a time, between requests: a run never waits for the holding
                    self._hold_next()
                elif not ready and not self.children and time.monotonic() - self.last >= self.idle or not self._ours():
                    break
        except SystemExit:
            pass
        finally:
            self.listener.close()
            if self._ours():
                with contextlib.suppress(OSError):
                    os.unlink(self.path)

    def _ours(self) -> bool:
        """Whether the socket at the path is still this server's (not removed, nor another server's since)."""
        try:
            return os.stat(self.path).st_ino == self.inode
        except OSError:
            return False

    def _reap(self) -> None:
        """Collect the children that ended; hold decoded what the last of them read (`vaultlint.held`)."""
        for pid, told in list(self.children.items()):
            with contextlib.suppress(ChildProcessError):
                if os.waitpid(pid, os.WNOHANG)[0] == 0:
                    continue
            del self.children[pid]
            keys = _read_told(told)
            if keys:  # a run that read none (a replay) leaves what is held: its stamps still vouch for it
                held.keep_only(keys)
                self.to_hold = keys

    def _hold_next(self) -> None:
        key = self.to_hold.pop(0)
        try:
            held.hold_one(key)
        except Exception:  # noqa: BLE001 - a loader's surprise costs the next run its speed, never the server
            held.keep_only([])
            self.to_hold.clear()

    def _accept(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        self.last = time.monotonic()
        fds: list[int] = []
        with conn:
            try:
                request, fds = receive(conn)
                self._answer(conn, request, fds)
            except (OSError, BadRequest):
                pass
            finally:
                for fd in fds:
                    with contextlib.suppress(OSError):
                        os.close(fd)

    def _answer(self, conn: socket.socket, request: Request, fds: list[int]) -> None:
        kind = request[0]
        if kind == STATUS:
            idle = f"{self.idle / 60:g}"
            holding = len(held.holding())
            conn.sendall(f"status {os.getpid()} {int(self.started)} {self.served} {idle} {holding}\n".encode())
        elif kind == STOP:
            self.stopping = True
            conn.sendall(b"stopping\n")
        elif kind == RUN and len(fds) == STREAMS:
            if code_stamps() != code_stamps_now():
                self.stopping = True
                conn.sendall(b"stale\n")
                return
            told, tell = os.pipe()
            pid = os.fork()
            if pid == 0:
                self.listener.close()
                os.close(told)
                child(conn, request, fds, tell)
            os.close(tell)
            os.set_blocking(told, False)
            self.children[pid] = told
            self.served += 1


def _leave(signum: int, frame: object) -> None:
    raise SystemExit(0)


def receive(conn: socket.socket) -> tuple[Request, list[int]]:
    """A request from ``conn`` and the descriptors that came with it; BadRequest when it is none, or is not
    whole within 5 s."""
    conn.settimeout(5.0)
    head = bytearray()
    fds: list[int] = []
    while len(head) < HEADER:
        data, ancillary, flags, _ = conn.recvmsg(HEADER - len(head), socket.CMSG_SPACE(STREAMS * 4))
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds += memoryview(payload).cast("i", (len(payload) // 4,)).tolist()
        if not data or flags & socket.MSG_CTRUNC:
            _close(fds)
            raise BadRequest("a request cut short")
        head += data
    if not head.isdigit() or int(head) > REQUEST_LIMIT:
        _close(fds)
        raise BadRequest("not a request's length")
    body = bytearray()
    while len(body) < int(head):
        data = conn.recv(min(int(head) - len(body), 2**20))
        if not data:
            _close(fds)
            raise BadRequest("a request cut short")
        body += data
    try:
        return decode_request(bytes(body)), fds
    except BadRequest:
        _close(fds)
        raise


def _close(fds: list[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


def _read_told(told: int) -> list[held.Key] | None:
    """The files a child that ended read through a loader, as it told them on ``told`` (closed here); None when
    it told nothing whole (it ended early, or was killed)."""
    try:
        data = os.read(told, 2**20)
    except OSError:
        data = b""
    finally:
        os.close(told)
    try:
        keys = json.loads(data)
    except ValueError:
        return None
    if type(keys) is not list or not all(type(k) is list and len(k) == 3 and set(map(type, k)) == {str} for k in keys):
        return None
    return [(kind, path, argument) for kind, path, argument in keys]


def child(conn: socket.socket, request: Request, fds: list[int], tell: int) -> NoReturn:
    """Run the client's command as this process (forked for it), tell the client its exit status, tell the
    server on ``tell`` which files it read through a loader (`vaultlint.held`), and end."""
    status = EXIT_ERROR
    try:
        conn.settimeout(None)
        conn.sendall(f"pid {os.getpid()}\n".encode())
        held.note_asked()
        status = _run_as(request, fds)
    except KeyboardInterrupt:
        status = EXIT_INTERRUPTED
    except BaseException as exc:  # noqa: BLE001 - whatever happened, the client hears a status and the child ends
        with contextlib.suppress(Exception):
            os.write(2, f"vaultlint: internal error in the server's run ({type(exc).__name__}: {exc})\n".encode())
    finally:
        with contextlib.suppress(OSError):
            conn.sendall(f"exit {status}\n".encode())
        with contextlib.suppress(OSError, ValueError):
            os.write(tell, json.dumps(held.asked()).encode())  # a few keys: within a pipe's buffer
        os._exit(0)


def _run_as(request: Request, fds: list[int]) -> int:
    """The console script's run of the client's command line, as the client: its folder, umask, environment
    and streams."""
    _, argv, cwd, umask, env, streams = request
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD, signal.SIGPIPE):
        signal.signal(signum, signal.SIG_IGN if signum == signal.SIGPIPE else signal.SIG_DFL)  # as at a start
    signal.signal(signal.SIGINT, signal.default_int_handler)
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
    try:
        os.chdir(cwd)
    except OSError as exc:
        sys.stderr.write(f"vaultlint: error: cannot enter the working folder {cwd}: {exc.strerror}\n")
        sys.stderr.flush()
        return EXIT_ERROR
    from vaultlint.cli.main import finish, start

    try:
        status = start()
    except SystemExit as exc:  # argparse's --version, --help and usage errors end so
        status = _status_of(exc.code)
    for thread in threading.enumerate():  # as the interpreter's exit waits for them
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    with contextlib.suppress(OSError, ValueError):  # a stream that cannot be flushed: what `cli.main.leave` allows
        finish()
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
    return io.TextIOWrapper(buffered, encoding=encoding, errors=errors, line_buffering=bool(line_buffering))
