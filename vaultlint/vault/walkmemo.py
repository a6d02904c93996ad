"""The walk's memo: each folder's listing as the walk filed it, kept in the cache and trusted while the folder is.

A named run (pre-commit's) walks the whole vault to know its notes: on 10,000 notes in 500 folders, listing
and filing every entry again was half of the walk, the rest each note's lstat (which a run needs all the same:
the cache answers for a note only at its stamp). A folder's entries change only as its mtime and ctime do, and
no tool sets those back: a folder whose stamp (mtime, ctime, inode, device) is the one kept is filed as it was,
with one stat, when it was kept settled (last changed `RACY_NS` before the walk that listed it, as git trusts
its index). What decides how a folder's files are filed lies outside it too: the settings, Obsidian's excluded
files and script folders, and git's rules (in `key`); the `.gitignore` files (each one's stamp, and a walk that
lists a folder anew finding one not kept stops trusting the memo: it may speak for folders below).

The memo is plain JSON (a hostile cache file is read as data, never run); one that is not what `payload`
writes is no memo: the walk lists every folder. A listing also holds the folder's hidden files: with its visible
ones, every name a run that may be replayed stamps in it (`cli.replay._files_in`), which then lists it no more.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Protocol

from vaultlint.held import loader

FORMAT = 2  # 2: a listing holds the hidden files too (a memo of format 1 is not trusted: listed anew)
RACY_NS = 2 * 10**9
# A walk that listed anew at most one folder in this many of those it took from the memo leaves it unwritten:
# those few are listed again next time (an editor that saves by a rename changes the folder of every note saved).
UNWRITTEN_SHARE = 32
# A folder's stamp: mtime and ctime (ns), inode, device
Stamp = tuple[int, int, int, int]
# An ignore file's stamp: size, mtime and ctime (ns), inode; None when there is none
FileStamp = tuple[int, int, int, int] | None
_stat = os.stat  # os.stat as it is now: a run that may be replayed wraps it later (a call and a record a stat)


class MemoFile(Protocol):
    """Where the memo of one vault is kept (the cache's): read whole, written whole and atomically."""

    def read(self) -> object | None:
        """The JSON values kept; None when there are none (or they cannot be read)."""

    def write(self, payload: object) -> None:
        """Keep ``payload`` (JSON values); OSError when it cannot be written."""

    def where(self) -> str | None:
        """The file's path, when the memo is kept in one (a server holds it decoded: `vaultlint.held`)."""


class Listing:
    """One folder as the walk filed it: its visible files (sorted), the subfolders it entered (sorted) and those
    git ignores (as listed), the files the globs want (None: every one) and those of them skipped whatever their
    bytes, with why (git, Obsidian's excluded files, a script folder); ``ruled``: it holds a `.gitignore`;
    ``hidden``: its hidden entries that are no folders (sorted), which the walk passes by but a record stamps.

    Only a folder with no link in it is kept (a link's kind follows its target, which the folder's stamp does not
    vouch for): every entry's kind is its own, so ``names`` and ``hidden`` are all it holds that is no folder,
    as ``os.DirEntry.is_dir`` tells it, while its stamp is the one kept."""

    __slots__ = ("dirs", "hidden", "names", "pruned", "ruled", "stamp", "static", "wanted")

    def __init__(
        self,
        stamp: Stamp,
        names: list[str],
        dirs: list[str],
        pruned: list[str],
        wanted: list[str] | None,
        static: dict[str, str],
        ruled: bool,
        hidden: list[str],
    ) -> None:
        self.stamp, self.names, self.dirs, self.pruned = stamp, names, dirs, pruned
        self.wanted, self.static, self.ruled, self.hidden = wanted, static, ruled, hidden

    def values(self) -> list[object]:
        return [list(self.stamp), self.names, self.dirs, self.pruned, self.wanted, self.static, self.ruled, self.hidden]

    def files(self) -> list[str]:
        """Every name in the folder that is no folder, sorted: its visible files and its hidden ones."""
        return sorted([*self.names, *self.hidden]) if self.hidden else self.names


# A folder's stamp of its stat, made in C (`Memo.trusted` asks it of every folder of the vault, every run).
folder_stamp: Callable[[os.stat_result], Stamp] = attrgetter("st_mtime_ns", "st_ctime_ns", "st_ino", "st_dev")


def file_stamp(path: str) -> FileStamp:
    """An ignore file's stamp, by os.stat as the run has it (a replayed run's record stamps it too)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def settled(info: os.stat_result, now_ns: int) -> bool:
    """Whether a folder last changed long enough before ``now_ns`` for its stamp to vouch for its entries."""
    return max(info.st_mtime_ns, info.st_ctime_ns) < now_ns - RACY_NS


class Memo:
    """The listings kept, trusted by each folder's stamp (``trusted``), and the listings of this walk (``taken``)."""

    def __init__(self, folders: dict[str, Listing], ignores: dict[str, FileStamp]) -> None:
        self.folders = folders
        self.ignores = ignores  # every ignore file the memo's walk knew of, by path: still as kept
        self.taken: dict[str, Listing] = {}  # this walk's, by vault folder ("" the root, else ending in "/")
        self.fresh = 0  # folders this walk listed anew and could keep
        self.rules: list[str] = []  # the `.gitignore` files of the folders this walk filed

    def trusted(self, in_vault: str, folder: str) -> Listing | None:
        """The kept listing of ``folder`` when its stamp is still the one kept (one stat); else None."""
        kept = self.folders.get(in_vault)
        if kept is None:
            return None
        try:
            now = folder_stamp(_stat(folder, follow_symlinks=False) if in_vault else _stat(folder))
        except OSError:
            return None
        if now != kept.stamp:
            return None
        self.taken[in_vault] = kept
        return kept

    def take(self, in_vault: str, listing: Listing) -> None:
        """Keep a listing this walk made (of a settled folder)."""
        self.taken[in_vault] = listing
        self.fresh += 1

    def worth_writing(self) -> bool:
        """Whether this walk's listings are worth a write: it listed many folders anew, or had no memo."""
        return bool(self.taken) and (self.fresh * UNWRITTEN_SHARE > len(self.taken) or not self.folders)


def load(file: MemoFile, key: str) -> Memo:
    """The memo kept for ``key`` (the settings and rules of this walk), when every ignore file it knew is as it
    was; else an empty one (the walk lists every folder, and keeps what it found)."""
    where = file.where()
    memo = _memo(file.read(), key) if where is None else _memo_file(where, key)
    if memo is None or any(file_stamp(path) != kept for path, kept in memo.ignores.items()):
        return Memo({}, {})
    return memo


def payload(key: str, memo: Memo, ignores: Iterable[str]) -> object:
    """The JSON values of this walk's memo: its listings, and the stamps of the ignore files ``ignores``."""
    stamps = {path: file_stamp(path) for path in ignores}
    folders = {folder: listing.values() for folder, listing in memo.taken.items()}
    return {
        "format": FORMAT,
        "key": key,
        "ignores": [[p, list(s) if s else None] for p, s in stamps.items()],
        "folders": folders,
    }


def memo_key(values: Iterable[object]) -> str:
    """The key of a walk's settings and rules, as text."""
    return json.dumps([FORMAT, *values], default=str)


@loader("walk memo")  # held decoded by a server for its children (`vaultlint.held`)
def _memo_file(path: str, key: str) -> Memo | None:
    """The memo the file at ``path`` holds for ``key``; None when it cannot be read, or holds none (`_memo`)."""
    try:
        with open(path, "rb") as kept:
            payload = json.loads(kept.read())
    except (OSError, ValueError, RecursionError):  # as the cache reads its files (`codec.load_json`)
        return None
    return _memo(payload, key)


def _memo(payload: object, key: str) -> Memo | None:
    """The memo ``payload`` holds; None when it is not exactly what `payload` writes (corrupt, foreign, hostile)."""
    if not isinstance(payload, dict) or payload.get("format") != FORMAT or payload.get("key") != key:
        return None
    ignores, folders = payload.get("ignores"), payload.get("folders")
    if type(ignores) is not list or type(folders) is not dict:
        return None
    kept_ignores: dict[str, FileStamp] = {}
    for one in ignores:
        if type(one) is not list or len(one) != 2 or type(one[0]) is not str:
            return None
        stamp = one[1]
        if stamp is not None and not _ints(stamp, 4):
            return None
        kept_ignores[one[0]] = tuple(stamp) if stamp is not None else None
    listings: dict[str, Listing] = {}
    for folder, values in folders.items():
        listing = _listing(values)
        if listing is None:
            return None
        listings[folder] = listing
    return Memo(listings, kept_ignores)


def _listing(values: object) -> Listing | None:
    if type(values) is not list or len(values) != 8:
        return None
    stamp, names, dirs, pruned, wanted, static, ruled, hidden = values
    if not (_ints(stamp, 4) and _strs(names) and _strs(dirs) and _strs(pruned) and _strs(hidden)):
        return None
    if not all(name[:1] == "." for name in hidden):  # what `_keep` writes: hidden names alone
        return None
    if wanted is not None and not _strs(wanted):
        return None
    if type(static) is not dict or not set(map(type, [*static, *static.values()])) <= {str} or type(ruled) is not bool:
        return None
    return Listing(tuple(stamp), names, dirs, pruned, wanted, static, ruled, hidden)


def _ints(value: object, count: int) -> bool:
    return type(value) is list and len(value) == count and set(map(type, value)) == {int}


def _strs(value: object) -> bool:
    return type(value) is list and set(map(type, value)) <= {str}  # exactly str, no subclass: map's loop, in C


Loader = Callable[[], MemoFile | None]
