"""Which files are notes: the vault root, every note in it, and the notes to report on."""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from operator import attrgetter, itemgetter
from pathlib import Path, PurePosixPath
from stat import S_ISREG
from typing import overload

from vaultlint import display
from vaultlint.paths import NoteRef
from vaultlint.record import Record, frozen
from vaultlint.vault.generated import DRAWING_SUFFIX, Kept, Verdicts
from vaultlint.vault.gitignore import GitIgnore
from vaultlint.vault.globs import matcher, matches, name_matcher
from vaultlint.vault.obsidian_settings import DEFAULT_FOLDER, ObsidianSettings, read_settings
from vaultlint.vault.skips import GIT, OBSIDIAN, SCRIPT, Skips
from vaultlint.vault.walkmemo import Listing, Memo, MemoFile, folder_stamp, memo_key, payload, settled
from vaultlint.vault.walkmemo import load as load_memo


@frozen
class Discovery(Record):
    """The vault (root, all its notes, every file links may point at) and the subset the user asked about."""

    root: Path
    # The walk's notes and files are Paths made when first read (`Joined`): a run naming a note reads neither.
    notes: Sequence[Path]
    targets: tuple[Path, ...]
    errors: tuple[tuple[Path, str], ...] = ()
    files: Sequence[Path] = ()  # every file of the vault outside hidden and git-ignored folders, notes or not
    skipped: tuple[tuple[Path, str], ...] = ()  # notes not checked (a git-ignored folder: the folder), and why
    templates: tuple[Path, ...] = ()  # the templates folders (configured, else Obsidian's)
    obsidian: ObsidianSettings = ObsidianSettings()
    warnings: tuple[str, ...] = ()  # settings that could not be read: said, never fatal
    # What the walk knew of them as it went (None from the general walk): every file's and note's path in the
    # vault, and each note's stamp (size, mtime) from its lstat, when that is the note's own (no link). A run
    # of a 10,000-note vault asked them of the Paths again (50 ms) and stat'ed every note again (70 ms).
    names: Names | None = None


@frozen
class Names(Record):
    """The walk's vault paths of ``Discovery.files`` and ``Discovery.notes`` (in their order), and the notes' stamps."""

    files: tuple[str, ...]
    notes: tuple[str, ...]
    stamps: dict[str, tuple[int, int]]  # by vault path: (st_size, st_mtime_ns), of the notes that are no links


@frozen
class Selection(Record):
    """Which files are notes: include/exclude globs, relative to ``base`` (the config file's folder), and what
    else decides it (the config keys of the same names)."""

    base: Path
    include: tuple[str, ...] = ("*.md",)
    exclude: tuple[str, ...] = ()  # `exclude` and `extend-exclude`
    force_exclude: bool = True  # a note named on the command line is skipped as a folder walk skips it
    respect_gitignore: bool = True
    obsidian_folder: str = DEFAULT_FOLDER
    respect_excluded_files: bool = True  # Obsidian's "Excluded files" (app.json userIgnoreFilters)
    templates: tuple[str, ...] | None = None  # the templates folders, from the root; None: Obsidian's settings
    skip_generated: bool = True  # Excalidraw drawings and plugin script folders

    def named(self, path: Path, root: Path) -> bool:
        """A file named on the command line that is a note to check: wanted, or (without force-exclude) a
        note by its name alone, whatever excludes it."""
        return self.wanted(path, root) if self.force_exclude else self.is_note(path, root)

    def is_note(self, path: Path, root: Path) -> bool:
        """A note by its name: not hidden nor in a hidden folder of the vault (Obsidian skips those), included."""
        return self._note_at(path, root) is not None

    def wanted(self, path: Path, root: Path) -> bool:
        """A note: not hidden nor in a hidden folder of the vault (Obsidian skips those), included, not excluded."""
        rel = self._note_at(path, root)
        return rel is not None and not matches(rel, self.exclude)

    def _note_at(self, path: Path, root: Path) -> str | None:
        """The path globs match ``path`` by, when it is a note by its name (else None)."""
        in_vault = _relative(path, root)
        if in_vault is not None and any(part.startswith(".") for part in in_vault.parts):
            return None
        rel = self.relative(path, root)
        return rel if matches(rel, self.include, folders=False) else None

    def wanted_in(self, prefix: str, name: str) -> bool:
        """``wanted`` for a file a walk found (so neither hidden nor in a hidden folder), by ``prefix``, its
        folder's ``in_folder``: a walk asks this of every file, without a path made per file."""
        rel = prefix + name
        return matches(rel, self.include, folders=False) and not matches(rel, self.exclude)

    def in_folder(self, folder: Path, root: Path) -> str | None:
        """What ``relative`` puts before the name of a file in ``folder`` ("" or ending in "/"); None when it
        is the name alone."""
        rel = _relative(folder, self.base) or _relative(folder, root)
        if rel is None:
            return None
        text = rel.as_posix()
        return "" if text == "." else text + "/"

    def excluded(self, folder: Path) -> bool:
        """A folder excluded as a whole (so is everything in it)."""
        rel = _relative(folder, self.base)
        return rel is not None and matches(rel.as_posix(), self.exclude)

    def relative(self, path: Path, root: Path) -> str:
        """The path globs are matched against: from the config folder, else the vault root, else the name."""
        return (_relative(path, self.base) or _relative(path, root) or PurePosixPath(path.name)).as_posix()


def note_refs(found: Discovery, selection: Selection) -> tuple[NoteRef, ...]:
    """The notes to check (``found.targets``), each with its path in every form, made once."""
    if os.sep != "/":
        return tuple(_note_ref(path, found.root, selection) for path in found.targets)
    # Each form cut from the path's text where the path lies below the folder it is taken from, as
    # `relative_to` would say it (the walk's paths are absolute and normalized): 10,000 notes took 0.4 s.
    root, base, here = (os.path.join(str(folder), "") for folder in (found.root, selection.base, Path.cwd()))
    refs = []
    for path in found.targets:
        text = str(path)
        if not text.startswith(root):  # never from a walk; said as relative_to says it
            refs.append(_note_ref(path, found.root, selection))
            continue
        in_vault = text[len(root) :]
        matched = text[len(base) :] if text.startswith(base) else in_vault  # `Selection.relative`
        refs.append(NoteRef(path, in_vault, matched, text[len(here) :] if text.startswith(here) else text))
    return tuple(refs)


def _note_ref(path: Path, root: Path, selection: Selection) -> NoteRef:
    """A note's path in every form, each made the general way."""
    return NoteRef(path, path.relative_to(root).as_posix(), selection.relative(path, root), display.path(path))


def find_root(
    paths: list[Path],
    configured: Path | None,
    base: Path,
    config_found: bool = True,
    obsidian_folder: str = DEFAULT_FOLDER,
) -> Path:
    """The vault around ``paths``, in this order: the nearest ancestor holding `.obsidian/` (or the config
    folder Obsidian was told to use); the configured `root`; the config file's folder; without a config
    file, the git repository, then the working folder; else the folder the paths share. Only a candidate
    holding every path counts."""
    folders = [p if p.is_dir() else p.parent for p in paths]
    common = Path(os.path.commonpath([str(f) for f in folders]))
    for folder in (common, *common.parents):
        if (folder / obsidian_folder).is_dir():
            return folder
    # Many vault repositories do not commit `.obsidian/`: without a config, the repository is the
    # vault, so a note checked from a subfolder still sees its neighbours (as pre-commit does).
    repo = None if config_found else next((f for f in (common, *common.parents) if (f / ".git").exists()), None)
    # The working folder is a guess: never one that holds far more than a vault (`/`, the home folder), nor
    # a folder of vaults (`check notes` run beside other vaults would index theirs too).
    here = base if config_found or _may_be_a_vault(base, paths, obsidian_folder) else None
    for candidate in (configured, base if config_found else None, repo, here):
        if candidate is not None and all(_inside(p, candidate) for p in paths):
            return candidate
    return common


def _may_be_a_vault(folder: Path, paths: list[Path], obsidian_folder: str) -> bool:
    """Whether the working ``folder`` may be taken for the vault of ``paths``: not `/` nor the home folder, and
    no folder in it beside the paths marked as a vault of its own (`.obsidian/`, `.git`)."""
    if folder in (Path(folder.anchor), Path.home()):
        return False
    try:
        with os.scandir(folder) as entries:
            beside = [
                Path(e.path) for e in entries if _plain_folder(e) and not any(_inside(p, Path(e.path)) for p in paths)
            ]
    except OSError:
        return True  # an unreadable folder is walked as before, which names what it cannot read
    return not any((f / obsidian_folder).is_dir() or (f / ".git").exists() for f in beside)


def _plain_folder(entry: os.DirEntry[str]) -> bool:
    """A folder the walk enters: not hidden, not a symbolic link."""
    try:
        return not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def discover(
    paths: list[Path],
    selection: Selection,
    configured_root: Path | None,
    config_found: bool = True,
    verdicts: Callable[[Path], Verdicts] | None = None,
    memo: Callable[[Path], MemoFile] | None = None,
) -> Discovery:
    """Expand ``paths`` into notes; the whole vault is listed even when only some files are named.
    ``verdicts``: the drawing verdicts kept for a vault root, so that an unchanged note is not opened again;
    ``memo``: where the walk's memo of the vault at a root is kept (the cache's), so that an unchanged folder is
    not listed again (`vault.walkmemo`)."""
    # A mistyped path is named, and the other paths are still checked (one typo must not hide the rest).
    gone = dict.fromkeys(p for p in paths if not p.exists() and not p.is_symlink())
    missing = [(p, "no such file or directory") for p in gone]
    # Absolute but not resolved: a symlinked note is checked under its own path, as a folder walk finds it.
    resolved = [_absolute(p) for p in paths if p.exists() or p.is_symlink()]
    if not resolved:
        return Discovery(selection.base, (), (), tuple(missing))
    root = find_root(resolved, configured_root, selection.base, config_found, selection.obsidian_folder)
    kept = verdicts(root) if verdicts is not None and selection.skip_generated else None
    skips = vault_skips(root, selection, kept)
    seen = _Seen()
    memo_file = memo(root) if memo is not None else None
    if memo_file is None:
        notes, errors, files, skipped = _walk_joined(root, selection, skips, seen)
    else:
        seen, (notes, errors, files, skipped) = _walk_kept(root, selection, skips, memo_file)
    if kept is not None:
        kept.save(root)
    targets: list[Path] = []
    real_root = Path(os.path.realpath(root))
    for given in resolved:
        if given.is_dir():
            targets.extend(notes if given == root else (n for n in notes if _inside(n, given)))
        elif given.is_file() and selection.named(given, root):
            if leaves(given, real_root):
                errors.append((given, OUTSIDE))
            elif not (selection.force_exclude and skips.named(given)):
                targets.append(given)
        elif given.is_symlink() and not given.exists():
            errors.append((given, "broken symbolic link"))
        elif not given.is_file() and selection.wanted(given, root):
            errors.append((given, "not a regular file"))
    unique_errors = tuple(missing) + tuple(dict.fromkeys(e for e in errors if any(_inside(e[0], g) for g in resolved)))
    templates = selection.templates if selection.templates is not None else skips.obsidian.templates
    warnings = (*skips.obsidian.warnings, *(skips.git.warnings if skips.git else ()))
    return Discovery(
        root,
        notes if isinstance(notes, Joined) else tuple(notes),
        tuple(targets if len(resolved) == 1 else dict.fromkeys(targets)),  # one path's notes are each found once
        unique_errors,
        files if isinstance(files, Joined) else tuple(files),
        tuple(skipped),
        tuple(root / t for t in templates),
        skips.obsidian,
        tuple(dict.fromkeys(warnings)),
        seen.names(),
    )


def vault_skips(root: Path, selection: Selection, verdicts: Verdicts | None = None) -> Skips:
    """What skips a file of the vault at ``root``: git's rules, Obsidian's settings, the generated notes."""
    git = GitIgnore(root) if selection.respect_gitignore else None
    return Skips(
        root,
        git,
        read_settings(root, selection.obsidian_folder),
        selection.respect_excluded_files,
        selection.skip_generated,
        verdicts,
    )


Walked = tuple[list[Path], list[tuple[Path, str]], list[Path], list[tuple[Path, str]]]
# Where a run that records what it read (`cli.replay`, which stamps every file of a folder listed) has the
# walk leave each note's lstat, by the text of its path: its stamp made of it, not of a second stat a note.
LSTATS: list[dict[str, os.stat_result]] = []
# Where such a run has the walk leave, by the text of each folder's path, the names of its entries that are no
# folders (hidden ones too), sorted: what the record would list the folder again for (`cli.replay._files_in`).
# Left only where the walk knew them exactly so: a folder with no link in it, every entry's kind told.
LISTINGS: list[dict[str, list[str]]] = []
# Where such a run has the walk leave the lstats it took a folder at a time, of the files of a folder filed from its
# memo (`_FilesHere.kept`), by the text of the folder's path: the names, the texts of their paths and their lstats,
# in the same order (a `Lstatted`). Not an entry of ``LSTATS`` a note: 10,000 dict entries a run, and the record
# stamps a folder's files from these lists a folder at a time (`cli.replay._files_in`).
Lstatted = tuple[list[str], list[str], list[os.stat_result]]
FOLDER_LSTATS: list[dict[str, Lstatted]] = []
Entry = os.DirEntry[str]


class _Seen:
    """What the walk with text knew of each file as it went (`Discovery.names`), gathered while it walks."""

    __slots__ = ("done", "files", "notes", "stamps")

    def __init__(self) -> None:
        self.done = False  # the walk with text went through: the general walk knows none of it
        self.files: list[str] = []
        self.notes: list[str] = []
        self.stamps: dict[str, tuple[int, int]] = {}

    def names(self) -> Names | None:
        return Names(tuple(self.files), tuple(self.notes), self.stamps) if self.done else None


class Joined(Sequence[Path]):
    """Paths, each made of its folder's Path and its name by pathlib's join (a name it need not parse), all at
    once when first read: the walk's notes and files, which a run naming a note never reads (10,000 joins were
    a tenth of the walk). A tuple of the same Paths is equal to it."""

    __slots__ = ("_pairs", "_paths")

    def __init__(self, pairs: list[tuple[Path, str]]) -> None:
        self._pairs = pairs
        self._paths: tuple[Path, ...] | None = None

    def made(self) -> tuple[Path, ...]:
        if self._paths is None:
            join = type(self._pairs[0][0])._make_child_relpath if self._pairs else None  # type: ignore[attr-defined]
            self._paths = tuple(join(here, name) for here, name in self._pairs) if join is not None else ()
            self._pairs = []
        return self._paths

    def __len__(self) -> int:
        return len(self._pairs) if self._paths is None else len(self._paths)

    @overload
    def __getitem__(self, index: int) -> Path: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Path, ...]: ...

    def __getitem__(self, index: int | slice) -> Path | tuple[Path, ...]:
        return self.made()[index]

    def __iter__(self) -> Iterator[Path]:
        return iter(self.made())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Joined):
            return self.made() == other.made()
        return self.made() == other if isinstance(other, tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.made())

    def __repr__(self) -> str:
        return repr(self.made())


def _walk(top: Path, selection: Selection, skips: Skips, seen: _Seen | None = None) -> Walked:
    """`_walk_joined` with its notes and files as lists of Paths."""
    notes, errors, files, skipped = _walk_joined(top, selection, skips, seen)
    return list(notes), errors, list(files), skipped


def _walk_joined(
    top: Path, selection: Selection, skips: Skips, seen: _Seen | None = None, memo: Memo | None = None
) -> tuple[Sequence[Path], list[tuple[Path, str]], Sequence[Path], list[tuple[Path, str]]]:
    """Notes, listing errors, every file, and the notes skipped: Obsidian skips hidden folders and files, and
    so do we; git-ignored folders are not entered.

    The walk of `_walk_paths` with text: each folder's paths (from the root, from the config folder, from
    git's top) made once and a name added per file, the lstat the listing's, the globs compiled once, a
    Path made per file by pathlib's own join of a name it need not parse. On a 10,000-note vault the walk
    took 250 ms, most of it Path joins and parses per file. Elsewhere (not POSIX, the root `/`, a pathlib
    without that join) the general walk. With ``memo``, a folder whose stamp it kept is filed as it was, and
    each folder listed is kept in it (`vault.walkmemo`)."""
    top_text = os.fspath(top)
    join: Callable[[Path, str], Path] | None = getattr(type(top), "_make_child_relpath", None)
    if os.sep != "/" or top_text.endswith("/") or join is None:
        return _walk_paths(top, selection, skips)
    notes: list[tuple[Path, str]] = []  # each note's folder and name, as `every` holds each file's
    every: list[tuple[Path, str]] = []
    errors: list[tuple[Path, str]] = []
    skipped: list[tuple[Path, str]] = []
    seen = _Seen() if seen is None else seen
    real_top = Path(os.path.realpath(top))
    globbed = _Globbed(top, selection)
    git = skips.git
    files_here = _FilesHere(top, selection, skips, real_top, (notes, errors, skipped), seen, globbed.wanted_by())
    listings = LISTINGS[-1] if LISTINGS else None
    if globbed.general:  # a config folder below the root: each folder's globs asked of its path, never kept
        memo = None
    now_ns = time.time_ns()
    # Depth first, each folder's subfolders in name order: the order of os.walk's top-down walk.
    stack: list[tuple[str, Path, str]] = [(top_text, top, "")]  # the folder's text, path, and path in the vault
    while stack:
        folder, here, in_vault = stack.pop()
        if memo is not None and (known := memo.trusted(in_vault, folder)) is not None:
            # Filed as it was. Said as a listing says it (the audit event os.scandir raises): a run that may be
            # replayed stamps every file of each folder listed (`cli.replay`).
            sys.audit("os.scandir", folder)
            _leave_kept(listings, folder, known)
            if known.ruled:
                memo.rules.append(os.path.join(folder, ".gitignore"))
            names = known.names
            pairs, rels = [(here, name) for name in names], [in_vault + name for name in names]
            every.extend(pairs)
            seen.files.extend(rels)
            skipped.extend([(join(here, name), GIT) for name in known.pruned])
            if not globbed.at(here, in_vault)[1]:
                files_here.kept(folder, here, in_vault, known, (pairs, rels))
            stack.extend([(folder + "/" + name, join(here, name), in_vault + name + "/") for name in known.dirs[::-1]])
            continue
        info = _folder_lstat(folder, in_vault) if memo is not None else None  # before the listing it vouches for
        listed = _listed(folder, errors)
        if listed is None:
            continue
        dirs, files = listed
        _leave(listings, folder, listed)
        ignores = _GitFolder(git, folder)
        kept: list[Entry] = []
        pruned: list[str] = []
        for entry in dirs:
            if entry.name.startswith("."):
                continue
            if ignores.ignored(entry.name, is_dir=True):
                skipped.append((join(here, entry.name), GIT))
                pruned.append(entry.name)
                continue
            kept.append(entry)
        visible = sorted((entry for entry in files if not entry.name.startswith(".")), key=_name)
        every.extend([(here, entry.name) for entry in visible])
        seen.files.extend([in_vault + entry.name for entry in visible])
        prefix, excluded = globbed.at(here, in_vault)
        filed: tuple[list[str], dict[str, str]] | None = ([], {})
        if not excluded:
            filed = files_here(folder, here, in_vault, visible, prefix, ignores)
        entered: list[str] = []
        for entry in sorted(kept, key=_name, reverse=True):
            if not _link(entry):  # symlinked folders are not followed (no loops), as os.walk does not
                stack.append((folder + "/" + entry.name, join(here, entry.name), in_vault + entry.name + "/"))
                entered.append(entry.name)
        if memo is not None:
            vouched = info if info is not None and filed is not None and settled(info, now_ns) else None
            _keep(memo, folder, in_vault, vouched, listed, (visible, entered[::-1], pruned, filed))
    seen.done = True
    return Joined(notes), errors, Joined(every), skipped


def _keep(
    memo: Memo,
    folder: str,
    in_vault: str,
    info: os.stat_result | None,
    listed: tuple[list[Entry], list[Entry]],
    walked: tuple[list[Entry], list[str], list[str], tuple[list[str], dict[str, str]] | None],
) -> None:
    """Keep in ``memo`` the listing of ``folder`` the walk just filed: its files ``visible``, the subfolders it
    ``entered`` and those git ignores (``pruned``), and what `_FilesHere.__call__` said of its files (``filed``);
    when its stat ``info`` vouches for it (None: it does not) and no link is in it, hidden or not (a link's kind
    follows its target: the folder's stamp vouches for no entry's kind but its own). A `.gitignore` in it that the
    memo did not know moves the rules (`RulesMoved`)."""
    dirs, files = listed
    visible, entered, pruned, filed = walked
    ruled = any(entry.name == ".gitignore" for entry in files if entry.name[0] == ".")
    if ruled:
        rules = os.path.join(folder, ".gitignore")
        if memo.folders and rules not in memo.ignores:
            raise RulesMoved(folder)
        memo.rules.append(rules)
    if info is None or filed is None or not _plain(dirs) or not _plain(files):
        return
    wanted, static = filed
    names = [entry.name for entry in visible]
    hidden = sorted([entry.name for entry in files if entry.name[0] == "."])
    memo.take(
        in_vault,
        Listing(folder_stamp(info), names, entered, pruned, None if wanted == names else wanted, static, ruled, hidden),
    )


def _leave_kept(listings: dict[str, list[str]] | None, folder: str, known: Listing) -> None:
    """Leave to a run that records what it read (``listings``: `LISTINGS`) the files of a folder filed as kept:
    its stamp, the one kept, vouches for them (`walkmemo.Listing`)."""
    if listings is not None:
        listings[folder] = known.files()


def _leave(listings: dict[str, list[str]] | None, folder: str, listed: tuple[list[Entry], list[Entry]]) -> None:
    """Leave to a run that records what it read (``listings``: `LISTINGS`) the names of the files of a folder
    just listed, hidden ones too, sorted: when no entry is a link, they are what a listing at the end of the run
    finds, if the folder has not changed since (and a folder that has is never recorded)."""
    dirs, files = listed
    if listings is not None and _plain(dirs) and _plain(files):
        listings[folder] = sorted(map(_name, files))


_is_link: Callable[[Entry], bool] = os.DirEntry.is_symlink  # mapped in C over a folder's entries


def _plain(entries: list[Entry]) -> bool:
    """Whether no entry is a link and each one's kind could be told: then ``is_dir`` said of each what it is
    itself, which no change but one of the folder's own entries (and so of its stamp) makes it say otherwise."""
    try:
        return not any(map(_is_link, entries))
    except OSError:  # its lstat failed (a folder that can be listed but not searched): its kind was a guess
        return False


class RulesMoved(Exception):
    """A folder listed anew holds a `.gitignore` the memo did not know: it may speak for the folders below."""


_STAMP: Callable[[tuple[int, int, bool]], tuple[int, int]] = itemgetter(0, 1)  # a verdict's stamp (size, mtime)
_lstat_now = os.lstat  # as it is now: a run that may be replayed wraps os.lstat later (a call and a record a stat)


def _folder_lstat(folder: str, in_vault: str) -> os.stat_result | None:
    """A folder's own stat (the root's followed, as its listing follows it); None when it cannot be had."""
    try:
        return _lstat_now(folder) if in_vault else os.stat(folder)
    except OSError:
        return None


def _walk_kept(root: Path, selection: Selection, skips: Skips, file: MemoFile) -> tuple[_Seen, JoinedWalk]:
    """`_walk_joined` with the memo kept in ``file`` for this walk's settings and rules, written again when the
    walk listed enough folders anew; a walk that finds the rules moved (`RulesMoved`) walks again without it."""
    git = skips.git
    obsidian = skips.obsidian
    key = memo_key(
        [
            str(root),
            str(selection.base),
            selection.include,
            selection.exclude,
            selection.obsidian_folder,
            skips.respect_excluded,
            skips.skip_generated,
            obsidian.excluded,
            obsidian.scripts,
            str(git.top) if git is not None else None,
        ]
    )
    memo = load_memo(file, key)
    seen = _Seen()
    try:
        walked = _walk_joined(root, selection, skips, seen, memo)
    except RulesMoved:
        memo, seen = Memo({}, {}), _Seen()
        walked = _walk_joined(root, selection, skips, seen, memo)
    if memo.worth_writing():
        try:
            file.write(payload(key, memo, [*(git.sources() if git is not None else ()), *memo.rules]))
        except OSError:
            pass  # listed again next time
    return seen, walked


JoinedWalk = tuple[Sequence[Path], list[tuple[Path, str]], Sequence[Path], list[tuple[Path, str]]]
STATIC = frozenset({GIT, OBSIDIAN, SCRIPT})  # the reasons a note is skipped whatever its bytes


class _FilesHere:
    """The files of each folder `_walk` lists, filed among the walk's notes, skipped notes and errors: what is
    asked of every file, inline (a call a file, of `_lstat` and of a kept verdict's test, was a tenth of a
    10,000-note walk)."""

    def __init__(
        self,
        top: Path,
        selection: Selection,
        skips: Skips,
        real_top: Path,
        walked: tuple[list[tuple[Path, str]], list[tuple[Path, str]], list[tuple[Path, str]]],
        seen: _Seen,
        wanted: tuple[Callable[[str], bool], bool],
    ) -> None:
        self.top, self.selection, self.skips, self.real_top, self.walked = top, selection, skips, real_top, walked
        self.join: Callable[[Path, str], Path] = type(top)._make_child_relpath  # type: ignore[attr-defined]
        self.names, self.stamps = seen.notes, seen.stamps
        self.wanted, self.by_name = wanted  # by_name: asked of a file's name alone (`globs.name_matcher`)
        # (verdicts kept, verdicts seen): a note's read here, when that is all it asks
        self.known = skips.kept_verdicts()
        self.lstats = LSTATS[-1] if LSTATS else None
        self.batches = FOLDER_LSTATS[-1] if FOLDER_LSTATS else None

    def __call__(
        self,
        folder: str,
        here: Path,
        in_vault: str,
        visible: list[Entry],
        prefix: str | None,
        ignores: _GitFolder,
    ) -> tuple[list[str], dict[str, str]] | None:
        """File the files ``visible`` of ``folder``: the names of those the globs want and, of them, those skipped
        whatever their bytes, with why (`STATIC`); None when one is filed by what it is (not a regular file, a
        link), which only a listing tells."""
        selection, skips, top, wanted, known = self.selection, self.skips, self.top, self.wanted, self.known
        lstats = self.lstats
        # Asked of git until its rules are found to say nothing here (`quiet_here`, told at the first file
        # wanted, as the first `ignored` told it): most folders, where no call a file follows.
        asking_git = ignores.git is not None
        here_known = None if known is None or skips.in_scripts(in_vault) else known
        join = self.join
        if prefix is None:
            chosen = [entry for entry in visible if selection.wanted(join(here, entry.name), top)]
        elif self.by_name:
            chosen = [entry for entry in visible if wanted(entry.name)]
        else:
            chosen = [entry for entry in visible if wanted(prefix + entry.name)]
        static: dict[str, str] = {}
        sure = True
        for entry in chosen:
            name = entry.name
            text = folder + "/" + name
            # One lstat a file: what it is, and its stamp for the drawing verdicts (`_lstat`). The entry's own,
            # not os.lstat: a run that may be replayed wraps that (cli.replay), at a call and a second lstat a
            # file, where the folder's listing already has the record stamp every file in it (of ``lstats``).
            try:
                info: os.stat_result | None = entry.stat(follow_symlinks=False)
            except OSError:
                info = None
            if lstats is not None and info is not None:
                lstats[text] = info
            rel = in_vault + name
            git_ignored = False
            if asking_git:
                if ignores.quiet_here():
                    asking_git = False
                else:
                    git_ignored = ignores.ignored(name)
            # `Skips.walked` asks a regular file that git does not ignore its kept verdict alone, when it asks
            # that (`here_known`): read here, a call of it (and of the four it makes) a note was a fifth of a
            # 10,000-note walk. A regular file whose verdict "no drawing" was kept at its very stamp, its name no
            # drawing's, is plain (and put among the verdicts seen, as `Verdicts.get` puts it).
            if here_known and not git_ignored and info and self._kept_plain(here_known, here, name, text, rel, info):
                continue
            path = join(here, name)
            why = skips.walked(path, text, rel, git_ignored, info, name)
            if why in STATIC:
                static[name] = why
            sure = self._file(here, name, path, rel, why, info) and sure
        return ([entry.name for entry in chosen], static) if sure else None

    def kept(
        self,
        folder: str,
        here: Path,
        in_vault: str,
        listing: Listing,
        made: tuple[list[tuple[Path, str]], list[str]],
    ) -> None:
        """File the files the globs want of a folder filed as it was (``listing``): those it says are skipped whatever
        their bytes for the reason it gives; each other one is lstat'ed and filed as a listing's file is. ``made``:
        the pairs (folder, name) and the vault paths of all its files, which the walk made already.

        A folder of notes alone, each a regular file whose kept verdict "no drawing" is at its very stamp (nearly
        every folder of a vault, every run), is filed a list at a time: a loop a note was half of such a walk."""
        wanted, static = listing.names if listing.wanted is None else listing.wanted, listing.static
        start = folder + "/"
        texts = [start + name for name in wanted]
        try:
            infos: list[os.stat_result] | None = None if static else list(map(_lstat_now, texts))
        except OSError:  # gone since (the folder's stamp said otherwise a moment ago): filed one by one
            infos = None
        if infos is not None and self.batches is not None:
            self.batches[folder] = (wanted, texts, infos)  # the record's, a folder at a time (`FOLDER_LSTATS`)
        known = self.known if infos is not None and not self.skips.in_scripts(in_vault) else None
        if infos is None or known is None:
            self._kept_each(here, in_vault, wanted, static, texts, infos)
            return
        kept_here, seen_here = known
        verdicts = list(map(kept_here.get, texts))
        # Each stamp with the verdict "no drawing" it must be kept at: one list made, compared, and cut to the
        # stamps the names are given (a regular file's alone: its mode asked in the same pass).
        plain = [(info.st_size, info.st_mtime_ns, False) for info in infos if S_ISREG(info.st_mode)]
        if verdicts == plain and DRAWING_SUFFIX not in "\0".join(wanted).casefold():  # casefold: each character alone
            seen_here.update(zip(texts, verdicts, strict=True))  # type: ignore[arg-type]  # none is None: equal to plain
            # Every file wanted (the globs want every note): its notes' pairs and vault paths are its files'.
            if listing.wanted is None:
                pairs, rels = made
            else:
                pairs, rels = [(here, name) for name in wanted], [in_vault + name for name in wanted]
            self.walked[0].extend(pairs)
            self.names.extend(rels)
            self.stamps.update(zip(rels, map(_STAMP, plain), strict=True))
            return
        self._kept_each(here, in_vault, wanted, static, texts, infos)

    def _kept_each(
        self,
        here: Path,
        in_vault: str,
        wanted: list[str],
        static: dict[str, str],
        texts: list[str],
        infos: list[os.stat_result] | None,
    ) -> None:
        """`kept`, a file at a time (``infos``: their lstats, when had already)."""
        skips, known = self.skips, self.known
        skipped, lstats = self.walked[2], self.lstats
        here_known = None if known is None or skips.in_scripts(in_vault) else known
        join = self.join
        for at, name in enumerate(wanted):
            why = static.get(name) if static else None
            if why is not None:
                skipped.append((join(here, name), why))
                continue
            text = texts[at]
            if infos is not None:
                info: os.stat_result | None = infos[at]
            else:
                try:
                    info = _lstat_now(text)
                except OSError:
                    info = None
                if lstats is not None and info is not None:
                    lstats[text] = info
            rel = in_vault + name
            if here_known and info and self._kept_plain(here_known, here, name, text, rel, info):  # as `__call__`
                continue
            path = join(here, name)
            self._file(here, name, path, rel, skips.walked(path, text, rel, False, info, name), info)

    def _kept_plain(self, known: Kept, here: Path, name: str, text: str, rel: str, info: os.stat_result) -> bool:
        """File ``text`` as a note when its kept drawing verdict is "no drawing" at its very stamp, the file regular and
        its name no drawing's (put among the verdicts seen, as `Verdicts.get` puts it); whether it was."""
        kept_here, seen_here = known
        verdict = kept_here.get(text)
        if (
            verdict is None
            or verdict[2] is not False
            or not S_ISREG(info.st_mode)
            or verdict[0] != info.st_size
            or verdict[1] != info.st_mtime_ns
            or name.casefold().endswith(DRAWING_SUFFIX)
        ):
            return False
        seen_here[text] = verdict
        self.walked[0].append((here, name))
        self.names.append(rel)
        self.stamps[rel] = (info.st_size, info.st_mtime_ns)
        return True

    def _file(self, here: Path, name: str, path: Path, rel: str, why: str | None, info: os.stat_result | None) -> bool:
        """File a wanted file the kept verdicts did not settle: a note, a skipped note (``why``) or an error;
        whether what it is (a regular file, no link) had no say in it."""
        notes, errors, skipped = self.walked
        if not why and info is not None and S_ISREG(info.st_mode):  # a note (`_take`), its lstat its own
            notes.append((here, name))
            self.names.append(rel)
            self.stamps[rel] = (info.st_size, info.st_mtime_ns)
            return True
        taken: list[Path] = []
        _take(path, why, info, self.real_top, (taken, errors, [], skipped))
        if taken:  # a note behind a link: its vault path, no stamp (the lstat is the link's)
            notes.append((here, name))
            self.names.append(rel)
        return bool(why)


class _Globbed:
    """Each walked folder's place for the globs (`Selection.in_folder`) and whether it is excluded as a
    whole (`Selection.excluded`), from its path in the vault, where the config folder holds the root or
    lies beside it; else asked of the folder's path. And `Selection.wanted_in`, its globs compiled once."""

    def __init__(self, top: Path, selection: Selection) -> None:
        self.top, self.selection = top, selection
        self.include, self.exclude = matcher(selection.include, folders=False), matcher(selection.exclude)
        from_base = _relative(top, selection.base)
        self.top_prefix = selection.in_folder(top, top)
        # A config folder below the root: folders above it take their globs' paths from the root, the ones in
        # it from itself; asked of each folder.
        self.general = self.top_prefix is None or (from_base is None and _relative(selection.base, top) is not None)
        self.from_base = from_base is not None

    def at(self, here: Path, in_vault: str) -> tuple[str | None, bool]:
        """The folder's ``in_folder``, and whether it is excluded (the root never is: it is what was asked)."""
        if self.general or self.top_prefix is None:
            return self.selection.in_folder(here, self.top), here != self.top and self.selection.excluded(here)
        prefix = self.top_prefix + in_vault
        return prefix, bool(in_vault) and self.from_base and self.exclude(prefix[:-1])

    def wanted(self, rel: str) -> bool:
        return self.include(rel) and not self.exclude(rel)

    def wanted_by(self) -> tuple[Callable[[str], bool], bool]:
        """``wanted``, and whether it is asked of a file's name alone: with no exclude, the include alone (a call
        less per file), of the name when no include pattern needs the path (`globs.name_matcher`)."""
        if self.selection.exclude:
            return self.wanted, False
        by_name = name_matcher(self.selection.include)
        return (self.include, False) if by_name is None else (by_name, True)


class _GitFolder:
    """What git ignores in one walked folder, asked by name: its rules are read when first asked (as
    `GitIgnore.ignored` reads them), and a folder no rule speaks for asks nothing more."""

    __slots__ = ("git", "rel", "quiet")

    def __init__(self, git: GitIgnore | None, folder: str) -> None:
        self.rel = git.below(folder) if git is not None else None
        self.git = git if self.rel is not None else None
        self.quiet: bool | None = None

    def ignored(self, name: str, is_dir: bool = False) -> bool:
        if self.git is None or self.rel is None:
            return False
        if self.quiet is None:
            self.quiet = self.git.quiet(self.rel)
        return not self.quiet and self.git.ignored_rel(self.rel + name, is_dir)

    def quiet_here(self) -> bool:
        """Whether ``ignored`` says False of every name here, told once (the folder's rules read as its first
        ``ignored`` reads them): a walk then asks nothing a file."""
        if self.git is None or self.rel is None:
            return True
        if self.quiet is None:
            self.quiet = self.git.quiet(self.rel)
        return self.quiet


_name: Callable[[Entry], str] = attrgetter("name")  # in C: a sort of each folder's entries calls it per entry


def _listed(folder: str, errors: list[tuple[Path, str]]) -> tuple[list[Entry], list[Entry]] | None:
    """The folder's entries, folders (links to folders too) apart, as os.walk tells them apart; None when it
    cannot be listed (said in ``errors``, as os.walk's onerror says it)."""
    dirs: list[Entry] = []
    files: list[Entry] = []
    try:
        entries = os.scandir(folder)
    except OSError as exc:
        _on_error(exc, errors)
        return None
    with entries:
        while True:
            try:
                entry = next(entries)
            except StopIteration:
                break
            except OSError as exc:
                _on_error(exc, errors)
                return None
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirs if is_dir else files).append(entry)
    return dirs, files


def _on_error(exc: OSError, errors: list[tuple[Path, str]]) -> None:
    errors.append((Path(str(exc.filename)), f"cannot list folder: {exc.strerror}"))


def _link(entry: Entry) -> bool:
    """os.path.islink of the entry (False when it cannot be told)."""
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _walk_paths(top: Path, selection: Selection, skips: Skips) -> Walked:
    """`_walk` with a path per file, os.walk's walk, and each question asked of the path."""
    walked: Walked = ([], [], [], [])
    errors, every, skipped = walked[1:]
    real_top = Path(os.path.realpath(top))

    def on_error(exc: OSError) -> None:
        _on_error(exc, errors)

    # Symlinked folders are not followed (no loops). Excluded folders are listed all the same (their
    # files are not checked, but links to them are fine), without a glob match per file.
    for folder, dirs, files in os.walk(top, onerror=on_error):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _pruned(here / d, skips, skipped))
        names = [name for name in sorted(files) if not name.startswith(".")]
        visible = [here / name for name in names]
        every.extend(visible)
        if here != top and selection.excluded(here):
            continue
        prefix = selection.in_folder(here, top)
        for name, path in zip(names, visible, strict=True):
            if not (selection.wanted(path, top) if prefix is None else selection.wanted_in(prefix, name)):
                continue
            info = _lstat(path)  # one lstat a file: what it is, and its stamp for the drawing verdicts
            _take(path, skips.note(path, info), info, real_top, walked)
    return walked


def _take(path: Path, why: str | None, info: os.stat_result | None, real_top: Path, walked: Walked) -> None:
    """File a wanted file ``path`` (its lstat ``info``) among the walk's skipped notes (for ``why``), its
    errors (it cannot be read as a note), or its notes."""
    notes, errors, _, skipped = walked
    if why:
        skipped.append((path, why))
        return
    problem = _not_a_note(path, real_top, info)
    if problem:
        errors.append((path, problem))
    else:
        notes.append(path)


def _pruned(folder: Path, skips: Skips, skipped: list[tuple[Path, str]]) -> bool:
    """Whether the walk leaves ``folder`` out (git ignores it), recorded in ``skipped``."""
    why = skips.folder(folder)
    if why:
        skipped.append((folder, why))
    return why is not None


def _lstat(path: Path | str) -> os.stat_result | None:
    """The file's own stat (None when it cannot be had: its own checks say why)."""
    try:
        return os.lstat(path)
    except OSError:
        return None


def _not_a_note(path: Path, real_root: Path, info: os.stat_result | None) -> str:
    """Why a wanted file, whose lstat is ``info``, cannot be read as a note ("" when it can)."""
    mode = info.st_mode if info is not None else None  # the lstat says it of a file that is no link (most notes)
    if mode is not None and not stat.S_ISLNK(mode):
        return "" if stat.S_ISREG(mode) else "not a regular file"
    try:
        if path.is_symlink() and not path.exists():
            return "broken symbolic link"
        if not path.is_file():  # a FIFO or socket: reading it could block forever
            return "not a regular file"
        if path.is_symlink() and leaves(path, real_root):
            return OUTSIDE
    except OSError as exc:  # a folder that can be listed but not searched (`chmod 666`): stat fails
        return f"cannot read: {exc.strerror or exc}"
    return ""


OUTSIDE = "a symbolic link to a file outside the vault; not read (and never written)"


def leaves(path: Path, real_root: Path) -> bool:
    """Whether ``path``, its symbolic links followed (its own or a folder's), ends up outside the vault whose
    root, resolved, is ``real_root``."""
    if os.name == "posix" and _plainly_inside(os.fspath(path), os.fspath(real_root)):
        return False
    real = Path(os.path.realpath(path))
    return real != real_root and real_root not in real.parents


def _plainly_inside(path: str, real_root: str) -> bool:
    """Whether ``path`` is written under the resolved ``real_root`` and no part of it below the root is a
    symbolic link: then it resolves to itself. One lstat a part below the root, where realpath takes one a
    part from `/` (the engine asks this of every note a vault rule reads). A part that cannot be looked at
    is no link, as realpath has it; a link or a `..` is left to realpath."""
    if path == real_root:
        return True
    prefix = real_root.rstrip("/") + "/"
    if not path.startswith(prefix):
        return False
    here = prefix[:-1]
    for part in path[len(prefix) :].split("/"):
        if part in ("", ".", ".."):
            return False
        here += "/" + part
        try:
            if stat.S_ISLNK(os.lstat(here).st_mode):
                return False
        except OSError:
            pass
    return True


def _absolute(path: Path) -> Path:
    """``path`` made absolute, `..` folded, symlinks kept."""
    return Path(os.path.abspath(path))


def _relative(path: Path, base: Path) -> PurePosixPath | None:
    try:
        return PurePosixPath(path.relative_to(base).as_posix())
    except ValueError:
        return None


def _inside(path: Path, folder: Path) -> bool:
    if isinstance(path, PurePosixPath) and isinstance(folder, PurePosixPath):
        # What `folder in path.parents` says, by the parts (case and all): no Path made a parent.
        parts = folder.parts
        return path.parts[: len(parts)] == parts and bool(parts or not path.anchor)  # `.` holds relative paths only
    return path == folder or folder in path.parents
