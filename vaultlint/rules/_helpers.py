"""Helpers for rules that read one note: minimal edits, dates, did-you-mean, short URLs, link spans."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from vaultlint.facts import Entry, Link
from vaultlint.lazyre import lazy_compile
from vaultlint.model import Edit, Finding
from vaultlint.parse.note import Note
from vaultlint.vault.urls import is_web, under_prefix

if TYPE_CHECKING:
    pass


# The entry date forms: YYYY, YYYY-MM, YYYY-MM-DD (ENT004 checks the values, ENT001 only the shape).
DATE_RE = lazy_compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?", re.ASCII)


# What most web URLs start with: vault.urls.is_web says yes to each (its scheme, any case, then `//`)
WEB_STARTS = ("https://", "http://")
LISTED = 8  # how many vocabulary words a message lists before "..."


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
    import difflib  # here: a run that suggests nothing loads no difflib

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


def compared_link(link: Link, ignore: tuple[str, ...]) -> bool:
    """A link the duplicate rules compare: a web URL, not an image, not under an ignored prefix."""
    url = link.url
    if link.kind == "image" or not (url.startswith(WEB_STARTS) or is_web(url)):  # is_web's answer for most, sooner
        return False
    return not ignore or not any(under_prefix(url, p) for p in ignore)  # none by default: no generator made


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
