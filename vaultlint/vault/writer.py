"""Every file vaultlint writes: temp file beside it, fsync, atomic rename; never a file that moved under us."""

from __future__ import annotations

import codecs
import contextlib
import functools
import os
import re
import stat
import time
from pathlib import Path

from vaultlint.errors import VaultlintError
from vaultlint.hashing import digest
from vaultlint.record import Record, frozen

TEMP_SUFFIX = ".vaultlint.tmp"
# A temp file is `.NAME.XXXXXXXX.vaultlint.tmp` (tempfile's 8 random characters): only names of exactly
# this shape, beside the file being written, are ever taken for ours and removed when stale.
_RANDOM = r"[a-z0-9_]{8}"
# Stale means older than this run, and old enough that no other run can still be writing it (a write
# takes milliseconds); a run killed mid-write leaves one, and the next write beside it removes it.
STALE_SECONDS = 60.0
_STARTED = [time.time()]  # this run's start: a temp file older than it is no write of this run's


def restart_clock() -> None:
    """This run starts now (a server's child, forked long after the module was loaded: `cli.serverchild`)."""
    _STARTED[0] = time.time()


class WriteRefused(VaultlintError):
    """A note that is left as it was; the message says why."""


class AlreadyExists(WriteRefused):
    """`create` found something at the name already: it is never overwritten."""


@frozen
class Snapshot(Record):
    """A note's file as it was read: its bytes and when it last changed, to tell whether it changed since."""

    data: bytes
    mtime_ns: int
    size: int

    @property
    def seen(self) -> Seen:
        """What a write checks the file against, without its bytes (`Seen`)."""
        return Seen(self.mtime_ns, self.size, digest(self.data))

    def holds(self, data: bytes) -> bool:
        """Whether ``data`` are the bytes read."""
        return data == self.data


@frozen
class Seen(Record):
    """A note's file as it was read, told by a digest of its bytes (`hashing.digest`), not the bytes: a run
    that fixes many notes and writes them at its end held each one's original to that end (127 MB of the
    10,000-note yardstick vault's)."""

    mtime_ns: int
    size: int
    digest: str

    def holds(self, data: bytes) -> bool:
        """Whether ``data`` are the bytes read (a 128-bit BLAKE2b: no edit collides with it by chance)."""
        return digest(data) == self.digest


def snapshot(path: str | os.PathLike[str]) -> Snapshot:
    """Read ``path`` once, with its modification time taken just before (a write after the read shows): the
    file's own, from its descriptor (a file moved in at the name after it is opened is not the one read).
    Read with the descriptor's calls, not a buffered file object: a third of the time on the 1,000 notes
    of the yardstick vault (16-20 ms against 34-55 ms), which a warm run reads each of."""
    fd = os.open(path, _READ)
    try:
        before = os.fstat(fd)
        # Read to the end whatever the stat said: a file grown since, or a read that returns less than asked
        # (a network file system's), is read whole. Most notes: their size in one read, then the empty one.
        parts = [os.read(fd, before.st_size + 1)]
        while parts[-1]:
            parts.append(os.read(fd, _CHUNK))
        data = parts[0] if len(parts) == 2 else b"".join(parts)
    finally:
        os.close(fd)
    return Snapshot(data, before.st_mtime_ns, before.st_size)


_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # no newline translation on Windows
_CHUNK = 2**20


def odd_newlines(raw: str) -> str | None:
    """Why ``raw``'s line endings cannot be written back as they were, or None (all LF, or all CRLF).

    Fixes are made on LF-normalized text; writing it back with one newline would rewrite every other
    line ending too, so such a note is not written.
    """
    crlf = raw.count("\r\n")
    lone_cr = raw.count("\r") - crlf
    if lone_cr and not raw.count("\n"):
        return "its lines end in CR only (classic Mac OS); convert them to LF or CRLF first"
    ends = {"LF": raw.count("\n") - crlf, "CRLF": crlf, "CR": lone_cr}
    present = [f"{count} {kind}" for kind, count in ends.items() if count]
    if len(present) > 1:  # name only the endings the note has, with how many of each: the odd ones stand out
        return f"its lines end in more than one way ({', '.join(present)}); make them one kind first"
    return None


def encode(text: str, newline: str, bom: bool) -> bytes:
    """LF-normalized ``text`` as the note's bytes: its newline, its BOM, UTF-8."""
    body = text.replace("\n", newline) if newline != "\n" else text
    return (codecs.BOM_UTF8 if bom else b"") + body.encode("utf-8")


def replace(path: Path, data: bytes, read: Snapshot | Seen) -> None:
    """Atomically replace ``path``'s content with ``data``: temp file in the same folder, fsync, rename.

    Refuses (``WriteRefused``) a note that is read-only, a symbolic or hard link (a rename would cut the
    link), gone, or changed on disk since ``read``. Mode, owner and group are kept; no temp file is left.
    """
    try:
        info = _writable(path, read)
        remove_stale(path)
        fd, tmp = _temp(path)
    except OSError as exc:
        raise WriteRefused(f"cannot write: {exc.strerror or exc}") from None
    replaced = False
    try:
        try:
            os.fchmod(fd, stat.S_IMODE(info.st_mode))
            with contextlib.suppress(PermissionError):  # only root may give a file away; others own theirs
                os.fchown(fd, info.st_uid, info.st_gid)
            _write_all(fd, data)
        finally:
            os.close(fd)
        _writable(path, read)  # again, just before the rename: an editor may have saved while we wrote
        os.replace(tmp, path)
        replaced = True
    except OSError as exc:
        raise WriteRefused(f"cannot write: {exc.strerror or exc}") from None
    finally:
        if not replaced:  # also on Ctrl-C: never leave a temp file in the vault
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _sync_folder(path.parent)


def unwritable(path: Path) -> str | None:
    """Why ``path`` could not be replaced (read-only, a link...), or None: the preview says what --write will."""
    try:
        _refuse_unwritable(path, path.lstat())
    except WriteRefused as exc:
        return str(exc)
    except OSError as exc:
        return f"cannot write: {exc.strerror or exc}"
    return None


def _writable(path: Path, read: Snapshot | Seen) -> os.stat_result:
    """The note's stat, when it may still be replaced; else ``WriteRefused`` saying why not."""
    info = path.lstat()
    _refuse_unwritable(path, info)
    if _changed(path, info, read):
        raise WriteRefused("changed on disk since it was read; run fix again")
    return info


def _refuse_unwritable(path: Path, info: os.stat_result) -> None:
    if stat.S_ISLNK(info.st_mode):
        raise WriteRefused("is a symbolic link; fix the note it points to instead")
    if not stat.S_ISREG(info.st_mode):
        raise WriteRefused("is not a regular file")
    if info.st_nlink > 1:
        raise WriteRefused("has other hard links, which replacing it would cut")
    # Mode bits, not os.access: root may write anything, but a note made read-only was meant to stay as it is.
    if not info.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        raise WriteRefused("is read-only")
    folder = path.parent.stat().st_mode
    if not folder & stat.S_IWUSR or not os.access(path.parent, os.W_OK | os.X_OK):  # the new version goes beside it
        raise WriteRefused("its folder is read-only (the new version is written beside the note, then renamed)")


def _changed(path: Path, info: os.stat_result, read: Snapshot | Seen) -> bool:
    if info.st_mtime_ns != read.mtime_ns or info.st_size != read.size:
        return True
    try:
        return not read.holds(path.read_bytes())  # same size and time, but an editor may save within a tick
    except OSError:
        return True


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every system can open a folder, which is no error."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def create(path: Path, data: bytes) -> None:
    """Write a new file at ``path``, whole or not at all; ``WriteRefused`` if anything is already there.

    The data goes to a temp file first (fsynced), which is then hard-linked to ``path``: a link never
    replaces an existing name, so nothing is overwritten even if the file appeared meanwhile, and a full
    disk or a kill leaves no empty or truncated file behind to block the next run.
    """
    try:
        remove_stale(path)
        fd, tmp = _temp(path)
    except OSError as exc:
        raise WriteRefused(f"cannot write: {exc.strerror or exc}") from None
    try:
        try:
            os.fchmod(fd, 0o666 & ~umask())  # the mode `open(path, "x")` would give, not mkstemp's 0600
            _write_all(fd, data)
        finally:
            os.close(fd)
        _link(tmp, path)
    except FileExistsError:
        raise AlreadyExists("already exists; not overwritten") from None
    except OSError as exc:
        raise WriteRefused(f"cannot write: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    _sync_folder(path.parent)


def _link(tmp: str, path: Path) -> None:
    """Give ``tmp``'s file the name ``path``, never over an existing one (FileExistsError)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links (FAT, some network shares): claim the name exclusively, then
        # rename the complete file over that empty claim. Only a kill between the two leaves it empty.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.replace(tmp, path)


def _temp(path: Path) -> tuple[int, str]:
    """A new temp file beside ``path``, named as `remove_stale` recognizes: its descriptor and name."""
    import tempfile  # here: a run that writes no note loads none of it (nor random, which it imports)

    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)


def _write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` and fsync it: a short write (a full disk) ends in OSError, never silently."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


def umask() -> int:
    """The umask: the permissions a new file does not get."""
    mask = os.umask(0o022)  # the only way to read it is to set it; set it straight back
    os.umask(mask)
    return mask


def remove_stale(path: Path) -> list[Path]:
    """Remove the temp files a killed run left beside ``path`` (vaultlint's own names only); those removed.

    Only regular files named `.NAME.XXXXXXXX.vaultlint.tmp` for this NAME, last changed before this run
    started and at least STALE_SECONDS ago, so that a concurrent run's write in progress is left alone.
    """
    pattern = re.compile(re.escape(f".{path.name}.") + _RANDOM + re.escape(TEMP_SUFFIX))
    limit = min(_STARTED[0], time.time() - STALE_SECONDS)
    removed = []
    for name in _temp_names(os.path.abspath(path.parent)):
        if not pattern.fullmatch(name):
            continue
        stale = path.parent / name
        with contextlib.suppress(OSError):
            info = stale.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mtime < limit:
                stale.unlink()
                removed.append(stale)
    return removed


@functools.cache
def _temp_names(folder: str) -> tuple[str, ...]:
    """The names in ``folder`` that may be our temp files, listed once a run: `fix --write` of a folder of
    20,000 notes must not list it 20,000 times (the run's own temp files are never stale anyway)."""
    try:
        return tuple(n for n in os.listdir(folder) if n.startswith(".") and n.endswith(TEMP_SUFFIX))
    except OSError:
        return ()
