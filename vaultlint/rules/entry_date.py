"""ENT004 entry-date: an entry's date must be `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, real, and not in the future.

What it does
    Checks the date (the third of the three fields of ``[Author; kind; date]``):

    - it must have one of the forms ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``
      (``2021/05`` or ``2021-5`` are reported with the spelling to use);
    - it must exist: no month 13, no ``2021-02-30``;
    - it must not be in the future. A ``YYYY`` or ``YYYY-MM`` date is in the
      future only when the whole year or month is after today.

    Spaces around the date are ENT005's business; an empty date is ENT002's;
    entries without exactly three fields are ENT001's.

Why
    Dates are how a reading list is sorted and how stale resources are found;
    a date that cannot be parsed, or one in the future (a typo for a past
    year), silently drops out of both.

Example
    ``[Google; paper; 2021-02-30]`` reports an impossible date;
    ``[OpenAI; paper; 2032-05]`` a future one.

Fix safety
    No fix: a wrong date has no single correct reading.

Options
    None.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from vaultlint.lazyre import lazy_compile
from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule
from vaultlint.rules._helpers import DATE_RE

# Near misses whose intended spelling is clear enough to suggest: 2021/5, 2021.05.03, 2021-5-3.
LOOSE_RE = lazy_compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?", re.ASCII)
FORMS = "expected YYYY, YYYY-MM or YYYY-MM-DD"


class EntryDate(Rule):
    code = "ENT004"
    name = "entry-date"
    summary = "Entry date is malformed, impossible or in the future"
    uses_today = True  # "in the future" changes at midnight

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        for entry in note.facts.entries:
            if len(entry.fields) != 3:
                continue
            field = entry.fields[2]
            text = field.text.strip()
            if not text:
                continue
            start = field.start + len(field.text) - len(field.text.lstrip())
            problem = _problem(text, ctx.today)
            if problem:
                yield self.finding(note, start, start + len(text), problem)


def _problem(text: str, today: dt.date) -> str | None:
    """What is wrong with the date ``text``, or None."""
    match = DATE_RE.fullmatch(text)
    if match is None:
        return f'malformed date "{text}"; {FORMS}{_suggestion(text)}'
    year, month, day = (int(g) if g else None for g in match.group("year", "month", "day"))
    assert year is not None
    if year == 0:
        return f'impossible date "{text}": there is no year 0'
    if month is not None and not 1 <= month <= 12:
        return f'impossible date "{text}": there is no month {month}'
    if month is not None and day is not None:
        import calendar  # here: a run from the cache checks no date, and calendar is 2.4e6 instructions to load

        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            return f'impossible date "{text}": {calendar.month_name[month]} {year} has {last} days'
    first_day = dt.date(year, month or 1, day or 1)
    if first_day > today:
        return f'date "{text}" is in the future (today is {today.isoformat()})'
    return None


def _suggestion(text: str) -> str:
    """` (did you mean "2021-05"?)` for a near miss that spells a real date, else ``""``."""
    match = LOOSE_RE.fullmatch(text)
    if match is None:
        return ""
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None and month is not None
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return ""
    spelled = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day is not None else "")
    return f' (did you mean "{spelled}"?)'
