"""A run handed to this install's `vaultlint server` when one listens, its output written where this run's goes."""

# On the path of every run (`cli.launch`): os, sys and the C halves of socket and signal, nothing of vaultlint's
# beyond `cli.rendezvous` (socket.py and signal.py, with the enum module they load, took 17 ms of 25 here).
# The server forks a child that is this run in all but its imports: the client's
# command line, working folder, umask and environment, and its very stdin, stdout and stderr (the descriptors
# are sent, so a terminal stays a terminal and a pipe a pipe). A signal that would end this run (Ctrl-C) is
# passed to that child, which ends as this run would have; its exit status becomes this run's.

from __future__ import annotations

import _signal  # loaded at every start (Python's own SIGINT handler)
import _socket
import os
import sys

from vaultlint.cli.rendezvous import RUN, STREAMS, SUN_PATH, USE_ENV, encode_request, folder, private, socket_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType

# Passed on to the server's child while it runs (Ctrl-C, Ctrl-\\, a `kill`, a closed terminal), unless this run
# ignores it (`nohup`, a script's `cmd &`): the child ignores it too (`ignored`).
PASSED_ON: tuple[int, ...] = (_signal.SIGINT, _signal.SIGTERM, _signal.SIGHUP, _signal.SIGQUIT)
# The descriptors 0, 1 and 2 as SCM_RIGHTS carries them: C ints (array's module took 1 ms to load).
DESCRIPTORS = b"".join(fd.to_bytes(4, sys.byteorder, signed=True) for fd in range(STREAMS))
EXIT_ERROR = 2  # `cli.status.EXIT_ERROR`, not imported: that module is not this path's
EXIT_INTERRUPTED = 130
ANSWER_SECONDS = 3.0  # a server that has not started the run by then is stuck: the run is made here


def forward(argv: list[str]) -> int | None:
    """The exit status of ``argv`` run by this install's server; None when none answers (the run is this
    process's to make: nothing has been written).

    The run starts only on this client's word (`go`), sent once the server's child has said it is ready: a
    client that gives up before then (a stuck server, a timeout) leaves nothing running, and runs the command
    itself; one that has said it never does."""
    if not _askable():
        return None
    where = folder()
    if not os.path.lexists(where):
        _NOBODY.append(True)  # no server ever listened here: a run may start one (`cli.launch`), which makes it
        return None
    path = socket_path(where)
    if not private(where) or len(os.fsencode(path)) >= SUN_PATH:
        return None
    conn = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    passing: list[tuple[int, object]] = []  # each signal passed on to the run, and its handler before
    try:
        try:
            conn.settimeout(ANSWER_SECONDS)
            try:
                conn.connect(path)
            except (FileNotFoundError, ConnectionRefusedError):
                _NOBODY.append(True)
                raise
            if not _same_user(conn):
                return None
            ignored = [signum for signum in PASSED_ON if _signal.getsignal(signum) == _signal.SIG_IGN]
            conn.sendall(encode_request(RUN, argv, os.getcwd(), _umask(), ignored, dict(os.environ), _streams()))
            first = _line(conn)
            if not first.startswith(b"pid ") or not first[4:-1].isdigit():
                return None  # `stale` (the server's code changed; it is leaving), or a server gone mid-way
            pid = int(first[4:-1])
            passing = _pass_on(pid, ignored)
            # The streams go with the word: a client that gave up before it leaves none of them held by a stuck
            # server's unread message (a caller waiting for the end of this run's output would wait for it).
            conn.sendmsg([b"go\n"], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, DESCRIPTORS)])
        except OSError:
            for signum, handler in passing:  # the run is made here after all: its signals are its own again
                _signal.signal(signum, handler)
            return None
        except KeyboardInterrupt:  # Ctrl-C before the run started: nothing to pass it on to
            sys.stderr.write("vaultlint: interrupted\n")
            return EXIT_INTERRUPTED
        return _wait(conn)
    finally:
        conn.close()


_NOBODY: list[bool] = []  # `forward` found no server listening (not: one it would not ask)


def nobody_listens() -> bool:
    """Whether `forward` found no server listening for this install (a run may start one: `cli.launch`)."""
    return bool(_NOBODY)


def _same_user(conn: _socket.socket) -> bool:
    """Whether the process listening is this user's (SO_PEERCRED, where there is one; elsewhere the folder's
    being this user's alone vouches for it)."""
    option = getattr(_socket, "SO_PEERCRED", None)
    if option is None:
        return True
    credentials = conn.getsockopt(_socket.SOL_SOCKET, option, 12)  # pid, uid, gid: C ints
    return int.from_bytes(credentials[4:8], sys.byteorder) == os.getuid()


def _pass_on(pid: int, ignored: list[int]) -> list[tuple[int, object]]:
    """Pass the signals that would end this run on to the server's child ``pid`` that makes it (and Ctrl-Z);
    each signal so handled, with its handler before."""

    def pass_on(signum: int, frame: FrameType | None) -> None:
        try:
            os.kill(pid, signum)
        except OSError:
            pass  # it has ended: its status is on the way

    handlers: dict[int, Callable[[int, FrameType | None], None]] = {s: pass_on for s in PASSED_ON if s not in ignored}
    if _signal.getsignal(_signal.SIGTSTP) == _signal.SIG_DFL:
        handlers[_signal.SIGTSTP] = _suspending(pid)
    return [(signum, _signal.signal(signum, handler)) for signum, handler in handlers.items()]


def _suspending(pid: int) -> Callable[[int, FrameType | None], None]:
    """Ctrl-Z: the handler that stops the run with this client, and lets it go on when the shell does (`fg`,
    `bg`). The terminal stops this client's process group; the run is the server's child, in a group of its own
    (its workers with it), which it stops and continues as a whole."""

    def suspend(signum: int, frame: FrameType | None) -> None:
        _to_run(pid, _signal.SIGSTOP)
        _signal.signal(_signal.SIGTSTP, _signal.SIG_DFL)
        os.kill(os.getpid(), _signal.SIGTSTP)  # stopped here, as Ctrl-Z stops a run of its own
        _signal.signal(_signal.SIGTSTP, suspend)  # continued (SIGCONT): so is the run
        _to_run(pid, _signal.SIGCONT)

    return suspend


def _to_run(pid: int, signum: int) -> None:
    try:
        os.killpg(pid, signum)
    except OSError:
        pass  # it has ended: its status is on the way


def _askable() -> bool:
    """Whether this run may be handed to a server: on POSIX, not refused ($VAULTLINT_SERVER=0), its three
    streams open, and no interpreter option a server could not honour (-X importtime, dev mode...)."""
    if os.name != "posix" or os.environ.get(USE_ENV) == "0" or sys._xoptions or sys.flags.dev_mode:
        return False
    try:
        for fd in range(STREAMS):
            os.fstat(fd)
    except OSError:
        return False
    return all(stream is not None for stream in (sys.stdin, sys.stdout, sys.stderr))


def _umask() -> int:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _streams() -> list[str]:
    """Each stream's encoding, errors and line buffering, as the interpreter opened them for this run."""
    out: list[str] = []
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        out += [stream.encoding, stream.errors or "strict", "1" if getattr(stream, "line_buffering", False) else ""]
    return out


def _line(conn: _socket.socket) -> bytes:
    """One line of the server's (b"" when it closed first); a byte at a time: its replies are a few bytes."""
    got = bytearray()
    while not got.endswith(b"\n"):
        byte = conn.recv(1)
        if not byte:
            break
        got += byte
    return bytes(got)


def _wait(conn: _socket.socket) -> int:
    """The exit status the server's child reports (`exit N`); a child that a signal ended (`signal N`, the
    server's word) ends this run by the same signal, as the shell that started it would have seen."""
    conn.settimeout(None)
    try:
        last = _line(conn)
    except OSError:
        last = b""
    if last.startswith(b"exit ") and last[5:-1].isdigit():
        return int(last[5:-1])
    if last.startswith(b"signal ") and last[7:-1].isdigit():
        signum = int(last[7:-1])
        sys.stderr.flush()
        try:
            _signal.signal(signum, _signal.SIG_DFL)
        except (OSError, ValueError):
            pass  # SIGKILL's and SIGSTOP's cannot be set: they are their default
        os.kill(os.getpid(), signum)
        return 128 + signum  # a signal that does not end a process
    sys.stderr.write("vaultlint: error: the server's run of this command ended without an exit status\n")
    return EXIT_ERROR
