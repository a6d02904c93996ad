"""Inline suppressions for a note's current findings: `%% vaultlint-disable-line CODES %%` at the end of each line.

The comment goes at the end of the line the finding starts on, before any trailing spaces (a
two-space hard break stays one); in the frontmatter it is a YAML comment. Obsidian hides `%%`
comments in reading view, so the note reads as before. Some lines cannot hold one: in a code
block, an HTML or `%%` comment block or display math it would become content; on a heading it
would become part of the name links use; on a blank line, a rule or a table's delimiter row it
would change the blocks around it. Those findings are left for a baseline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from vaultlint.findings import suppress
from vaultlint.fixing.edits import apply_edits
from vaultlint.model import Edit, Finding, Fix
from vaultlint.parse.note import Note, parse_text
from vaultlint.parse.regions import THEMATIC_BREAK_RE, display_math

# A table's delimiter row, `|---|:--:|`: like a rule, what it is only while it holds nothing else (read
# after the `>` of quotes and callouts and the markers of list items, which contain them too).
DELIMITER_ROW_RE = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
CONTAINER_RE = re.compile(r"(?:[ \t]*>)*[ \t]*")
# What may stand before a block on its line: the `>` of quotes and callouts, list item markers.
PREFIX_RE = re.compile(r"[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))")
CODE = "suppress"  # the code of the stand-in findings the fixer applies; never reported as a rule
Targets = Mapping[int, frozenset[str]]  # line -> codes to suppress on it


def targets(findings: Iterable[Finding], note: Note) -> dict[int, frozenset[str]]:
    """The codes to suppress on each line: those of the findings that start on it."""
    out: dict[int, set[str]] = {}
    for f in findings:
        out.setdefault(note.position(f.start)[0], set()).add(f.code)
    return {line: frozenset(codes) for line, codes in out.items()}


def unplaceable(note: Note, line: int, raw: list[tuple[int, int]] | None = None) -> str | None:
    """Why no comment can go at the end of ``line``, or None; ``raw`` is ``raw_spans(note)``, when known."""
    start, end = note.line_span(line)
    text = note.text[start:end]
    fm = note.facts.frontmatter
    if fm is not None and fm.start <= start < fm.end and not fm.body_start <= start < max(fm.body_end, fm.body_start):
        return "it is a frontmatter fence (---)"
    if fm is not None and fm.body_start <= start < fm.body_end:
        return None  # a YAML comment; the guard checks the data is the same
    if not text.strip():
        return "it is blank: a comment there would join the blocks around it"
    if any(h.start <= end and start < h.end for h in note.facts.headings):
        return "it is a heading: a comment would become part of its name, which links use"
    if any(
        THEMATIC_BREAK_RE.fullmatch(inner) or ("|" in inner and DELIMITER_ROW_RE.match(inner))
        for inner in _blocks(text)
    ):
        return "it is a horizontal rule or a table's delimiter row: a comment would turn it into text"
    body = text.rstrip(" \t")
    if (len(body) - len(body.rstrip("\\"))) % 2:  # an odd run: the last backslash is a line break
        return "it ends in a backslash line break, which must stay last"
    for lo, hi in raw_spans(note) if raw is None else raw:
        if lo <= end and start < hi:  # the line is part of it (a comment after its closing line would be too)
            return "it is part of a code block, an HTML or %% comment block, or display math"
    return None


def raw_spans(note: Note) -> list[tuple[int, int]]:
    """Where a comment would be content: code, HTML and `%%` blocks, display math."""
    return [*note.facts.raw_blocks, *display_math(note)]


def _blocks(text: str) -> list[str]:
    """``text`` after each run of container prefixes (`> `, `- `, `1. `), stripped: where a rule might start."""
    out = [text.strip()]
    at = 0
    while match := PREFIX_RE.match(text, at):
        at = match.end()
        out.append(text[at:].strip())
    return out


def comment(note: Note, line: int, codes: Iterable[str]) -> Edit:
    """The edit that ends ``line`` with a suppression of ``codes`` (a YAML comment in the frontmatter).

    In a table row it goes inside the last cell: text after the closing pipe would be a cell too many;
    on a line that ends with a block id, before the `^id`, which must stay last.
    """
    start, end = note.line_span(line)
    text = note.text[start:end]
    at = start + len(text.rstrip(" \t"))
    row = text[CONTAINER_RE.match(text).end() :].rstrip()  # type: ignore[union-attr]  # a row in a callout too
    if len(row) > 1 and row.startswith("|") and row.endswith("|") and not row.endswith("\\|"):
        at = start + len(text[: at - start - 1].rstrip(" \t"))
        return Edit(at, at, f" %% vaultlint-disable-line {' '.join(sorted(codes))} %%")
    names = " ".join(sorted(codes))
    fm = note.facts.frontmatter
    if fm is not None and fm.body_start <= start < fm.body_end:
        return Edit(at, at, f" # vaultlint-disable-line {names}")
    block_id = next((b for b in note.facts.block_ids if start <= b.start and b.end == at), None)
    if block_id is not None:  # `^id` must end its line: the comment goes before it
        at = start + len(note.text[start : block_id.start].rstrip(" \t"))
        gap = "" if at < block_id.start else " "  # the whitespace before `^id` stays after the comment
        return Edit(at, at, f"{' ' if at > start else ''}%% vaultlint-disable-line {names} %%{gap}")
    return Edit(at, at, f"{' ' if at > start else ''}%% vaultlint-disable-line {names} %%")


def hidden_by(note: Note) -> Callable[[int, str], bool]:
    """Whether the note's directives already hide a code on a line: ``hidden_by(note)(line, code)``
    (the note's windows are worked out once, not once a line)."""
    hides = suppress.hider(note)
    return lambda line, code: hides(code, line)


def placeable(note: Note, wanted: Targets) -> dict[int, frozenset[str]]:
    """The lines of ``wanted`` whose comment would really hide their findings, with the codes still to hide.

    Tried on the note with every comment in (a parse a round, a round or two in all): a comment the
    parser reads as something else (inside a heading's link, say) is dropped rather than left in the note.
    """
    hidden = hidden_by(note)
    raw = raw_spans(note)
    todo = {
        line: frozenset(c for c in codes if not hidden(line, c))
        for line, codes in wanted.items()
        if line <= len(note.line_starts) and unplaceable(note, line, raw) is None
    }
    todo = {line: codes for line, codes in todo.items() if codes}
    while todo:
        edits = [comment(note, line, codes) for line, codes in todo.items()]
        trial = parse_text(note.path, apply_edits(note.text, edits))
        hidden_in_trial = hidden_by(trial)
        failed = {line for line, codes in todo.items() if not all(hidden_in_trial(line, c) for c in codes)}
        if not failed:
            break
        todo = {line: codes for line, codes in todo.items() if line not in failed}
    return todo


def lint(wanted: Targets) -> Callable[[Note], list[Finding]]:
    """A stand-in lint for the fixer: one finding a line still lacking its suppression, whose fix adds it."""

    def stand_in(note: Note) -> list[Finding]:
        out = []
        for line, codes in sorted(placeable(note, wanted).items()):
            edit = comment(note, line, codes)
            out.append(
                Finding(
                    CODE,
                    CODE,
                    note.path,
                    edit.start,
                    edit.start,
                    f"add vaultlint-disable-line {' '.join(sorted(codes))}",
                    fix=Fix((edit,), description="add a suppression comment"),
                )
            )
        return out

    return stand_in


def still_shown(note: Note, findings: Iterable[Finding], original: Note) -> list[Finding]:
    """Those of ``findings`` (placed in ``original``) that ``note``'s directives do not hide, by line and code."""
    hidden = hidden_by(note)
    return [f for f in findings if not hidden(original.position(f.start)[0], f.code)]
