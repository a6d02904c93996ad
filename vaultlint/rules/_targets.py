"""Helpers for rules that read the vault: each note link with what it resolves to, and what is missing."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from vaultlint.lazyre import lazy_compile
from vaultlint.parse.note import Note
from vaultlint.record import Record, frozen
from vaultlint.rules._base import Hints
from vaultlint.vault.index import Resolution, Vault, is_note, note_name
from vaultlint.vault.links import InternalLink
from vaultlint.vault.suggest import NearMisses

if TYPE_CHECKING:
    from vaultlint.parse.outline import Outline


def vault_links(vault: Vault) -> Iterator[tuple[Note, InternalLink, Resolution]]:
    """Each link of each reported note to a note or file, with what it resolves to."""
    last, note = None, None
    for rel, link, resolution in vault.resolved_links():
        if rel != last:  # a note is fetched once for its links, as the walk note by note did
            last, note = rel, vault.reported[rel]
        assert note is not None
        yield note, link, resolution


@frozen
class Missing(Record):
    """A link that leads to no file; ``attachment``: it names a file that is not a note."""

    note: Note
    link: InternalLink
    resolution: Resolution
    attachment: bool

    @property
    def breaks(self) -> bool:
        """A link that cannot be a note not written yet: an attachment, an embed (nobody embeds a note to be),
        a heading or block in the note (a note to be has none), a path out of the vault, or a web address
        written as a path. WIK005 takes these, WIK001 the rest."""
        link = self.link
        return (
            self.attachment
            or link.embed
            or bool(link.headings)
            or link.block is not None
            or self.resolution.outside
            or (link.markdown and bool(_web_hint(link.path.value)))
        )


# The files Obsidian opens itself (https://help.obsidian.md/Files+and+folders/Accepted+file+formats), besides
# notes: a name ending so is an attachment; `Node.js`, `ASP.NET` or `Booking.com` is a note's name.
ATTACHMENT_SUFFIXES = frozenset(
    {
        "avif",
        "bmp",
        "gif",
        "jpeg",
        "jpg",
        "png",
        "svg",
        "webp",
        "flac",
        "m4a",
        "mp3",
        "ogg",
        "wav",
        "3gp",
        "mkv",
        "mov",
        "mp4",
        "ogv",
        "webm",
        "pdf",
        "canvas",
        "base",
    }
)


def missing_targets(vault: Vault) -> Iterator[Missing]:
    """Each link of each reported note that leads to nothing (WIK005 takes those that break, WIK001 the rest)."""
    suffixes: set[str] | None = None  # the vault's other files' extensions: listed when a missing name asks
    for note, link, resolution in vault_links(vault):
        if resolution.path is None:
            image = link.markdown and link.embed  # `![](path)` shows a picture, whatever its name
            base = posixpath.basename(link.path.value.rstrip("/"))
            suffix = _suffix(base)
            attachment = image
            if not image and suffix and not is_note(base):  # a note's name (`x.md`) is never an attachment's
                if suffix not in ATTACHMENT_SUFFIXES and suffixes is None:
                    suffixes = {_suffix(name) for name in vault.names_of_kind(True)}
                attachment = suffix in ATTACHMENT_SUFFIXES or (suffixes is not None and suffix in suffixes)
            yield Missing(note, link, resolution, attachment)


def _suffix(name: str) -> str:
    """A file name's extension, lower-cased, without the dot ("" for none)."""
    stem, dot, suffix = name.rpartition(".")
    return suffix.lower() if dot and stem else ""


EMAIL_RE = lazy_compile(r"[^@/\s]+@[^@/\s]+\.[A-Za-z]{2,}")


class MissingMessages:
    """Messages for links to nothing, with a did-you-mean among the vault's names of the same kind; ``kept``:
    those found before among the same files (`Context.hints`), where those found here are added."""

    def __init__(self, vault: Vault, kept: Hints | None = None) -> None:
        self._vault = vault
        self._names: dict[bool, NearMisses] = {}  # note names (False), attachment names (True): listed when asked
        self._hints: dict[tuple[str, bool], str] = {}  # a suggestion scans every name: once per missing name
        self._kept = kept

    def message(self, missing: Missing) -> str:
        target = missing.link.path.value
        what = "file" if missing.attachment else "note"
        if missing.resolution.outside:
            return f'"{target}" is outside the vault (Obsidian cannot open it)'
        if missing.link.markdown and (web := _web_hint(target)):
            return f'"{target}" is not in the vault{web}'
        key = (note_name(posixpath.basename(target.rstrip("/"))), missing.attachment)
        if key not in self._hints:
            self._hints[key] = self._hint(key)
        return f'{what} not found: "{target}"{self._hints[key]}'

    def _hint(self, key: tuple[str, bool]) -> str:
        """The did-you-mean of a missing name: kept, else found among the vault's names (and kept)."""
        kept = self._kept.get(key) if self._kept is not None else None
        if kept is not None:
            return kept
        close = self._names_of(key[1]).near_miss(key[0])
        hint = f' (did you mean "{close}"?)' if close else ""
        if self._kept is not None:
            self._kept[key] = hint
        return hint

    def _names_of(self, attachments: bool) -> NearMisses:
        if attachments not in self._names:
            self._names[attachments] = NearMisses(self._vault.names_of_kind(attachments))
        return self._names[attachments]


def _web_hint(target: str) -> str:
    """For `[x](www.example.org)` or `[x](me@example.org)`: the scheme that makes it a web or mail link."""
    if target.lower().startswith("www."):
        return f' (a web address? write "https://{target}")'
    if EMAIL_RE.fullmatch(target):
        return f' (an email address? write "mailto:{target}")'
    return ""


def links_into_notes(vault: Vault) -> Iterator[tuple[Note, InternalLink, Outline, str]]:
    """Each link with a heading or block part into a readable note, that note's outline, and its name for
    a message ("this note" or `note "Name"`). Links to nothing are WIK001's and WIK005's; an unreadable target is
    reported when it is checked itself."""
    for note, link, resolution in vault_links(vault):
        if not (link.headings or link.block) or resolution.path is None or not is_note(resolution.path):
            continue
        outline = vault.targets(resolution.path)
        if outline is not None:
            yield note, link, outline, "this note" if not link.path.value else f'note "{note_name(resolution.path)}"'
