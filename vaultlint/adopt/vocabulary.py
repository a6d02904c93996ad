"""A vault's vocabulary as its notes use it: kinds, tags and labels, each spelling counted, then grouped.

What is counted
    Kinds: the second field of every ``[Author; kind; date]`` entry with exactly three fields (ENT001
    reports the others), split into parts exactly as ENT003 splits a compound kind (``Blog & Paper`` is
    ``Blog`` and ``Paper``); empty parts are ENT002's and are not counted. Tags: every tag of the body and
    the frontmatter, by its top-level part (``#project/alpha`` counts for ``project``, which TAG001 accepts
    for the whole tag), and only what Obsidian takes for a tag: a name with a character other than a digit
    (``#2024`` is none), and in the frontmatter a value YAML reads as text. Obsidian reads YAML 1.2, so
    ``null``, ``~``, ``true``, ``false`` and numbers (``3.5``, ``1e3``) are no tags, nor is a value with an
    explicit type (``!!binary``), while ``yes``, ``off`` and a date (``2024-01-01``), which PyYAML's YAML
    1.1 reads as a boolean or a date, are text to Obsidian and count. Labels: ``*cult*:``-style labels; a
    bold lead-in (``**Note**:``) counts only when the same name is also written as a plain label, because
    TAG003 treats bold text as a label only near one.

    Spellings holding template syntax (``{{kind}}``, ``<% tp %>``) are no words (see grouping.py), and
    entries whose date field holds no digit (``[Author; kind; date]``, ``[Name; type; YYYY]``) describe the
    format, not a resource: their kinds, and the labels and tags on their line, are not counted.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from vaultlint.adopt.grouping import Group, group
from vaultlint.adopt.spellings import normal, related
from vaultlint.parse.entries import KIND_SEPARATORS, kind_parts
from vaultlint.parse.note import Note

# What adopt/render.py and tests/test_init.py import from here (grouping.py and spellings.py hold them).
__all__ = ["Group", "Usage", "Vocabulary", "collect", "count_kinds", "count_labels", "count_tags", "group", "related"]


@dataclass(frozen=True)
class Usage:
    """How often each spelling is used, and in which notes."""

    counts: Counter[str]
    notes: Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class Vocabulary:
    """What the notes use: groups most used first, and the entries left out of the kinds."""

    kinds: tuple[Group, ...] = ()
    tags: tuple[Group, ...] = ()
    labels: tuple[Group, ...] = ()
    skipped_entries: int = 0  # entries without exactly three fields: ENT001's, their kind is unsure
    format_entries: int = 0  # entries whose date has no digit: a description of the format, not a resource


def collect(notes: Iterable[Note], separators: tuple[str, ...] = KIND_SEPARATORS) -> Vocabulary:
    """The vocabulary of ``notes``: counts of every spelling, grouped."""
    notes = list(notes)
    kinds, skipped, described = count_kinds(notes, separators)
    tags, labels = count_tags(notes), count_labels(notes)
    return Vocabulary(
        group(kinds.counts, kinds.notes),
        group(tags.counts, tags.notes),
        group(labels.counts, labels.notes),
        skipped,
        described,
    )


def count_kinds(notes: Iterable[Note], separators: tuple[str, ...]) -> tuple[Usage, int, int]:
    """Every kind part with its uses, and how many entries were skipped: for not having three fields, and
    for describing the format (a date field without a digit)."""
    places: list[tuple[str, str]] = []
    skipped = described = 0
    for note in notes:
        for entry in note.facts.entries:
            if len(entry.fields) != 3:
                skipped += 1
            elif _describes_format(entry.fields[2].text):
                described += 1
            else:
                # No vocabulary yet, so every compound is split (ENT003 keeps a configured "Q&A" whole).
                places += [
                    (normal(part.text), note.path)
                    for part in kind_parts(entry.fields[1], separators, {})
                    if part.text.strip()
                ]
    return _usage(places), skipped, described


def count_tags(notes: Iterable[Note]) -> Usage:
    """Every tag by its top-level part, body and frontmatter alike (frontmatter values that YAML reads as
    no text, `null` or `3.5`, are no tags: `frontmatter.py` leaves them out)."""
    places = []
    for note in notes:
        skip = _format_lines(note)
        for tag in note.facts.tags:
            top = tag.name.split("/", 1)[0].strip().lstrip("#")
            described = not tag.in_frontmatter and note.position(tag.start)[0] in skip
            if top and re.search(r"[^0-9]", tag.name) and not described:  # Obsidian: a tag is more than digits
                places.append((top, note.path))
    return _usage(places)


def count_labels(notes: Iterable[Note]) -> Usage:
    """Every label; a bold one only when its name is also written as a plain label."""
    plain: list[tuple[str, str]] = []
    bold: list[tuple[str, str]] = []
    for note in notes:
        skip = _format_lines(note)
        for label in note.facts.labels:
            if note.position(label.start)[0] not in skip:
                (bold if len(label.marker) > 1 else plain).append((normal(label.name), note.path))
    known = {name.lower() for name, _ in plain}
    return _usage(plain + [(name, path) for name, path in bold if name.lower() in known])


def _usage(places: Iterable[tuple[str, str]]) -> Usage:
    """The uses of each spelling from (spelling, note) pairs, one pair a use."""
    places = list(places)
    notes: dict[str, set[str]] = defaultdict(set)
    for spelling, path in places:
        notes[spelling].add(path)
    return Usage(Counter(spelling for spelling, _ in places), {s: frozenset(ns) for s, ns in notes.items()})


def _describes_format(date: str) -> bool:
    """A date field with text but no digit (`date`, `YYYY-MM`): the entry shows the format; an empty one is
    a real entry's missing date (ENT002)."""
    return bool(date.strip()) and re.search(r"\d", date) is None


def _format_lines(note: Note) -> frozenset[int]:
    """The lines of ``note`` holding an entry that describes the format: their labels and tags are its parts."""
    return frozenset(
        note.position(entry.link_start)[0]
        for entry in note.facts.entries
        if len(entry.fields) == 3 and _describes_format(entry.fields[2].text)
    )
