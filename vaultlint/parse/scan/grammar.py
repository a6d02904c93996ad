"""marko 2.2.4's block and inline patterns, copied: the outline scan does not import marko (it costs start-up)."""

# tests/test_scan.py compares each with marko's own. The Obsidian patterns are in vaultlint.parse.patterns.

from __future__ import annotations

import re

from vaultlint.lazyre import lazy_compile

# -- blocks ------------------------------------------------------------------------------------
THEMATIC_RE = re.compile(r" {,3}([-_*][^\n\S]*){3,}$\n?", re.M)
FENCE_RE = lazy_compile(r"( {,3})(`{3,}|~{3,})[^\n\S]*(.*?)$", re.M)
FENCE_CLOSE_RE = lazy_compile(r" {,3}(~+|`+)[^\n\S]*$", re.M)
ALERT_RE = lazy_compile(r"(?im) {,3}>\s*\[\!(WARNING|NOTE|TIP|IMPORTANT|CAUTION)\]\s*$")
HEADING_RE = re.compile(r" {0,3}(#{1,6})((?=\s)[^\n]*?|[^\n\S]*)(?:(?<=\s)(?<!\\)#+)?[^\n\S]*$\n?", re.M)
LIST_RE = re.compile(r" {,3}(\d{1,9}[.)]|[*\-+])[ \t\n\r\f]")
QUOTE_PREFIX = r" {,3}>[^\n\S]?"
SETEXT_RE = re.compile(r" {,3}(=+|-+)[^\n\S]*$")
TABLE_ROW_RE = re.compile(r" {,3}\S")
CELL_SPLIT_RE = re.compile(r"\s*(?<!\\)\|\s*")
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
    (1, lazy_compile(r"(?i) {,3}<(script|pre|style|textarea)[>\s]"), "raw"),
    (2, re.compile(r" {,3}<!--"), re.compile(r"-->")),
    (3, re.compile(r" {,3}<\?"), re.compile(r"\?>")),
    (4, re.compile(r" {,3}<!"), re.compile(r">")),  # takes `<![CDATA[` too: marko's kind 5 never comes
    (6, lazy_compile(r"(?im) {,3}</?(?:" + "|".join(HTML_TAGS) + r")(?: +|/?>|$)"), None),
    (
        7,
        lazy_compile(
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
# -- inlines -----------------------------------------------------------------------------------
_URI = r"[A-Za-z][A-Za-z\-.+]{1,31}:[^\s<>]*?"
_EMAIL = (
    r"[a-zA-Z0-9.!#$%&\'*+/=?^_`{|}~-]+@[a-zA-Z0-9]"
    r"(?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*"
)
EMAIL_RE = re.compile(_EMAIL)
AUTOLINK_RE = lazy_compile(rf"<({_URI}|{_EMAIL})>")
# marko's code span pattern: what code_span_ends finds, in one pass
CODE_SPAN_RE = lazy_compile(r"(?<!`)(`+)(?!`)([\s\S]+?)(?<!`)\1(?!`)")
# marko's inline HTML pattern, by its alternatives: (pattern, the string a lazy read ends at, what is left of the
# alternative when no such string follows). The last four read on to the end of the text when none follows.
HTML_PARTS: tuple[tuple[str, str, str], ...] = (
    ("<" + _TAG_NAME + "(?:" + _ATTRIBUTE + ")* */?>", "", ""),
    ("</" + _TAG_NAME + " *>", "", ""),
    (r"<!--(?:>|->|[\s\S]*?-->)", "-->", r"<!--(?:>|->)"),
    (r"<\?[\s\S]*?\?>", "?>", ""),
    (r"<![A-Z]+ +[\s\S]*?>", ">", ""),
    (r"<!\[CDATA\[[\s\S]*?\]\]>", "]]>", ""),
)
INLINE_HTML_RE = lazy_compile("(" + "|".join(part for part, _, _ in HTML_PARTS) + ")")
LITERAL_RE = re.compile(r'\\([!"#\$%&\'()*+,\-./:;<=>?@\[\\\]^_`{|}~])')
STRIKE_RE = re.compile(r"(?<!~)(~|~~)([^~]+)\1(?!~)")
WWW_RE = re.compile(r"(?:^|(?<=[\s*_~(\uff00-\uffef]))(www\.([\w.\-]*?\.[\w.\-]+)[^<\s]*)")
BARE_RE = re.compile(
    r"(?:^|(?<=[\s*_~(\uff00-\uffef]))((?:https?|ftp)://([\w.\-]*?\.[\w.\-]+)"
    r"[^<\s]*|[\w.\-+]+@[\w.\-]*?\.[\w.\-]*[a-zA-Z0-9](?=[\s.<]|\Z))"
)
FOOTNOTE_REF_RE = re.compile(r"\[\^([^\]]+)\]")
