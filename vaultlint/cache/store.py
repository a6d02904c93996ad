"""The cache folder on disk: one index per config group, one facts file per note content; safe to lose.

Layout (``.vaultlint_cache/`` at the vault root unless told otherwise)::

    .gitignore              `*`: the cache is never committed
    CACHEDIR.TAG            backup tools skip it
    <build>/index-<group>.json   each note's stamp and digest; the vault rules' findings (one file per group)
    <build>/pack-<group>.json    the note rules' findings of a whole run's notes, in one table (`cache.pack`)
    <build>/chunks-<group>.bin   the text report's chunk of each note answered from the cache (`cache.chunks`)
    <build>/facts/<ab>/<digest>.json   a note's facts (`codec.encode_note`), by its content's digest
    <build>/facts/<ab>/<digest>.links.json, .targets.json, .urls.json   what vault rules read of it
    <build>/facts/<ab>/<digest>.findings-<key>.json   its note rules' findings under one settings key and path
    replay/<key>.rec        a `check`'s answer and the stamps of all it read, by command line (`cli.replay`)
    replay/<key>.seen       the stamps of the notes a `check` naming notes named when it kept no answer

``<build>`` names this vaultlint exactly (version, codec format, and its own source files), so another
version never reads what this one wrote; a build's first write here removes old builds' folders
(``prune_builds``). Every write is a temp file renamed into place: two runs at once
leave one run's complete file or the other's. A file that cannot be read as what this codec wrote (corrupt,
truncated, foreign, hostile) is ignored: the notes it would have answered for are checked again.
"""

from __future__ import annotations

import contextlib
import functools
import os
import time
from collections.abc import Iterable
from pathlib import Path

from vaultlint.cache.codec import FORMAT, SCHEMA, CacheFormatError, json_parts, load_json
from vaultlint.cache.folder import CACHEDIR_TAG as CACHEDIR_TAG
from vaultlint.cache.folder import FOLDER as FOLDER
from vaultlint.cache.folder import GITIGNORE as GITIGNORE
from vaultlint.cache.folder import code_stamps
from vaultlint.cache.folder import is_cache_folder as is_cache_folder
from vaultlint.cache.folder import source_stamps as source_stamps
from vaultlint.hashing import blake2b
from vaultlint.hashing import digest as digest  # a note's identity in the cache
from vaultlint.lazyre import lazy_compile
from vaultlint.record import Record, frozen

# The folders this process has made or found ready (the cache folder and its subfolders): not asked again.
_PREPARED: set[str] = set()


def default_folder(root: Path, config: Path | None) -> Path:
    """Where the cache goes unless told: beside the config file (the project's root, as ruff keeps its cache),
    else at the vault's root; never inside a folder a config names as `root` (a vault kept byte for byte)."""
    return (config.parent if config is not None else root) / FOLDER


def findings_kind(settings: str, in_vault: str) -> str:
    """The side file of a note's findings under ``settings``, named by the note's vault path (two notes of the
    same bytes have findings of their own). Not by the path shown: that changes with the working folder and the
    form the vault is named in (`check .` inside it, `check vault` beside it), the note and its findings do not
    (`cache.pack.renamed` names them as shown when read). The key's first part tells it from the shown-path keys
    of caches before it, never read as these."""
    said = f"vault-path\0{settings}\0{in_vault}".encode("utf-8", "surrogatepass")
    return f"findings-{blake2b(said, digest_size=8).hexdigest()}"


@functools.cache  # a run asks twice (the walk's drawing verdicts, the findings cache)
def build_id() -> str:
    """This vaultlint exactly: its version, the codec's format and schema, and its source files' sizes and
    times (a development checkout or a patched install must not read what another build cached)."""
    from vaultlint.version import __version__

    said = "\n".join([__version__, str(FORMAT), SCHEMA, *code_stamps()])
    return f"{__version__}-{blake2b(said.encode(), digest_size=6).hexdigest()}"


@frozen
class Parts(Record):
    """A file's text made ahead, a part at a time (text written as UTF-8, bytes as they are): `Store.write`
    writes it as it is, not as JSON values."""

    parts: Iterable[str | bytes | memoryview]


@frozen
class Store(Record):
    """One cache folder as this build uses it."""

    folder: Path  # the cache folder (`.vaultlint_cache`)
    build: str

    @property
    def home(self) -> Path:
        return self.folder / self.build

    def index_path(self, group: str) -> Path:
        return self.home / f"index-{group}.json"

    def pack_path(self, group: str) -> Path:
        return self.home / f"pack-{group}.json"

    def chunks_path(self, group: str) -> Path:
        """The report's chunks of the group's last run (`cache.chunks`)."""
        return self.home / f"chunks-{group}.bin"

    def facts_path(self, note_digest: str) -> Path:
        return self.home / "facts" / note_digest[:2] / f"{note_digest}.json"

    def side_path(self, note_digest: str, kind: str) -> Path:
        """A file kept beside a note's facts: its `links`, its `outline`, or `findings-<key>` (one per settings
        and path: a note's findings name it)."""
        return self.home / "facts" / note_digest[:2] / f"{note_digest}.{kind}.json"

    def side_file(self, note_digest: str, kind: str) -> str:
        """``side_path`` as a str, made without pathlib (a warm run asks for one a note)."""
        return os.path.join(self._home, "facts", note_digest[:2], f"{note_digest}.{kind}.json")

    @functools.cached_property
    def _home(self) -> str:
        return str(self.home)

    def read(self, path: Path | str) -> object | None:
        """The JSON values of a cache file; None when it is missing or no JSON (then rebuilt, never trusted)."""
        return read_json(path)

    def read_bytes(self, path: Path | str) -> bytes | None:
        """The bytes of a cache file; None when it cannot be read."""
        return read_bytes(path)

    def write(self, path: Path, payload: object) -> None:
        """Write ``payload`` as JSON to ``path`` atomically, making the folders (and their marker files) first;
        a `Parts` as the text it holds.

        OSError when the cache folder cannot be written (read-only, full): the caller says so and goes on.
        """
        # A part at a time: a large payload's whole text never held (`codec.json_parts`).
        parts = payload.parts if isinstance(payload, Parts) else json_parts(payload)
        tmp = os.path.join(path.parent, f".{path.name}.{os.urandom(6).hex()}.tmp")
        try:
            fd = self._create(tmp, path.parent)
        except FileNotFoundError:  # its folders went away since (`vaultlint clean`, a user): made again
            _PREPARED.difference_update({str(self.folder), str(path.parent)})
            fd = self._create(tmp, path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                # A file name that is no UTF-8 holds lone surrogates: written as JSON's own \u escapes (JSON
                # escapes every backslash of the text itself), so json reads back the very same string.
                for part in parts:
                    out.write(part.encode("utf-8", "backslashreplace") if isinstance(part, str) else part)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def _create(self, tmp: str, parent: Path) -> int:
        """A new file ``tmp`` in ``parent``, opened to write, its folders made first (once a process: a cold
        run writes four files a note). Its mode is what any file the user makes gets (the umask applies)."""
        if str(self.folder) not in _PREPARED:
            self._prepare()
            _PREPARED.add(str(self.folder))
        if str(parent) not in _PREPARED:
            if not os.path.isdir(self._home):  # this build's first write here: the leftovers of old ones go
                prune_builds(self.folder, self.build)
            parent.mkdir(parents=True, exist_ok=True)
            _PREPARED.add(str(parent))
        return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)

    def _prepare(self) -> None:
        """The cache folder with its `.gitignore` and `CACHEDIR.TAG`, made once; never inside a folder of
        other files (a config's `cache-dir = "notes"` would have their `.gitignore` hide the notes from git)."""
        if is_cache_folder(self.folder):
            return
        if self.folder.is_dir() and any(not _TAG_IN_MAKING_RE.fullmatch(p.name) for p in self.folder.iterdir()):
            # Another process may have made the folder since it was looked at (its tag comes first, and whole):
            # a worker that lost that race would say so and keep its note out of the cache.
            if is_cache_folder(self.folder):
                return
            raise NotADirectoryError(f"{self.folder} holds other files: not taken for a cache folder")
        self.folder.mkdir(parents=True, exist_ok=True)
        # The tag first, and whole: it is what tells another process (a worker starting at the same moment)
        # that the folder is a cache, not a folder of other files. Made whole beside it, then linked in place.
        for name, text in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", GITIGNORE)):
            _create_whole(self.folder / name, text)


# The tag as another process makes it (_create_whole): in a new cache folder, the one file that may stand before it
_TAG_IN_MAKING_RE = lazy_compile(r"\.CACHEDIR\.TAG\.[0-9a-f]+\.tmp")


def _create_whole(path: Path, text: str) -> None:
    """``path`` holding ``text``, unless it exists already; never seen by another process half written."""
    tmp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    try:
        os.link(tmp, path)  # fails if it exists: a file of the same name is never replaced
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links: moved in place, whole, unless one is there
        if not path.exists():
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


# A build's folder: the version, then 12 hex digits (build_id)
_BUILD_RE = lazy_compile(r"[0-9A-Za-z.+!_-]+-[0-9a-f]{12}")
# Other builds' folders kept whatever their age: the two last written to (another vaultlint in use beside this
# one: pre-commit's, say). The rest go once nothing was written to them for this long.
KEPT_BUILDS = 2
STALE_SECONDS = 3600


def prune_builds(folder: Path, build: str, now: float | None = None) -> list[str]:
    """Remove the folders other builds left in the cache ``folder`` (each vaultlint upgrade, each edit of a
    development checkout makes a new one: about 50 MB on 10,000 notes), but the ``KEPT_BUILDS`` last written
    to and any written to within ``STALE_SECONDS``; the names removed. Only in a folder vaultlint made, only
    folders named as builds; what cannot be removed stays (a run of another build using it: it reads a miss)."""
    if not is_cache_folder(folder):
        return []
    others: list[tuple[float, str]] = []
    with contextlib.suppress(OSError):
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name != build and _BUILD_RE.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        others.append((entry.stat(follow_symlinks=False).st_mtime, entry.name))
    cutoff = (time.time() if now is None else now) - STALE_SECONDS
    gone = [name for written, name in sorted(others, reverse=True)[KEPT_BUILDS:] if written < cutoff]
    if gone:
        import shutil  # here: it imports bz2, lzma and fnmatch, which a run that prunes nothing never needs

        for name in gone:
            shutil.rmtree(folder / name, ignore_errors=True)
    return gone


def remove(folder: Path) -> bool:
    """Remove a cache folder vaultlint made (never another folder); whether there was one to remove."""
    if not is_cache_folder(folder):
        return False
    import shutil  # `vaultlint clean` alone

    shutil.rmtree(folder)
    return True


def read_bytes(path: Path | str) -> bytes | None:
    """The bytes of a cache file; None when it cannot be read."""
    try:
        with open(path, "rb") as kept:
            return kept.read()
    except OSError:
        return None


def read_json(path: Path | str) -> object | None:
    """The JSON values of a cache file; None when it is missing or no JSON (then rebuilt, never trusted)."""
    data = read_bytes(path)
    if data is None:
        return None
    try:
        return load_json(data)
    except CacheFormatError:
        return None
