"""What every rule shares: the Rule base class, its Context, the vault's Conventions, helpers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

from vaultlint.facts import Entry, Link
from vaultlint.model import Applicability, Edit, Finding, Fix, Severity
from vaultlint.parse.note import Note
from vaultlint.vault.index import Resolution, Vault, is_note, note_name
from vaultlint.vault.links import InternalLink
from vaultlint.vault.suggest import near_miss
from vaultlint.vault.urls import is_web, under_prefix

if TYPE_CHECKING:
    from vaultlint.parse.outline import Outline


class RuleOptions(BaseModel):
    """Base of every rule's options: unknown keys are errors, values are frozen. As is, a rule with none."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Conventions:
    """The vault's vocabularies. Empty means "not configured": vocabulary rules stay silent."""

    kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    """What a rule gets besides the note: conventions, its own options, today's date, the rule codes."""

    conventions: Conventions = Conventions()
    options: BaseModel = RuleOptions()
    today: dt.date = field(default_factory=dt.date.today)
    known_rules: frozenset[str] = frozenset()
    templates: tuple[str, ...] = ()  # the templates folders, absolute, each ending in a separator

    def in_templates(self, note: Note) -> bool:
        """Whether ``note`` is a template: a note the templates folder holds, written to be filled in."""
        # A note's path is shown from the working folder (or absolute outside it): made absolute again here.
        return bool(self.templates) and os.path.abspath(note.path).startswith(self.templates)


class Rule:
    """A note rule. Subclasses set the class attributes and implement ``check``.

    The module docstring of a rule is its manual (`vaultlint rule CODE`).
    """

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    fixable: ClassVar[Applicability | None] = None
    # What this rule's fix changes on purpose, named as the fix guard names it: a fact (guard.ASPECTS: "urls",
    # "wikilinks", "tag-case", "frontmatter"...) or a leeway in the rendering (rendering.LEEWAY: "wording",
    # "emphasis"...); the guards let exactly these differ.
    fix_changes: ClassVar[frozenset[str]] = frozenset()
    default_enabled: ClassVar[bool] = True
    # Why a rule is off by default (`vaultlint rules` says it): on by default only if nearly every finding it
    # makes on real vaults written with Obsidian is one the vault's maintainer would fix.
    off_because: ClassVar[str] = ""
    Options: ClassVar[type[BaseModel]] = RuleOptions

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(
        self, note: Note, start: int, end: int, message: str, edits: Iterable[Edit] | None = None, description: str = ""
    ) -> Finding:
        """A finding of this rule; ``edits`` become a fix of the rule's applicability."""
        fix = None
        if edits is not None:
            fix = Fix(tuple(edits), self.fixable or Applicability.SAFE, description)
        return Finding(self.code, self.name, note.path, start, end, message, self.severity, fix)


class VaultRule(Rule):
    """A rule that needs the whole vault (duplicates across notes, links between notes).

    The engine runs it once a run, after the note rules, with the vault index;
    it reports on ``vault.reported`` and reads the other notes through the index.
    """

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        return iter(())  # a vault rule has nothing to say about one note alone

    def check_vault(self, vault: Vault, ctx: Context) -> Iterator[Finding]:
        raise NotImplementedError


OptionsT = TypeVar("OptionsT", bound=BaseModel)
# The entry date forms: YYYY, YYYY-MM, YYYY-MM-DD (ENT004 checks the values, ENT001 only the shape).
DATE_RE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?", re.ASCII)
LISTED = 8  # how many vocabulary words a message lists before "..."


def options_for(ctx: Context, model: type[OptionsT]) -> OptionsT:
    """The rule's validated options from ``ctx``, or the model's defaults."""
    return ctx.options if isinstance(ctx.options, model) else model()


def expected_one_of(words: Iterable[str], key: str) -> str:
    """`expected one of conventions.KEY: "a", "b", ...` (the first few words)."""
    items = list(words)
    listed = ", ".join(f'"{w}"' for w in items[:LISTED]) + (", ..." if len(items) > LISTED else "")
    return f"expected one of conventions.{key}: {listed}"


def minimal_edit(at: int, old: str, new: str) -> Edit:
    """One edit replacing ``old`` (at offset ``at``) by ``new``, covering only the stretch that differs."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return Edit(at + head, at + len(old) - tail, new[head : len(new) - tail])


def keep_reference(entry: Entry, finding: Finding) -> Finding:
    """Drop a fix that edits the text of a `[meta]` / `[meta][]` reference link.

    There the text is also the key of the link's definition: editing it alone
    would leave the entry pointing nowhere.
    """
    fix = finding.fix
    if entry.label_is_key and fix and any(entry.meta.start <= e.start <= entry.meta.end for e in fix.edits):
        return dataclasses.replace(finding, fix=None)
    return finding


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice closest to ``word`` (case-insensitively), if any is close enough (difflib ratio)."""
    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[close[0]] if close else None


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """` (did you mean "x"?)` for the closest choice, or ``""``."""
    close = closest(word, choices, cutoff)
    return f' (did you mean "{close}"?)' if close else ""


def short_url(url: str, limit: int = 80) -> str:
    """``url`` for a message: whole when short, else its scheme and host, `...`, and its end."""
    if len(url) <= limit:
        return url
    scheme, sep, rest = url.partition("://")
    host = rest.split("/", 1)[0] if sep else ""
    head = f"{scheme}{sep}{host}/" if sep else url[:20]
    tail = url[-max(limit - len(head) - 3, 16) :]
    return f"{head}...{tail}"


def vault_links(vault: Vault) -> Iterator[tuple[Note, InternalLink, Resolution]]:
    """Each link of each reported note to a note or file, with what it resolves to."""
    for rel, note in vault.reported.items():
        for link in vault.links(rel):
            yield note, link, vault.resolve(link.path.value, rel, link.markdown)


@dataclass(frozen=True)
class Missing:
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
    suffixes = (ATTACHMENT_SUFFIXES | {_suffix(p) for p in vault.files if not is_note(p)}) - {""}
    for note, link, resolution in vault_links(vault):
        if resolution.path is None:
            image = link.markdown and link.embed  # `![](path)` shows a picture, whatever its name
            base = posixpath.basename(link.path.value.rstrip("/"))
            yield Missing(note, link, resolution, image or (_suffix(base) in suffixes and not is_note(base)))


def _suffix(name: str) -> str:
    """A file name's extension, lower-cased, without the dot ("" for none)."""
    stem, dot, suffix = name.rpartition(".")
    return suffix.lower() if dot and stem else ""


EMAIL_RE = re.compile(r"[^@/\s]+@[^@/\s]+\.[A-Za-z]{2,}")


class MissingMessages:
    """Messages for links to nothing, with a did-you-mean among the vault's names of the same kind."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._names: dict[bool, list[str]] = {}  # note names (False), attachment names (True): listed when asked
        self._hints: dict[tuple[str, bool], str] = {}  # a suggestion scans every name: once per missing name

    def message(self, missing: Missing) -> str:
        target = missing.link.path.value
        what = "file" if missing.attachment else "note"
        if missing.resolution.outside:
            return f'"{target}" is outside the vault (Obsidian cannot open it)'
        if missing.link.markdown and (web := _web_hint(target)):
            return f'"{target}" is not in the vault{web}'
        key = (note_name(posixpath.basename(target.rstrip("/"))), missing.attachment)
        if key not in self._hints:
            close = near_miss(key[0], self._names_of(missing.attachment))
            self._hints[key] = f' (did you mean "{close}"?)' if close else ""
        return f'{what} not found: "{target}"{self._hints[key]}'

    def _names_of(self, attachments: bool) -> list[str]:
        if attachments not in self._names:
            self._names[attachments] = [note_name(p) for p in self._vault.files if is_note(p) != attachments]
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
        outline = vault.outline(resolution.path)
        if outline is not None:
            yield note, link, outline, "this note" if not link.path.value else f'note "{note_name(resolution.path)}"'


def compared_link(link: Link, ignore: tuple[str, ...]) -> bool:
    """A link the duplicate rules compare: a web URL, not an image, not under an ignored prefix."""
    return link.kind != "image" and is_web(link.url) and not any(under_prefix(link.url, p) for p in ignore)


def url_span(note: Note, link: Link) -> tuple[int, int]:
    """Where a link's URL is written: its destination or `<autolink>` without the brackets, or a bare URL."""
    if link.dest is not None:
        start, end = link.dest.start, link.dest.end
    elif link.kind in ("autolink", "bare"):
        start, end = link.start, link.end
    else:
        return link.start, link.end  # a reference link: its URL is in the definition, not here
    bracketed = note.text.startswith("<", start) and note.text.endswith(">", start, end)
    return (start + 1, end - 1) if bracketed and end - start > 2 else (start, end)
