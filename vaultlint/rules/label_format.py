"""TAG004 label-format: an item label not written in the canonical `*name*:` form.

What it does
    Reports a label (the emphasized word and colon that open a list item)
    that differs from the canonical ``*name*:``: other emphasis markers
    (``_cult_:``, ``**cult**:``, ``__cult__:``), whitespace before the colon
    (``*cult* :``), or a name spelled in another case than in
    ``conventions.labels`` (``*Cult*:`` when the vocabulary says ``cult``).
    Nested emphasis (``***cult***:``) is reported without a fix. Only names
    in ``conventions.labels`` are labels: ``**Note**:`` elsewhere is a bold
    lead-in, and is left alone. In a note that holds entries, a label of the
    vocabulary written with no emphasis at all (``- cult: "Title" [...]``) is
    reported too.

Why
    The same label written four ways is four labels to a search, and the
    label format is part of the entry grammar other tools parse.

Example
    ``- _Cult_ : "Deep Learning" [Ian Goodfellow; book; 2016](...)`` is
    reported and fixed to ``- *cult*: "Deep Learning" [...]``.

Fix safety
    Safe: replaces only the emphasis markers, deletes the whitespace before
    the colon and re-cases only the name characters that differ.

Options
    ``marker`` (default ``"*"``): the emphasis marker of the canonical form,
    one of ``"*"``, ``"_"``, ``"**"``, ``"__"``. Silent when
    ``conventions.labels`` is empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from vaultlint.facts import Label
from vaultlint.lazyre import lazy_compile
from vaultlint.model import Applicability, Edit, Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule, RuleOptions, options_for
from vaultlint.rules._helpers import minimal_edit

# After a list item's marker: a word, then a colon and a space (`- cult: "Title"`), not a URL (`https:`).
BARE_LABEL_RE = lazy_compile(r"[ \t]+(?P<name>[A-Za-z][\w-]*)[ \t]*:(?=[ \t])")


class LabelFormat(Rule):
    code = "TAG004"
    name = "label-format"
    summary = "Item label not in the canonical *name*: form"
    fixable = Applicability.SAFE
    fix_changes = frozenset({"wording", "emphasis"})  # the label's spelling and marker (the rendering guard)

    class Options(RuleOptions):
        marker: Literal["*", "_", "**", "__"] = "*"

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        marker = options_for(ctx, self.Options).marker
        canonical = {label.lower(): label for label in ctx.conventions.labels}
        for label in note.facts.labels:
            if label.name.lower() not in canonical:
                continue  # `**Note**:` is a bold lead-in, not a label, unless the vocabulary says so
            finding = self._check_label(note, label, marker, canonical)
            if finding is not None:
                yield finding
        if canonical and note.facts.entries:  # a bare `cult:` is a label only where the vault writes entries
            yield from self._bare_labels(note, marker, canonical)

    def _bare_labels(self, note: Note, marker: str, canonical: dict[str, str]) -> Iterator[Finding]:
        """`- cult: "Title" [...]`: a label of the vocabulary written without its emphasis."""
        for block in note.facts.lists:
            for item in block.markers:
                m = BARE_LABEL_RE.match(note.text, item.end)
                if m is None or m.group("name").lower() not in canonical:
                    continue
                name = canonical[m.group("name").lower()]
                start, end = m.start("name"), m.end()
                expected = f"{marker}{name}{marker}:"
                yield self.finding(
                    note,
                    start,
                    end,
                    f'label "{note.text[start:end]}" has no emphasis; expected "{expected}"',
                    [Edit(start, end, expected)],
                    f'write the label "{expected}"',
                )

    def _check_label(self, note: Note, label: Label, marker: str, canonical: dict[str, str]) -> Finding | None:
        text, emphasis = note.text, label.emphasis
        width = len(label.marker)
        inner_start, inner_end = emphasis.start + width, emphasis.end - width
        name = canonical.get(label.name.lower(), label.name)
        written = text[label.start : label.end]
        expected = f"{marker}{name}{marker}:"
        if written == expected:
            return None
        message = f'label "{written}" is not in the canonical form "{expected}"'
        # Nested markup inside the markers (`***cult***`): no edit of ours would be minimal and sure.
        plain = text[inner_start:inner_end] == label.name and text[inner_end : emphasis.end] == label.marker
        if not plain:
            return self.finding(note, label.start, label.end, message + " (nested emphasis)")
        problems: list[str] = []
        edits: list[Edit] = []
        if label.marker != marker:
            problems.append(f'marker "{label.marker}"')
            edits += [Edit(emphasis.start, inner_start, marker), Edit(inner_end, emphasis.end, marker)]
        if name != label.name:
            problems.append(f'spelling "{label.name}" instead of "{name}"')
            edits += [minimal_edit(inner_start, label.name, name)]
        colon = label.end - 1
        if colon > emphasis.end:
            problems.append('whitespace before ":"')
            edits.append(Edit(emphasis.end, colon, ""))
        return self.finding(
            note, label.start, label.end, f"{message} ({', '.join(problems)})", edits, f'write the label "{expected}"'
        )
