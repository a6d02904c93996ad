"""Where a `vaultlint server` of this install listens, and the words its clients and it exchange."""

# Read by every run of the console script before anything else is imported (`cli.launch`): os, sys and stat
# only, so a run that no server answers pays well under a millisecond for asking.
#
# The socket is named by the install (`install_key`): a server answers only the runs of its own vaultlint, on its
# own interpreter, so nothing but the code that would run is ever run. It lies in a folder only its user can enter
# (`private`), which a client checks before it connects: a socket another user left there is never spoken to.
#
# A request is one frame: its length (8 ASCII digits), then NUL-separated fields; no field a POSIX command line,
# folder or environment carries can hold a NUL. The client's stdin, stdout and stderr go with it as descriptors
# (SCM_RIGHTS). The server's replies are lines: `pid N` (the run started), then `exit N`; or `stale` (the server's
# code changed on disk since it started: the client runs the command itself), or its `status`.

from __future__ import annotations

import os
import stat
import sys

from vaultlint.hashing import blake2b
from vaultlint.version import __version__

TYPE_CHECKING = False  # not typing's: the client imports this module first (as `vaultlint/__init__` says)
if TYPE_CHECKING:
    import socket

FOLDER_ENV = "VAULTLINT_SERVER_DIR"  # the folder the sockets are in (default: $XDG_RUNTIME_DIR/vaultlint)
USE_ENV = "VAULTLINT_SERVER"  # "0": never ask a server; "1": start one when none listens (`cli.launch`)
MAGIC = "vaultlint-server-1"
RUN, STOP, STATUS = "run", "stop", "status"
STREAMS = 3  # stdin, stdout, stderr: each sent with its encoding, errors and line buffering
SUN_PATH = 104  # the bytes a socket's path may take (108 on Linux, 104 on macOS and the BSDs)
HEADER = 8
REQUEST_LIMIT = 16 * 2**20  # a command line and an environment: anything far larger is no request


def install_key() -> str:
    """What names this install and the world a run sees: vaultlint's version and package folder, the interpreter
    (`sys.executable`, its version, the options and paths it took from its environment at start), the user's
    groups, and the mount namespace and root folder paths resolve in. A server is asked only by a run that would
    import what it imported, with its flags, and see the files it sees."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    flags = sys.flags
    # sys.path[0] is the script's folder, or the working folder (`-m`, `-c`); none with -P (`safe_path`).
    paths = sys.path if flags.safe_path else sys.path[1:]
    options = (flags.optimize, flags.utf8_mode, flags.int_max_str_digits, flags.no_user_site, flags.isolated)
    named = [__version__, package, sys.executable, sys.prefix, sys.version, repr(options), *sys.warnoptions]
    named += [sys.getfilesystemencoding(), sys.getfilesystemencodeerrors(), "\0".join(paths)]
    named += [str(os.getgid()), repr(sorted(os.getgroups())), repr(_world())]
    said = blake2b(digest_size=10)
    said.update("\0".join(named).encode("utf-8", "surrogateescape"))
    return said.hexdigest()


def _world() -> tuple[int, ...]:
    """The mount namespace (where /proc says) and the root folder this process resolves paths in."""
    root = os.stat("/")
    try:
        namespace = os.stat("/proc/self/ns/mnt").st_ino
    except OSError:
        namespace = 0
    return namespace, root.st_dev, root.st_ino


def folder() -> str:
    """The folder this user's servers listen in: $VAULTLINT_SERVER_DIR, else $XDG_RUNTIME_DIR/vaultlint, else
    vaultlint-<uid> in $TMPDIR (or /tmp)."""
    given = os.environ.get(FOLDER_ENV)
    if given:
        return os.path.abspath(given)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime):
        return os.path.join(runtime, "vaultlint")
    return os.path.join(os.environ.get("TMPDIR") or "/tmp", f"vaultlint-{os.getuid()}")


def socket_path(where: str | None = None) -> str:
    """The socket this install's server listens on, in ``where`` (default: `folder`)."""
    return os.path.join(folder() if where is None else where, f"{install_key()}.sock")


def private(path: str) -> bool:
    """Whether ``path`` is a folder (not a link to one) of this user's that no other user may enter or write."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


def encode_request(
    kind: str, argv: list[str], cwd: str, umask: int, ignored: list[int], env: dict[str, str], streams: list[str]
) -> bytes:
    """The frame of a request: ``kind`` (RUN, STOP, STATUS), the command line, the working folder, the umask, the
    signals the client ignores, the environment, and per stream its encoding, errors and line buffering ("1"
    or "")."""
    fields = [MAGIC, kind, cwd, str(umask), ",".join(map(str, ignored)), str(len(argv)), *argv, str(len(env))]
    fields += [f"{name}={value}" for name, value in env.items()]
    fields += streams
    body = b"\0".join(os.fsencode(field) for field in fields)
    return b"%08d" % len(body) + body


class BadRequest(ValueError):
    """A frame that is not a request of this protocol."""


# `encode_request`'s arguments, in order
Request = tuple[str, list[str], str, int, list[int], dict[str, str], list[str]]


def decode_request(body: bytes) -> Request:
    """``encode_request``'s fields back from a frame's body (its header taken off); BadRequest when it is not one."""
    fields = [os.fsdecode(field) for field in body.split(b"\0")]
    try:
        if fields[0] != MAGIC:
            raise BadRequest("not a vaultlint request")
        kind, cwd, umask, argc = fields[1], fields[2], int(fields[3]), int(fields[5])
        ignored = [int(signum) for signum in fields[4].split(",") if signum]
        argv = fields[6 : 6 + argc]
        envc = int(fields[6 + argc])
        pairs = fields[7 + argc : 7 + argc + envc]
        streams = fields[7 + argc + envc :]
    except (IndexError, ValueError) as exc:
        raise BadRequest(f"a malformed request: {exc}") from exc
    if len(argv) != argc or len(pairs) != envc or len(streams) != 3 * STREAMS or any("=" not in p for p in pairs):
        raise BadRequest("a malformed request")
    env = dict(pair.split("=", 1) for pair in pairs)
    return kind, argv, cwd, umask, ignored, env, streams


def receive(conn: socket.socket) -> Request:
    """A request from ``conn`` (the client's, at the server; the server's link, at its spare); BadRequest when it
    is none, or is not whole within 5 s. (A run's streams come later, with the client's word to start.)"""
    conn.settimeout(5.0)
    head = _exactly(conn, HEADER)
    if not head.isdigit() or int(head) > REQUEST_LIMIT:
        raise BadRequest("not a request's length")
    return decode_request(_exactly(conn, int(head)))


def _exactly(conn: socket.socket, size: int) -> bytes:
    """``size`` bytes from ``conn``; BadRequest when it closes first."""
    data = bytearray()
    while len(data) < size:
        more = conn.recv(min(size - len(data), 2**20))
        if not more:
            raise BadRequest("a request cut short")
        data += more
    return bytes(data)
