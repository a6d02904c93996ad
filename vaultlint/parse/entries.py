"""The grammar of resource list items: which link an item lists, which links are entries, how a bracket splits.

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
import html.entities
import re

from vaultlint.facts import Field

# `;` inside a code span, an HTML entity or after a backslash does not separate fields.
FIELD_TOKEN_RE = re.compile(r"`+[^`]*`+|&(?:#\d+|#[xX][0-9a-fA-F]+|\w+);|\\.|;")
# A date as entries write it, well formed or not: 2021, 2021-05, 2021/5/3 (a year first).
DATE_LIKE_RE = re.compile(r"\d{4}(?:[-/.]\d{1,2}){0,2}")
# A date after a word or two: a kind whose `;` was left out (`YouTube 2021-04`), or a date in words.
DATED_FIELD_RE = re.compile(r"(?:[^\s;,]+[ \t\u00a0]+){0,2}" + DATE_LIKE_RE.pattern)
HAS_DIGIT_RE = re.compile(r"\d")
# A month (or a day and a month) before a comma or a year is part of a date: `May 5, 2021`, `12 May 2021`.
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_WORDS_RE = re.compile(
    rf"(?i)(?:\d{{1,2}}\s+)?{MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?|spring|summer|autumn|fall|winter"
)
# What may stand before a list item's resource link: tags, wiki links, images, a task box, emphasis.
ITEM_MARKUP_RE = re.compile(
    r"#[^\s#]+|!?\[\[[^\]]*\]\]|!\[[^\]]*\]\([^)]*\)|\[.\]|(\*\*|__|\*|_|~~|==)[^*_~=]*\1|[*_~=`]+"
)
ITEM_TAIL = " \t)]*_~"  # what may follow it to the end of the line: closing marks
LEAD_ENDS = (":", "-", "\u2013", "\u2014", "(", ")", "[", "|")  # a lead-in that hands over to its link
LEAD_IN_WORDS = 6
KIND_SEPARATORS = ("&", "+")  # what joins the parts of a compound kind (`Blog & Paper`) unless configured


def split_fields(meta: Field) -> tuple[Field, ...]:
    """Split a metadata bracket on its field separators, keeping each field's raw text and offsets."""
    text = meta.text
    cuts = [m.end() - 1 for m in FIELD_TOKEN_RE.finditer(text) if _separates(m.group(), text, m.start())]
    fields, prev = [], 0
    for cut in [*cuts, len(text)]:
        fields.append(Field(text[prev:cut], meta.start + prev, meta.start + cut))
        prev = cut + 1
    return tuple(fields)


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
    words = [w for w in rest.split() if any(c.isalpha() for c in w)]
    return not words or (rest.rstrip().endswith(LEAD_ENDS) and len(words) <= LEAD_IN_WORDS)


def ends_line(after: str) -> bool:
    """Whether only closing marks follow a link to the end of its line (`Name [[Paper](url)]`)."""
    return not after.strip(ITEM_TAIL)


def _separates(token: str, text: str, at: int) -> bool:
    """A bare `;` not between two letters, or the `;` closing `&word;` when that is no HTML entity (`Blog&paper;`)."""
    if token == ";":
        return not (0 < at < len(text) - 1 and text[at - 1].isalpha() and text[at + 1].isalpha())
    return token.startswith("&") and token[1:] not in html.entities.html5


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
