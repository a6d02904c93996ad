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

from vaultlint.cli.rendezvous import RUN, STREAMS, USE_ENV, encode_request, folder, install_key, private

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import FrameType

PASSED_ON: tuple[int, ...] = (_signal.SIGINT, _signal.SIGTERM, _signal.SIGHUP)
# The descriptors 0, 1 and 2 as SCM_RIGHTS carries them: C ints (array's module took 1 ms to load).
DESCRIPTORS = b"".join(fd.to_bytes(4, sys.byteorder, signed=True) for fd in range(STREAMS))
EXIT_ERROR = 2  # `cli.status.EXIT_ERROR`, not imported: that module is not this path's


def forward(argv: list[str]) -> int | None:
    """The exit status of ``argv`` run by this install's server; None when none answers (the run is this
    process's to make: nothing has been written)."""
    if not _askable():
        return None
    where = folder()
    path = os.path.join(where, f"{install_key()}.sock")
    if not private(where) or len(os.fsencode(path)) >= 104:
        return None
    conn = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        try:
            conn.connect(path)
            frame = encode_request(RUN, argv, os.getcwd(), _umask(), dict(os.environ), _streams())
            conn.sendmsg([frame], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, DESCRIPTORS)])
            first = _line(conn)
        except OSError:
            return None
        if not first.startswith(b"pid ") or not first[4:-1].isdigit():
            return None  # `stale` (the server's code changed; it is leaving), or a server gone mid-way
        return _wait(conn, int(first[4:-1]))
    finally:
        conn.close()


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


def _wait(conn: _socket.socket, pid: int) -> int:
    """The exit status the server's child ``pid`` reports, this run's ending signals passed on to it."""

    def pass_on(signum: int, frame: FrameType | None) -> None:
        try:
            os.kill(pid, signum)
        except OSError:
            pass  # it has ended: its status is on the way

    for signum in PASSED_ON:
        _signal.signal(signum, pass_on)
    try:
        last = _line(conn)
    except OSError:
        last = b""
    if last.startswith(b"exit ") and last[5:-1].isdigit():
        return int(last[5:-1])
    sys.stderr.write("vaultlint: error: the server's run of this command ended without an exit status\n")
    return EXIT_ERROR
