"""ENT001 entry-syntax: an entry's metadata bracket must be `Author; kind; date`.

What is an entry
    A link in the first paragraph of a list item whose shape says it is one;
    link text is ordinary prose elsewhere (``[tl;dr papers](url)``,
    ``[Meeting notes; Jan 2024](url)`` are no entries):

    1. after a quoted title (only spaces between), text that holds a field
       separator, or is a date, alone, after a word or two or after a comma:
       ``"T" [Google; paper; 2017](url)``, ``"SEER" [2021-03-04](url)``;
    2. where the item names its resource (the link opens the item, or ends its
       first line), three or more fields, the last empty or holding a digit:
       ``see also [Lex Fridman Podcast; YouTube; 2022-10](url)``;
    3. there, two fields, the last a date: ``[Yannic Kilcher; 2021-03](url)``.

    In a note that holds at least one such entry, two looser shapes are
    entries too: any link right after a quoted title (``"T" [Site](url)``) and
    a bracket of two or more fields where the item names its resource
    (``[Google; paper](url)``). A field separator is a ``;`` that is not
    escaped, in code or between two letters (``tl;dr`` is a word). Every ENT
    rule reads only entries; a note without any gets no ENT finding.

What it does
    Reports an entry whose metadata bracket does not hold exactly three
    `;`-separated fields, and says which fields look missing. In a note that
    holds entries, it also reports a bracket of entry shape that is no link:
    ``[Stanford CRFM; paper; 2022-11] (https://...)`` (a space keeps the
    bracket from its URL) or ``"T" [Meta AI; paper; 2021]`` with no URL at all. When a `,` stands
    where a `;` belongs (``[Google; Blog & Paper, 2021-05]``) it says so and
    points at that comma.

Why
    The other entry rules (kind, date, spacing) read the fields by position:
    a bracket with two fields, or a comma in place of a `;`, hides its kind and
    date from them, and from anyone who sorts or filters the vault by them.

Example
    ``- LaMDA: "LLM trained on dialogue" [Google; Blog & Paper, 2021-05](https://...)``
    reports the comma; ``"SEER: ..." [2021-03-04](https://...)`` reports that
    the author and the kind are missing; ``[AI Engineering; YouTube 2021-04]``
    reports the ``;`` missing before the date. Which field of two is missing is
    read from what they look like: ``[Arxiv Paper; 2020-09]`` misses its author
    when ``paper`` is a configured kind, ``[Google; 2021-05]`` its kind (with
    no kinds configured, the message says it cannot tell).

    A quoted title followed by a link whose text is a single name and no date,
    ``"A curated list of MLOps projects" [MLOps.toys](https://...)``, is a
    plain link to a site, not a broken bracket: it is reported only with
    ``strict``.

Fix safety
    Safe only where the intent is unambiguous: two fields, the last of which
    holds exactly one comma whose right-hand part is a date (the fix replaces
    that comma with `;` and keeps the spacing around it; a comma inside a date
    in words, ``May 5, 2021``, is no separator), or two fields, the last a
    configured kind and a date with only a space between them (the fix
    inserts the `;`; with words that are not a configured kind it is only
    reported, and a date in words, ``May 2021``, is no kind at all). Everything
    else needs a human to say what the missing fields are.

Options
    strict
        Also report a title followed by a single-name link (``"Title" [Site](url)``)
        as missing its kind and date (default ``false``).
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.display import plural
from vaultlint.facts import Entry, Field, UnlinkedEntry
from vaultlint.lazyre import lazy_compile
from vaultlint.model import Applicability, Edit, Finding
from vaultlint.parse.entries import date_in_words
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule, RuleOptions, options_for
from vaultlint.rules._helpers import DATE_RE, keep_reference

EXPECTED = 'expected "Author; kind; date"'
# `YouTube 2021-04`: a kind and a date with the `;` between them left out.
WORDS_THEN_DATE_RE = lazy_compile(r"(?P<words>\S(?:.*\S)?)(?P<space>[ \t\u00a0]+)" + DATE_RE.pattern)
YEAR_RE = lazy_compile(r"\d{4}")
KIND_PARTS_RE = lazy_compile(r"\s*(?:&|\+|/|\band\b)\s*")


def _is_date(text: str) -> bool:
    return DATE_RE.fullmatch(text.strip()) is not None


def _commas(field: Field) -> list[int]:
    """Offsets (into the note) of the commas in ``field``, but one inside a date in words (`May 5, 2021`)."""
    return [field.start + i for i, ch in enumerate(field.text) if ch == "," and not date_in_words(field.text[:i])]


def _dated(text: str) -> bool:
    """A date, well formed or written in words (`May 2021`, `12 May 2021`, `May 5, 2021`): the field is there."""
    words, _, year = text.strip().rpartition(" ")
    return _is_date(text) or (YEAR_RE.fullmatch(year) is not None and date_in_words(words.rstrip(",")))


def _separator_comma(note: Note, fields: tuple[Field, ...]) -> int | None:
    """The offset of a comma that stands where a `;` belongs, or None.

    Commas are separators when counting them as such makes exactly the three
    fields (the first one is returned), or else a comma is one when a date
    follows it.
    """
    if len(fields) > 2:
        return None
    every = [c for f in fields for c in _commas(f)]
    if len(fields) + len(every) == 3:
        return every[0]
    last = fields[-1]
    dated = [c for c in _commas(last) if _is_date(note.text[c + 1 : last.end])]
    return dated[0] if dated else None


class EntrySyntax(Rule):
    code = "ENT001"
    name = "entry-syntax"
    summary = "Entry metadata is not `Author; kind; date`"
    fixable = Applicability.SAFE
    fix_changes = frozenset({"wording"})  # the entry's text, never its structure (the rendering guard)

    class Options(RuleOptions):
        strict: bool = False

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        options = options_for(ctx, self.Options)
        kinds = _kind_words(ctx.conventions.kinds)
        for entry in note.facts.entries:
            if len(entry.fields) == 3:
                continue
            comma = _separator_comma(note, entry.fields)
            if comma is not None:
                yield keep_reference(entry, self._comma(note, entry, comma))
            elif (missing := _missing_semicolon(entry, kinds)) is not None:
                yield keep_reference(entry, self._semicolon(note, entry, *missing))
            elif options.strict or not _site_link(entry):
                yield self._field_count(note, entry, kinds)
        for unlinked in note.facts.unlinked_entries:
            yield self._unlinked(note, unlinked)

    def _unlinked(self, note: Note, unlinked: UnlinkedEntry) -> Finding:
        meta = unlinked.meta
        if unlinked.spaced_url is not None:
            why = 'a space between "]" and "(" keeps it from its URL'
        else:
            why = "it has no URL"
        return self.finding(note, meta.start - 1, meta.end + 1, f'entry "[{meta.text}]" is not a link: {why}')

    def _comma(self, note: Note, entry: Entry, comma: int) -> Finding:
        message = f'comma used as a field separator in "{entry.meta.text}"; {EXPECTED}'
        # Unambiguous only as "Author; kind, date": two fields, and the last one's only comma precedes a date.
        fields = entry.fields
        if len(fields) == 2 and _commas(fields[1]) == [comma] and _is_date(note.text[comma + 1 : fields[1].end]):
            return self.finding(note, comma, comma + 1, message, [Edit(comma, comma + 1, ";")], 'replace "," with ";"')
        return self.finding(note, comma, comma + 1, message)

    def _semicolon(self, note: Note, entry: Entry, space: int, kind: bool) -> Finding:
        message = f'a ";" missing before the date in "{entry.meta.text}"; {EXPECTED}'
        if len(entry.fields) == 1 or not entry.fields[0].text.strip():
            return self.finding(note, space, space, f"author missing, and {message}")
        if kind:  # "Author; kind date" where the words are a configured kind: only the `;` is missing
            return self.finding(note, space, space, message, [Edit(space, space, ";")], 'insert ";" before the date')
        return self.finding(note, space, space, message)

    def _field_count(self, note: Note, entry: Entry, kinds: frozenset[str]) -> Finding:
        meta, fields = entry.meta, entry.fields
        if len(fields) == 1 and not meta.text.strip():
            message = f"empty metadata bracket; {EXPECTED}"
        elif len(fields) > 3:
            message = f'{plural(len(fields), "field")} in "{meta.text}"; {EXPECTED}{_extra_hint(fields)}'
        else:
            message = f'{plural(len(fields), "field")} in "{meta.text}": {_missing(fields, kinds)}; {EXPECTED}'
        return self.finding(note, meta.start, meta.end, message)


def _site_link(entry: Entry) -> bool:
    """`"Title" [Site](url)`: a single name, not a date, is a plain link rather than a broken bracket."""
    text = entry.meta.text
    return len(entry.fields) == 1 and bool(text.strip()) and not _is_date(text)


def _missing_semicolon(entry: Entry, kinds: frozenset[str]) -> tuple[int, bool] | None:
    """Where a `;` belongs before the date of ``YouTube 2021-04`` (one or two fields, the last some words and a
    date), and whether the words are a configured kind. Words with a digit (`Vol. 3 1973`) or a date in words
    (`May 2021`, `Summer 2019`) are no kind."""
    if len(entry.fields) > 2:
        return None
    last = entry.fields[-1]
    stripped = last.text.strip()
    m = WORDS_THEN_DATE_RE.fullmatch(stripped)
    if m is None:
        return None
    words = m.group("words")
    if "," in words or any(ch.isdigit() for ch in words) or date_in_words(words):
        return None
    return last.start + last.text.index(stripped) + m.end("words"), _looks_like_kind(words, kinds)


def _kind_words(kinds: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """Every spelling of every configured kind, lower-cased."""
    return frozenset(w.lower() for canonical, aliases in kinds.items() for w in (canonical, *aliases))


def _looks_like_kind(text: str, kinds: frozenset[str]) -> bool:
    """A field that is a known kind, or ends in one (``Arxiv Paper``, ``blog & paper``)."""
    parts = [p for p in KIND_PARTS_RE.split(text.strip().lower()) if p]
    return bool(parts) and all(p in kinds or p.rsplit(" ", 1)[-1] in kinds for p in parts)


def _missing(fields: tuple[Field, ...], kinds: frozenset[str]) -> str:
    """Which of author, kind, date look missing from one or two fields, judged by what the fields look like."""
    dates = [_dated(f.text) for f in fields]
    if len(fields) == 1:
        return "author and kind missing" if dates[0] else "kind and date missing"
    if dates[1]:
        if _looks_like_kind(fields[0].text, kinds):
            return "author missing"
        return "kind missing" if kinds else "author or kind missing"
    if dates[0]:
        return "one field missing, and the date should come last"
    return "date missing"


def _extra_hint(fields: tuple[Field, ...]) -> str:
    if not fields[-1].text.strip():
        return ' (a trailing ";"?)'
    if not fields[0].text.strip():
        return ' (a leading ";"?)'
    return ""
