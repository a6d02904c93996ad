"""WIK009 duplicate-heading-target: a heading written twice in a note, and links point at it.

What it does
    Reports the second and every later copy of a heading that links in the
    vault point at, and names the copy Obsidian opens for them (the first),
    how many links there are, and where the first of them is. A link points
    at a heading when its heading part matches the heading as Obsidian
    matches it (case ignored, ``!"#$%&()*+,.:;<=>?@^`{|}~/[]\\`` read as
    spaces, so ``## Setup`` and ``## setup:`` are one name): ``[[Note#Setup]]``,
    ``[[#Setup]]`` in the note itself, ``![[Note#Setup]]`` and
    ``[t](Note.md#Setup)`` alike. A nested link that tells the copies apart
    (``[[Note#Part 2#Setup]]``, when only one ``Setup`` is under ``Part 2``)
    is not counted. A repeated heading nothing links to is not reported:
    ``## Examples`` under every section is normal.

    Links are counted in every note of the vault, so a note checked alone
    (the pre-commit hook) gets what a full run gives it. When a checked note
    repeats a heading, the notes not being checked are read (but for those
    whose links the cache holds), and the few that name it right before a
    ``#`` (``[[Guide#``, ``[[Guide #``, ``Guide.md#``) are parsed for their links.

Why
    Obsidian opens the first heading of a name, so a link meant for a later
    copy lands in the wrong section, and nothing shows it: the link resolves.
    On by default: a repeated heading is reported only when a link makes the
    repetition matter, and then the link cannot mean the later copy.

Example
    A note ``Guide`` with ``## Setup`` at lines 3 and 20, and ``[[Guide#Setup]]``
    in ``Index.md`` line 7, is reported at line 20 as ``heading "Setup" repeats
    the one at line 3, which Obsidian opens for 1 link to it (in "Index.md", line 7)``.

Fix safety
    None. Rename one of the copies (``## Setup on Windows``) and point the
    links meant for it there, or write them through a parent heading that
    tells the copies apart (``[[Guide#Windows#Setup]]``).

Options
    None.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
import urllib.parse
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from vaultlint.display import plural
from vaultlint.facts import Facts
from vaultlint.lazyre import lazy_compile
from vaultlint.model import Finding
from vaultlint.parse.note import Note, parse_text
from vaultlint.record import Record, frozen
from vaultlint.rules._base import Context, VaultRule
from vaultlint.rules._targets import vault_links
from vaultlint.vault.index import Resolution, Vault, fold, is_note, note_name
from vaultlint.vault.links import InternalLink, internal_links
from vaultlint.vault.obsidian import heading_copies, heading_key, repeated_keys

if TYPE_CHECKING:
    from vaultlint.parse.outline import OutlineHeading

ATX_OPENING_RE = lazy_compile(r"#{1,6}(?:[ \t]+|$)", re.M)


@frozen
class _Pointer(Record):
    """A link that means a later copy as much as the one Obsidian opens for it (both are heading indexes)."""

    source: str
    line: int
    opened: int


class DuplicateHeadingTarget(VaultRule):
    code = "WIK009"
    name = "duplicate-heading-target"
    summary = "Repeated heading that links point at"
    local = True  # links, the file list and linked notes' outlines only

    def check_vault(self, vault: Vault, ctx: Context) -> Iterator[Finding]:
        later: dict[str, dict[int, list[_Pointer]]] = {}  # target note -> later copy -> links that miss it
        repeated: dict[str, frozenset[str]] = {}  # target note -> heading keys it has more than once
        for note, link, resolution in itertools.chain(vault_links(vault), _unchecked_links(vault)):
            target = resolution.path
            if target is None or target not in vault.reported or not is_note(target) or not link.headings or link.block:
                continue
            outline = vault.targets(target)
            if outline is None:
                continue
            if target not in repeated:
                repeated[target] = repeated_keys(outline.headings)
            # Most links lead to a heading written once: settle those without walking the outline.
            if heading_key(link.headings[-1].value) not in repeated[target]:
                continue
            copies = heading_copies(outline.headings, [h.value for h in link.headings])
            if len(copies) < 2:
                continue
            pointer = _Pointer(note.path, note.position(link.start)[0], copies[0])
            for copy in copies[1:]:
                later.setdefault(target, {}).setdefault(copy, []).append(pointer)
        for target, missed in sorted(later.items()):
            note, outline = vault.reported[target], vault.targets(target)
            assert outline is not None  # it was read above
            for copy, pointers in sorted(missed.items()):
                yield self._finding(note, outline.headings, copy, pointers)

    def _finding(self, note: Note, headings: Sequence[OutlineHeading], copy: int, pointers: list[_Pointer]) -> Finding:
        opened = headings[min(p.opened for p in pointers)]
        first = min(pointers, key=lambda p: (p.source != note.path, p.source, p.line))
        where = "this note" if first.source == note.path else f'"{first.source}"'
        more = "the first " if len(pointers) > 1 else ""
        message = (
            f'heading "{headings[copy].text}" repeats the one at line {opened.line}, which Obsidian '
            f"opens for {plural(len(pointers), 'link')} to it ({more}in {where}, line {first.line})"
        )
        finding = self.finding(note, *_heading_span(note, headings[copy].line), message)
        return dataclasses.replace(finding, related=(_heading_span(note, opened.line),))


def _unchecked_links(vault: Vault) -> Iterator[tuple[Note, InternalLink, Resolution]]:
    """Links from the notes not being checked that may point at a heading a checked note repeats.

    Only when a checked note repeats a heading. A note whose links the vault knows (from the cache) is read
    only when one of them points into such a note (for its line numbers); any other note is read, and parsed
    only if its text (URL-decoded, compared as names are) holds a link into one: the note's name, then
    maybe `.md` and spaces, then a `#` (`[[Guide #`, `Guide.md#`, `Guide%20(v2).md#`).
    """
    reported = vault.reported
    # A whole vault checked: every link was counted already (and no outline need be read). A named run stops
    # at its first unnamed note, and walks the rest only when a checked note repeats a heading.
    if all(path in reported for path in vault.notes):
        return
    targets = {
        path
        for path in vault.reported
        if is_note(path) and (outline := vault.targets(path)) is not None and repeated_keys(outline.headings)
    }
    if not targets:
        return
    names = sorted({fold(note_name(path)) for path in targets}, key=len, reverse=True)
    named = re.compile("|".join(rf"{re.escape(name)}(?:\.md)?\s*#" for name in names))
    for path in vault.notes:
        # Checked already, or where its links naming a heading lead is known and none is a target.
        if path in reported or not vault.may_name_headings_in(path, targets):
            continue
        known = vault.known_links(path)
        if known is None:
            yield from _grepped(vault, path, named)
        else:
            yield from _known(vault, path, known, targets)


def _known(
    vault: Vault, path: str, links: list[InternalLink], targets: set[str]
) -> Iterator[tuple[Note, InternalLink, Resolution]]:
    """The links of note ``path`` (known without a parse) to a heading in one of ``targets``."""
    hits = []
    for link in links:
        if link.headings and link.block is None:
            resolution = vault.resolve(link.path.value, path, link.markdown)
            if resolution.path in targets:
                hits.append((link, resolution))
    text = vault.text(path) if hits else None
    if text is None:
        return
    note = Note.lazy(path, text, functools.partial(_facts, path, text))
    for link, resolution in hits:
        yield note, link, resolution


def _grepped(vault: Vault, path: str, named: re.Pattern[str]) -> Iterator[tuple[Note, InternalLink, Resolution]]:
    """Every link of note ``path``, when its text names a note of ``named`` right before a `#`."""
    text = vault.text(path)
    if text is None or "#" not in text:
        return
    plain = fold(urllib.parse.unquote(text)) if "%" in text else fold(text)
    if not named.search(plain):
        return
    other = parse_text(path, text)
    for link in internal_links(other):
        yield other, link, vault.resolve(link.path.value, path, link.markdown)


def _facts(path: str, text: str) -> Facts:
    return parse_text(path, text).facts


def _heading_span(note: Note, line: int) -> tuple[int, int]:
    """The text of the heading on ``line`` (after a quote's `>` or an ATX heading's `#`s)."""
    start, end = note.line_span(line)
    # The parse knows where a heading starts inside a quote or a list. A line that opens with its `#` has no
    # container before it, and the note need not be parsed again (a note here may come without its facts).
    if not note.text[start:end].lstrip(" \t").startswith("#"):
        for heading in note.facts.headings:
            if start <= heading.start <= end:
                start = heading.start
                break
    while start < end and note.text[start] in " \t":
        start += 1
    opening = ATX_OPENING_RE.match(note.text, start, end)
    if opening and opening.end() < end:
        start = opening.end()
    return start, len(note.text[start:end].rstrip()) + start
