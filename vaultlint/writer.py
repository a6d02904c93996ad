"""Safe writes of fixed notes: same line endings and BOM, atomic replace, and never a file that moved under us."""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path


class WriteRefused(Exception):
    """A note that is left as it was; the message says why."""


@dataclass(frozen=True)
class Snapshot:
    """A note's file as it was read: its bytes and when it last changed, to tell whether it changed since."""

    data: bytes
    mtime_ns: int
    size: int


def snapshot(path: Path) -> Snapshot:
    """Read ``path`` once, with its modification time taken just before (a write after the read shows)."""
    before = path.stat()
    return Snapshot(path.read_bytes(), before.st_mtime_ns, before.st_size)


def odd_newlines(raw: str) -> str | None:
    """Why ``raw``'s line endings cannot be written back as they were, or None (all LF, or all CRLF).

    Fixes are made on LF-normalized text; writing it back with one newline would rewrite every other
    line ending too, so such a note is not written.
    """
    crlf = raw.count("\r\n")
    lone_cr = raw.count("\r") - crlf
    if lone_cr and not raw.count("\n"):
        return "its lines end in CR only (classic Mac OS); convert them to LF or CRLF first"
    if lone_cr or (crlf and crlf != raw.count("\n")):
        return "its lines end in more than one way (LF, CRLF, CR); make them one kind first"
    return None


def encode(text: str, newline: str, bom: bool) -> bytes:
    """LF-normalized ``text`` as the note's bytes: its newline, its BOM, UTF-8."""
    body = text.replace("\n", newline) if newline != "\n" else text
    return (codecs.BOM_UTF8 if bom else b"") + body.encode("utf-8")


def replace(path: Path, data: bytes, read: Snapshot) -> None:
    """Atomically replace ``path``'s content with ``data``: temp file in the same folder, fsync, rename.

    Refuses (``WriteRefused``) a note that is read-only, a symbolic or hard link (a rename would cut the
    link), gone, or changed on disk since ``read``. Mode, owner and group are kept; no temp file is left.
    """
    try:
        info = _writable(path, read)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".vaultlint.tmp", dir=path.parent)
    except OSError as exc:
        raise WriteRefused(f"cannot write: {exc.strerror or exc}") from None
    replaced = False
    try:
        with os.fdopen(fd, "wb") as out:
            os.fchmod(out.fileno(), stat.S_IMODE(info.st_mode))
            with contextlib.suppress(PermissionError):  # only root may give a file away; others own theirs
                os.fchown(out.fileno(), info.st_uid, info.st_gid)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
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


def _writable(path: Path, read: Snapshot) -> os.stat_result:
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


def _changed(path: Path, info: os.stat_result, read: Snapshot) -> bool:
    if info.st_mtime_ns != read.mtime_ns or info.st_size != read.size:
        return True
    try:
        return path.read_bytes() != read.data  # same size and time, but an editor may save within a tick
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
    """Write a new file at ``path``; ``WriteRefused`` if anything is already there (never overwritten)."""
    try:
        with open(path, "xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except FileExistsError:
        raise WriteRefused("already exists; not overwritten") from None
    except OSError as exc:
        raise WriteRefused(f"cannot write: {exc.strerror or exc}") from None
