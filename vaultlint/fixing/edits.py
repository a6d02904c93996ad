"""Text edits: which fixes go in together in one pass, and applying them at exact offsets."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from vaultlint.model import Edit, Fix


def choose(fixes: Iterable[Fix]) -> list[Fix]:
    """The fixes to apply in one pass: each overlapping no fix taken before it (in text order).

    A fix's edits go in together or not at all; a fix that overlaps one already
    taken waits for the next pass (the caller re-lints and calls again).
    """
    taken: list[Fix] = []
    claimed: list[tuple[int, int]] = []  # sorted; a note with thousands of fixes must not cost their square
    for fix in sorted(fixes, key=lambda f: min((e.start for e in f.edits), default=0)):
        spans = sorted((e.start, e.end) for e in fix.edits)
        if _self_overlapping(spans) or any(_collides(claimed, span) for span in spans):
            continue
        taken.append(fix)
        for span in spans:
            bisect.insort(claimed, span)
    return taken


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied, in one pass over it (each offset into the old text)."""
    pieces: list[str] = []
    at = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces += (text[at : edit.start], edit.new)
        at = edit.end
    pieces.append(text[at:])
    return "".join(pieces)


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """One pass: apply every fix ``choose`` takes; return the text and how many fixes went in."""
    taken = choose(fixes)
    return apply_edits(text, (e for f in taken for e in f.edits)), len(taken)


def _collides(claimed: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    """Whether ``span`` overlaps one of the sorted, disjoint ``claimed`` spans: only its neighbours can."""
    at = bisect.bisect_left(claimed, span)
    return any(_overlaps(claimed[i], span) for i in (at - 1, at) if 0 <= i < len(claimed))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    # Two insertions at the same point also conflict: their order would be a guess.
    if a[0] == a[1] == b[0] == b[1]:
        return True
    return a[0] < b[1] and b[0] < a[1]


def _self_overlapping(ordered: list[tuple[int, int]]) -> bool:
    """Whether sorted ``ordered`` spans (one fix's edits) overlap each other."""
    return any(ordered[i][1] > ordered[i + 1][0] for i in range(len(ordered) - 1))
