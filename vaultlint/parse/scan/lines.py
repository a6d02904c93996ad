"""The block parse's cursor: the note's lines, the open containers and the line prefixes they require."""

from __future__ import annotations

import functools
import itertools
import re
from bisect import bisect_right


class State:
    """An open container, as marko stacks them: its line prefix, and the one that follows its first line."""

    __slots__ = ("kind", "prefix", "second")

    def __init__(self, kind: str, prefix: str = "", second: str | None = None) -> None:
        self.kind = kind
        self.prefix = prefix
        self.second = second


@functools.lru_cache(maxsize=512)
def compile_prefix(prefix: str) -> re.Pattern[str]:
    """A joined container prefix, compiled once (the same few recur in every note)."""
    return re.compile(prefix)


def match_prefix(pattern: re.Pattern[str], line: str, first_line: bool) -> str | None:
    """The line after ``pattern``, or None (marko's match_prefix)."""
    expanded = line.expandtabs(4) if "\t" in line else line
    m = pattern.match(expanded)
    if m is None:
        # marko pads the line end with spaces: a blank line (or a bare `>`) continues an indented container;
        # past their first line, containers' prefixes hold only whitespace and `>`, so only such lines can
        if (
            "\n" in line
            and (first_line or not line.replace(">", "").strip())
            and pattern.match(expanded.replace("\n", " " * 99 + "\n"))
        ):
            return line[-1:]
        return None
    end = m.end()
    if expanded is line or end == 0:
        return line[end:]
    return line[_char_index(line, end) :]


def _char_index(line: str, width: int) -> int:
    """Index in ``line`` where ``width`` columns of its tab-expanded form are covered (a split tab is taken whole)."""
    column = 0
    for k, ch in enumerate(line):
        column = column + 4 - column % 4 if ch == "\t" else column + 1
        if column >= width:
            return k + 1
    return len(line)


class Lines:
    """The lines of a note, where the parse is (``i``), the open containers, and what the parse has found so far
    (headings, inline texts, link and footnote labels)."""

    def __init__(self, text: str) -> None:
        if "\r" in text:  # outline() takes LF text; marko would normalize anything else the same way
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.map: list[int] | None = None
        if "\f" in text or "\x00" in text:
            # marko reads a form feed as a line break; the note's lines count only LFs
            breaks = [text[m.start()] for m in re.finditer("[\n\f]", text)]
            self.map = [1]
            for ch in breaks:
                self.map.append(self.map[-1] + (ch == "\n"))
            text = text.replace("\f", "\n").replace("\x00", "\ufffd")
        self.buf = text
        parts = text.split("\n")
        self.lines = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
        self.n = len(self.lines)
        self.i = 0
        self.states: list[State] = []
        # the joined prefix of the first k states, and its pattern (None: matches anything), for each k
        self._prefixes = [""]
        self._patterns: list[re.Pattern[str] | None] = [None]
        self._flexible = 0  # open quotes and footnotes: their prefixes can give back spaces to an indented code line
        self._pending = False
        self._item_rest: str | None = None  # the current line after the prefix, as the last item start read it
        self._next_item: re.Match[str] | None = None  # LIST_RE's match of a line after an item, read ahead
        # keyed by the joined prefix, not its pattern: a string's hash is kept, a pattern's is made on each call
        self._memo: dict[tuple[int, str], str | None] = {}
        self._first_lines: set[str] = set()
        # where each line starts, and the text's end after them: an item's lines are located several times
        self._starts = list(itertools.accumulate(map(len, self.lines), initial=0))
        self.headings: list[tuple[int, str, int]] = []
        self.jobs: list[tuple[str, int]] = []  # inline texts (paragraphs, headings, cells) and their first line
        self.defs: dict[str, str] = {}
        self.footnotes: set[str] = set()

    def line_no(self, i: int) -> int:
        return self.map[i] if self.map else i + 1

    def _push(self, state: State) -> None:
        self.states.append(state)
        self._pending = self._pending or state.second is not None
        self._stack_prefix(state.prefix)
        self._flexible += state.kind in ("quote", "footnote")

    def _pop(self) -> None:
        state = self.states.pop()
        self._prefixes.pop()
        self._patterns.pop()
        self._flexible -= state.kind in ("quote", "footnote")

    def _stack_prefix(self, prefix: str) -> None:
        joined = self._prefixes[-1] + prefix
        self._prefixes.append(joined)
        pattern = self._patterns[-1] if not prefix else compile_prefix(joined)
        self._patterns.append(pattern)
        if self._pending and pattern is not None:
            self._first_lines.add(joined)  # holds a bullet or footnote label: never shortcut its blank-line test

    def _consume(self) -> None:
        """Step past a line; as in marko, that switches list items and footnotes to their second prefix."""
        self.i += 1
        if self._pending:
            self._pending = False
            first = next((k for k, s in enumerate(self.states) if s.second is not None), len(self.states))
            del self._prefixes[first + 1 :], self._patterns[first + 1 :]
            for state in self.states[first:]:
                if state.second is not None:
                    state.prefix, state.second = state.second, None
                self._stack_prefix(state.prefix)

    def _rest(self, i: int, depth: int = -1) -> str | None:
        """Line ``i`` after the prefix of the first ``depth`` containers (all: -1), or None where it does not
        continue them (marko's match_prefix)."""
        pattern = self._patterns[depth]
        if pattern is None:
            return self.lines[i]
        prefix = self._prefixes[depth]
        key = (i, prefix)  # the same line is asked again at each level of the containers
        rest = self._memo.get(key, "\x00")  # NUL: not asked yet (the text holds none, marko replaces it)
        if rest == "\x00":
            rest = self._memo[key] = match_prefix(pattern, self.lines[i], prefix in self._first_lines)
        return rest

    def _offset(self, i: int) -> int:
        return self._starts[i]

    def _line_of(self, offset: int) -> int:
        return bisect_right(self._starts, offset, 0, self.n) - 1
