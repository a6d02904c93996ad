"""ENT005 entry-spacing: an entry's metadata is spaced `"Title" [Author; kind; date]`.

What it does
    Reports each badly spaced whitespace run of an entry:

    - inside the metadata bracket: a space before a `;`, anything but exactly
      one space after a `;` (none, two, a tab), whitespace right after `[` or
      right before `]`, and doubled spaces, tabs or no-break spaces inside a
      field;
    - between the quoted title and the `[`: anything but exactly one ASCII
      space (none, two, a tab, a no-break space).

    A field that is only whitespace is ENT002's (an empty field), and a run
    that holds a line break is left alone (wrapping a line is layout, not
    spacing).

Why
    Fields are compared as text: ``YouTube & course `` with a trailing space
    is a different kind from ``YouTube & course``, and a no-break space looks
    like a space but does not match one in a search.

Example
    ``[Stanford; YouTube & course ; 2021-09]`` reports the space before the
    second `;`; ``"Software 2.0"\\u00a0[Andrej Karpathy; Blog; 2017-11]``
    reports the no-break space.

Fix safety
    Safe: each fix touches only its whitespace run (deletes it, or makes it a
    single space) or inserts the one missing space. A run after a backslash
    that would be deleted has no fix: the backslash would then escape the ";"
    or "]" after it (`A\\ ;` would become `A\\;`, one field).

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.facts import Entry, Field
from vaultlint.lazyre import lazy_compile
from vaultlint.model import Applicability, Edit, Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule
from vaultlint.rules._helpers import keep_reference

RUN_RE = lazy_compile(r"\s+")
# Singular and plural names of the whitespace characters users meet in entries.
NAMES = {
    " ": ("a space", "spaces"),
    "\t": ("a tab", "tabs"),
    "\u00a0": ("a no-break space (U+00A0)", "no-break spaces (U+00A0)"),
}


def describe(run: str) -> str:
    """A run of whitespace in words: `a space`, `2 spaces`, `a tab`, `whitespace (U+0020 U+0009)`."""
    if len(set(run)) == 1 and run[0] in NAMES:
        one, many = NAMES[run[0]]
        return one if len(run) == 1 else f"{len(run)} {many}"
    return "whitespace (" + " ".join(f"U+{ord(ch):04X}" for ch in run) + ")"


class EntrySpacing(Rule):
    code = "ENT005"
    name = "entry-spacing"
    summary = "Entry metadata or title is badly spaced"
    fixable = Applicability.SAFE
    fix_changes = frozenset({"wording"})  # the entry's text, never its structure (the rendering guard)

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        for entry in note.facts.entries:
            yield from self._gap(note, entry)
            last = len(entry.fields) - 1
            for index, field in enumerate(entry.fields):
                if field.text.strip() and not _well_spaced(field.text, index):
                    yield from (keep_reference(entry, f) for f in self._field(note, entry, field, index, last))

    def _gap(self, note: Note, entry: Entry) -> Iterator[Finding]:
        gap = entry.gap
        if gap is None or gap.text == " ":
            return
        if not gap.text:
            yield self.finding(
                note,
                gap.start,
                gap.start + 1,
                'no space between the title and "["; expected one',
                [Edit(gap.start, gap.start, " ")],
                "insert a space",
            )
            return
        yield self.finding(
            note,
            gap.start,
            gap.end,
            f'{describe(gap.text)} between the title and "["; expected one space',
            [Edit(gap.start, gap.end, " ")],
            "use one space",
        )

    def _field(self, note: Note, entry: Entry, field: Field, index: int, last: int) -> Iterator[Finding]:
        meta = f'in "{entry.meta.text}"'
        body = field.text.strip()
        lead = len(field.text) - len(field.text.lstrip())
        trail = len(field.text) - len(field.text.rstrip())
        if index and not lead:
            semi = field.start - 1
            yield self.finding(
                note,
                semi,
                semi + 1,
                f'no space after ";" {meta}; expected one',
                [Edit(field.start, field.start, " ")],
                "insert a space",
            )
        if lead:
            where, want = ('after ";"', " ") if index else ('after "["', "")
            yield from self._run(note, field.start, field.start + lead, f"{where} {meta}", want)
        for run in RUN_RE.finditer(body):
            start = field.start + lead + run.start()
            yield from self._run(note, start, start + len(run.group()), f'inside "{body}"', " ")
        if trail:
            where = 'before "]"' if index == last else 'before ";"'
            yield from self._run(note, field.end - trail, field.end, f"{where} {meta}", "")

    def _run(self, note: Note, start: int, end: int, where: str, want: str) -> Iterator[Finding]:
        """A finding for the whitespace run at [start, end) unless it is ``want`` or holds a line break."""
        run = note.text[start:end]
        if run == want or "\n" in run:
            return
        expected = "expected one space" if want else "expected none"
        description = "use one space" if want else "remove it"
        # Removed after a backslash, the run would leave it escaping the next mark (`A\ ;` -> `A\;`: no separator)
        edits = None if not want and _escaping(note.text, start) else [Edit(start, end, want)]
        yield self.finding(note, start, end, f"{describe(run)} {where}; {expected}", edits, description)


def _well_spaced(text: str, index: int) -> bool:
    """Whether a field's text is spaced as _field wants it, so that it finds nothing (most fields): no whitespace
    around it but the one space after a `;`, and only single spaces inside it. Unsure: False (_field decides)."""
    body = text[1:] if index else text
    if index and text[:1] != " ":
        return False
    if body[:1].isspace() or body[-1:].isspace() or "  " in body:
        return False
    # every whitespace character inside is a space (str.split and RUN_RE's \s agree on what whitespace is)
    return len(body) - len("".join(body.split())) == body.count(" ")


def _escaping(text: str, at: int) -> bool:
    """Whether an odd run of backslashes ends at ``at``: it would escape what comes to stand there."""
    before = at
    while before > 0 and text[before - 1] == "\\":
        before -= 1
    return (at - before) % 2 == 1
