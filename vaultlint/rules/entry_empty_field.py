"""ENT002 entry-empty-field: no field of an entry's metadata bracket may be empty.

What it does
    Reports a field of the metadata bracket that is empty or holds only
    whitespace, as in ``[Meta AI; ; 2017-03]``. With three fields it names the
    field (author, kind or date); otherwise it gives its position.

Why
    An empty field keeps the bracket's shape while losing its information: the
    entry looks complete but cannot be found by its author, kind or date.

Example
    ``"Faiss: ..." [Meta AI; ; 2017-03](https://...)`` reports an empty kind.

Fix safety
    No fix: only a human knows what the field should say.

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule

NAMES = ("author", "kind", "date")


class EntryEmptyField(Rule):
    code = "ENT002"
    name = "entry-empty-field"
    summary = "Entry metadata has an empty field"

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        for entry in note.facts.entries:
            count = len(entry.fields)
            if count == 1:
                continue  # an empty bracket is a field-count problem (ENT001)
            for index, field in enumerate(entry.fields):
                if field.text.strip():
                    continue
                what = NAMES[index] if count == 3 else f"field {index + 1} of {count}"
                yield self.finding(
                    note, field.start, field.end, f'empty {what} in "{entry.meta.text}"; expected "Author; kind; date"'
                )
