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

from __future__ import annotations

import argparse
import codecs
import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import stat
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from vaultlint.cache.folder import FOLDER, code_stamps, is_cache_folder
from vaultlint.version import __version__

SCHEMA = 1
RACY_SECONDS = 2.0
HEAD_LIMIT = 256 * 2**20  # a record's stamps and stderr: 1.3 MB on 10,000 notes; anything far larger is no record
CHUNK = 2**20
KEPT = 4  # records kept: the last command lines run (a vault checked whole, one note named...)
ENVIRONMENT = "VAULTLINT_CACHE_DIR"
OFF = "VAULTLINT_NO_REPLAY"  # set: every check runs (the cache still answers for unchanged notes)
# What a shell changes between two runs of the same command, and what no part of vaultlint reads.
VOLATILE = frozenset({"_", "PWD", "OLDPWD", "SHLVL", "PS1", "PS2", "PS4", "PROMPT_COMMAND", "TERM_SESSION_ID"})
# The progress line on a terminal (`cli.output.progress_reporter`): not part of the answer.
PROGRESS_RE = re.compile(r"\rchecked \d+/\d+ notes(?:\r\x1b\[K)?")
_SYSTEM = ("/dev/", "/proc/", "/sys/")

Runner = Callable[[TextIO, TextIO], int]
Stamp = list[Any]  # [path, kind, ...]: "f"/"d"/"l" with its size and times and inode, or "-" (absent)


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
        body = open(where.temp, "xb")  # the answer goes there as it is written: never whole in memory
    except OSError:
        return run(out, err)
    started = time.time()
    seen = Seen(os.getpid())
    tee_out, tee_err = Tee(out, body), Tee(err, None, PROGRESS_RE)
    try:
        with watching(seen):
            status = run(tee_out, tee_err)  # type: ignore[arg-type]
        with contextlib.suppress(OSError, ValueError):  # not kept: the next run checks, never a wrong answer
            body.close()  # its last bytes written now: a full disk says so here
            if not tee_out.failed:
                keep(where, seen, started, status, tee_out.size, tee_err.text())
    finally:
        with contextlib.suppress(OSError):
            body.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(where.temp)
    return status


@dataclass(frozen=True)
class Where:
    """Where this command line's answer is kept: a file in the cache ``folder``'s `replay/`."""

    folder: Path
    file: Path

    @property
    def temp(self) -> Path:
        return self.file.with_name(f".{self.file.name}.{os.getpid()}.tmp")


def record_path(args: argparse.Namespace, out: TextIO, err: TextIO) -> Where | None:
    """The record of this command line, or None for a run that is never replayed (no cache, `--diff`)."""
    if os.name != "posix" or os.environ.get(OFF):  # elsewhere a file's "change time" is when it was made
        return None
    if args.command != "check" or getattr(args, "diff", False) or getattr(args, "no_cache", False):
        return None
    folder = cache_folder(args)
    if folder is None:
        return None
    said = [SCHEMA, [__version__, *code_stamps()], sys.version, sys.executable, os.getcwd(), _options(args)]
    said += [_environment(), today(), _tty(out), _tty(err)]
    key = hashlib.blake2b(json.dumps(said, default=str).encode("utf-8", "surrogatepass"), digest_size=16)
    return Where(folder, folder / "replay" / f"{key.hexdigest()}.rec")


def cache_folder(args: argparse.Namespace) -> Path | None:
    """The cache folder a run of ``args`` uses, as far as it can be told before reading a config, once a run
    made it: --cache-dir, VAULTLINT_CACHE_DIR, else the nearest `.vaultlint_cache` that holds the paths (a
    config's `cache-dir` elsewhere: not replayed). Never a folder vaultlint did not make."""
    given = getattr(args, "cache_dir", None) or os.environ.get(ENVIRONMENT)
    if given:
        folder = Path(os.path.abspath(given))
        return folder if is_cache_folder(folder) else None
    paths = [os.path.abspath(p) for p in (args.paths or [Path(".")])]
    try:
        common = os.path.commonpath(paths)
    except ValueError:  # paths on two drives
        return None
    for folder in (Path(common), *Path(common).parents):
        if is_cache_folder(folder / FOLDER):
            return folder / FOLDER
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

    A record is the answer's bytes, then a line of JSON (the stamps, the exit status, stderr, the answer's
    size), then that line's length in ten digits: the answer is written as it is made, the rest once known."""
    try:
        with open(where.file, "rb") as kept:
            size = kept.seek(0, os.SEEK_END)
            kept.seek(max(size - 10, 0))
            length = int(kept.read(10))
            if not 0 < length <= min(size - 10, HEAD_LIMIT):
                return None
            kept.seek(size - 10 - length)
            head = json.loads(kept.read(length))
            if not _valid(head) or head["size"] + length + 10 != size or not all(map(_same, head["stamps"])):
                return None
            kept.seek(0)
            _copy(kept, head["size"], out)
    except (OSError, ValueError, LookupError, TypeError, RecursionError):  # cut short, or no record: checked
        return None
    err.write(head["err"])
    return int(head["status"])


def _copy(kept: BinaryIO, size: int, out: TextIO) -> None:
    """The answer's ``size`` bytes from ``kept`` onto ``out``, a megabyte at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")("surrogatepass")
    while size > 0:
        chunk = kept.read(min(size, CHUNK))
        if not chunk:
            raise ValueError("record cut short")
        size -= len(chunk)
        out.write(decoder.decode(chunk, final=size <= 0))


def _valid(head: object) -> bool:
    if not isinstance(head, dict) or head.get("schema") != SCHEMA:
        return False
    fields = (head.get("status"), head.get("size"), head.get("err"), head.get("stamps"))
    if type(fields[0]) is not int or type(fields[1]) is not int or not isinstance(fields[2], str):
        return False
    stamps = fields[3]
    return isinstance(stamps, list) and all(
        type(s) is list and len(s) > 1 and isinstance(s[0], str) and isinstance(s[1], str) for s in stamps
    )


def _same(kept: Stamp) -> bool:
    if kept[1] == "D":  # a folder only tested for or walked through: the same folder, whatever it holds
        now = stamp(kept[0])
        return now[1] == "d" and [now[0], "D", now[5], now[6]] == kept
    return stamp(kept[0]) == kept


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
    blind: bool = False  # it did something not watched by path (a path relative to a folder's descriptor)

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
        (self.listed if listed else self.paths).add(text)


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

    _WATCHED.append(seen)
    os.stat, os.lstat = watched_stat, watched_lstat
    try:
        yield
    finally:
        os.stat, os.lstat = real_stat, real_lstat
        _WATCHED.remove(seen)


def keep(where: Where, seen: Seen, started: float, status: int, size: int, err: str) -> None:
    """Keep the answer with the stamps of what the run looked at; nothing when it cannot be replayed safely."""
    folder = os.path.join(str(where.folder), "")
    if any(p.startswith(_SYSTEM) for p in seen.listed):  # a vault in /dev/shm: its notes would go unstamped
        return
    if status not in (0, 1) or seen.blind or not any(p.startswith(folder) for p in seen.paths):
        return  # an error, a blind spot, or a run that did not use this cache folder (a config's elsewhere)
    stamps = inputs(seen, folder)
    if any(s[1] in "fdl" and max(s[3], s[4]) > (started - RACY_SECONDS) * 1e9 for s in stamps):
        return  # something changed just before the run, or while it ran: its stamp cannot vouch for it
    head = json.dumps({"schema": SCHEMA, "status": status, "size": size, "err": err, "stamps": stamps}).encode()
    with open(where.temp, "ab") as body:
        body.write(head + b"%010d" % len(head))
    os.replace(where.temp, where.file)
    prune(where.file.parent)


def inputs(seen: Seen, cache: str) -> list[Stamp]:
    """The stamps of every path looked at and of every file in a folder listed (not of the cache folder)."""
    paths = set(seen.paths) | seen.listed
    for folder in seen.listed:
        try:
            with os.scandir(folder) as entries:
                paths.update(os.path.join(folder, e.name) for e in entries if not e.is_dir())
        except OSError:  # listed, or tried: what it is now is stamped (absent, a file, unreadable...)
            continue
    kept = sorted(p for p in paths if not p.startswith(cache) and p != cache[:-1] and not p.startswith(_SYSTEM))
    stamps = [_reduced(stamp(p)) if p not in seen.listed else stamp(p) for p in kept]
    # A path absent now may have gone during the run: its folder's times say when (racy, then nothing is kept).
    gone = {os.path.dirname(s[0]) for s in stamps if s[1] == "-"} - seen.listed
    return [s if s[0] not in gone else stamp(s[0]) for s in stamps] + [
        stamp(p) for p in sorted(gone - set(kept)) if not p.startswith(_SYSTEM)
    ]


def _reduced(full: Stamp) -> Stamp:
    """A folder not listed as its identity alone: what it holds was not read (`/tmp` on the way to a note)."""
    return [full[0], "D", full[5], full[6]] if full[1] == "d" else full


def prune(folder: Path) -> None:
    """Keep the ``KEPT`` records last written; remove the others, and temp files a killed run left."""
    records = []
    for entry in os.scandir(folder):
        if entry.name.endswith(".tmp") and time.time() - entry.stat().st_mtime > 60:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
        elif entry.name.endswith(".rec"):
            records.append((entry.stat().st_mtime, entry.path))
    for _, path in sorted(records, reverse=True)[KEPT:]:
        with contextlib.suppress(OSError):
            os.unlink(path)


class Tee:
    """A text stream that writes through to ``stream`` and keeps what it wrote (but what ``skip`` matches):
    encoded into ``file``, else in memory."""

    def __init__(self, stream: TextIO, file: BinaryIO | None = None, skip: re.Pattern[str] | None = None) -> None:
        self.stream = stream
        self.file = file
        self.skip = skip
        self.parts: list[str] = []
        self.size = 0
        self.failed = False

    def write(self, text: str) -> int:
        if self.file is not None:
            try:
                self.size += self.file.write(text.encode("utf-8", "surrogatepass"))
            except OSError:  # the cache's disk is full: the answer is written, not kept
                self.file, self.failed = None, True
        elif self.skip is None or not self.skip.fullmatch(text):
            self.parts.append(text)
        return self.stream.write(text)

    def text(self) -> str:
        return "".join(self.parts)

    def __getattr__(self, name: str) -> Any:  # isatty, flush, encoding...: the stream's own
        return getattr(self.stream, name)
