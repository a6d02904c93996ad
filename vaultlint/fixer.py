"""Apply fixes as text edits at exact offsets (never by re-rendering Markdown)."""

from __future__ import annotations

from collections.abc import Iterable

from vaultlint.model import Fix


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """Apply every fix whose edits overlap no fix taken before it; return the text and the count.

    A fix's edits go in together or not at all; a fix that overlaps one already
    taken waits for the next pass (the caller re-lints and calls again).
    """
    taken: list[Fix] = []
    claimed: list[tuple[int, int]] = []
    for fix in sorted(fixes, key=lambda f: min((e.start for e in f.edits), default=0)):
        spans = [(e.start, e.end) for e in fix.edits]
        if any(_overlaps(a, b) for a in spans for b in claimed) or _self_overlapping(spans):
            continue
        taken.append(fix)
        claimed.extend(spans)
    edits = sorted((e for f in taken for e in f.edits), key=lambda e: (e.start, e.end), reverse=True)
    for edit in edits:
        text = text[:edit.start] + edit.new + text[edit.end:]
    return text, len(taken)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    # Two insertions at the same point also conflict: their order would be a guess.
    if a[0] == a[1] == b[0] == b[1]:
        return True
    return a[0] < b[1] and b[0] < a[1]


def _self_overlapping(spans: list[tuple[int, int]]) -> bool:
    ordered = sorted(spans)
    return any(ordered[i][1] > ordered[i + 1][0] for i in range(len(ordered) - 1))
