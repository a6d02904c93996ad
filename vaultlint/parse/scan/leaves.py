"""The blocks that hold no other blocks (headings, code, HTML, comments, paragraphs, tables, definitions)."""

from __future__ import annotations

import re

from vaultlint.parse.patterns import COMMENT_BLOCK_RE, FOOTNOTE_DEF_RE
from vaultlint.parse.scan.grammar import CELL_SPLIT_RE, FENCE_CLOSE_RE, HEADING_RE, LIST_RE, SETEXT_RE, TASK_RE
from vaultlint.parse.scan.lines import Lines, State, compile_prefix
from vaultlint.parse.scan.links import link_ref_def
from vaultlint.parse.scan.starts import breaks_paragraph, cell_text, cells, html_start, opening_fence, thematic


class Leaves(Lines):
    """The blocks that hold no other blocks, each read from the current line on; and the tests of what ends one."""

    def _blank(self) -> None:
        while self.i < self.n:
            rest = self._rest(self.i)
            if rest is None or rest.strip():
                break
            self._consume()

    def _heading(self, m: re.Match[str]) -> None:
        text = m.group(2).strip()
        self.headings.append((len(m.group(1)), text, self.i))
        self._job(text, self.i)
        self._consume()

    def _fenced(self, fence: str) -> None:
        self._consume()
        while self.i < self.n:
            rest = self._rest(self.i)
            if rest is None:  # the container ends the fence, closed or not
                break
            self._consume()
            m = FENCE_CLOSE_RE.match(rest)
            if m and fence in m.group(1):
                break

    def _comment_block(self) -> None:
        self._consume()
        while self.i < self.n:
            rest = self._rest(self.i)
            if rest is None:
                break
            self._consume()
            if "%%" in rest:
                break

    def _html(self, end: re.Pattern[str] | None) -> None:
        while self.i < self.n:
            rest = self._rest(self.i)
            if rest is None:
                break
            if end is not None:
                if end.search(rest):
                    self._consume()
                    break
            elif not rest.strip():
                break
            self._consume()

    def _code_line(self, i: int) -> bool:
        """Whether line ``i`` is indented code: four more spaces than the containers (five after a quote's `>`)."""
        prefix = self._prefixes[-1]
        if self.states and self.states[-1].kind == "quote":
            prefix = prefix[:-1] + " {4}"  # the quote's optional space becomes a required one
        else:
            prefix += " {4}"
        line = self.lines[i]
        expanded = line.expandtabs(4) if "\t" in line else line
        if "    " not in expanded:  # the four spaces are the one thing every such prefix needs
            return False
        m = compile_prefix(prefix).match(expanded)
        return m is not None and len(expanded) > m.end()

    def _code(self) -> None:
        self._consume()
        anchor = self.i
        while self.i < self.n:
            rest = self._rest(self.i)
            if rest is not None and not rest.strip():
                self._consume()
            elif self._code_line(self.i):
                self._consume()
                anchor = self.i
            else:
                self.i = anchor  # trailing blank lines are not the code's
                break

    def _paragraph(self, first: str) -> None:
        start = self.i
        lines = [first]
        self._consume()
        while self.i < self.n:
            rest = self._rest(self.i)
            if rest is not None and breaks_paragraph(rest, lazy=False):
                break
            if rest:
                lines.append(rest)
                self._consume()
                if SETEXT_RE.match(rest):
                    level = 1 if lines.pop().strip()[0] == "=" else 2
                    text = "".join(line.lstrip() for line in lines).strip()
                    self.headings.append((level, text, start))
                    self._job(text, start)
                    return
                continue
            lazy = self._lazy_line()
            if lazy is None:
                break
            lines.append(lazy)
        self._paragraph_job(lines, start)

    def _one_line_job(self, line: str, start: int) -> None:
        """The inline text of a one-line paragraph ``line`` (after the prefix) on line ``start``."""
        self._paragraph_job([line], start)

    def _paragraph_job(self, lines: list[str], start: int) -> None:
        body = "".join(line.lstrip() for line in lines).rstrip("\n")
        task = TASK_RE.match(body)  # GFM drops a task box from the text
        if task:
            start += body.count("\n", 0, task.end(1))
            body = body[task.end(1) :]
        self._job(body, start)

    def _lazy_line(self) -> str | None:
        """A line that continues the paragraph without the containers' prefix, as marko tries it level by level."""
        for depth in range(len(self.states) - 1, -1, -1):
            rest = self._rest(self.i, depth)
            if rest:
                if breaks_paragraph(rest, lazy=True):
                    return None
                self._consume()
                return rest
        return None

    def _job(self, text: str, i: int) -> None:
        if text:
            self.jobs.append((text, i))

    def _linkref(self, rest: str) -> bool:
        at = self._offset(self.i) + len(self.lines[self.i]) - len(rest.lstrip(" "))
        found = link_ref_def(self.buf, at)
        if found is None:
            return False
        label, dest, end = found
        self.defs.setdefault(label, dest)
        # marko sets the position without a prefix update (a definition on an item's first line ends it)
        self.i = self.n if end >= len(self.buf) else self._line_of(end)
        return True

    def _table(self, rest: str) -> bool:
        head = cells(rest)
        if head is None or head[1] or not CELL_SPLIT_RE.search(rest) or self.i + 1 >= self.n:
            return False
        # marko reads the delimiter row before updating the prefixes (so no table on an item's first line)
        second = self._rest(self.i + 1)
        delimiter = cells(second) if second is not None else None
        if delimiter is None or not delimiter[1] or len(delimiter[0]) != len(head[0]):
            return False
        columns = len(head[0])
        self._row(rest, head[0], None)
        self.i += 1
        self._consume()
        self._push(State("table"))
        while self.i < self.n:
            rest_or_none = self._rest(self.i)
            if rest_or_none is None or self._starts_other_block(rest_or_none):
                break
            row = cells(rest_or_none)
            if row is None:
                break
            self._row(rest_or_none, row[0], columns)
            self._consume()
        self._pop()
        return True

    def _row(self, rest: str, cells: list[str], columns: int | None) -> None:
        """A table row (``rest``, its ``cells``) on the current line: the head's when ``columns`` is None."""
        for cell in cells if columns is None else cells[:columns]:  # cells past the header's count are dropped
            self._job(cell_text(cell), self.i)

    def _starts_other_block(self, rest: str) -> bool:
        """Whether a line would start any block but a paragraph (what ends a table)."""
        stripped = rest.lstrip(" ")
        c = stripped[:1]
        if not rest.strip():
            return True
        if len(rest) - len(stripped) <= 3:
            if (c in "-_*" and thematic(rest)) or (c in "`~" and opening_fence(rest)) or c == ">":
                return True
            if (c == "%" and COMMENT_BLOCK_RE.match(rest)) or (c == "#" and HEADING_RE.match(rest)):
                return True
            if LIST_RE.match(rest) or (c == "[" and FOOTNOTE_DEF_RE.match(rest)) or (c == "<" and html_start(rest)):
                return True
            if c == "[":
                at = self._offset(self.i) + len(self.lines[self.i]) - len(stripped)
                if link_ref_def(self.buf, at) is not None:
                    return True
        return (rest[:1] in " \t" or self._flexible > 0) and self._code_line(self.i)
