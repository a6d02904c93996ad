"""A note's last line read as ended (CommonMark's end of input ends a line), its facts kept inside the note."""

# marko reads a last line without a newline unlike the same line with one: `-` is a paragraph, `-\n` an empty
# list item; `- a\n-` continues `a` lazily, `- a\n-\n` is two items. CommonMark (the end of the document ends
# a line) and Obsidian read both as the second. So the parsers (marko's, the scan's, the renderer's) are given
# the text with its newline, and every position their facts hold is cut back to the note's own end: a span
# that took the added newline ends where the note does, as it did before (FMT002 reports that newline, and
# the fix that adds it changes neither what the note renders to nor its facts).

from __future__ import annotations

import dataclasses
from typing import Any

from vaultlint import facts as F

# The fields that hold an offset into the note (FrontmatterFacts.data is the note's YAML: never touched).
_OFFSETS = frozenset(("start", "end", "body_start", "body_end", "error_offset", "link_start", "link_end"))
_OFFSET_SETS = ("raw_blocks", "raw_inlines", "hard_breaks", "line_breaks")


def ended(text: str) -> str:
    """``text`` as the parsers read it: with a newline at its end (an empty text has no line to end)."""
    return text + "\n" if text and text[-1] != "\n" else text


def within(facts: F.Facts, end: int) -> F.Facts:
    """``facts`` of ``ended(text)`` with every offset past ``end`` (``len(text)``) cut back to it."""
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(facts):
        value = getattr(facts, field.name)
        if field.name in _OFFSET_SETS:
            cut = _cut(value, end)
        elif field.name == "frontmatter":
            cut = None if value is None else _record(value, end)
        else:
            cut = tuple(_record(item, end) for item in value)
        if cut != value:
            changes[field.name] = cut
    return dataclasses.replace(facts, **changes) if changes else facts


def _cut(value: Any, end: int) -> Any:
    if isinstance(value, int):
        return min(value, end)
    cut = [_cut(item, end) for item in value]
    return frozenset(cut) if isinstance(value, frozenset) else tuple(cut)


def _record(record: Any, end: int) -> Any:
    """One fact (a dataclass), its offsets and its Fields cut back to ``end``."""
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        if field.name in _OFFSETS:
            if value is not None and value > end:
                changes[field.name] = end
        elif isinstance(value, F.Field) or (isinstance(value, tuple) and value and isinstance(value[0], F.Field)):
            cut = _record(value, end) if isinstance(value, F.Field) else tuple(_record(v, end) for v in value)
            if cut != value:
                changes[field.name] = cut
    if isinstance(record, F.Field) and changes:  # its text is the note's between its offsets
        changes["text"] = record.text[: changes.get("end", record.end) - changes.get("start", record.start)]
    return dataclasses.replace(record, **changes) if changes else record
