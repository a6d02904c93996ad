"""A note's outline (headings, block ids, web URLs) from a line scan, without a Markdown parse."""

# Vault rules need the outline of every note, also of the many notes not being reported, and a marko
# parse costs ~20 ms a note. Links must resolve the same whether the target note was parsed or only
# scanned, so the scan follows marko's own algorithm (configured as in note.py: gfm, footnote and
# vaultlint.parse.syntax), trimmed to what an outline needs. Blocks: line by line, containers matched with
# the same prefix regexes marko stacks up, paragraphs ended and lazily continued where marko's are.
# Inlines: each paragraph, heading and table cell read with marko's token rules (links and emphasis
# by its delimiter scan, priorities, overlap and containment), for the tokens that can form or hide
# a link, an autolink, a bare URL or a block id. The commonest list item takes a shortcut with the
# same outcome.
#
# Past _MAX_DEPTH nested containers (32 list levels) or _MAX_FLEXIBLE nested quotes and footnotes, the
# rest is read as text, to bound recursion and the backtracking of the joined prefix regexes (marko has no
# bound, and slows exponentially with nesting: ~0.1 s for 20 nested quotes); the full parse is bounded the
# same way (syntax.bounded_nesting).
#
# Known differences from the full parse (none of them in tests/test_scan.py's generated notes):
# - marko 2.2.4 never returns on a footnote definition with a tab or line break in its label or right
#   after its colon (`[^1]:<TAB>note`); the scan returns an outline there.

from __future__ import annotations

import functools
import itertools
import re
import string
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from vaultlint.parse.tagtext import tag_matches


@dataclass(frozen=True)
class OutlineHeading:
    level: int
    text: str  # ATX: the content without the #s, surrounding space and closing #s; setext: the lines, joined
    line: int  # 1-based


@dataclass(frozen=True)
class OutlineUrl:
    url: str  # as vaultlint.facts.Link.url holds it (marko's dest): http, https or www. only
    line: int
    image: bool = False  # `![alt](url)`: duplicate rules leave images (badges, logos) alone


@dataclass(frozen=True)
class Outline:
    headings: tuple[OutlineHeading, ...]
    block_ids: frozenset[str]  # as written, without the ^
    urls: tuple[OutlineUrl, ...]


def outline(text: str) -> Outline:
    """Headings, block ids and web URLs of a note's LF-normalized text, as the full parse finds them."""
    blocks = _Blocks(text)
    blocks.parse()
    ids: set[str] = set()
    urls: list[OutlineUrl] = []
    for body, first in blocks.jobs:
        for offset, value, image in _read_inline(body, blocks.defs, blocks.footnotes, ids):
            if _WEB_RE.match(value):
                urls.append(OutlineUrl(value, blocks.line_no(first + body.count("\n", 0, offset)), image))
    headings = tuple(OutlineHeading(level, text, blocks.line_no(i)) for level, text, i in blocks.headings)
    return Outline(headings, frozenset(ids), tuple(urls))


_WEB_RE = re.compile(r"(?i)https?://|www\.")
# Deeper containers are read as text: Python's recursion would give out, and the joined prefix of many
# quotes and footnotes backtracks exponentially on a line that fails it (in marko as here).
_MAX_DEPTH = 64  # syntax.MAX_DEPTH
_PAREN_DEPTH = 32  # linkrefs.PAREN_DEPTH: parentheses a link destination may nest (more, and it is none)
_MAX_FLEXIBLE = 12  # syntax.MAX_FLEXIBLE

# -- block patterns: marko 2.2.4's, and vaultlint.parse.syntax's (tests compare them) -------------
FRONTMATTER_RE = re.compile(r"---[ \t]*\n(?P<body>(?:.*\n)*?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
THEMATIC_RE = re.compile(r" {,3}([-_*][^\n\S]*){3,}$\n?", re.M)
FENCE_RE = re.compile(r"( {,3})(`{3,}|~{3,})[^\n\S]*(.*?)$", re.M)
FENCE_CLOSE_RE = re.compile(r" {,3}(~+|`+)[^\n\S]*$", re.M)
ALERT_RE = re.compile(r"(?im) {,3}>\s*\[\!(WARNING|NOTE|TIP|IMPORTANT|CAUTION)\]\s*$")
COMMENT_BLOCK_RE = re.compile(r" {,3}%%(?![^\n]*%%)")
HEADING_RE = re.compile(r" {0,3}(#{1,6})((?=\s)[^\n]*?|[^\n\S]*)(?:(?<=\s)(?<!\\)#+)?[^\n\S]*$\n?", re.M)
LIST_RE = re.compile(r" {,3}(\d{1,9}[.)]|[*\-+])[ \t\n\r\f]")
QUOTE_PREFIX = r" {,3}>[^\n\S]?"
FOOTNOTE_RE = re.compile(r" {,3}\[\^([^\]\s]+(?: +[^\]\s]+)*)\]:[ ]*(?=\S| {4})")  # syntax.FOOTNOTE_DEF_RE
SETEXT_RE = re.compile(r" {,3}(=+|-+)[^\n\S]*$")
TABLE_ROW_RE = re.compile(r" {,3}\S")
CELL_SPLIT_RE = re.compile(r"\s*(?<!\\)\|\s*")
CELL_DELIMITER_RE = re.compile(r":?-+:?$")  # anchored, as vaultlint.parse.syntax.strict_gfm_tables makes it
TASK_RE = re.compile(r"(\[[\sxX]\])\s+\S")
HTML_TAGS = (
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "meta",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "section",
    "source",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
)
_TAG_NAME = r"[A-Za-z][A-Za-z0-9\-]*"
_ATTRIBUTE = r'\s+[A-Za-z:_][A-Za-z0-9\-_\.:]*(?:\s*=\s*(?:[^\s"\'`=<>]+|\'[^\']*\'|"[^"]*"))?'
_ATTRIBUTE_NO_LF = (
    r"[^\n\S]+[A-Za-z:_][A-Za-z0-9\-_\.:]*"
    r'(?:[^\n\S]*=[^\n\S]*(?:[^\s"\'`=<>]+|\'[^\n\']*\'|"[^\n"]*"))?'
)
HTML_STARTS = (  # marko's HTML block kinds, in its order, with what ends each (None: a blank line)
    (1, re.compile(r"(?i) {,3}<(script|pre|style|textarea)[>\s]"), "raw"),
    (2, re.compile(r" {,3}<!--"), re.compile(r"-->")),
    (3, re.compile(r" {,3}<\?"), re.compile(r"\?>")),
    (4, re.compile(r" {,3}<!"), re.compile(r">")),  # takes `<![CDATA[` too: marko's kind 5 never comes
    (6, re.compile(r"(?im) {,3}</?(?:" + "|".join(HTML_TAGS) + r")(?: +|/?>|$)"), None),
    (
        7,
        re.compile(
            r"(?m) {,3}(<"
            + _TAG_NAME
            + "(?:"
            + _ATTRIBUTE_NO_LF
            + r")*[^\n\S]*/?>|</"
            + _TAG_NAME
            + r"[^\n\S]*>)[^\n\S]*$"
        ),
        None,
    ),
)
_PARTITION_RE = re.compile(r"([^ \t]*)([ \t]*)([\s\S]*)")

# -- inline patterns -------------------------------------------------------------------------
_URI = r"[A-Za-z][A-Za-z\-.+]{1,31}:[^\s<>]*?"
_EMAIL = (
    r"[a-zA-Z0-9.!#$%&\'*+/=?^_`{|}~-]+@[a-zA-Z0-9]"
    r"(?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*"
)
EMAIL_RE = re.compile(_EMAIL)
AUTOLINK_RE = re.compile(rf"<({_URI}|{_EMAIL})>")
# marko's code span pattern: what code_span_ends finds, in one pass
CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)([\s\S]+?)(?<!`)\1(?!`)")
_BACKTICKS_RE = re.compile(r"`+")
# marko's inline HTML pattern, by its alternatives: (pattern, the string a lazy read ends at, what is left of the
# alternative when no such string follows). The last four read on to the end of the text when none follows.
_HTML_PARTS: tuple[tuple[str, str, str], ...] = (
    ("<" + _TAG_NAME + "(?:" + _ATTRIBUTE + ")* */?>", "", ""),
    ("</" + _TAG_NAME + " *>", "", ""),
    (r"<!--(?:>|->|[\s\S]*?-->)", "-->", r"<!--(?:>|->)"),
    (r"<\?[\s\S]*?\?>", "?>", ""),
    (r"<![A-Z]+ +[\s\S]*?>", ">", ""),
    (r"<!\[CDATA\[[\s\S]*?\]\]>", "]]>", ""),
)
INLINE_HTML_RE = re.compile("(" + "|".join(part for part, _, _ in _HTML_PARTS) + ")")
LITERAL_RE = re.compile(r'\\([!"#\$%&\'()*+,\-./:;<=>?@\[\\\]^_`{|}~])')
STRIKE_RE = re.compile(r"(?<!~)(~|~~)([^~]+)\1(?!~)")
WWW_RE = re.compile(r"(?:^|(?<=[\s*_~(\uff00-\uffef]))(www\.([\w.\-]*?\.[\w.\-]+)[^<\s]*)")
BARE_RE = re.compile(
    r"(?:^|(?<=[\s*_~(\uff00-\uffef]))((?:https?|ftp)://([\w.\-]*?\.[\w.\-]+)"
    r"[^<\s]*|[\w.\-+]+@[\w.\-]*?\.[\w.\-]*[a-zA-Z0-9](?=[\s.<]|\Z))"
)
_ENTITY_END_RE = re.compile(r"&[a-zA-Z]+;$")
FOOTNOTE_REF_RE = re.compile(r"\[\^([^\]]+)\]")
WIKILINK_RE = re.compile(r"(?P<bang>!?)\[\[(?P<body>[^\[\]\n]*)\]\](?!\()")
BLOCK_ID_RE = re.compile(r"(?<!\S)\^(?P<id>[A-Za-z0-9-]+)[ \t]*(?=\n?\Z)")
COMMENT_RE = re.compile(r"%%(?P<body>[\s\S]*?)%%")
MATH_RE = re.compile(r"\$\$[\s\S]+?\$\$|(?<![\\$\w])\$(?![\s$])(?:[^$\n\\]|\\.)*?(?<!\s)\$(?![\d$])")
HIGHLIGHT_RE = re.compile(r"==(?=\S)(?P<body>[\s\S]*?\S)==")
_OPENER_RE = re.compile(r"\\|`+|!?\[|\]|\*+|_+")  # where marko's link and emphasis scan stops
_SPACE_RE = re.compile(r"\s")
_FAST_DEST_RE = re.compile(r"\(([^\s()\\<\x00-\x1f\x7f]*)\)")  # `(dest)` with nothing the full rules weigh
_LABEL_SCAN_RE = re.compile(r"(?:[^\\\[\]]|\\[\s\S])*")
_WHITESPACE = " \n\t"
_ASCII_CONTROL = "".join(chr(i) for i in range(32)) + chr(127)


class _State:
    """An open container, as marko stacks them: its line prefix, and the one that follows its first line."""

    __slots__ = ("kind", "prefix", "second")

    def __init__(self, kind: str, prefix: str = "", second: str | None = None) -> None:
        self.kind = kind
        self.prefix = prefix
        self.second = second


@functools.lru_cache(maxsize=512)
def _compile(prefix: str) -> re.Pattern[str]:
    return re.compile(prefix)


class _Blocks:
    """marko's block parse, kept to what the outline needs: headings, inline texts, link and footnote labels."""

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
        self.states: list[_State] = []
        # the joined prefix of the first k states, and its pattern (None: matches anything), for each k
        self._prefixes = [""]
        self._patterns: list[re.Pattern[str] | None] = [None]
        self._flexible = 0  # open quotes and footnotes: their prefixes can give back spaces to an indented code line
        self._pending = False
        self._memo: dict[tuple[int, re.Pattern[str]], str | None] = {}
        self._first_lines: set[re.Pattern[str]] = set()
        self._starts: list[int] | None = None
        self.headings: list[tuple[int, str, int]] = []
        self.jobs: list[tuple[str, int]] = []  # inline texts (paragraphs, headings, cells) and their first line
        self.defs: dict[str, str] = {}
        self.footnotes: set[str] = set()

    def line_no(self, i: int) -> int:
        return self.map[i] if self.map else i + 1

    def parse(self) -> None:
        frontmatter = FRONTMATTER_RE.match(self.buf)
        if frontmatter:
            end = frontmatter.end()
            self.i = self.n if end >= len(self.buf) else self.buf.count("\n", 0, end)
        self._blocks()

    # -- lines and prefixes ---------------------------------------------------------------
    def _push(self, state: _State) -> None:
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
        pattern = self._patterns[-1] if not prefix else _compile(joined)
        self._patterns.append(pattern)
        if self._pending and pattern is not None:
            self._first_lines.add(pattern)  # holds a bullet or footnote label: never shortcut its blank-line test

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
        key = (i, pattern)  # the same line is asked again at each level of the containers
        rest = self._memo.get(key, "\x00")  # NUL: not asked yet (the text holds none, marko replaces it)
        if rest == "\x00":
            rest = self._memo[key] = _match_prefix(pattern, self.lines[i], pattern in self._first_lines)
        return rest

    # -- block starts (marko's parse_source, in its priority order) ---------------------------
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
        stripped = rest.lstrip(" ")
        c = stripped[:1]
        small = len(rest) - len(stripped) <= 3 and c != ""
        nest = len(self.states) < _MAX_DEPTH and self._flexible < _MAX_FLEXIBLE
        if small:
            if c in "-_*" and _thematic(rest):
                self._consume()
                return "break"
            fence = _fence(rest) if c in "`~" else None
            if fence:
                self._fenced(fence)
                return "code"
            if c == ">" and nest and ALERT_RE.match(rest):
                self._consume()  # the alert's header line is no paragraph
                self._container(_State("quote", QUOTE_PREFIX))
                return "quote"
            if c == "%" and COMMENT_BLOCK_RE.match(rest):
                self._comment_block()
                return "comment"
            m = HEADING_RE.match(rest) if c == "#" else None
            if m:
                self._heading(m)
                return "heading"
            m = LIST_RE.match(rest) if nest and (c in "-*+" or c.isdigit()) else None
            if m:
                self._list(m.group(1))
                return "list"
            if c == ">" and nest:
                self._container(_State("quote", QUOTE_PREFIX))
                return "quote"
            m = FOOTNOTE_RE.match(rest) if c == "[" and nest else None
            if m:
                self.footnotes.add(_normalize_label(m.group(1)))
                self._container(_State("footnote", re.escape(m.group()), r" {1,4}"))
                return "footnote"
        if not rest.strip():
            self._blank()
            return "blank"
        if small and c == "<":
            html = _html_start(rest)
            if html:
                self._html(html[1])
                return "html"
        if small and c == "[" and self._linkref(rest):
            return "linkref"
        if small and not c.isspace() and "|" in rest and self._table(rest):
            return "table"
        if (rest[:1] in " \t" or self._flexible) and self._code_line(self.i):
            self._code()
            return "code"
        self._paragraph(rest)
        return "paragraph"

    def _container(self, state: _State) -> None:
        self._push(state)
        self._blocks()
        self._pop()

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
        m = _compile(prefix).match(expanded)
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

    # -- lists ----------------------------------------------------------------------------
    def _list(self, bullet: str) -> None:
        ordered = bullet[:-1].isdigit()
        self._push(_State("list"))
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
        rest = self._rest(self.i)
        if rest is None or not LIST_RE.match(rest) or (rest.lstrip(" ")[:1] in "-*" and _thematic(rest)):
            return None
        line = self.lines[self.i]
        if "\t" in line:  # marko measures the item on the tab-expanded line
            line = line.expandtabs(4)
            pattern = self._patterns[-1]
            m = pattern.match(line) if pattern else None
            indent, mark, mid, _ = _leading(line.rstrip(), m.end() if m else 0)
        else:
            indent, mark, mid, _ = _leading(rest.rstrip(), 0)
        if ordered and not mark[:-1].isdigit() or mark[-1] != bullet[-1]:
            return None
        if not ordered and mark != bullet:
            return None
        return indent, mark, mid

    def _item(self, indent: int, bullet: str, mid: int) -> None:
        first = " " * indent + re.escape(bullet) + " " * mid
        second = " " * (len(bullet) + indent + (mid or 1))
        if self._one_line_item(first, second):
            return
        self._push(_State("item", first, second))
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

    def _one_line_item(self, first: str, second: str) -> bool:
        """The commonest item, opening with a one-line paragraph, without the general path's calls (push,
        blocks, paragraph, lazy check): the same outcome, a fraction of the time. False: take the general path."""
        if self._flexible or self._pending:
            return False
        base, line = self._prefixes[-1], self.lines[self.i]
        content = _match_prefix(_compile(base + first), line, True)
        if not content or not self._starts_paragraph(content, line):
            return False
        after = self.i + 1
        rest = _match_prefix(_compile(base + second), self.lines[after], False) if after < self.n else None
        if rest is None and after < self.n:
            for depth in range(len(self.states), -1, -1):  # a lazy line, tried level by level as marko does
                lazy = self._rest(after, depth)
                if lazy:
                    if not _breaks(lazy, lazy=True):
                        return False
                    break
        elif rest is not None and rest.strip() and not _breaks(rest, lazy=False):
            return False  # the paragraph goes on
        self._paragraph_job([content], self.i)
        self._consume()
        if rest is not None:  # more of the item follows: a blank line, or a block such as a nested list
            self._push(_State("item", second))
            _, trailing_blank = self._blocks()
            self._pop()
            if trailing_blank >= 0:
                self.i = trailing_blank
        return True

    def _starts_paragraph(self, rest: str, line: str) -> bool:
        """Whether ``rest`` (not indented) starts nothing but a paragraph (_block's tests); unsure cases say no."""
        c = rest[:1]
        if c in " \t>" or not rest.strip() or "|" in rest:
            return False
        if (c in "-_*" and _thematic(rest)) or (c in "`~" and _fence(rest)):
            return False
        if (c == "%" and COMMENT_BLOCK_RE.match(rest)) or (c == "#" and HEADING_RE.match(rest)):
            return False
        if ((c in "-*+" or c.isdigit()) and LIST_RE.match(rest)) or (c == "<" and _html_start(rest)):
            return False
        if c == "[":
            at = self._offset(self.i) + len(line) - len(rest)
            return not FOOTNOTE_RE.match(rest) and _link_ref_def(self.buf, at) is None
        return True

    # -- paragraphs -------------------------------------------------------------------------
    def _paragraph(self, first: str) -> None:
        start = self.i
        lines = [first]
        self._consume()
        while self.i < self.n:
            rest = self._rest(self.i)
            if rest is not None and _breaks(rest, lazy=False):
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
                if _breaks(rest, lazy=True):
                    return None
                self._consume()
                return rest
        return None

    def _job(self, text: str, i: int) -> None:
        if text:
            self.jobs.append((text, i))

    # -- link reference definitions (marko reads them from the raw text) --------------------
    def _linkref(self, rest: str) -> bool:
        at = self._offset(self.i) + len(self.lines[self.i]) - len(rest.lstrip(" "))
        found = _link_ref_def(self.buf, at)
        if found is None:
            return False
        label, dest, end = found
        self.defs.setdefault(label, dest)
        # marko sets the position without a prefix update (a definition on an item's first line ends it)
        self.i = self.n if end >= len(self.buf) else self._line_of(end)
        return True

    def _offset(self, i: int) -> int:
        if self._starts is None:
            starts, at = [], 0
            for line in self.lines:
                starts.append(at)
                at += len(line)
            self._starts = starts
        return self._starts[i]

    def _line_of(self, offset: int) -> int:
        self._offset(0)
        assert self._starts is not None
        return bisect_right(self._starts, offset) - 1

    # -- tables -----------------------------------------------------------------------------
    def _table(self, rest: str) -> bool:
        head = _cells(rest)
        if head is None or head[1] or not CELL_SPLIT_RE.search(rest) or self.i + 1 >= self.n:
            return False
        # marko reads the delimiter row before updating the prefixes (so no table on an item's first line)
        second = self._rest(self.i + 1)
        delimiter = _cells(second) if second is not None else None
        if delimiter is None or not delimiter[1] or len(delimiter[0]) != len(head[0]):
            return False
        columns = len(head[0])
        for cell in head[0]:
            self._job(_cell_text(cell), self.i)
        self.i += 1
        self._consume()
        self._push(_State("table"))
        while self.i < self.n:
            rest_or_none = self._rest(self.i)
            if rest_or_none is None or self._starts_other_block(rest_or_none):
                break
            row = _cells(rest_or_none)
            if row is None:
                break
            for cell in row[0][:columns]:  # cells past the header's count are dropped
                self._job(_cell_text(cell), self.i)
            self._consume()
        self._pop()
        return True

    def _starts_other_block(self, rest: str) -> bool:
        """Whether a line would start any block but a paragraph (what ends a table)."""
        stripped = rest.lstrip(" ")
        c = stripped[:1]
        if not rest.strip():
            return True
        if len(rest) - len(stripped) <= 3:
            if (c in "-_*" and _thematic(rest)) or (c in "`~" and _fence(rest)) or c == ">":
                return True
            if (c == "%" and COMMENT_BLOCK_RE.match(rest)) or (c == "#" and HEADING_RE.match(rest)):
                return True
            if LIST_RE.match(rest) or (c == "[" and FOOTNOTE_RE.match(rest)) or (c == "<" and _html_start(rest)):
                return True
            if c == "[":
                at = self._offset(self.i) + len(self.lines[self.i]) - len(stripped)
                if _link_ref_def(self.buf, at) is not None:
                    return True
        return (rest[:1] in " \t" or self._flexible > 0) and self._code_line(self.i)


def _match_prefix(pattern: re.Pattern[str], line: str, first_line: bool) -> str | None:
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


def _thematic(rest: str) -> bool:
    m = THEMATIC_RE.match(rest)
    return m is not None and len({ch for ch in m.group() if ch in "-_*"}) == 1


def _fence(rest: str) -> str | None:
    """The opening fence of a fenced code block (a backtick fence's info string holds no backtick)."""
    m = FENCE_RE.match(rest)
    if not m or (m.group(2)[0] == "`" and "`" in m.group(3)):
        return None
    return m.group(2)


def _html_start(rest: str) -> tuple[int, re.Pattern[str] | None] | None:
    """The kind of HTML block a line starts (1-7, as marko numbers them) and what ends it."""
    for kind, pattern, end in HTML_STARTS:
        m = pattern.match(rest)
        if m:
            if end == "raw":
                return kind, re.compile(rf"(?i)</{m.group(1)}>")
            return kind, end if isinstance(end, re.Pattern) else None
    return None


def _leading(line: str, at: int) -> tuple[int, str, int, str]:
    """A list item line's indent, bullet, spaces after the bullet (more than 4: 1) and the rest (marko's rule)."""
    stripped = line[at:].expandtabs(4).lstrip()
    indent = len(line) - at - len(stripped)
    m = _PARTITION_RE.match(stripped)
    assert m is not None
    mid = len(m.group(2))
    return indent, m.group(1), 1 if mid > 4 else mid, m.group(3)


def _breaks(rest: str, lazy: bool) -> bool:
    """Whether a line ends a paragraph (marko's break_paragraph); a lazy line is one without the prefix."""
    if not rest.strip():
        return True
    stripped = rest.lstrip(" ")
    if len(rest) - len(stripped) > 3:
        return False
    c = stripped[:1]
    if (c in "`~" and _fence(rest)) or c == ">" or (c == "%" and COMMENT_BLOCK_RE.match(rest)):
        return True
    if c == "#" and HEADING_RE.match(rest):
        return True
    if (c in "-*+" or c.isdigit()) and LIST_RE.match(rest):
        if lazy:
            return True
        _, bullet, _, tail = _leading(rest.rstrip(), 0)
        if (bullet[:-1] == "1" or bullet in "*-+") and tail:  # an empty item, or one not from 1, does not
            return True
    if c == "<":
        html = _html_start(rest)
        if html and html[0] != 7:
            return True
    if c in "-_*" and _thematic(rest):
        return lazy or not SETEXT_RE.match(rest)  # `---` under a paragraph line underlines it
    return False


def _cells(rest: str) -> tuple[list[str], bool] | None:
    """A table row's cells and whether it is a delimiter row (marko's TableRow.match)."""
    if not rest or not TABLE_ROW_RE.match(rest):
        return None
    parts = CELL_SPLIT_RE.split(rest.strip())
    if parts and not parts[0]:
        parts.pop(0)
    if parts and not parts[-1]:
        parts.pop()
    if not parts:
        return None
    return parts, all(CELL_DELIMITER_RE.match(p) for p in parts)


def _cell_text(cell: str) -> str:
    return cell.strip().replace("\\|", "|")


def _normalize_label(label: str) -> str:
    return re.sub(r"\s+", " ", label).strip().casefold()


# -- link syntax (ports of marko.inline_parser's helpers) --------------------------------------
class _ParseError(ValueError):
    pass


def _find_next(text: str, target: str, start: int, disallowed: str = "") -> int:
    """Index of the next unescaped ``target`` char; -2 if a ``disallowed`` one comes first; -1 if none."""
    escaped = False
    for i in range(start, len(text)):
        c = text[i]
        if escaped:
            escaped = False
        elif c in target:
            return i
        elif c in disallowed:
            return -2
        elif c == "\\":
            escaped = True
    return -1


def _label_end(text: str, start: int) -> int | None:
    """End of the link label `[...]` at ``start`` (no `[` inside, not blank, at most 999 chars)."""
    if text[start : start + 1] != "[":
        return None
    m = _LABEL_SCAN_RE.match(text, start + 1)
    assert m is not None
    close = m.end()
    if close >= len(text) or text[close] != "]":
        return None
    label = text[start + 1 : close]
    if not label.strip() or len(label) > 999:
        return None
    return close + 1


def _separator(text: str, start: int) -> int:
    """Past spaces, tabs and at most one line break."""
    i, newline = start, False
    while i < len(text):
        if text[i] == "\n":
            if newline:
                break
            newline = True
        elif text[i] not in _WHITESPACE:
            break
        i += 1
    return i


def _dest_title(text: str, start: int, inline: bool) -> tuple[tuple[int, int], tuple[int, int]]:
    """Spans of a link destination and title (-1, -1 if none); raise _ParseError where marko fails."""
    if start >= len(text):
        raise _ParseError
    if text[start] == "<":
        close = _find_next(text, ">", start + 1, disallowed="<\n")
        if close < 0:
            raise _ParseError
        i = close + 1
    else:
        escaped, pairs, i = False, 0, start
        while i < len(text):
            c = text[i]
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c in _WHITESPACE:
                break
            elif c in _ASCII_CONTROL:
                raise _ParseError
            elif c == "(":
                pairs += 1
                if pairs > _PAREN_DEPTH:  # as the full parse: unbounded, `[a](` repeated read to the end each time
                    raise _ParseError
            elif c == ")":
                if pairs > 0:
                    pairs -= 1
                elif inline:
                    return (start, i), (-1, -1)
                else:
                    raise _ParseError
            i += 1
        else:
            if inline:
                raise _ParseError
        if i == start:
            raise _ParseError
    dest = (start, i)
    prev = i
    i = _separator(text, i)
    if i >= len(text) or text[i] == "\n" or (text[i] == ")" and inline):
        return dest, (-1, -1)
    if text[i] in "\"'":
        end = _find_next(text, text[i], i + 1)
    elif text[i] == "(":
        end = _find_next(text, ")", i + 1, disallowed="(")
    elif "\n" in text[prev:i]:
        return dest, (-1, -1)
    else:
        raise _ParseError
    if (0 < i < len(text) and text[i - 1] not in _WHITESPACE) or end < 0 or "\n\n" in text[i:end]:
        raise _ParseError
    return dest, (i, end + 1)


def _link_ref_def(text: str, start: int) -> tuple[str, str, int] | None:
    """A link reference definition `[label]: dest "title"` at ``start``: label, raw dest, end offset."""
    label_end = _label_end(text, start)
    if label_end is None or label_end >= len(text) or text[label_end] != ":":
        return None
    try:
        dest, title = _dest_title(text, _separator(text, label_end + 1), inline=False)
    except _ParseError:
        return None
    i = max(dest[1], title[1])
    end = _find_next(text, "\n", i)
    end = end + 1 if end >= 0 else len(text)
    if text[i:end].strip():
        if title[0] >= 0 and "\n" in text[dest[1] : title[0]]:
            end = _find_next(text, "\n", dest[1]) + 1  # the title was the next line's text, not a title
        else:
            return None
    if end <= start:
        return None
    return _normalize_label(text[start + 1 : label_end - 1]), text[dest[0] : dest[1]], end


def _inline_link(text: str, start: int) -> tuple[str, int] | None:
    """`(dest "title")` at ``start``: the raw dest and the end."""
    if start >= len(text) - 1 or text[start] != "(":
        return None
    fast = _FAST_DEST_RE.match(text, start)
    if fast:
        return fast.group(1), fast.end()
    try:
        dest, title = _dest_title(text, _separator(text, start + 1), inline=True)
    except _ParseError:
        return None
    end = _separator(text, max(dest[1], title[1]))
    if end >= len(text) or text[end] != ")":
        return None
    return text[dest[0] : dest[1]], end + 1


def _reference_link(text: str, start: int, link_text: str, defs: dict[str, str]) -> tuple[str, int] | None:
    """`[label]`, `[]` or nothing after a link text, naming a definition: its raw dest and the end."""
    label_end = _label_end(text, start)
    label, end = link_text, start
    if label_end is not None:
        label, end = text[start + 1 : label_end - 1] or link_text, label_end
    elif text[start : start + 2] == "[]":
        end = start + 2
    dest = defs.get(_normalize_label(label))
    return None if dest is None else (dest, end)


def _is_paired(text: str) -> bool:
    """Brackets balanced, escaped ones aside."""
    if "[" not in text and "]" not in text:
        return True
    count, escape = 0, False
    for c in text:
        if escape:
            escape = False
        elif c == "\\":
            escape = True
        elif c == "[":
            count += 1
        elif c == "]":
            if count == 0:
                return False
            count -= 1
    return count == 0


_BRACKET_RE = re.compile(r"\\[\s\S]|[\[\]]")  # a bracket, or an escape and what it escapes


_longest: list[Any] = [None, 0, 0]  # the definitions last asked about, how many they were, their longest label


def longest_label(defs: dict[str, Any]) -> int:
    """The length of the longest (normalized) label in ``defs``; remembered for the last definitions asked about
    while they are as many (they are all read before any link, and none is taken out)."""
    if _longest[0] is not defs or _longest[1] != len(defs):
        _longest[:] = defs, len(defs), max(map(len, defs), default=0)
    return int(_longest[2])


class BracketBalance:
    """_is_paired (marko's is_paired, its check of a link's text) from a `[` to a bracket in O(1), after one pass
    over the text's brackets. At each `]` that may close a link, the text from its `[` was read again (`[` * n +
    `]` * n: 8,000 of each took 4.9 s to check): quadratic.

    The check counts the brackets after a `[` that no backslash escapes, escapes read from there on; a character
    is escaped when an odd run of backslashes stands before it, and as the run cannot reach back past that `[`,
    one pass over the whole text reads the same escapes. The brackets from the `[` to ``end`` are paired when the
    depth before ``end`` is the depth just after the `[`, and the `[` is not closed before ``end`` (the depth
    goes under its own only at its closing `]`)."""

    __slots__ = ("text", "depths", "closes", "spaces")

    def __init__(self, text: str) -> None:
        self.text = text
        self.depths: dict[int, int] | None = None  # each unescaped bracket: the depth before it
        self.closes: dict[int, int] = {}  # each unescaped `[` closed: where its `]` is
        self.spaces: list[int] | None = None  # how many whitespace characters stand before each position

    def may_be_label(self, start: int, end: int, defs: dict[str, Any]) -> bool:
        """Whether text[start:end], as a link's text, may be the label of one of ``defs`` once normalized: its
        characters other than whitespace are at most the longest label's length (each is at least one character
        of the normalized text). One that cannot is not normalized and looked up: at every `]` of `[` * n + `]` *
        n with a definition in the note, the whole text back to its `[` was."""
        longest = longest_label(defs)
        if end - start <= longest:
            return True
        if self.spaces is None:
            self.spaces = list(itertools.accumulate(map(str.isspace, self.text), initial=0))
        return end - start - (self.spaces[end] - self.spaces[start]) <= longest

    def _count(self) -> dict[int, int]:
        depths: dict[int, int] = {}
        depth, opened = 0, []
        for m in _BRACKET_RE.finditer(self.text):
            char, at = m.group(), m.start()
            if char == "[":
                depths[at] = depth
                depth += 1
                opened.append(at)
            elif char == "]":
                depths[at] = depth
                if opened:
                    self.closes[opened.pop()] = at
                depth -= 1
        return depths

    def paired(self, start: int, end: int) -> bool:
        """_is_paired(text[start:end]), for a ``start`` just after an unescaped `[` and an ``end`` at a bracket
        (anywhere else, the text is read)."""
        if self.depths is None:
            self.depths = self._count()
        opener, depths = start - 1, self.depths
        if opener not in depths or end not in depths or self.text[opener] != "[" or end < start:
            return _is_paired(self.text[start:end])
        return self.closes.get(opener, len(self.text)) >= end and depths[end] == depths[opener] + 1


def _clean_dest(dest: str) -> str:
    if dest[:1] == "<" and dest[-1:] == ">":
        dest = dest[1:-1]
    return LITERAL_RE.sub(r"\1", dest)


# -- inline tokens and marko's overlap rules -------------------------------------------------
class _Token:
    """A found inline element: priority, whether (and where) it holds children, and what the outline keeps."""

    __slots__ = ("start", "end", "priority", "nest", "inner_start", "inner_end", "kind", "value", "children")

    def __init__(
        self, start: int, end: int, priority: int, kind: str = "", value: str = "", inner: tuple[int, int] | None = None
    ) -> None:
        self.start, self.end, self.priority = start, end, priority
        self.nest = inner is not None
        self.inner_start, self.inner_end = inner or (start, end)
        self.kind, self.value = kind, value
        self.children: list[_Token] = []


def _read_inline(text: str, defs: dict[str, str], footnotes: set[str], ids: set[str]) -> list[tuple[int, str, bool]]:
    """Add the block ids of one inline text to ``ids``; return its URLs (offset, url, is an image) in order."""
    if not ("^" in text or "](" in text or "<" in text or "://" in text or "www." in text or (defs and "]" in text)):
        return []
    urls: list[tuple[int, str, bool]] = []
    pending = [_tokens(text, defs, footnotes)]
    while pending:  # a loop, not recursion: brackets may nest deeply
        for token in _resolve(pending.pop()):
            if token.kind in ("url", "image"):
                urls.append((token.start, token.value, token.kind == "image"))
            elif token.kind == "id":
                ids.add(token.value)
            if token.children:
                pending.append(token.children)
    urls.sort()
    return urls


def _tokens(text: str, defs: dict[str, str], footnotes: set[str]) -> list[_Token]:
    """The candidate tokens of ``text``, in marko's order (links, then its inline elements' list order)."""
    found = _links(text, defs) if "]" in text or "*" in text or "_" in text else []
    if "<" in text:
        for m in AUTOLINK_RE.finditer(text):
            dest = m.group(1)
            found.append(_Token(m.start(), m.end(), 7, "url", "mailto:" + dest if EMAIL_RE.match(dest) else dest))
    if "`" in text:
        found.extend(_Token(start, end, 7) for start, end in code_spans(text))
    if "<" in text:
        found.extend(_Token(m.start(), m.end(), 7) for m in inline_html_matches(text))
    if "\\" in text:
        found.extend(_Token(m.start(), m.end(), 7) for m in LITERAL_RE.finditer(text))
    if "~" in text:
        found.extend(_Token(m.start(), m.end(), 5, inner=m.span(2)) for m in STRIKE_RE.finditer(text))
    if "://" in text or "www." in text or "@" in text:
        found.extend(_urls(text))
    if footnotes and "[^" in text:
        found.extend(
            _Token(m.start(), m.end(), 6)
            for m in FOOTNOTE_REF_RE.finditer(text)
            if _normalize_label(m.group(1)) in footnotes
        )
    if "[[" in text:
        found.extend(_Token(m.start(), m.end(), 7) for m in WIKILINK_RE.finditer(text))
    if "#" in text:  # shared with vaultlint.parse.syntax.Tag: the pattern and the check of the run before the `#`
        found.extend(_Token(m.start(), m.end(), 6) for m in tag_matches(text))
    if "^" in text:
        found.extend(_Token(m.start(), m.end(), 6, "id", m.group("id")) for m in BLOCK_ID_RE.finditer(text))
    for needle, pattern, priority in (("%%", COMMENT_RE, 7), ("$", MATH_RE, 7)):
        if needle in text:
            found.extend(_Token(m.start(), m.end(), priority) for m in pattern.finditer(text))
    if "==" in text:
        found.extend(_Token(m.start(), m.end(), 5, inner=m.span(1)) for m in highlight_matches(text))
    found.sort(key=lambda t: t.start)  # stable: equal starts keep marko's order
    return found


def _urls(text: str) -> list[_Token]:
    """GFM bare URLs (and e-mail addresses, which can hide other tokens), trimmed as marko trims them."""
    found = []
    for m in itertools.chain(_www_matches(text), _bare_matches(text)):
        domain = m.group(2)
        if domain:
            parts = domain.split(".")
            if len(parts) < 2 or any("_" in p for p in parts[-2:]):
                continue
        link, end = m.group(), m.end()
        if link[-1] in "?!.,:*_~":
            end -= 1
        elif link[-1] == ")" and link.count(")") > link.count("("):
            end -= link.count(")") - link.count("(")
        else:
            entity = _ENTITY_END_RE.search(link)
            if entity:
                end -= len(entity.group())
        dest = text[m.start(1) : end]
        if EMAIL_RE.match(dest):
            dest = "mailto:" + dest
        if WWW_RE.match(dest):
            dest = "http://" + dest
        found.append(_Token(m.start(), end, 5, "url", dest))
    return found


def _www_matches(text: str) -> Iterator[re.Match[str]]:
    """WWW_RE.finditer(text), tried only where a `www.` starts: much faster than at every position."""
    at, end = text.find("www."), 0
    while at >= 0:
        m = WWW_RE.match(text, at) if at >= end else None
        if m:
            yield m
            end = m.end()
        at = text.find("www.", max(at + 1, end))


def _bare_matches(text: str) -> Iterator[re.Match[str]]:
    """BARE_RE.finditer(text); without an `@` (the e-mail form) only a scheme right before `://` can start one."""
    if "@" in text:
        yield from BARE_RE.finditer(text)
        return
    at, end = text.find("://"), 0
    while at >= 0:
        scheme = next((s for s in ("https", "http", "ftp") if text.endswith(s, 0, at)), "")
        m = BARE_RE.match(text, at - len(scheme)) if scheme and at - len(scheme) >= end else None
        if m:
            yield m
            end = m.end()
        at = text.find("://", max(at + 1, end))


class _Delimiter:
    """A `[`, `![` or emphasis run in marko's delimiter stack; emphasis runs know whether they can open or close."""

    __slots__ = ("start", "end", "content", "active", "can_open", "can_close")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.start, self.end, self.content, self.active = start, end, text[start:end], True
        self.can_open = self.can_close = False
        if self.content[0] in "*_":
            left, right = _flanking(text, start, end)
            if self.content[0] == "*":
                self.can_open, self.can_close = left, right
            else:  # `_` inside a word neither opens nor closes
                self.can_open = left and (not right or _punctuation_at(text, start - 1))
                self.can_close = right and (not left or _punctuation_at(text, end))

    def closed_by(self, other: _Delimiter) -> bool:
        """marko's rule of three: runs that can both open and close pair only if their lengths allow."""
        return not (
            self.content[0] != other.content[0]
            or (self.can_open and self.can_close or other.can_open and other.can_close)
            and len(self.content + other.content) % 3 == 0
            and not all(len(d.content) % 3 == 0 for d in (self, other))
        )

    def remove(self, n: int, left: bool = False) -> bool:
        """Use ``n`` chars of the run; True when it is used up."""
        if len(self.content) <= n:
            return True
        if left:
            self.start += n
        else:
            self.end -= n
        self.content = self.content[n:]
        return False


def _flanking(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether the run text[start:end] is left- and right-flanking."""
    space_after = end >= len(text) or _SPACE_RE.match(text, end) is not None
    space_before = start == 0 or _SPACE_RE.match(text, start - 1) is not None
    punct_after, punct_before = _punctuation_at(text, end), _punctuation_at(text, start - 1)
    left = not space_after and (not punct_after or start == 0 or punct_before or space_before)
    right = not space_before and (not punct_before or end == len(text) or punct_after or space_after)
    return left, right


def _punctuation_at(text: str, at: int) -> bool:
    return 0 <= at < len(text) and _is_punctuation(text[at])


@functools.lru_cache(maxsize=1024)
def _is_punctuation(ch: str) -> bool:
    return ch in string.punctuation or unicodedata.category(ch)[0] in "PS"


def _links(text: str, defs: dict[str, str]) -> list[_Token]:
    """Links, images and emphasis by marko's delimiter scan (code spans and escapes skipped)."""
    found: list[_Token] = []
    delimiters: list[_Delimiter] = []
    brackets = Brackets(text)
    code_ends = code_span_ends(text)
    at = 0
    while True:
        m = _OPENER_RE.search(text, at)
        if m is None:
            break
        c = m.group()[0]
        if c == "\\":
            at = m.start() + 2
        elif c == "`":
            at = code_ends.get(m.start(), m.end())
        elif c == "]":
            at = _close_link(text, m.start(), delimiters, brackets, defs, found)
        else:
            if m.group()[-1] == "[":
                brackets.at.append(len(delimiters))
            delimiters.append(_Delimiter(text, m.start(), m.end()))
            at = m.end()
    _emphasis(delimiters, None, found)
    return found


def code_span_ends(text: str) -> dict[int, int]:
    """Where marko's code span pattern (CODE_SPAN_RE) matches in ``text``, tried at any position: the start of
    each backtick run it matches at, and the end of the match. The pattern takes a whole run (no backtick before
    or after it) and ends at the first later run of exactly its length, so one pass backwards over the runs,
    keeping the last run of each length, finds them all; the pattern itself reads on to the end of the text at
    each run that has none (runs of 1 to 800 backticks, 320 KB: the scan took 8 s). The full parse finds its code
    spans here too (linkrefs.CodeSpan)."""
    ends: dict[int, int] = {}
    if "`" not in text:
        return ends
    later: dict[int, int] = {}  # a run length: where the nearest run of that length after this one starts
    for run in reversed([m.span() for m in _BACKTICKS_RE.finditer(text)]):
        start, length = run[0], run[1] - run[0]
        if length in later:
            ends[start] = later[length] + length
        later[length] = start
    return ends


@functools.cache
def _html_pattern(closed: frozenset[int]) -> re.Pattern[str]:
    """INLINE_HTML_RE without the lazy reads of the alternatives in ``closed`` (what is left of them kept)."""
    parts = (left if i in closed else part for i, (part, _, left) in enumerate(_HTML_PARTS))
    return re.compile("(" + "|".join(part for part in parts if part) + ")")


def inline_html_matches(text: str) -> Iterator[re.Match[str]]:
    """INLINE_HTML_RE.finditer(text), each match tried without the lazy reads that surely fail. A comment,
    processing instruction, declaration or CDATA section reads on to its first closing string (`-->`, `?>`, `>`,
    `]]>`), and to the end of the text when none follows: at every one of its openers (`x <!--a ` repeated: 8,000
    of them took 10 s to check). Past the last closing string of a kind, its alternative can match nowhere, so it
    is left out; before it, its read ends at a closing string, where the match ends (finditer goes on from there).
    Every alternative starts with `<`, and none looks behind: a match tried at each `<` is finditer's."""
    last = {i: text.rfind(closer) for i, (_, closer, _) in enumerate(_HTML_PARTS) if closer}
    at = text.find("<")
    while at >= 0:
        m = _html_pattern(frozenset(i for i, end in last.items() if end < at)).match(text, at)
        if m:
            yield m
        at = text.find("<", m.end() if m else at + 1)


_NOT_SPACE_RE = re.compile(r"\S")


def highlight_matches(text: str, pattern: re.Pattern[str] | None = None) -> Iterator[re.Match[str]]:
    """HIGHLIGHT_RE.finditer(text) (or ``pattern``'s, syntax.Highlight's: the same), tried only where it can match.
    Its body reads on to the first `==` after a non-space, and to the end of the text when none follows: at every
    `==` (`==a ` repeated: 8,000 took 5.6 s to check). The last such `==` is found once; an opener too close to
    it, or past it, cannot match; one before it matches up to a closer (finditer goes on from its end) or fails
    at once (a space after the `==`). The pattern starts with `==` and looks behind nothing."""
    last = text.rfind("==")  # the last `==` with a non-space before it: where the last body can end
    while last > 0 and not _NOT_SPACE_RE.match(text, last - 1):
        last = text.rfind("==", 0, last + 1)
    pattern = pattern or HIGHLIGHT_RE
    at = text.find("==")
    while 0 <= at and at + 3 <= last:
        m = pattern.match(text, at)
        if m:
            yield m
        at = text.find("==", m.end() if m else at + 1)


def code_spans(text: str) -> Iterator[tuple[int, int]]:
    """The spans of CODE_SPAN_RE.finditer(text), in order: each run's match, unless an earlier match covers it."""
    after = 0
    for start, end in sorted(code_span_ends(text).items()):
        if start >= after:
            yield start, end
            after = end


class Brackets:
    """Where the `[` and `![` of a delimiter stack are, bottom first, and how many of them (from the bottom) are
    known to be inactive: at a `]` the last is found at once, not by a walk past every emphasis run above it
    (`*a] ` repeated walked them all at every `]`: quadratic). Used by the scan and by the full parse
    (linkrefs.find_links_or_emphs, on marko's delimiters). A bracket keeps its place in the stack while it is on
    this one: until the final processing of emphasis, delimiters are removed only at or above the last bracket."""

    __slots__ = ("at", "inactive", "balance")

    def __init__(self, text: str) -> None:
        self.at: list[int] = []
        self.inactive = 0
        self.balance = BracketBalance(text)  # whether a link's text has its brackets paired, without reading it

    def pop(self) -> int:
        """The place of the last bracket, taken off the stack."""
        i = self.at.pop()
        self.inactive = min(self.inactive, len(self.at))
        return i

    def deactivate(self, delimiters: list[Any]) -> None:
        """A link was made: no link inside it, so every `[` below goes inactive (each once: those not known to be)."""
        for below in self.at[self.inactive :]:
            if delimiters[below].content == "[":
                delimiters[below].active = False
        self.inactive = len(self.at)


def _close_link(
    text: str, close: int, delimiters: list[_Delimiter], brackets: Brackets, defs: dict[str, str], found: list[_Token]
) -> int:
    """At a `]`: the link or image it closes, if any; where the scan goes on."""
    if not brackets.at:
        return close + 1
    i = brackets.pop()
    opener = delimiters[i]
    link = None
    if opener.active and brackets.balance.paired(opener.end, close):
        link = _inline_link(text, close + 1)
        if link is None and defs:
            label = text[opener.end : close] if brackets.balance.may_be_label(opener.end, close, defs) else ""
            link = _reference_link(text, close + 1, label, defs)
    if link is None:
        del delimiters[i]
        return close + 1
    _emphasis(delimiters, i, found)  # emphasis inside the link text is closed there
    dest, link_end = link
    kind = "image" if opener.content == "![" else "url"
    found.append(_Token(opener.start, link_end, 5, kind, _clean_dest(dest), inner=(opener.end, close)))
    if opener.content == "[":
        brackets.deactivate(delimiters)
    del delimiters[i]
    return link_end


def _emphasis(delimiters: list[_Delimiter], bottom: int | None, found: list[_Token]) -> None:
    """marko's process_emphasis: pair closers with the nearest openers above ``bottom``, then drop the stack there."""
    star_bottom = underscore_bottom = bottom
    cur = _next_closer(delimiters, bottom)
    while cur is not None:
        closer = delimiters[cur]
        floor = star_bottom if closer.content[0] == "*" else underscore_bottom
        opener_at = _nearest_opener(delimiters, cur, floor)
        if opener_at is not None:
            opener = delimiters[opener_at]
            n = 2 if len(opener.content) >= 2 and len(closer.content) >= 2 else 1
            found.append(_Token(opener.end - n, closer.start + n, 5, inner=(opener.end, closer.start)))
            del delimiters[opener_at + 1 : cur]
            cur -= cur - opener_at - 1
            if opener.remove(n):
                delimiters.remove(opener)
                cur -= 1
            if closer.remove(n, True):
                delimiters.remove(closer)
            cur = cur - 1 if cur > 0 else None  # so a closer left over is tried again
        else:
            new_floor = cur - 1 if cur > 1 else None
            if closer.content[0] == "*":
                star_bottom = new_floor
            else:
                underscore_bottom = new_floor
            if not closer.can_open:
                delimiters.remove(closer)
                cur = cur - 1 if cur > 0 else None
        cur = _next_closer(delimiters, cur)
    del delimiters[0 if bottom is None else bottom + 1 :]


def _next_closer(delimiters: list[_Delimiter], bound: int | None) -> int | None:
    for i in range(0 if bound is None else bound + 1, len(delimiters)):
        if delimiters[i].can_close:
            return i
    return None


def _nearest_opener(delimiters: list[_Delimiter], higher: int, lower: int | None) -> int | None:
    for i in range(higher - 1, -1 if lower is None else lower, -1):
        if delimiters[i].can_open and delimiters[i].closed_by(delimiters[higher]):
            return i
    return None


def _resolve(tokens: list[_Token]) -> list[_Token]:
    """marko's _resolve_overlap: the earlier token wins an overlap unless the later one has a higher priority."""
    if not tokens:
        return tokens
    kept = []
    prev = tokens[0]
    for cur in tokens[1:]:
        if prev.end <= cur.start:
            kept.append(prev)
            prev = cur
        elif prev.end >= cur.end and prev.nest and cur.start >= prev.inner_start and cur.end <= prev.inner_end:
            prev.children.append(cur)
        elif prev.end >= cur.end and prev.nest and prev.inner_end <= cur.start:
            continue  # after the children, in the link's destination: shadowed
        elif prev.priority < cur.priority:
            prev = cur
    kept.append(prev)
    return kept
