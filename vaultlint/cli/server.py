"""The server's loop: vaultlint imported once, then a forked child for each run a client hands it."""

# A run's start costs more than a one-note check's work: Python's start and ~280 imports, ~0.2 s of a 0.4 s
# pre-commit run on a 10,000-note vault. The server pays them once. Each request is then run by a child forked
# from it, which takes the client's command line, working folder, umask, environment and streams and runs the
# console script's own `cli.main.start`, then ends: a run holds nothing over to the next (no state, no cache in
# memory, nothing to go stale), and a crash ends one child. The server itself only imports; it never runs a
# command, so every child starts as a fresh process would, but for the imports.
#
# It leaves when idle for its time (no request and no child running), when asked (`vaultlint server stop`,
# SIGTERM), when its socket is taken from it, and when the code on disk is not the code it imported: vaultlint's
# files, and the folders of every other package it loaded (an upgrade replaces them); then it answers `stale`,
# and the client runs the command itself. It watches each child's client: a client that is gone (killed, its
# terminal closed) takes its run with it, as a run of its own would have ended; a child a signal ended is said
# to its client as that signal, which the client then ends by.
#
# Once a run has ended and the files it read are held, the server forks the next run's child ahead of its request
# (the spare, `serverchild.spare`), which makes its copy of the server's memory its own (`prefault`) while nothing
# waits for it: the fork and the copy-on-write faults, 35 ms of a pre-commit run here, are then off the request's
# path. A request is handed to the spare when it is ready, else forked as before; whatever the server holds
# changes only after a run, and the spare of the old holdings is let go then.

from __future__ import annotations

import contextlib
import functools
import gc
import importlib
import json
import os
import pkgutil
import select
import signal
import socket
import sys
import time
import zlib
from collections.abc import Callable, Iterable

import vaultlint
from vaultlint import held
from vaultlint.cache.folder import code_stamps
from vaultlint.cli.parser import build_every_parser
from vaultlint.cli.rendezvous import RUN, STATUS, STOP, BadRequest, Request, encode_request, receive
from vaultlint.cli.serverchild import HANDED, child, spare
from vaultlint.lazyre import compile_every

PYCACHE = "__pycache__"
HAND_SECONDS = 2.0  # a request handed to the spare: a spare that does not take it in this time is let go
TICK = 1.0  # seconds between looks at the idle time and the socket when no request comes
QUIET = 0.25  # seconds without a request before the files the last run read are held: a burst is never made to wait
BLOCKED = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}  # around a fork: the child sets its own handlers first
GONE = getattr(select, "POLLRDHUP", 0) | select.POLLHUP | select.POLLERR  # a client that closed its end


def preload() -> None:
    """Import every module of vaultlint's that this install can import, marko's parser built, the command line's
    parsers made, and the lazy patterns compiled: all a run would do before its first note, done once."""
    for module in pkgutil.walk_packages(vaultlint.__path__, "vaultlint."):
        if module.name.endswith("__main__"):
            continue
        with contextlib.suppress(Exception):  # an optional dependency not installed: its runs import it
            importlib.import_module(module.name)
    from vaultlint.parse.scan.tree import _parser

    _parser()
    build_every_parser()
    code_stamps()  # a run's cache and its replay record are keyed by them: as they are while `still` says so
    compile_every()
    gc.collect()
    gc.freeze()  # the children share these pages: a collection in one would touch them all


def loaded_code() -> list[tuple[str, int, int]]:
    """The code a run would load: every folder and file of vaultlint's package (its sources and compiled modules),
    and the folder of every other package loaded (an upgrade replaces a package's files, which stamps its
    folder)."""
    package = os.path.dirname(os.path.abspath(vaultlint.__file__))
    unlisted: list[str] = []  # a folder that could not be listed is stamped so: listable later, it is a change
    walked = list(os.walk(package, onerror=lambda error: unlisted.append(str(error.filename) + os.sep)))
    # Its folders too, by what they hold but bytecode: a source added or removed (the children take `code_stamps`
    # as made here), not a __pycache__ a run's import writes.
    paths = [folder + os.sep for folder, _, _ in walked if os.path.basename(folder) != PYCACHE]  # sep: by listing
    paths += [folder for folder in unlisted if os.path.basename(folder[:-1]) != PYCACHE]
    paths += [os.path.join(folder, name) for folder, _, names in walked for name in names]
    for module in list(sys.modules.values()):
        where = getattr(module, "__file__", None)
        if isinstance(where, str) and not where.startswith(package) and os.path.basename(where) == "__init__.py":
            paths.append(os.path.dirname(where))
    return [(path, *_stamp(path)) for path in sorted(set(paths))]


def _stamp(path: str) -> tuple[int, int]:
    """A file's (or another package's folder's) size and mtime; for a path that ends in a separator, a folder of
    vaultlint's, the count of its entries and a checksum of their names, __pycache__ aside."""
    try:
        if path.endswith(os.sep):
            names = sorted(name for name in os.listdir(path) if name != PYCACHE)
            return (len(names), zlib.crc32("\0".join(names).encode("utf-8", "surrogateescape")))
        info = os.stat(path)
    except OSError:
        return (-1, -1)
    return (info.st_size, info.st_mtime_ns)


def still(stamps: list[tuple[str, int, int]]) -> bool:
    """Whether the code ``stamps`` stamped is as it was."""
    return all(_stamp(path) == (size, mtime) for path, size, mtime in stamps)


class Server:
    """The listening socket ``listener`` at ``path``, serving until idle for ``idle`` seconds; ``stamps``: the
    code it imported (`loaded_code`, taken before the imports and found the same after them)."""

    def __init__(self, listener: socket.socket, path: str, idle: float, stamps: list[tuple[str, int, int]]) -> None:
        self.listener = listener
        self.path = path
        self.idle = idle
        self.stamps = stamps
        info = os.stat(path)
        self.inode = (info.st_dev, info.st_ino)
        self.children: dict[int, tuple[int, socket.socket]] = {}  # pid -> its pipe (`held.asked`), its client
        self.served = 0
        self.started = time.time()
        self.last = time.monotonic()
        self.stopping = False
        self.to_hold: list[held.Key] = []  # the files the last run read, to decode and hold (`vaultlint.held`)
        self.spare: Spare | None = None  # the next run's child, forked ahead (`serverchild.spare`)
        self.spared = 0  # `served` when the last spare was forked: one a run at most (one that died is not remade)

    def serve(self) -> None:
        """Answer requests until it is time to leave; the socket removed then, if it is still this server's."""
        signal.signal(signal.SIGTERM, _leave)
        try:
            while not self.stopping:
                self._reap()
                if self._turn() and not self.children and not still(self.stamps):
                    break  # upgraded while idle: a server of the new code is another socket's
                if not self.children and time.monotonic() - self.last >= self.idle or not self._ours():
                    break
        except SystemExit:
            pass
        finally:
            self._drop_spare()
            ours = self._ours()
            self.listener.close()
            if ours:
                with contextlib.suppress(OSError):
                    os.unlink(self.path)
        with contextlib.suppress(SystemExit):  # a second SIGTERM: leave the runs to end on their own
            while self.children:  # runs under way end first: their clients still hear how
                self._reap()
                self._turn(listening=False)

    def _turn(self, listening: bool = True) -> bool:
        """Wait for a request, a child's end or its client's, or the time to hold the next file; answer it. True
        when nothing came for a whole tick."""
        poll = select.poll()
        if listening:
            poll.register(self.listener.fileno(), select.POLLIN)
        for told, conn in self.children.values():
            poll.register(told, select.POLLIN)
            poll.register(conn.fileno(), GONE)
        spare = self.spare
        if spare is not None:
            poll.register(spare.link.fileno(), select.POLLIN)
        quiet = self.last + QUIET - time.monotonic()
        wait = max(0.0, quiet) if self.to_hold or self._spare_due() else TICK
        events = dict(poll.poll(wait * 1000))
        # Whose each event is, as registered: a descriptor closed below (a spare let go) may be the very number
        # of a connection accepted after it, whose client is not the one gone.
        gone = [pid for pid, (_, conn) in self.children.items() if events.get(conn.fileno(), 0) & GONE]
        ended = any(told in events for told, _ in self.children.values())
        if spare is not None and spare is self.spare and spare.link.fileno() in events:
            self._spare_said()
        if listening and self.listener.fileno() in events:
            self._accept()
        if ended:
            time.sleep(0.001)  # a child ending: its word is in, its exit a moment away (not a spin meanwhile)
        for pid in gone:  # its client is gone: the run goes with it, its workers too (its group)
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
        if not events and self.to_hold and quiet <= 0:
            self._hold_next()
        elif not events and listening and quiet <= 0 and self._spare_due():
            self._fork_spare()
        return not events and not self.to_hold

    def _spare_due(self) -> bool:
        """Whether a spare is to be forked now: runs were asked for, what the last one read is held, and none is
        there (none while a run is under way: the two cores are its)."""
        if self.spare is not None or self.spared == self.served or self.to_hold or self.children:
            return False
        return not self.stopping

    def _fork_spare(self) -> None:
        """Fork the spare; a system that refuses (no process, no descriptor left) leaves the next run to `_fork`."""
        self.spared = self.served  # tried once a run, whatever comes of it
        opened: list[Callable[[], None]] = []  # what to close if it fails
        try:
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            opened += [ours.close, theirs.close]
            told, tell = os.pipe()
            opened += [functools.partial(os.close, told), functools.partial(os.close, tell)]
            pid = self._forked(lambda: spare(theirs, tell), (ours.close, functools.partial(os.close, told)))
        except OSError:
            for close in opened:
                close()
            return
        theirs.close()
        os.close(tell)
        os.set_blocking(told, False)
        self.spare = Spare(pid, ours, told)

    def _spare_said(self) -> None:
        """The spare's word: `ready`, or its end (it died): then it is let go."""
        assert self.spare is not None
        try:
            said = self.spare.link.recv(16)
        except OSError:
            said = b""
        if said == b"ready\n":
            self.spare.ready = True
        else:
            self._drop_spare()

    def _drop_spare(self) -> None:
        """End the spare, if there is one (its memory is the server's holdings of when it was forked)."""
        if self.spare is None:
            return
        pid, link, told = self.spare.pid, self.spare.link, self.spare.told
        self.spare = None
        link.close()
        os.close(told)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)

    def _hand(self, conn: socket.socket, request: Request) -> bool:
        """Hand ``request`` and its client's connection to the spare, when it is ready; whether it took them."""
        if self.spare is None or not self.spare.ready:
            return False
        frame = encode_request(*request)
        try:
            self.spare.link.settimeout(HAND_SECONDS)  # a spare stopped (Ctrl-Z, a debugger) holds no server up
            socket.send_fds(self.spare.link, [HANDED], [conn.fileno()])
            self.spare.link.sendall(frame)
        except OSError:
            self._drop_spare()
            return False
        pid, told = self.spare.pid, self.spare.told
        self.spare.link.close()
        self.spare = None
        self.children[pid] = (told, conn)
        self.served += 1
        return True

    def _ours(self) -> bool:
        """Whether the socket at the path is still this server's (not removed, nor another server's since)."""
        try:
            info = os.stat(self.path)
        except OSError:
            return False
        return (info.st_dev, info.st_ino) == self.inode

    def _reap(self) -> None:
        """Collect the children that ended: a signal that ended one is said to its client; what it read through
        a loader is held for the next run (`vaultlint.held`), once the requests have paused."""
        for pid, (told, conn) in list(self.children.items()):
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done, status = pid, 0
            if done == 0:
                continue
            del self.children[pid]
            if os.WIFSIGNALED(status):
                with contextlib.suppress(OSError):
                    conn.sendall(f"signal {os.WTERMSIG(status)}\n".encode())
            conn.close()
            keys = _read_told(told)
            if keys:  # a run that read none (a replay) leaves what is held: its stamps still vouch for it
                held.keep_only(keys)
                self.to_hold = keys
                self._drop_spare()  # forked with what was held before
            self.last = time.monotonic()

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
        kept = False
        try:
            kept = self._answer(conn, receive(conn))
        except (OSError, BadRequest):
            pass
        finally:
            if not kept:
                conn.close()

    def _answer(self, conn: socket.socket, request: Request) -> bool:
        """Answer ``request``; True when a child took it, and its connection is kept to watch its client."""
        kind = request[0]
        if kind == STATUS:
            idle, holding = f"{self.idle / 60:g}", len(held.holding())
            ahead = f"{self.spare.pid} {int(self.spare.ready)}" if self.spare is not None else "0 0"
            conn.sendall(f"status {os.getpid()} {int(self.started)} {self.served} {idle} {holding} {ahead}\n".encode())
        elif kind == STOP:
            self.stopping = True
            conn.sendall(b"stopping\n")
        elif kind == RUN:
            # Only a run is use: `server status` asked in a loop (a test's, a script's) neither keeps an idle server
            # up nor starts again the quiet it waits for before it holds what the last run read, and forks the next
            # run's child.
            self.last = time.monotonic()
            if not still(self.stamps):
                self.stopping = True
                conn.sendall(b"stale\n")
                return False
            if not self._hand(conn, request):
                self._fork(conn, request)
            return True
        return False

    def _fork(self, conn: socket.socket, request: Request) -> None:
        told, tell = os.pipe()
        pid = self._forked(lambda: child(conn, request, tell), (functools.partial(os.close, told),))
        os.close(tell)
        os.set_blocking(told, False)
        self.children[pid] = (told, conn)
        self.served += 1

    def _forked(self, run: Callable[[], object], ours: Iterable[Callable[[], None]]) -> int:
        """Fork a child that runs ``run`` and never comes back into the server's loop; its pid. The child first
        closes what the server holds (the listener, the runs' pipes and clients, the spare's link and pipe) and
        ``ours`` (the server's ends of its own), the signals BLOCKED held off until it sets its own handlers."""
        signal.pthread_sigmask(signal.SIG_BLOCK, BLOCKED)
        try:
            pid = os.fork()
            if pid == 0:
                try:
                    # A group of its own, its workers with it: the client stops and continues it whole (Ctrl-Z).
                    os.setpgid(0, 0)
                    self.listener.close()
                    for told, conn in self.children.values():
                        os.close(told)
                        conn.close()
                    if self.spare is not None:  # not ready yet: its link, held here, would keep it waiting
                        self.spare.link.close()
                        os.close(self.spare.told)
                    for close in ours:
                        close()
                    run()
                finally:
                    os._exit(70)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, BLOCKED)
        with contextlib.suppress(OSError):  # here too, as a shell does: a client never finds it not made yet
            os.setpgid(pid, pid)
        return pid


class Spare:
    """The spare (`serverchild.spare`): its pid, the server's end of its link, the pipe it tells its run's reads
    on (`vaultlint.held`), and whether it said it is ready."""

    __slots__ = ("link", "pid", "ready", "told")

    def __init__(self, pid: int, link: socket.socket, told: int) -> None:
        self.pid, self.link, self.told, self.ready = pid, link, told, False


def _leave(signum: int, frame: object) -> None:
    raise SystemExit(0)


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
