"""A `check` whose every input is as it was: the last answer to the same command, replayed without a parse."""

# A check's answer (stdout, stderr, exit status) is a function of the command line, the working folder, the
# environment, the date, whether it writes to a terminal, vaultlint's code, and the files the run looked at:
# the notes, the config, ignore files, Obsidian's settings, the baseline, and every path it only tested for
# (a config file that is not there yet). A run that may be replayed is watched: every file it opens, every
# path it stats and every folder it lists (audit hooks and a wrapped os.stat, in the main process; the
# workers read notes, and every note lies in a folder listed). Each is stamped (size, times, inode; or
# absent), and the answer kept beside the stamps in the cache. The next run of the same command line stats
# them again: all the same, it writes the answer kept; anything else, it checks as ever (and keeps the new
# answer). The inode change time moves whenever a file's bytes or a folder's entries do, and no tool sets it
# back: a file changed within RACY_SECONDS before the run (or during it) leaves nothing kept, as git treats
# "racy" entries. Nothing is trusted that is not all there: a record of another shape is a miss.
#
# A record stamps one by one the paths the run opened, stat'ed or listed and the vault's NEWEST files; every
# other file of a folder listed (the vault's notes: 10,000 stamps, 1.6 MB of JSON to write, and to read back
# at the next run) is in one digest of their stamps, in the order of the folders and of their names. A replay
# lists those folders again and stamps their files as the run did: the same digest, or a miss. (The record
# takes each folder's names from the walk, which listed it or filed it from its memo: `_listings`.)

from __future__ import annotations

import argparse
import codecs
import contextlib
import datetime as dt
import itertools
import json
import marshal
import math
import operator
import os
import re
import stat
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from vaultlint.cache.folder import FOLDER, code_stamps, is_cache_folder
from vaultlint.hashing import blake2b
from vaultlint.record import Record, frozen
from vaultlint.version import __version__

if TYPE_CHECKING:  # the walk's module loads when a run is watched (`watching`), not for a replay
    from vaultlint.vault.discover import Lstatted

SCHEMA = 3
RACY_SECONDS = 2.0
HEAD_LIMIT = 256 * 2**20  # a record's stamps and stderr: 1.3 MB on 10,000 notes; anything far larger is no record
CHUNK = 2**20
KEPT = 4  # records kept: the last command lines run (a vault checked whole, one note named...)
MARKS = 16  # command lines naming notes that ran once, kept (`_worth_keeping`)
ENVIRONMENT = "VAULTLINT_CACHE_DIR"
OFF = "VAULTLINT_NO_REPLAY"  # set: every check runs (the cache still answers for unchanged notes)
# What a shell changes between two runs of the same command, and what no part of vaultlint reads.
VOLATILE = frozenset({"_", "PWD", "OLDPWD", "SHLVL", "PS1", "PS2", "PS4", "PROMPT_COMMAND", "TERM_SESSION_ID"})
# The progress line on a terminal (`cli.output.progress_reporter`): not part of the answer.
PROGRESS_RE = re.compile(r"\rchecked \d+/\d+ notes(?:\r\x1b\[K)?")
_SYSTEM = ("/dev/", "/proc/", "/sys/")

Runner = Callable[[TextIO, TextIO], int]
Stamp = list[Any]  # [path, kind, ...]: "f"/"d"/"l" with its size and times and inode, or "-" (absent)
# The files of the folders listed stamped one by one, the newest first, besides the digest of the others: a
# record missed after an edit stops at the note edited, before the vault's other files are stamped.
NEWEST = 32


def checked(args: argparse.Namespace, out: TextIO, err: TextIO, run: Runner) -> int:
    """`check` as ``run`` does it, or its answer replayed when every input is as it was last time."""
    where = record_path(args, out, err)
    if where is None:
        return run(out, err)
    replayed = replay(where, out, err)
    if replayed is not None:
        return replayed
    try:
        where.file.parent.mkdir(exist_ok=True)  # in the cache folder, which the first run made
        if not _worth_keeping(args, where):
            return run(out, err)
        clear_dead(where.file.parent)
        body = open(where.temp, "xb")  # the answer goes there as it is written: never whole in memory
        started = _started(body)
    except OSError:
        return run(out, err)
    seen = Seen(os.getpid())
    tee_out = Tee(out, body)
    tee_err = ErrTee(err, tee_out, PROGRESS_RE)
    try:
        with watching(seen), _stderr_as(err, tee_err):
            status = run(tee_out, tee_err)  # type: ignore[arg-type]
        with contextlib.suppress(OSError, ValueError):  # not kept: the next run checks, never a wrong answer
            body.close()  # its last bytes written now: a full disk says so here
            if not tee_out.failed and not getattr(args, "went_online", False):  # the config's [online] enabled
                keep(where, seen, started, tee_out.answer(status, tee_err.parts))
    finally:
        with contextlib.suppress(OSError):
            body.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(where.temp)
    return status


def _started(body: BinaryIO) -> float:
    """When the run started: the earlier of this machine's clock and the file system's, as the file just
    made says it (a file server's clock may lag behind, and the racy test reads its times)."""
    try:
        return min(time.time(), os.fstat(body.fileno()).st_ctime)
    except OSError:  # not said: a run on a file system that cannot say when keeps nothing
        return -math.inf


def _worth_keeping(args: argparse.Namespace, where: Where) -> bool:
    """Whether this run keeps its answer: a run of folders (the vault) does; a run naming notes only when it
    repeats the last run of the same command line, its notes as they were then (its mark says so), and else
    marks it.

    Why: pre-commit names the notes of each commit, each time edited since, and keeping an answer stamps every
    file of the vault: a sixth of such a run (0.09 s of 0.6 s, a note named in 10,000). A run repeated on the
    same notes is kept from its second run, replayed from its third."""
    stamps = [stamp(os.path.abspath(path)) for path in args.paths or ()]
    if all(kind == "d" for _, kind, *_ in stamps):
        return True
    named = json.dumps(stamps).encode()
    try:
        repeated = where.mark.read_bytes() == named
    except OSError:
        repeated = False
    if repeated:
        return True
    temp = _temp(where.mark)
    temp.write_bytes(named)
    os.replace(temp, where.mark)
    _prune(where.file.parent, ".seen", MARKS)
    return False


def _temp(path: Path) -> Path:
    """Where ``path`` is written before it is moved in place: a name `clear_dead` knows (this process's id)."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


@frozen
class Where(Record):
    """Where this command line's answer is kept: a file in the cache ``folder``'s `replay/`."""

    folder: Path
    file: Path

    @property
    def temp(self) -> Path:
        return _temp(self.file)

    @property
    def mark(self) -> Path:
        """The stamps of the notes this command line named when it last ran and kept no answer (`_worth_keeping`)."""
        return self.file.with_suffix(".seen")


def record_path(args: argparse.Namespace, out: TextIO, err: TextIO) -> Where | None:
    """The record of this command line, or None for a run that is never replayed (no cache, `--diff`)."""
    if os.name != "posix" or os.environ.get(OFF):  # elsewhere a file's "change time" is when it was made
        return None
    if args.command != "check" or getattr(args, "diff", False) or getattr(args, "no_cache", False):
        return None
    if getattr(args, "online", None):  # its answer follows the web, which no record can say has not changed
        return None
    folder = cache_folder(args)
    if folder is None:
        return None
    said = [SCHEMA, [__version__, *code_stamps()], sys.version, sys.executable, os.getcwd(), _options(args)]
    said += [_environment(), today(), _tty(out), _tty(err)]
    key = blake2b(json.dumps(said, default=str).encode("utf-8", "surrogatepass"), digest_size=16)
    return Where(folder, folder / "replay" / f"{key.hexdigest()}.rec")


def cache_folder(args: argparse.Namespace) -> Path | None:
    """The cache folder a run of ``args`` uses, as far as it can be told without loading the settings, once
    a run made it: --cache-dir, VAULTLINT_CACHE_DIR, the `cache-dir` of the config governing the paths, else
    the nearest `.vaultlint_cache` that holds them. Never a folder vaultlint did not make. (A guess, as to
    where a record is: a record says itself what it depends on.)"""
    given = getattr(args, "cache_dir", None) or os.environ.get(ENVIRONMENT)
    if given:
        folder = Path(os.path.abspath(given))
        return folder if is_cache_folder(folder) else None
    paths = [os.path.abspath(p) for p in (args.paths or [Path(".")])]
    try:
        common = Path(os.path.commonpath(paths))
    except ValueError:  # paths on two drives
        return None
    configured = _configured(getattr(args, "config", None), common)
    if configured is not None:
        return configured if is_cache_folder(configured) else None
    for folder in (common, *common.parents):
        if is_cache_folder(folder / FOLDER):
            return folder / FOLDER
    return None


def _configured(explicit: Path | None, common: Path) -> Path | None:
    """The `cache-dir` the config file governing ``common`` names (relative to its folder), if it names one."""
    from vaultlint.config.files import CONFIG_FILES, ConfigError, read_table

    candidates = [Path(os.path.abspath(explicit))] if explicit else []
    for folder in [] if explicit else (common, *common.parents):
        candidates += [folder / name for name in CONFIG_FILES]
    for config in candidates:
        try:
            text = config.read_bytes()
        except OSError:  # not there (or unreadable: the run says so)
            continue
        if config.name == "pyproject.toml" and b"vaultlint" not in text and not explicit:
            continue  # no [tool.vaultlint]: not a config, the search goes on up
        if b"cache-dir" not in text:  # most configs: no TOML read before the replay
            return None
        try:
            named = (read_table(config) or {}).get("cache-dir")
        except ConfigError:
            return None
        return config.parent / named if isinstance(named, str) and named else None
    return None


def today() -> str:
    """The date a rule may read (ENT004: "not in the future")."""
    return dt.date.today().isoformat()


def _options(args: argparse.Namespace) -> list[tuple[str, str]]:
    return sorted((name, repr(value)) for name, value in vars(args).items())


def _environment() -> list[tuple[str, str]]:
    return sorted((name, value) for name, value in os.environ.items() if name not in VOLATILE)


def _tty(stream: TextIO) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)())


def replay(where: Where, out: TextIO, err: TextIO) -> int | None:
    """The kept answer written out, and its exit status; None when there is none or an input changed.

    A record is the answer's bytes (stdout), then a line of JSON (the stamps, the exit status, what went to
    stderr and where between stdout's bytes, the answer's size and CRC-32), then that line's length in ten
    digits: the answer is written as it is made, the rest once known. Nothing is written before the whole
    answer is read and found intact: a record damaged anywhere is a miss, never half an answer."""
    try:
        kept = open(where.file, "rb")
    except OSError:  # no record: checked
        return None
    with kept:
        try:
            head = _head(kept)
            if head is None or not _intact(kept, head):
                return None
        except (OSError, ValueError, LookupError, TypeError, RecursionError):  # cut short, or no record
            return None
        kept.seek(0)
        try:
            _write(kept, head, out, err)  # an error writing is the stream's, as in a run checked
        except _Unread as exc:  # read whole a moment ago: the answer is cut short, and says so
            err.write(f"vaultlint: error: the kept answer {where.file} could not be read again: {exc}\n")
            return 2
    return int(head["status"])


def _head(kept: BinaryIO) -> dict[str, Any] | None:
    """The record's head, if it is one of this schema and every stamp in it still holds."""
    size = kept.seek(0, os.SEEK_END)
    kept.seek(max(size - 10, 0))
    length = int(kept.read(10))
    if not 0 < length <= min(size - 10, HEAD_LIMIT):
        return None
    kept.seek(size - 10 - length)
    head = json.loads(kept.read(length))
    if not _valid(head) or head["size"] + length + 10 != size:
        return None
    # Each stamp's shape asked as it is compared, the newest first: a record missed after an edit (pre-commit's
    # run) stops at the note edited, not after a test of every stamp of the vault (11,000 took 30 ms).
    if not all(_shaped(one) and _same(one) for one in head["stamps"]):
        return None
    if not _files_same(head["files"], {one[0] for one in head["stamps"]}):
        return None
    return head  # type: ignore[no-any-return]


def _intact(kept: BinaryIO, head: dict[str, Any]) -> bool:
    """Whether the answer's bytes are those written (text, then: they were written encoded)."""
    kept.seek(0)
    crc = 0  # against damage, not forgery: a record is only ever replayed for files stamped as they are
    for chunk in _chunks(kept, head["size"]):
        crc = zlib.crc32(chunk, crc)
    return bool(crc == head["crc"])


def _write(kept: BinaryIO, head: dict[str, Any], out: TextIO, err: TextIO) -> None:
    """The answer onto ``out``, and what went to ``err`` between its bytes where it went the first time."""
    decoder = codecs.getincrementaldecoder("utf-8")("surrogatepass")
    done = 0
    for offset, text in head["err"]:
        for chunk in _chunks(kept, offset - done):
            out.write(decoder.decode(chunk))
        done = offset
        err.write(text)
    for chunk in _chunks(kept, head["size"] - done):
        out.write(decoder.decode(chunk))
    out.write(decoder.decode(b"", final=True))


class _Unread(Exception):
    """A record that could be read, and then could not (a write's error is the stream's own)."""


def _chunks(kept: BinaryIO, size: int) -> Iterator[bytes]:
    """The next ``size`` bytes of ``kept``, a megabyte at a time."""
    while size > 0:
        try:
            chunk = kept.read(min(size, CHUNK))
        except OSError as exc:
            raise _Unread(exc) from exc
        if not chunk:
            raise ValueError("record cut short")
        size -= len(chunk)
        yield chunk


def _valid(head: object) -> bool:
    if not isinstance(head, dict) or head.get("schema") != SCHEMA:
        return False
    status, size, crc, err, stamps = (head.get(k) for k in ("status", "size", "crc", "err", "stamps"))
    if type(status) is not int or type(size) is not int or type(crc) is not int:
        return False
    if not isinstance(err, list) or not all(_segment(s) for s in err):
        return False
    offsets = [s[0] for s in err]
    if offsets != sorted(offsets) or any(not 0 <= o <= size for o in offsets):
        return False
    files = head.get("files")
    if type(files) is not list or len(files) != 3 or type(files[0]) is not list or type(files[1]) is not int:
        return False
    return isinstance(stamps, list) and all(type(f) is str for f in files[0]) and type(files[2]) is str


def _shaped(kept: object) -> bool:
    """A stamp as `stamp` makes one: a list of a path, a kind, and more."""
    return type(kept) is list and len(kept) > 1 and isinstance(kept[0], str) and isinstance(kept[1], str)


def _segment(part: object) -> bool:
    return type(part) is list and len(part) == 2 and type(part[0]) is int and isinstance(part[1], str)


def _same(kept: Stamp) -> bool:
    if kept[1] == "D":  # a folder only tested for or walked through: the same folder, whatever it holds
        now = stamp(kept[0])
        return now[1] == "d" and [now[0], "D", now[5], now[6]] == kept
    return stamp(kept[0]) == kept


def _files_same(files: list[Any], stamped: set[str]) -> bool:
    """Whether the files of the folders a record lists, but those it ``stamped`` one by one, are as they were:
    their stamps made as `_files_in` made them, in the same order, and of the same digest."""
    folders, count, digest = files
    now: list[Stamp] = []
    append, real_stat, folder_mode = now.append, _REAL_STAT, stat.S_ISDIR
    for folder in folders:
        prefix = os.path.join(folder, "")
        try:
            with os.scandir(folder) as entries:
                names = sorted([entry.name for entry in entries if not entry.is_dir()])
        except OSError:  # listed when the record was made: something changed
            return False
        for name in names:
            path = prefix + name
            if path in stamped:
                continue
            try:  # `stamp` inline for a file (a call less a note of the vault)
                info = real_stat(path)
            except OSError:
                append(stamp(path))
                continue
            if folder_mode(info.st_mode):
                append(stamp(path))
            else:
                append([path, "f", info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev])
        if len(now) > count:
            return False
    return len(now) == count and bool(_digest(now) == digest)


def _digest(stamps: list[Stamp]) -> str:
    """The stamps of a record's files, as one value: their bytes as `marshal` writes them (made in C, numbers in
    binary: their repr's decimals were a quarter of a replay's time), in its version 2, which refers to no
    object written before, so equal stamps give equal bytes whatever objects hold them. Only ever written, to
    be hashed, never read back; the Python that reads a record is the one that made it (its key says so)."""
    return blake2b(marshal.dumps(stamps, 2), digest_size=16).hexdigest()


def stamp(path: str) -> Stamp:
    """What ``path`` is now: a file, folder or dangling link with its size, times and inode; or absent."""
    try:
        info = os.stat(path)
    except OSError:
        try:
            info = os.lstat(path)
        except OSError:
            return [path, "-"]
        return [path, "l", info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]
    kind = "d" if stat.S_ISDIR(info.st_mode) else "f"
    size = info.st_size if kind == "f" else 0
    return [path, kind, size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


@dataclass
class Seen:
    """The paths one process opened, stat'ed and listed while watched."""

    pid: int
    paths: set[str] = field(default_factory=set)
    listed: set[str] = field(default_factory=set)
    present: set[str] = field(default_factory=set)  # the paths there when first seen
    blind: bool = False  # it did something not watched by path (a path relative to a folder's descriptor)
    # The lstat the walk took of each note, by path (`vault.discover.LSTATS`): taken during the run, it vouches
    # for the bytes the run read as well as one taken at its end (a change since moves the change time past
    # it, and the next run misses), and spares a stat a note of the vault.
    walked: dict[str, os.stat_result] = field(default_factory=dict)
    # The names of the files (no folders, hidden ones too) of each folder the walk listed, or filed from its memo
    # as it was, sorted, by path (`vault.discover.LISTINGS`): `_files_in` takes them, not a listing again.
    listings: dict[str, list[str]] = field(default_factory=dict)
    # The lstats the walk took a folder at a time (`vault.discover.FOLDER_LSTATS`), by the folder's path: of the
    # notes of a folder filed from its memo (nearly every folder, a warm run), which are not in ``walked``.
    batches: dict[str, Lstatted] = field(default_factory=dict)

    def path(self, path: object, listed: bool = False) -> None:
        if os.getpid() != self.pid:  # a worker forked while watched: its reads are of notes, in folders listed
            return
        if isinstance(path, int):  # a descriptor: opened by path before, or a pipe
            return
        try:
            text = os.path.abspath(os.fsdecode(path if path is not None else "."))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            self.blind = True
            return
        if listed:
            self.listed.add(text)
        elif text not in self.paths:
            self.paths.add(text)
            if _there(text):  # one gone by the end went during the run: nothing is kept
                self.present.add(text)


_REAL_LSTAT, _REAL_STAT = os.lstat, os.stat  # as they are before `watching` wraps them


def _there(path: str) -> bool:
    try:
        _REAL_LSTAT(path)
    except OSError:
        return False
    return True


_WATCHED: list[Seen] = []
_LISTING = frozenset({"os.scandir", "os.listdir"})
# What reads paths the hooks cannot follow: another program, a walk by descriptors.
_BLIND = frozenset({"subprocess.Popen", "os.system", "os.posix_spawn", "os.exec", "os.spawn", "os.fwalk"})


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _WATCHED:
        return
    seen = _WATCHED[-1]
    if event == "open":
        seen.path(args[0])
    elif event in _LISTING:
        listed = args[0] if args else None
        seen.blind |= isinstance(listed, int)  # a folder listed by its descriptor: which one is not said
        seen.path(listed, listed=True)
    elif event in _BLIND:
        seen.blind = True


_HOOKED: list[bool] = []


@contextlib.contextmanager
def watching(seen: Seen) -> Iterator[None]:
    """Note every path the process opens, stats or lists (an audit hook cannot be removed: it stays, idle)."""
    if not _HOOKED:
        sys.addaudithook(_audit)
        _HOOKED.append(True)
    real_stat, real_lstat = os.stat, os.lstat

    def watched_stat(path: Any, *args: Any, dir_fd: int | None = None, **kwargs: Any) -> os.stat_result:
        seen.blind |= dir_fd is not None
        seen.path(path)
        return real_stat(path, *args, dir_fd=dir_fd, **kwargs)

    def watched_lstat(path: Any, *args: Any, dir_fd: int | None = None, **kwargs: Any) -> os.stat_result:
        seen.blind |= dir_fd is not None
        seen.path(path)
        return real_lstat(path, *args, dir_fd=dir_fd, **kwargs)

    # The run loads it anyway; a replayed run never gets here.
    from vaultlint.vault.discover import FOLDER_LSTATS, LISTINGS, LSTATS

    _WATCHED.append(seen)
    LSTATS.append(seen.walked)
    LISTINGS.append(seen.listings)
    FOLDER_LSTATS.append(seen.batches)
    os.stat, os.lstat = watched_stat, watched_lstat
    try:
        yield
    finally:
        os.stat, os.lstat = real_stat, real_lstat
        _WATCHED.remove(seen)
        LSTATS.remove(seen.walked)
        LISTINGS.remove(seen.listings)
        FOLDER_LSTATS.remove(seen.batches)


def keep(where: Where, seen: Seen, started: float, answer: Answer) -> None:
    """Keep the answer with the stamps of what the run looked at; nothing when it cannot be replayed safely."""
    folder = os.path.join(str(where.folder), "")
    if any(_unstamped(p) for p in seen.listed | seen.paths):  # a vault or config in /dev/shm: never stamped
        return
    if answer.status not in (0, 1) or seen.blind or not any(p.startswith(folder) for p in seen.paths):
        return  # an error, a blind spot, or a run that did not use this cache folder (a config's elsewhere)
    found = inputs(seen, folder, started - RACY_SECONDS)
    if found is None:
        return  # something changed just before the run, or while it ran: its stamp cannot vouch for it
    # By change time (no key function called a file: 11,000 calls of one were a tenth of the recording), in one
    # sort in C: what heapq.nlargest gives (its documented equal), where its loop in Python took 28M instructions.
    # No loop in Python a file: an absent one (gone since listed, the rare one) is told by its length, and the
    # files are each at one path (a folder's names are unique), so the newest paths are the newest stamps.
    every = found.files
    dated = every if min(map(len, every), default=5) > 4 else [one for one in every if len(one) > 4]
    top = sorted(dated, key=operator.itemgetter(4), reverse=True)[:NEWEST]
    newest = set(map(_PATH, top))
    stamps = sorted([*found.stamps, *top], key=_recent_first)
    files = list(itertools.compress(every, map(operator.not_, map(newest.__contains__, map(_PATH, every)))))
    head = {"schema": SCHEMA, "status": answer.status, "size": answer.size, "crc": answer.crc}
    record = {**head, "err": answer.err, "stamps": stamps, "files": [found.folders, len(files), _digest(files)]}
    data = json.dumps(record).encode()
    with open(where.temp, "ab") as body:
        body.write(data + b"%010d" % len(data))
    os.replace(where.temp, where.file)
    prune(where.file.parent)


_PATH: Callable[[Stamp], str] = operator.itemgetter(0)


@frozen
class Inputs(Record):
    """What a run looked at, stamped: the paths it opened, stat'ed and listed; and every other file in the
    ``folders`` it listed (as `_files_in` finds them: folder by folder, name by name)."""

    stamps: list[Stamp]
    files: list[Stamp]
    folders: list[str]

    @property
    def every(self) -> list[Stamp]:
        return self.stamps + self.files


def inputs(seen: Seen, cache: str, settled: float = math.inf) -> Inputs | None:
    """The stamps of every path looked at and of every file in a folder listed (not of the cache folder);
    None as soon as one changed after ``settled`` (seconds since the epoch).

    The paths opened come first: a run on a note just edited (pre-commit's) is found racy before the
    thousands of other notes are stamped."""
    limit = settled * 1e9
    stamps: list[Stamp] = []

    def add(paths: Iterable[str], full: bool) -> bool:
        for path in sorted(p for p in paths if _stamped(p, cache)):
            now = stamp(path) if full or path in seen.listed else _reduced(stamp(path))
            if now[1] in "fdl" and max(now[3], now[4]) > limit:
                return False
            stamps.append(now)
        return True

    if not add(seen.paths - seen.listed, False) or not add(seen.listed, True):
        return None
    folders = sorted(folder for folder in seen.listed if _stamped(os.path.join(folder, ""), cache))
    files: list[Stamp] = []
    scanned: list[str] = []  # the folders listed that are folders still: a replay lists them again
    done = seen.paths | seen.listed
    if not _files_in(folders, done, limit, files, seen.walked, scanned, _listings(seen, stamps), seen.batches):
        return None
    if any(s[1] == "-" and s[0] in seen.present for s in stamps):
        return None  # there when the run looked, gone at its end: it went during the run
    return Inputs(stamps, files, scanned)


def _listings(seen: Seen, stamps: list[Stamp]) -> dict[str, list[str]]:
    """The walk's listings (`Seen.listings`) of the folders that are folders still, as stamped a moment ago.

    Why the walk's listing is the folder's listing now: the folder's stamp was just taken and found settled (no
    change after ``settled``, before the run started: `inputs` keeps nothing else), and a folder's entries change
    only as its change time does; a folder changed during the walk or after it has a change time after the run
    started, and then no record is kept. So the names the walk had are the folder's at keep time, whether it
    listed the folder or filed it from its memo (whose stamp of the folder, the one it had at the walk, vouched for
    them then). The walk left names only of folders with no link in them, whose entries' kinds change only with
    the folder. And were it not so, a replay lists the folders again and compares the digest of their files'
    stamps: any difference is a miss, never a wrong answer."""
    if not seen.listings:
        return {}
    folders = {one[0] for one in stamps if one[1] == "d"}  # not one gone, or made a file, since the walk
    return {folder: names for folder, names in seen.listings.items() if folder in folders}


def _changed_at(kept: Stamp) -> int:
    return max(kept[3], kept[4]) if kept[1] in "fdl" else 0


def _recent_first(kept: Stamp) -> tuple[int, str]:
    """The newest first: a file changed lately is the likeliest to have changed again (a miss after an edit
    stats one file, not half the vault)."""
    return (-_changed_at(kept), str(kept[0]))


def _stamped(path: str, cache: str) -> bool:
    return not path.startswith(cache) and path != cache[:-1] and not path.startswith(_SYSTEM)


def _files_in(
    folders: Iterable[str],
    done: set[str],
    limit: float,
    stamps: list[Stamp],
    walked: Mapping[str, os.stat_result] | None = None,
    scanned: list[str] | None = None,
    listings: Mapping[str, list[str]] | None = None,
    batches: Mapping[str, Lstatted] | None = None,
) -> bool:
    """Add to ``stamps`` every file (not folder) in ``folders`` but those ``done`` (a folder in one is stamped
    by its own listing, if listed), whose paths are stamped (``_stamped``) as the folders' are, folder by
    folder and name by name (`_files_same` lists them so), and the folders listed to ``scanned``; False as
    soon as one changed after ``limit`` (ns). `stamp` inline, for a regular file: a call, a list and a test
    less a note, over every note of the vault (a tenth of a second a run of a 10,000-note vault kept). A
    regular file's stat is the walk's lstat when it has one (``walked``: `Seen.walked`, or of its folder's
    ``batches``: `Seen.batches`); a folder's names are the walk's when it has them (``listings``: `_listings`),
    else it is listed (500 listings were most of keeping a run on a 10,000-note vault)."""
    walked, scanned = {} if walked is None else walked, [] if scanned is None else scanned
    listings, batches = {} if listings is None else listings, {} if batches is None else batches
    for folder in folders:
        names = listings.get(folder)
        if names is None:  # not listed by the walk (a config's folder, a root's parent...), or not as it is here
            try:
                with os.scandir(folder) as entries:
                    names = sorted([entry.name for entry in entries if not entry.is_dir()])
            except OSError:  # listed, or tried: what it is now is stamped (absent, a file, unreadable...)
                continue
        scanned.append(folder)
        batch = batches.get(folder)
        whole = _batch_stamps(batch, names, done, limit) if batch is not None else None
        if whole is not None:  # every file of the folder a regular one the walk lstat'ed: stamped at once
            if not whole:
                return False
            stamps.extend(whole)
            continue
        here = dict(zip(batch[1], batch[2], strict=True)) if batch is not None else {}
        if not _each_file(os.path.join(folder, ""), names, done, limit, (here, walked), stamps):
            return False
    return True


_MODE, _CTIME, _MTIME = (operator.attrgetter(f"st_{name}") for name in ("mode", "ctime_ns", "mtime_ns"))


def _batch_stamps(batch: Lstatted, names: list[str], done: set[str], limit: float) -> list[Stamp] | None:
    """The stamps of a folder's files ``names`` but those ``done``, made of the walk's lstats of them all
    (``batch``), when they are the very files it lstat'ed and each a regular file: a list at a time, with no lookup
    nor test a file; an empty list when one changed after ``limit`` (ns); None when the batch is not every file
    there (or there is none to stamp)."""
    wanted, texts, infos = batch
    if wanted != names or not all(map(stat.S_ISREG, map(_MODE, infos))):
        return None
    if not done.isdisjoint(texts):  # a note the run opened (the one named): stamped one by one
        undone = [text not in done for text in texts]
        texts, infos = list(itertools.compress(texts, undone)), list(itertools.compress(infos, undone))
    if not infos:
        return None
    if max(map(_CTIME, infos)) > limit or max(map(_MTIME, infos)) > limit:
        return []
    return [
        [t, "f", i.st_size, i.st_mtime_ns, i.st_ctime_ns, i.st_ino, i.st_dev] for t, i in zip(texts, infos, strict=True)
    ]


def _each_file(
    prefix: str,
    names: list[str],
    done: set[str],
    limit: float,
    lstats: tuple[Mapping[str, os.stat_result], Mapping[str, os.stat_result]],
    stamps: list[Stamp],
) -> bool:
    """`_files_in` of one folder's files ``names``, a file at a time: each regular file's stamp its lstat in
    ``lstats`` (its folder's batch, else the walk's by path), any other file's made by `stamp`."""
    batch, walked = lstats
    regular, append = stat.S_ISREG, stamps.append
    for name in names:
        path = prefix + name
        if path in done:
            continue
        info = batch.get(path) or walked.get(path)
        if info is not None and regular(info.st_mode):  # the walk's lstat of a regular file: its stamp
            if info.st_ctime_ns > limit or info.st_mtime_ns > limit:
                return False
            append([path, "f", info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev])
            continue
        now = stamp(path)  # not walked, or a link (its lstat is not its stat), or gone since
        if now[1] in "fdl" and max(now[3], now[4]) > limit:
            return False
        append(now)
    return True


def _unstamped(path: str) -> bool:
    """A path the run read under /dev, /proc or /sys that is not a device (/dev/null, a terminal): a file
    or folder there (/dev/shm) is never stamped, its changes would be missed."""
    if not path.startswith(_SYSTEM):
        return False
    try:
        mode = _REAL_STAT(path).st_mode
    except OSError:  # gone, or never there
        return True
    return stat.S_ISREG(mode) or stat.S_ISDIR(mode)


def _reduced(full: Stamp) -> Stamp:
    """A folder not listed as its identity alone: what it holds was not read (`/tmp` on the way to a note)."""
    return [full[0], "D", full[5], full[6]] if full[1] == "d" else full


def prune(folder: Path) -> None:
    """Keep the ``KEPT`` records last written; remove the others, and temp files a killed run left (a run
    still going keeps its own, however long it takes)."""
    clear_dead(folder)
    _prune(folder, ".rec", KEPT)


def _prune(folder: Path, suffix: str, count: int) -> None:
    """Keep the ``count`` files of ``folder`` named ``*suffix`` last written; remove the others."""
    records = []
    for entry in os.scandir(folder):
        if entry.name.endswith(suffix):
            with contextlib.suppress(OSError):  # gone since listed: another run's prune
                records.append((entry.stat().st_mtime, entry.path))
    for _, path in sorted(records, reverse=True)[count:]:
        with contextlib.suppress(OSError):
            os.unlink(path)


def clear_dead(folder: Path) -> None:
    """Remove the temp files of runs killed on this machine (their process is gone, or its id is this
    process's, which has written none yet: a container gives every run the same id)."""
    for entry in os.scandir(folder):
        found = _TEMP_RE.fullmatch(entry.name)
        if found is None or (int(found[1]) != os.getpid() and _alive(int(found[1]))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


_TEMP_RE = re.compile(r"\..+\.(\d+)\.tmp")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


@frozen
class Answer(Record):
    """What a checked run wrote: its exit status, stdout's size and CRC-32, and stderr's parts with the size
    stdout had when each was written (so a replay interleaves them as the run did)."""

    status: int
    size: int
    crc: int
    err: list[tuple[int, str]]


@contextlib.contextmanager
def _stderr_as(err: TextIO, tee: ErrTee) -> Iterator[None]:
    """``sys.stderr`` written through ``tee`` while the run goes, when it is the run's stderr: what the
    `warnings` module says is part of the answer (a library's FutureWarning)."""
    if err is not sys.stderr:
        yield
        return
    sys.stderr = tee
    try:
        yield
    finally:
        sys.stderr = err


class Tee:
    """A text stream that writes through to ``stream`` and keeps what it wrote, encoded, in ``file``."""

    def __init__(self, stream: TextIO, file: BinaryIO | None = None) -> None:
        self.stream = stream
        self.file = file
        self.size = 0
        self.crc = 0
        self.failed = False

    def write(self, text: str) -> int:
        if self.file is not None:
            data = text.encode("utf-8", "surrogatepass")
            try:
                self.file.write(data)
            except OSError:  # the cache's disk is full: the answer is written, not kept
                self.file, self.failed = None, True
            else:
                self.size += len(data)
                self.crc = zlib.crc32(data, self.crc)
        return self.stream.write(text)

    def answer(self, status: int, err: list[tuple[int, str]]) -> Answer:
        return Answer(status, self.size, self.crc, err)

    def __getattr__(self, name: str) -> Any:  # isatty, flush, encoding...: the stream's own
        return getattr(self.stream, name)


class ErrTee:
    """stderr, written through to ``stream`` and kept (but what ``skip`` matches: the progress line) with
    how much of stdout (``beside``) was written before each part."""

    def __init__(self, stream: TextIO, beside: Tee, skip: re.Pattern[str] | None = None) -> None:
        self.stream = stream
        self.beside = beside
        self.skip = skip
        self.parts: list[tuple[int, str]] = []

    def write(self, text: str) -> int:
        if text and (self.skip is None or not self.skip.fullmatch(text)):
            at = self.beside.size
            if self.parts and self.parts[-1][0] == at:
                self.parts[-1] = (at, self.parts[-1][1] + text)
            else:
                self.parts.append((at, text))
        return self.stream.write(text)

    def text(self) -> str:
        return "".join(text for _, text in self.parts)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)
