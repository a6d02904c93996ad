"""The grammar of resource list items: which link an item lists, which are entries, labels, how fields split.

An entry is ``- [*label*: ][Name: ]"Title" [Author; kind; date](url)``. Link
text is ordinary prose in most vaults (``[tl;dr papers](url)``,
``[Meeting notes; Jan 2024](url)``), so a link is an entry only when its
shape says so. A link in the first paragraph of a list item is an entry when

1. it follows a quoted title (only spaces between) and its text holds a
   field separator, or is a date, alone, after a word or two or after a
   comma (``"T" [Google; paper]``, ``"SEER" [2021-03-04]``,
   ``"T" [YouTube 2021]``, ``"T" [A, blog, 2020]``); or
2. it stands where an item names its resource (it opens the item, or ends
   the item's first line) and its text has three or more fields, the last
   empty or holding a digit (``see also [Lex Fridman Podcast; YouTube; 2022-10]``); or
3. it stands there and its text has two fields, the last a date
   (``[Yannic Kilcher; 2021-03]``).

In a note that has at least one such entry, the house style is known, and
two looser shapes count too: any other link after a quoted title
(``"T" [Site](url)``, ``"T" [](url)``) and a link that stands where an item
names its resource with two fields or more (``[Google; paper](url)``).

A field separator is a ``;`` that is not escaped, not in a code span, not
the end of an HTML entity, and not between two letters: ``tl;dr`` is a word.
"""

from __future__ import annotations

import functools
import re

from vaultlint.facts import Entry, Field, Label, UnlinkedEntry
from vaultlint.lazyre import lazy_compile

# A quoted title right before the metadata link, with the whitespace between them.
# Straight quotes may hold curly ones ("It's “fine”"); curly or mixed quotes hold no quote at all.
# Each branch opens with one character (no class of them): a search skips to the next quote (sre's prefix set).
TITLE_RE = lazy_compile(
    r'(?P<title>"[^"\n]*"|“[^“”"\n]*[”“"]|„[^“”"\n]*[”“"]|”[^“”"\n]*[”“"]|"[^"“”\n]*[”“])(?P<gap>[ \t\u00a0]*)\Z'
)
LABEL_COLON_RE = lazy_compile(r"[ \t]*:")  # after a list item's opening emphasis: the item has a label
# A bracket that is no link: `[A; b; 2020]` with nothing after it, or a space before its `(url)`.
UNLINKED_RE = lazy_compile(r"\[(?P<meta>[^\[\]\n]*;[^\[\]\n]*)\](?:[ \t]+\((?P<url>https?://[^\s()]+)\)|(?![(\[:]))")
# `;` inside a code span, an HTML entity or after a backslash does not separate fields.
FIELD_TOKEN_RE = lazy_compile(r"`+[^`]*`+|&(?:#\d+|#[xX][0-9a-fA-F]+|\w+);|\\.|;")
# A date as entries write it, well formed or not: 2021, 2021-05, 2021/5/3 (a year first).
_DATE_LIKE = r"\d{4}(?:[-/.]\d{1,2}){0,2}"
DATE_LIKE_RE = lazy_compile(_DATE_LIKE)
# A date after a word or two: a kind whose `;` was left out (`YouTube 2021-04`), or a date in words.
DATED_FIELD_RE = lazy_compile(r"(?:[^\s;,]+[ \t\u00a0]+){0,2}" + _DATE_LIKE)
HAS_DIGIT_RE = lazy_compile(r"\d")
# A month (or a day and a month) before a comma or a year is part of a date: `May 5, 2021`, `12 May 2021`.
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_WORDS_RE = lazy_compile(
    rf"(?i)(?:\d{{1,2}}\s+)?{MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?|spring|summer|autumn|fall|winter"
)
# What may stand before a list item's resource link: tags, wiki links, images, a task box, emphasis.
# Spelled with each alternative opening with its own character, so the regex engine skips to the next mark; the
# same matches as the one pattern it was first written as (tests/test_entry_precision.py keeps that one).
ITEM_MARKUP_RE = lazy_compile(
    r"#[^\s#]+|!\[\[[^\]]*\]\]|\[\[[^\]]*\]\]|!\[[^\]]*\]\([^)]*\)|\[.\]"
    r"|\*\*[^*_~=]*\*\*|__[^*_~=]*__|\*[^*_~=]*\*|_[^*_~=]*_|~~[^*_~=]*~~|==[^*_~=]*=="
    r"|\*[*_~=`]*|_[*_~=`]*|~[*_~=`]*|=[*_~=`]*|`[*_~=`]*"
)
ITEM_TAIL = " \t)]*_~"  # what may follow it to the end of the line: closing marks
LEAD_ENDS = (":", "-", "\u2013", "\u2014", "(", ")", "[", "|")  # a lead-in that hands over to its link
LEAD_IN_WORDS = 6
KIND_SEPARATORS = ("&", "+")  # what joins the parts of a compound kind (`Blog & Paper`) unless configured


def entry_of(
    text: str,
    since: int,
    item: tuple[int, int],
    link: tuple[int, int],
    meta: Field,
    dest: str,
    closing: str,
    resource: bool | None = None,
) -> tuple[Entry | None, bool]:
    """The entry a link in a list item's first paragraph (``item``) makes, if any, and whether it is a loose one
    (an entry only in a note that has one of the strict shape). ``since``: where the text that may hold its
    title starts (the end of the link before it); ``meta``: the link's text; ``closing``: its closing syntax;
    ``resource``: names_resource(text, item, link), when the caller has it."""
    titled = TITLE_RE.search(text, since, link[0])
    if resource is None:
        resource = names_resource(text, item, link)
    fields = split_fields(meta)
    if is_entry(fields, titled is not None, resource):
        return _entry(meta, fields, dest, link, titled, closing), False
    if is_loose_entry(fields, titled is not None, resource):
        return _entry(meta, fields, dest, link, titled, closing), True
    return None, False


def _entry(
    meta: Field, fields: tuple[Field, ...], dest: str, link: tuple[int, int], titled: re.Match[str] | None, closing: str
) -> Entry:
    title = gap = None
    if titled:
        title = Field(titled.group("title"), titled.start("title"), titled.end("title"))
        gap = Field(titled.group("gap"), titled.start("gap"), titled.end("gap"))
    label_is_key = not closing.startswith("](") and closing in ("]", "][]")
    return Entry(meta, fields, dest, link[0], link[1], title=title, gap=gap, label_is_key=label_is_key)


def unlinked_entries(text: str, item: tuple[int, int], others: list[tuple[int, int]]) -> list[UnlinkedEntry]:
    """Brackets of entry shape in a list item's first paragraph that are no link (a space before `(url)`, or
    none); ``others``: the spans of its elements other than plain text (links, code), where no bracket is text."""
    start, end = item
    found = []
    for m in UNLINKED_RE.finditer(text, start, end):
        if any(a < m.end("meta") + 1 and m.start() < b for a, b in others):
            continue  # inside a link, code or another element: not text
        meta = Field(m.group("meta"), m.start("meta"), m.end("meta"))
        titled = TITLE_RE.search(text, start, m.start()) is not None
        if is_entry(split_fields(meta), titled, resource=True):
            url = Field(m.group("url"), m.start("url"), m.end("url")) if m.group("url") else None
            found.append(UnlinkedEntry(meta, url))
    return found


def label_at(text: str, first: tuple[int, int], plain: str, marker: str, after: int) -> Label | None:
    """The label of a list item that opens with emphasis (``first``, its text ``plain``, opened by ``marker``)
    followed by plain text at ``after``: `- *label*: ...` when that text starts with a colon."""
    colon = LABEL_COLON_RE.match(text, after)
    if not colon:
        return None
    start, end = first
    return Label(plain, marker, Field(text[start:end], start, end), start, colon.end())


def names_resource(text: str, item: tuple[int, int], link: tuple[int, int]) -> bool:
    """Whether a link stands where a list item names its resource: it opens the item (after markup, tags
    or a short `Name:`), or ends the item's first line with only closing marks after it."""
    line_end = text.find("\n", item[0], item[1])
    first_line = item[1] if line_end < 0 else line_end
    # the cheap test first (both have no side effect): most links that name a resource end their line
    return (link[1] <= first_line and ends_line(text[link[1] : first_line])) or opens_item(text[item[0] : link[0]])


def split_fields(meta: Field) -> tuple[Field, ...]:
    """Split a metadata bracket on its field separators, keeping each field's raw text and offsets."""
    text = meta.text
    if ";" not in text:  # every separator is a `;` (a bare one, or an entity's last): one field (most link texts)
        return (Field(text, meta.start, meta.start + len(text)),)
    if "`" in text or "&" in text or "\\" in text:
        cuts = [m.end() - 1 for m in FIELD_TOKEN_RE.finditer(text) if _separates(m.group(), text, m.start())]
    else:  # no code span, entity or escape: FIELD_TOKEN_RE's tokens are the `;`s alone
        cuts = [at for at in _semicolons(text) if _separates(";", text, at)]
    fields, prev = [], 0
    for cut in [*cuts, len(text)]:
        fields.append(Field(text[prev:cut], meta.start + prev, meta.start + cut))
        prev = cut + 1
    return tuple(fields)


def _semicolons(text: str) -> list[int]:
    """Where each `;` of ``text`` is."""
    found = []
    at = text.find(";")
    while at >= 0:
        found.append(at)
        at = text.find(";", at + 1)
    return found


def is_entry(fields: tuple[Field, ...], titled: bool, resource: bool) -> bool:
    """A link is an entry by its own shape (rules 1-3 of the module docstring); ``resource``: it stands where
    its item names its resource."""
    last = fields[-1].text.strip()
    if titled:
        return len(fields) > 1 or DATED_FIELD_RE.fullmatch(last) is not None or comma_dated(last)
    if not resource or len(fields) < 2:
        return False
    if len(fields) >= 3:
        return not last or HAS_DIGIT_RE.search(last) is not None
    return DATE_LIKE_RE.fullmatch(last) is not None


def is_loose_entry(fields: tuple[Field, ...], titled: bool, resource: bool) -> bool:
    """A link that is an entry in a note known to hold entries: after a title, or a bracket of fields."""
    return titled or (resource and len(fields) > 1)


def comma_dated(text: str) -> bool:
    """`Blog & Paper, 2021-05`: a date after a comma that is not part of a date in words (`May 5, 2021`)."""
    head, comma, tail = text.rpartition(",")
    return bool(comma) and DATE_LIKE_RE.fullmatch(tail.strip()) is not None and not date_in_words(head)


def date_in_words(text: str) -> bool:
    """Whether ``text`` ends in a month, a day and a month, or a season (the start of a date in words)."""
    words = text.strip().split()
    return any(DATE_WORDS_RE.fullmatch(" ".join(words[-n:])) for n in (1, 2, 3) if len(words) >= n)


def opens_item(before: str) -> bool:
    """Whether the text of a list item before a link leaves the link opening the item: markup, tags, a task
    box, emoji or numbers only, or a short lead-in that hands over (`Python: [Requests](url)`, `Ruff ([GitHub](u))`)."""
    rest = ITEM_MARKUP_RE.sub(" ", before)
    if not rest.rstrip().endswith(LEAD_ENDS):
        return not _has_letter(rest)  # no lead-in that hands over: only a text without a word opens the item
    words = 0
    for word in rest.split():
        if _has_letter(word):
            words += 1
            if words > LEAD_IN_WORDS:  # a sentence, not a lead-in: the rest of it need not be read
                return False
    return True


def _has_letter(word: str) -> bool:
    # ASCII letters are the only ASCII characters with a case: one C call instead of a loop in Python.
    return word.upper() != word.lower() if word.isascii() else any(c.isalpha() for c in word)


def ends_line(after: str) -> bool:
    """Whether only closing marks follow a link to the end of its line (`Name [[Paper](url)]`)."""
    return not after.strip(ITEM_TAIL)


def _separates(token: str, text: str, at: int) -> bool:
    """A bare `;` not between two letters, or the `;` closing `&word;` when that is no HTML entity (`Blog&paper;`)."""
    if token == ";":
        return not (0 < at < len(text) - 1 and text[at - 1].isalpha() and text[at + 1].isalpha())
    if not token.startswith("&"):
        return False
    import html.entities  # here: 8e6 instructions to load, and a run from the cache reads no entry

    return token[1:] not in html.entities.html5


def kind_key(text: str) -> str:
    """A kind as compared: case and doubled spaces do not make a different kind ("Blog  Post" is "blog post")."""
    return " ".join(text.split()).lower()


@functools.cache
def _splitter(separators: tuple[str, ...]) -> re.Pattern[str] | None:
    """The pattern that splits a compound kind on its separators (and their spaces), if any are set."""
    marks = [re.escape(s.strip()) for s in separators if s.strip()]
    return re.compile(r"\s*(?:" + "|".join(marks) + r")\s*") if marks else None


def kind_parts(field: Field, separators: tuple[str, ...], spellings: dict[str, str]) -> list[Field]:
    """The parts of a kind field, each with its exact span, surrounding spaces excluded (empty parts too)."""
    stripped = field.text.strip()
    if not stripped:
        return []
    lead = len(field.text) - len(field.text.lstrip())
    whole = Field(stripped, field.start + lead, field.start + lead + len(stripped))
    # A configured kind may itself contain a separator ("Q&A"): keep it whole.
    splitter = _splitter(separators)
    if kind_key(stripped) in spellings or splitter is None:
        return [whole]
    bounds, at = [], 0
    for match in splitter.finditer(stripped):
        bounds.append((at, match.start()))
        at = match.end()
    bounds.append((at, len(stripped)))
    return [Field(stripped[a:b], whole.start + a, whole.start + b) for a, b in bounds]
