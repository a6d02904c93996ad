"""marko's block parse, kept to what the outline needs: its block starts in order, containers and lists."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from vaultlint.parse.patterns import COMMENT_BLOCK_RE, FOOTNOTE_DEF_RE, FRONTMATTER_RE, MAX_DEPTH, MAX_FLEXIBLE
from vaultlint.parse.scan.grammar import ALERT_RE, HEADING_RE, LIST_RE, QUOTE_PREFIX
from vaultlint.parse.scan.leaves import Leaves
from vaultlint.parse.scan.lines import State, compile_prefix, match_prefix
from vaultlint.parse.scan.links import link_ref_def, normalize_label
from vaultlint.parse.scan.starts import breaks_paragraph, html_start, item_marker, leading, opening_fence, thematic


class Blocks(Leaves):
    """marko's block parse of a note (``parse``), kept to what the outline needs: headings, inline texts (``jobs``),
    link and footnote labels."""

    def parse(self) -> None:
        frontmatter = FRONTMATTER_RE.match(self.buf)
        if frontmatter:
            end = frontmatter.end()
            self.i = self.n if end >= len(self.buf) else self.buf.count("\n", 0, end)
        self._blocks()

    def _blocks(self) -> tuple[int, int]:
        """Blocks while lines continue the open containers; their count and where a trailing blank run starts."""
        count, trailing_blank = 0, -1
        while self.i < self.n:
            rest = self._rest(self.i)
            if rest is None:
                break
            start = self.i
            kind = self._block(rest)
            if self.i == start:  # never stall, whatever the input
                self.i += 1
            count += 1
            trailing_blank = start if kind == "blank" else -1
        return count, trailing_blank

    def _block(self, rest: str) -> str:
        """Read the block that starts at the current line; its kind. marko tries block starts in CommonMark's
        priority order; all but the last few are told by the character after at most three spaces, so they are
        tried by that character (_MARKED, each start in that order), then blank lines, tables, indented code
        and, failing all, a paragraph."""
        stripped = rest.lstrip(" ")
        c = stripped[:1]
        small = len(rest) - len(stripped) <= 3 and c != ""
        if small:
            start = _MARKED.get(c) or (Blocks._list_start if c.isdigit() else None)
            kind = start(self, rest) if start else None
            if kind:
                return kind
        if not rest.strip():
            self._blank()
            return "blank"
        if small and not c.isspace() and "|" in rest and self._table(rest):
            return "table"
        if (rest[:1] in " \t" or self._flexible) and self._code_line(self.i):
            self._code()
            return "code"
        self._paragraph(rest)
        return "paragraph"

    def _nests(self) -> bool:
        """Whether another container may open (see patterns.MAX_DEPTH); past the bounds its line is text."""
        return len(self.states) < MAX_DEPTH and self._flexible < MAX_FLEXIBLE

    # -- the starts told by their first character: each the block's kind, or None (not that block) ----------
    def _break_or_list(self, rest: str) -> str | None:
        """`-` or `*`: a thematic break before a list item (`- - -` is a break)."""
        if thematic(rest):
            self._consume()
            return "break"
        return self._list_start(rest)

    def _break(self, rest: str) -> str | None:
        if thematic(rest):
            self._consume()
            return "break"
        return None

    def _list_start(self, rest: str) -> str | None:
        m = LIST_RE.match(rest) if self._nests() else None
        if m:
            self._list(m.group(1))
            return "list"
        return None

    def _fence_start(self, rest: str) -> str | None:
        fence = opening_fence(rest)
        if fence:
            self._fenced(fence)
            return "code"
        return None

    def _quote_start(self, rest: str) -> str | None:
        """`>`: an alert (GFM's `> [!NOTE]`) or a quote, the same container to the outline."""
        if not self._nests():
            return None
        if ALERT_RE.match(rest):
            self._consume()  # the alert's header line is no paragraph
        self._container(State("quote", QUOTE_PREFIX))
        return "quote"

    def _comment_start(self, rest: str) -> str | None:
        if COMMENT_BLOCK_RE.match(rest):
            self._comment_block()
            return "comment"
        return None

    def _heading_start(self, rest: str) -> str | None:
        m = HEADING_RE.match(rest)
        if m:
            self._heading(m)
            return "heading"
        return None

    def _bracket_start(self, rest: str) -> str | None:
        """`[`: a footnote definition before a link reference definition."""
        m = FOOTNOTE_DEF_RE.match(rest) if self._nests() else None
        if m:
            self.footnotes.add(normalize_label(m.group(1)))
            self._container(State("footnote", re.escape(m.group()), r" {1,4}"))
            return "footnote"
        return "linkref" if self._linkref(rest) else None

    def _html_block_start(self, rest: str) -> str | None:
        html = html_start(rest)
        if html:
            self._html(html[1])
            return "html"
        return None

    def _container(self, state: State) -> None:
        self._push(state)
        self._blocks()
        self._pop()

    def _list(self, bullet: str) -> None:
        ordered = bullet[:-1].isdigit()
        self._push(State("list"))
        anchor = self.i
        while self.i < self.n:
            item = self._item_start(ordered, bullet)
            if item:
                self._item(*item)
                anchor = self.i
                continue
            rest = self._rest(self.i)
            if rest is not None and not rest.strip():
                self._blank()
            else:
                self.i = anchor
                break
        self._pop()

    def _item_start(self, ordered: bool, bullet: str) -> tuple[int, str, int] | None:
        """A next item of the same list: its indent, bullet and the spaces after the bullet."""
        rest = self._item_rest = self._rest(self.i)
        found = self._next_item  # the lazy test's match of this very string (_one_line_item), else matched here
        if found is None or found.string is not rest:
            found = LIST_RE.match(rest) if rest is not None else None
        if found is None or (found.group(1) in "-*" and thematic(found.string)):
            return None
        line = self.lines[self.i]
        if "\t" in line:  # marko measures the item on the tab-expanded line
            line = line.expandtabs(4)
            pattern = self._patterns[-1]
            m = pattern.match(line) if pattern else None
            indent, mark, mid, _ = leading(line.rstrip(), m.end() if m else 0)
        else:
            indent, mark, mid = item_marker(found)
        if ordered and not mark[:-1].isdigit() or mark[-1] != bullet[-1]:
            return None
        if not ordered and mark != bullet:
            return None
        return indent, mark, mid

    def _item(self, indent: int, bullet: str, mid: int) -> None:
        first, second, first_pattern, second_pattern = item_shape(self._prefixes[-1], indent, bullet, mid)
        if self._one_line_item(second, first_pattern, second_pattern, indent + len(bullet) + mid):
            return
        self._push(State("item", first, second))
        rest = self._rest(self.i)
        if rest is None or not rest.strip():  # the item starts with a blank line: one at most
            self._consume()
            after = self._rest(self.i) if self.i < self.n else None
            if not after or not after.strip():
                self._pop()
                return
        count, trailing_blank = self._blocks()
        self._pop()
        if trailing_blank >= 0 and count > 1:
            self.i = trailing_blank  # the blank lines after an item belong to the list

    def _one_line_item(
        self, second: str, first_pattern: re.Pattern[str], second_pattern: re.Pattern[str], width: int
    ) -> bool:
        """The commonest item, opening with a one-line paragraph, without the general path's calls (push,
        blocks, paragraph, lazy check): the same outcome, a fraction of the time. False: take the general path.
        ``second``: the item's prefix after its first line; the patterns: the containers' prefixes joined with
        the item's, on its first line and after it; ``width``: the item's first-line prefix (indent, bullet,
        spaces) in characters of the line after its containers' prefix."""
        if self._flexible or self._pending:
            return False
        line = self.lines[self.i]
        rest = self._item_rest
        # Without a tab, the item's prefix is those characters of the line after the containers' (_item_start
        # read them there): first_pattern, the containers' pattern and then them literally, matches as far.
        content = match_prefix(first_pattern, line, True) if rest is None or "\t" in line else rest[width:]
        if not content:
            return False
        if not content[:1].isalpha() or "|" in content:  # else _starts_paragraph's first test says yes
            if not self._starts_paragraph(content, line):
                return False
        after = self.i + 1
        rest = match_prefix(second_pattern, self.lines[after], False) if after < self.n else None
        if rest is None and after < self.n:
            for depth in range(len(self.states), -1, -1):  # a lazy line, tried level by level as marko does
                lazy = self._rest(after, depth)
                if lazy:
                    # an item's line (the commonest: a sibling) breaks a paragraph lazily (breaks_paragraph says so
                    # of any line LIST_RE matches): matched once, the match kept for _item_start's reading of it
                    found = LIST_RE.match(lazy)
                    if found is not None:
                        self._next_item = found
                    elif not breaks_paragraph(lazy, lazy=True):
                        return False
                    break
        elif rest is not None and rest.strip() and not breaks_paragraph(rest, lazy=False):
            return False  # the paragraph goes on
        self._one_line_job(content, self.i)
        self.i += 1  # _consume(): no container waits for its second prefix (tested above)
        if rest is not None:  # more of the item follows: a blank line, or a block such as a nested list
            self._push(State("item", second))
            _, trailing_blank = self._blocks()
            self._pop()
            if trailing_blank >= 0:
                self.i = trailing_blank
        return True

    def _starts_paragraph(self, rest: str, line: str) -> bool:
        """Whether ``rest`` (not indented) starts nothing but a paragraph (_block's tests); unsure cases say no."""
        c = rest[:1]
        if c.isalpha():  # no block starts with a letter (the commonest item): a paragraph, or a table's row
            return "|" not in rest
        if c in " \t>" or not rest.strip() or "|" in rest:
            return False
        if (c in "-_*" and thematic(rest)) or (c in "`~" and opening_fence(rest)):
            return False
        if (c == "%" and COMMENT_BLOCK_RE.match(rest)) or (c == "#" and HEADING_RE.match(rest)):
            return False
        if ((c in "-*+" or c.isdigit()) and LIST_RE.match(rest)) or (c == "<" and html_start(rest)):
            return False
        if c == "[":
            at = self._offset(self.i) + len(line) - len(rest)
            return not FOOTNOTE_DEF_RE.match(rest) and link_ref_def(self.buf, at) is None
        return True


@functools.lru_cache(maxsize=256)
def item_prefixes(indent: int, bullet: str, mid: int) -> tuple[str, str]:
    """A list item's prefix on its first line and on the lines after it, made once for each shape of item (the
    same few recur in every note)."""
    return " " * indent + re.escape(bullet) + " " * mid, " " * (len(bullet) + indent + (mid or 1))


@functools.lru_cache(maxsize=512)
def item_shape(base: str, indent: int, bullet: str, mid: int) -> tuple[str, str, re.Pattern[str], re.Pattern[str]]:
    """item_prefixes, and each joined to the prefix ``base`` of the containers around the item, compiled: made
    once for each shape of item and depth (the same few recur in every note), not joined and looked up for
    each item."""
    first, second = item_prefixes(indent, bullet, mid)
    return first, second, compile_prefix(base + first), compile_prefix(base + second)


# The block starts told by their first character (a digit: a list item too, see Blocks._block).
_MARKED: dict[str, Callable[[Blocks, str], str | None]] = {
    "-": Blocks._break_or_list,
    "*": Blocks._break_or_list,
    "_": Blocks._break,
    "+": Blocks._list_start,
    "`": Blocks._fence_start,
    "~": Blocks._fence_start,
    ">": Blocks._quote_start,
    "%": Blocks._comment_start,
    "#": Blocks._heading_start,
    "[": Blocks._bracket_start,
    "<": Blocks._html_block_start,
}
