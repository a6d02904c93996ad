"""The entry grammar: which links of a list item are resource entries, and how a metadata bracket splits.

An entry is ``- [*label*: ][Name: ]"Title" [Author; kind; date](url)``. Link
text is ordinary prose in most vaults (``[tl;dr papers](url)``), so a link
is an entry only when its shape says so. A link in the first paragraph of a
list item is an entry when

1. it follows a quoted title (only spaces between) and its text holds a
   ``;``, or is a date, alone, after a word or two or after a comma
   (``"T" [Google; paper]``, ``"SEER" [2021-03-04]``, ``"T" [YouTube 2021]``,
   ``"T" [A, blog, 2020]``); or
2. its text has three or more ``;``-separated fields, the last empty or
   holding a digit (``see also [Lex Fridman Podcast; YouTube; 2022-10]``); or
3. its text has two fields and the last is a date, alone, after a word or
   two or after a comma (``[Yannic Kilcher; 2021-03]``,
   ``[AI Engineering; YouTube 2021-04]``, ``[Google; Blog & Paper, 2021-05]``).

In a note that has at least one such entry, the house style is known, and
two looser shapes count too: any other link after a quoted title
(``"T" [Site](url)``, ``"T" [](url)``) and any list-item link whose text
holds a ``;`` (``[Google; paper](url)``: an entry whose date is missing).
"""

from __future__ import annotations

import html.entities
import re

from vaultlint.facts import Field

# `;` inside a code span, an HTML entity or after a backslash does not separate fields.
FIELD_TOKEN_RE = re.compile(r"`+[^`]*`+|&(?:#\d+|#[xX][0-9a-fA-F]+|\w+);|\\.|;")
# A date as entries write it, well formed or not: 2021, 2021-05, 2021/5/3, 05.2021 stays out (no year first).
DATE_LIKE_RE = re.compile(r"\d{4}(?:[-/.]\d{1,2}){0,2}")
# The last field of a two-field bracket: a date, maybe after a word or two (a kind whose `;` was left out).
DATED_FIELD_RE = re.compile(r"(?:[^\s;,]+[ \t\u00a0]+){0,2}" + DATE_LIKE_RE.pattern)
HAS_DIGIT_RE = re.compile(r"\d")


def split_fields(meta: Field) -> tuple[Field, ...]:
    """Split a metadata bracket on its bare `;`s, keeping each field's raw text and offsets.

    A `;` that ends an entity (`&amp;`), is escaped (`\\;`) or sits in a code
    span is part of a field, not a separator.
    """
    cuts = [m.end() - 1 for m in FIELD_TOKEN_RE.finditer(meta.text) if _separates(m.group())]
    fields, prev = [], 0
    for cut in [*cuts, len(meta.text)]:
        fields.append(Field(meta.text[prev:cut], meta.start + prev, meta.start + cut))
        prev = cut + 1
    return tuple(fields)


def is_entry(fields: tuple[Field, ...], titled: bool) -> bool:
    """A link is an entry by its own shape (rules 1-3 of the module docstring)."""
    last = fields[-1].text.strip()
    if titled and len(fields) > 1:
        return True
    if len(fields) >= 3:
        return not last or HAS_DIGIT_RE.search(last) is not None
    comma_dated = "," in last and _dated(last.rsplit(",", 1)[-1])  # `Blog & Paper, 2021-05`: a `;` written `,`
    if len(fields) == 2:
        return DATED_FIELD_RE.fullmatch(last) is not None or comma_dated
    return titled and (DATED_FIELD_RE.fullmatch(last) is not None or comma_dated)


def is_loose_entry(fields: tuple[Field, ...], titled: bool) -> bool:
    """A link that is an entry in a note known to hold entries: after a title, or with a `;`."""
    return titled or len(fields) > 1


def _dated(text: str) -> bool:
    return DATE_LIKE_RE.fullmatch(text.strip()) is not None


def _separates(token: str) -> bool:
    """A bare `;`, or the `;` closing `&word;` when that is no HTML entity (`Blog&paper;`)."""
    return token == ";" or (token.startswith("&") and token[1:] not in html.entities.html5)
