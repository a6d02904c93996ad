"""The vault index: every file of the vault, how Obsidian resolves a link path, and each note's outline.

Built from a folder listing, not from parsing: names come from the file
list, and a note's headings, block ids and URLs are scanned (`parse/scan/`) only
when a rule asks for them. A target note's outline always comes from that
same scan, so a link resolves alike whether its target is reported or not.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from vaultlint.held import derived, deriver
from vaultlint.parse.note import Note
from vaultlint.parse.outline import note_outline
from vaultlint.record import Record, frozen
from vaultlint.vault.joined import each_joined
from vaultlint.vault.links import InternalLink, internal_links

if TYPE_CHECKING:
    from vaultlint.parse.outline import Outline
    from vaultlint.vault.walkmemo import Memo

NOTE_SUFFIX = ".md"


@frozen(slots=True)
class Resolution(Record):
    """What a link path leads to: the file Obsidian opens (None: nothing), and other files it also names."""

    path: str | None
    others: tuple[str, ...] = ()
    folder: bool = False  # a Markdown link to a folder: fine on GitHub, no note to look into
    outside: bool = False  # a relative path that climbs out of the vault


class Vault:
    """Every file (vault-relative POSIX paths), the notes, and the notes being reported."""

    def __init__(
        self,
        files: Iterable[str],
        notes: Iterable[str],
        reported: Mapping[str, Note],
        read: Callable[[str], str | None],
        outlines: Mapping[str, Outline] | None = None,
        links: Mapping[str, list[InternalLink]] | None = None,
        targets: Mapping[str, Outline] | None = None,
        leads: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        """``reported`` maps vault paths to parsed notes; ``read`` gives another note's text (None: unreadable);
        ``outlines`` and ``links`` hold those already known (from the cache), as a scan and the facts give them;
        ``targets``, outlines known without their URLs (cheaper to read: most links name headings only);
        ``leads``, where the links naming a heading of notes lead, when that is known without reading them
        (`may_name_headings_in`)."""
        # From the listing alone, never from what is reported: a note's findings must not depend on
        # which other notes were named (a note behind a symlinked folder is named, but not listed).
        self.files = _visible_of("vault files", files)
        self.notes = _visible_of("vault notes", notes)
        self.reported = reported  # as given, not copied: a run's notes are made when read (`engine.kept`)
        self._read = read
        self._resolved: dict[tuple[str, str, bool], Resolution] = {}
        self._alone: dict[str, Resolution] = {}  # a bare wiki name that opens one file (or none) from any folder
        self._several: dict[str, list[str]] = {}  # a bare wiki name several files have: them, shortest first
        self._resolved_names: dict[tuple[str, str], Resolution] = {}
        self._outlines: dict[str, Outline | None] = {}
        self._known_outlines = outlines if outlines is not None else {}  # not `or`: its len() decodes them all
        self._known_targets = targets if targets is not None else {}
        self._names: list[str] | None = None
        self._links: dict[str, list[InternalLink]] = {}
        self._resolved_links: list[tuple[str, InternalLink, Resolution]] | None = None
        self._known_links = links if links is not None else {}
        self._leads = leads if leads is not None else {}
        # The maps a link is resolved by, made when a link is first resolved: a rule that resolves none (or a
        # run whose notes have no links) makes none of them.
        self._maps: _Maps | None = None
        self._folder_set: set[str] | None = None
        self._kinds: dict[bool, list[str]] = {}

    @property
    def _exact(self) -> dict[str, str]:
        return self._mapped().exact

    @property
    def _folders(self) -> set[str]:
        if self._folder_set is None:  # `fold` keeps every `/` where it is: the folded path's folder is the folder's
            heads = {folded[: folded.rfind("/") + 1] for folded in self._mapped().folded}
            folders = {posixpath.dirname(head) for head in heads}  # a path's folder is its head's
            self._folder_set = folders | {f for d in list(folders) for f in _parents(d)}
        return self._folder_set

    def _mapped(self) -> _Maps:
        """The files by their folded path, and by their folded name, made once (10,000 files took 0.1 s a call
        at a time). By name, each name's file (its place in the files), and the files of a name several files
        share: a list for each of 20,000 names and stems was most of the time. No stems: a note's stem is ``x``
        where its name is ``x.md``."""
        if self._maps is None:
            self._maps = derived("vault maps", self.files, _maps_of)
        return self._maps

    def _named(self, name: str) -> list[tuple[str, str]]:
        """The files whose folded name, or folded stem of a note, is ``name``: each as its path and its folded
        path (in no order: `_by_suffix` sorts them by a key no two files share)."""
        maps = self._mapped()
        places: list[int] = []
        for key in (name, name + NOTE_SUFFIX):  # the files of that name, and the notes of that stem
            found = maps.shared.get(key)
            if found is not None:
                places.extend(found)
            elif (at := maps.one.get(key)) is not None:
                places.append(at)
        return [(self.files[at], maps.folded[at]) for at in places]

    def names_of_kind(self, attachments: bool) -> list[str]:
        """``note_name`` of each file that is a note (``attachments`` False) or is not one (True), in the files'
        order: one pass over the files, not a call of `is_note` and `note_name` a file."""
        if attachments not in self._kinds:
            bases = [path[path.rfind("/") + 1 :] for path in self.files]  # posixpath.basename
            notes: list[str] = []
            others: list[str] = []
            for base, folded in zip(bases, casefold_all(bases), strict=True):
                if folded.endswith(NOTE_SUFFIX):  # `is_note`
                    notes.append(base[: -len(NOTE_SUFFIX)])
                else:
                    others.append(base)
            self._kinds[False], self._kinds[True] = notes, others
        return self._kinds[attachments]

    def names(self) -> list[str]:
        """What a link can name: note names without `.md`, other files with their extension."""
        if self._names is None:
            self._names = sorted({note_name(p) for p in self.files})
        return self._names

    def resolve(self, link: str, source: str, markdown: bool = False) -> Resolution:
        """The file ``link`` (a wiki link target or a decoded Markdown path) opens from note ``source``.

        A Markdown link is a path first (relative to the note, as GitHub reads it too) and may name a
        folder; a wiki link's bare name matches every file of that name (several: WIK004).
        """
        bare = link.strip()
        if not bare:  # the note itself
            return Resolution(source)
        return self._resolve_in(bare, posixpath.dirname(source), markdown)

    def _resolve_in(self, bare: str, here: str, markdown: bool) -> Resolution:
        """``resolve`` of a stripped link that names a file, from a note in folder ``here``."""
        explicit = bare.startswith(("./", "../", "/")) or bare in (".", "..")
        if not explicit and not markdown and "/" not in bare.rstrip("/"):  # a bare wiki name: any folder
            return self._by_name(bare.rstrip("/"), here)
        # What a path leads to depends on the note's folder, not on the note: the notes of a folder share it.
        key = (bare, here, markdown)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = self._resolve(bare, here, explicit, markdown)
        return found

    def _resolve(self, link: str, here: str, explicit: bool, markdown: bool) -> Resolution:
        if explicit:  # relative to the note (or, with a leading `/`, to the vault root): that place only
            places = [posixpath.normpath(link.lstrip("/") if link.startswith("/") else posixpath.join(here, link))]
        else:  # relative to the note, then to the vault root
            places = list(dict.fromkeys([posixpath.normpath(posixpath.join(here, link)), posixpath.normpath(link)]))
        inside = [p for p in places if not _outside(p)]
        hit = next((f for p in inside if (f := self._file_at(p))), None)
        if hit:
            return Resolution(hit)
        folder = next((p for p in inside if p != "." and fold(p) in self._folders), None)
        if markdown and folder:
            return Resolution(folder, folder=True)
        if explicit:
            return Resolution(None, outside=not inside)
        return self._by_suffix(link.rstrip("/"), here)

    def _by_name(self, name: str, here: str) -> Resolution:
        """What a bare wiki name opens from folder ``here``: the files of that name are found once for the vault
        (6,194 searches for 10,759 links of vault-1000); only which comes first depends on the folder, and
        only when there are several."""
        alone = self._alone.get(name)
        if alone is not None:
            return alone
        found = self._several.get(name)
        if found is None:
            found = self._suffixed(name)
            if len(found) < 2:  # none or one: the same from every folder
                alone = self._alone[name] = Resolution(found[0] if found else None)
                return alone
            self._several[name] = found
        key = (name, here)
        resolution = self._resolved_names.get(key)
        if resolution is None:
            resolution = self._resolved_names[key] = _here_first(found, here)
        return resolution

    def _file_at(self, path: str) -> str | None:
        """The file at exactly ``path`` (any case, `.md` optional)."""
        return self._exact.get(fold(path)) or self._exact.get(fold(path) + NOTE_SUFFIX)

    def _by_suffix(self, link: str, here: str) -> Resolution:
        """Files named ``link`` anywhere (`folder/Note` matches a path ending so); same folder first, then shortest."""
        return _here_first(self._suffixed(link), here)

    def _suffixed(self, link: str) -> list[str]:
        """Files named ``link`` anywhere (`folder/Note` matches a path ending so), shortest first (fewest folders,
        then fewest characters, then by path)."""
        key = fold(link)
        name = posixpath.basename(key)
        found = [p for p, folded in self._named(name) if _ends_with(folded, key)]
        found.sort(key=lambda p: (p.count("/"), len(p), p))
        return found

    def links(self, path: str) -> list[InternalLink]:
        """The internal links of the reported note at ``path`` (each WIK rule reads them)."""
        if path not in self._links:
            known = self._known_links.get(path)
            self._links[path] = known if known is not None else internal_links(self.reported[path])
        return self._links[path]

    def resolved_links(self) -> list[tuple[str, InternalLink, Resolution]]:
        """Each link of each reported note, with what it resolves to, in the notes' order: made once, for
        each rule of the WIK family walks them all."""
        if self._resolved_links is None:
            self._resolved_links = [
                (rel, link, self._resolve_in(bare, here, link.markdown) if bare else Resolution(rel))
                for rel, here in ((rel, posixpath.dirname(rel)) for rel in self.reported)  # a note's folder: once
                for link in self.links(rel)
                for bare in (link.path.value.strip(),)
            ]
        return self._resolved_links

    def may_name_headings_in(self, path: str, notes: set[str]) -> bool:
        """Whether a link of the note at ``path`` may name a heading in one of ``notes``: False only when where its
        links naming a heading (and no block) lead is known (an unchanged note's, from the last whole run) and
        none of them is there."""
        known = self._leads.get(path)
        return known is None or not notes.isdisjoint(known)

    def known_links(self, path: str) -> list[InternalLink] | None:
        """The links of any note when they are known without reading it (reported, or given); else None."""
        if path in self.reported:
            return self.links(path)
        return self._known_links.get(path)

    def text(self, path: str) -> str | None:
        """The LF-normalized text of the note at ``path``, reported or not (None: unreadable)."""
        return self.reported[path].text if path in self.reported else self._read(path)

    def scanned(self) -> dict[str, Outline]:
        """The outlines this index scanned itself (those it was not given), by vault path."""
        return {
            path: outline
            for path, outline in self._outlines.items()
            if outline is not None and path not in self._known_outlines
        }

    def targets(self, path: str) -> Outline | None:
        """What a link into the note at ``path`` may name: its outline's headings and block ids (its URLs may be
        left out); None: not a readable note."""
        if path not in self._outlines:
            known = self._known_targets.get(path)
            if known is not None:
                return known
        return self.outline(path)

    def outline(self, path: str) -> Outline | None:
        """Headings, block ids and URLs of the note at ``path`` (None: not a readable note)."""
        if path not in self._outlines:
            from vaultlint.parse.scan import outline  # its patterns cost start-up; only vault rules need it

            known = self._known_outlines.get(path)
            if known is not None:
                self._outlines[path] = known
                return known
            if path in self.reported:  # parsed already: its facts hold what a scan would find
                self._outlines[path] = note_outline(self.reported[path])
                return self._outlines[path]
            text = self._read(path)
            self._outlines[path] = None if text is None else outline(text)
        return self._outlines[path]


def fold(name: str) -> str:
    """How names compare: case ignored, and `é` typed (NFC) equals `é` as macOS stores it (NFD)."""
    return unicodedata.normalize("NFC", name).casefold()


def fold_all(names: Sequence[str]) -> list[str]:
    """``fold`` of each of ``names``, made of them together (`each_joined`)."""
    return each_joined(names, fold)


def casefold_all(names: Sequence[str]) -> list[str]:
    """``str.casefold`` of each of ``names``, made of them together (`each_joined`)."""
    return each_joined(names, str.casefold)


def is_note(path: str) -> bool:
    """A Markdown note, by its extension (any case)."""
    return path.casefold().endswith(NOTE_SUFFIX)


def note_name(path: str) -> str:
    """How a message names a note: its file name without `.md`."""
    base = posixpath.basename(path)
    return base[: -len(NOTE_SUFFIX)] if is_note(base) else base


def _ends_with(path: str, key: str) -> bool:
    """``path`` (or it without `.md`) is ``key`` or ends with `/key`."""
    stems = (path, path[: -len(NOTE_SUFFIX)]) if path.endswith(NOTE_SUFFIX) else (path,)
    return any(s == key or s.endswith("/" + key) for s in stems)


def _here_first(found: list[str], here: str) -> Resolution:
    """The files ``found`` (shortest first) as a link from folder ``here`` sees them: those in ``here`` first,
    each part in its order; the first is the one it opens."""
    if not found:
        return Resolution(None)
    ordered = [p for p in found if posixpath.dirname(p) == here]
    if ordered:
        ordered += [p for p in found if posixpath.dirname(p) != here]
    else:
        ordered = found
    return Resolution(ordered[0], tuple(ordered[1:]))


def _outside(path: str) -> bool:
    """A normalized path that climbs out of the vault."""
    return path == ".." or path.startswith("../")


def _maps_of(files: tuple[str, ...]) -> _Maps:
    """`Vault._mapped`'s maps of ``files``."""
    folded = fold_all(files)
    names = [key[key.rfind("/") + 1 :] for key in folded]  # posixpath.basename
    one = dict(zip(names, range(len(names)), strict=True))  # a name several files share: its last file
    shared: dict[str, list[int]] = {}
    if len(one) < len(names):
        repeated = {name for name, count in Counter(names).items() if count > 1}
        for at, name in enumerate(names):
            if name in repeated:
                shared.setdefault(name, []).append(at)
    return _Maps(folded, dict(zip(folded, files, strict=True)), one, shared)


def _visible_of(kind: str, paths: Iterable[str]) -> tuple[str, ...]:
    """`_visible` of ``paths``: held by a server as made of the walk's memo, when a list equal to them
    (`from_memo`)."""
    return derived(kind, paths, _visible) if isinstance(paths, list) else _visible(paths)


@deriver("walk memo")
def from_memo(memo: Memo | None) -> list[tuple[str, object, object]]:
    """What a server holds beside the walk's memo (`vaultlint.held`): the vault's files and notes as a walk
    that takes every folder from the memo finds them (each list as `_vault_findings` gives it, sorted), what
    `_visible` makes of each, and the maps of the files (`Vault._mapped`). A vault whose notes are not all its
    Markdown files the globs want (a drawing, a note skipped) gives the notes of no run: theirs are not taken."""
    if memo is None:
        return []
    files, notes = memo_files(memo)
    visible_files, visible_notes = _visible(files), _visible(notes)
    return [
        ("vault files", files, visible_files),
        ("vault notes", notes, visible_notes),
        ("vault maps", visible_files, _maps_of(visible_files)),
    ]


def memo_files(memo: Memo) -> tuple[list[str], list[str]]:
    """The vault's files and notes as a walk that takes every folder from ``memo`` finds them, each sorted (as
    `engine.checks` sorts the walk's): its files, and the Markdown files of them the globs want that are not
    skipped whatever their bytes."""
    files: list[str] = []
    notes: list[str] = []
    for folder, listing in memo.folders.items():
        files.extend([folder + name for name in listing.names])
        wanted = listing.names if listing.wanted is None else listing.wanted
        notes.extend([folder + name for name in wanted if name not in listing.static and is_note(name)])
    files.sort()
    notes.sort()
    return files, notes


def _visible(paths: Iterable[str]) -> tuple[str, ...]:
    """``paths`` but the hidden ones (`_hidden`), each once, sorted. A walk's lists are sorted already and hold
    no hidden path (it skips them), which a search of them joined tells (a NUL starts each): no test a path."""
    listed = list(paths)
    listed.sort()  # in place, on sorted input: one pass
    if len(set(listed)) != len(listed):
        listed = sorted(set(listed))
    joined = "\0" + "\0".join(listed)
    if "\0." not in joined and "/." not in joined:
        return tuple(listed)
    return tuple(path for path in listed if not _hidden(path))


@frozen(slots=True)
class _Maps(Record):
    """What a vault index resolves links by (`Vault._mapped`): each file's folded path in the files' order, the
    files by folded path, and their places by folded name: ``one`` (a name's file), ``shared`` (the files of a
    name several share, in order)."""

    folded: list[str]
    exact: dict[str, str]
    one: dict[str, int]
    shared: dict[str, list[int]]


def _hidden(path: str) -> bool:
    """In a hidden folder (`.obsidian`, `.trash`) or a hidden file: Obsidian does not see it."""
    return path.startswith(".") or "/." in path  # a part starts with a dot: the first, or one after a slash


def _parents(folder: str) -> list[str]:
    """Every folder above ``folder``, up to the vault root ("")."""
    out: list[str] = []
    while folder:
        folder = posixpath.dirname(folder)
        out.append(folder)
    return out
