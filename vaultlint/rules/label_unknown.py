"""TAG003 label-unknown: an item label that is not in the vault's label vocabulary.

What it does
    Reports a label, the emphasized word and colon that open a list item
    (``- *cult*: "Deep Learning" [...]``), whose name is not in
    ``conventions.labels``, with a did-you-mean when a vocabulary label is
    close. Names are compared case-insensitively: a label that differs only
    in case (or in its markers or spacing) is TAG004's. A bold lead-in
    (``**Note**:``) is reported only when its name is close to a label
    (``**cutl**:``): otherwise it is ordinary bold text.

Why
    Labels grade entries (``*cult*``, ``*introductionary*``) and are searched
    for like tags: a misspelled ``*cutl*:`` is an entry no search finds.

Example
    With ``labels = ["cult", "introductionary"]``::

        - *classic*: "Deep Learning" [Ian Goodfellow; book; 2016](https://www.deeplearningbook.org/)

    is reported as ``unknown label "*classic*"; expected one of
    conventions.labels: "cult", "introductionary"``.

Fix safety
    None: only the author knows which label was meant.

Options
    None. Silent when ``conventions.labels`` is empty.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.facts import Label
from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule
from vaultlint.rules._helpers import did_you_mean, expected_one_of


class LabelUnknown(Rule):
    code = "TAG003"
    name = "label-unknown"
    summary = "Item label not in the vault's label vocabulary"

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        vocabulary = ctx.conventions.labels
        if not vocabulary:
            return
        known = {label.lower() for label in vocabulary}
        for label in note.facts.labels:
            # `**Note**:` is usually a bold lead-in; it counts as a label only when it is near one.
            bold = len(label.marker) > 1
            if label.name.lower() not in known and not (bold and not did_you_mean(label.name, vocabulary)):
                yield self.finding(note, label.emphasis.start, label.emphasis.end, _message(label, vocabulary))


def _message(label: Label, vocabulary: tuple[str, ...]) -> str:
    shown = f'unknown label "{label.emphasis.text}"'
    hint = did_you_mean(label.name, vocabulary)
    if hint:
        return shown + hint
    return f"{shown}; {expected_one_of(vocabulary, 'labels')}"
