"""Where offsets of one note's text are (1-based line and column), found by counting line breaks: no line index.

A report asks for the places of a note's findings in order (they come sorted by offset). Counting the line
breaks between one offset and the next is C's speed and reads each stretch of the text once, where a note's
line index (``Note.line_starts``) made every line's start first: 10 % of a warm run's report on vault-1000.
The answers are ``Note.position``'s and ``Note.line_span``'s, for every offset, in any order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import groupby
from operator import attrgetter

from vaultlint.model import Finding
from vaultlint.parse.note import Note, line_starts


class Lines:
    """The places of offsets into ``text``, each found from the last one asked for."""

    __slots__ = ("_line", "_offset", "_start", "_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._offset = 0  # the last offset asked for, its line, and where that line starts
        self._line = 1
        self._start = 0
        self._starts: tuple[int, ...] | None = None  # every line's start, made if a line not at hand is asked for

    def locate(self, offset: int) -> tuple[int, int, int]:
        """The 1-based line and column of ``offset``, and the offset its line starts at."""
        text, last = self.text, self._offset
        if offset >= last:
            line = self._line + text.count("\n", last, offset)
        else:
            line = self._line - text.count("\n", offset, last)
        start = self._start if line == self._line else text.rfind("\n", 0, offset) + 1
        self._offset, self._line, self._start = offset, line, start
        return line, offset - start + 1, start

    def position(self, offset: int) -> tuple[int, int]:
        """``Note.position(offset)``: the 1-based line and column of ``offset``."""
        line, column, _ = self.locate(offset)
        return line, column

    def line_end(self, start: int) -> int:
        """Where the line starting at ``start`` ends, before its line break."""
        end = self.text.find("\n", start)
        return len(self.text) if end < 0 else end

    def line_span(self, line: int) -> tuple[int, int]:
        """``Note.line_span(line)``: the offsets of 1-based ``line``, without its line break. The line of the
        offset last asked for is at hand (a fingerprint asks for it); another is found in the line index."""
        if line == self._line:
            start = self._start
        else:
            if self._starts is None:
                self._starts = line_starts(self.text)
            start = self._starts[line - 1]
        return start, self.line_end(start)


def placed(findings: Iterable[Finding], notes: Mapping[str, Note]) -> Iterator[tuple[Finding, Lines]]:
    """Each finding with the places of its note's text: a note fetched, and its places read, once a run."""
    for path, run in by_note(findings):
        lines = Lines(notes[path].text)
        for finding in run:
            yield finding, lines


def by_note(findings: Iterable[Finding]) -> Iterator[tuple[str, list[Finding]]]:
    """The findings in runs of one path each, in order: a report reads each note once a run."""
    for path, run in groupby(findings, key=attrgetter("path")):
        yield path, list(run)
