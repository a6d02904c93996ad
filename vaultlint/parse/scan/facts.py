"""A note's Facts without marko's block parse: the scan's tree, walked by the one Collector (None: parse in full)."""

# Why a tree and not facts straight from the scan: extract.Collector holds every rule of what a fact is (which
# link an item lists, entries, labels, heading text, directives, where tags do not count); a second copy would
# drift. The scan builds the elements marko would (scan.tree), the Collector walks them as it walks marko's, and
# tests/test_scan_facts.py pins the result to the full parse. marko stays the fallback: whatever the tree does
# not model is declined here, and the caller parses the note in full.

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vaultlint.facts import Facts
from vaultlint.parse.ending import ended, within


def scan_facts(text: str, rendering: bool = False) -> Facts | None:
    """The facts of LF-normalized ``text``, as vaultlint.parse.note.parse_text finds them; None where the scan
    declines the note (link reference definitions...): parse it in full then. With ``rendering``, from the tree
    scan.render builds and keeps for a moment (the fix guard renders each version of a note it parses)."""
    scanned = scan_note(text, rendering)
    return None if scanned is None else scanned[0]


def scan_note(text: str, rendering: bool = False) -> tuple[Facts, tuple[int, ...]] | None:
    """scan_facts, and where each line of ``text`` starts (parse.note.line_starts), read off the scan's lines."""
    if rendering:  # a check renders nothing: it never loads the renderer's tree (nor its compile, when cold)
        from vaultlint.parse.scan.render import render_document

        scanned = scan_tree(text, render_document)
    else:
        from vaultlint.parse.scan.tree import document

        scanned = scan_tree(text, document)
    return None if scanned is None else scanned[:2]


def scan_tree(text: str, make: Callable[[str], Any]) -> tuple[Facts, tuple[int, ...], Any, str] | None:
    """scan_note from the tree ``make`` builds (scan.tree's document, or a subclass's): the facts, the line starts,
    and the tree with the text it read (``text`` with its last line ended); None where the scan declines."""
    if "\r" in text or "\f" in text or "\x00" in text:  # marko reads these as line breaks or replaces them
        return None
    from vaultlint.parse.extract import Collector
    from vaultlint.parse.scan.tree import Declined

    read = ended(text)  # its last line read as ended (parse.ending), the facts then cut back to the note
    try:
        doc = make(read)
        collector = Collector(read)
        collector.block(doc)
    except (Declined, RecursionError):  # too deep: the full parse says what it says (NoteError)
        return None
    # the scan's starts of ``read``'s lines and its end: each line's start of ``text``, which is ``read`` or ``read``
    # less the newline that ended its last line (whose start, ``len(read)``, is then no line of ``text``)
    starts: list[int] = doc.scan_starts
    if read is text:
        return collector.facts(), tuple(starts), doc, read
    return within(collector.facts(), len(text)), tuple(starts[:-1]), doc, read
