"""ENT001 entry-syntax: an entry's metadata bracket must be `Author; kind; date`.

What it does
    Reports an entry whose metadata bracket does not hold exactly three
    `;`-separated fields, and says which fields look missing. When a `,` stands
    where a `;` belongs (``[Google; Blog & Paper, 2021-05]``) it says so and
    points at that comma.

Why
    The other entry rules (kind, date, spacing) read the fields by position:
    a bracket with two fields, or a comma in place of a `;`, hides its kind and
    date from them, and from anyone who sorts or filters the vault by them.

Example
    ``- LaMDA: "LLM trained on dialogue" [Google; Blog & Paper, 2021-05](https://...)``
    reports the comma; ``"SEER: ..." [2021-03-04](https://...)`` reports that
    the author and the kind are missing.

    A quoted title followed by a link whose text is a single name and no date,
    ``"A curated list of MLOps projects" [MLOps.toys](https://...)``, is a
    plain link to a site, not a broken bracket: it is reported only with
    ``strict``.

Fix safety
    Safe only where the intent is unambiguous: two fields, the last of which
    holds exactly one comma whose right-hand part is a date. The fix replaces
    that comma with `;` and keeps the spacing around it. Everything else needs
    a human to say what the missing fields are.

Options
    strict
        Also report a title followed by a single-name link (``"Title" [Site](url)``)
        as missing its kind and date (default ``false``).
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.facts import Entry, Field
from vaultlint.model import Applicability, Edit, Finding
from vaultlint.note import Note
from vaultlint.rules._common import DATE_RE, Context, Rule, RuleOptions, keep_reference, options_for, plural

EXPECTED = 'expected "Author; kind; date"'


def _is_date(text: str) -> bool:
    return DATE_RE.fullmatch(text.strip()) is not None


def _commas(field: Field) -> list[int]:
    """Offsets (into the note) of the commas in ``field``."""
    return [field.start + i for i, ch in enumerate(field.text) if ch == ","]


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
    dated = [c for c in _commas(last) if _is_date(note.text[c + 1:last.end])]
    return dated[0] if dated else None


class EntrySyntax(Rule):
    code = "ENT001"
    name = "entry-syntax"
    summary = "Entry metadata is not `Author; kind; date`"
    fixable = Applicability.SAFE

    class Options(RuleOptions):
        strict: bool = False

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        options = options_for(ctx, self.Options)
        for entry in note.facts.entries:
            if len(entry.fields) == 3:
                continue
            comma = _separator_comma(note, entry.fields)
            if comma is not None:
                yield keep_reference(entry, self._comma(note, entry, comma))
            elif options.strict or not _site_link(entry):
                yield self._field_count(note, entry)

    def _comma(self, note: Note, entry: Entry, comma: int) -> Finding:
        message = f'comma used as a field separator in "{entry.meta.text}"; {EXPECTED}'
        # Unambiguous only as "Author; kind, date": two fields, and the last one's only comma precedes a date.
        fields = entry.fields
        if len(fields) == 2 and _commas(fields[1]) == [comma] and _is_date(note.text[comma + 1:fields[1].end]):
            return self.finding(note, comma, comma + 1, message, [Edit(comma, comma + 1, ";")],
                                'replace "," with ";"')
        return self.finding(note, comma, comma + 1, message)

    def _field_count(self, note: Note, entry: Entry) -> Finding:
        meta, fields = entry.meta, entry.fields
        if len(fields) == 1 and not meta.text.strip():
            message = f"empty metadata bracket; {EXPECTED}"
        elif len(fields) > 3:
            message = f'{plural(len(fields), "field")} in "{meta.text}"; {EXPECTED}{_extra_hint(fields)}'
        else:
            message = f'{plural(len(fields), "field")} in "{meta.text}": {_missing(fields)}; {EXPECTED}'
        return self.finding(note, meta.start, meta.end, message)


def _site_link(entry: Entry) -> bool:
    """`"Title" [Site](url)`: a single name, not a date, is a plain link rather than a broken bracket."""
    text = entry.meta.text
    return len(entry.fields) == 1 and bool(text.strip()) and not _is_date(text)


def _missing(fields: tuple[Field, ...]) -> str:
    """Which of author, kind, date look missing from one or two fields."""
    dates = [_is_date(f.text) for f in fields]
    if len(fields) == 1:
        return "author and kind missing" if dates[0] else "kind and date missing"
    if dates[1]:
        return "kind missing"
    if dates[0]:
        return "one field missing, and the date should come last"
    return "date missing"


def _extra_hint(fields: tuple[Field, ...]) -> str:
    if not fields[-1].text.strip():
        return ' (a trailing ";"?)'
    if not fields[0].text.strip():
        return ' (a leading ";"?)'
    return ""
