"""A found inline element (a token) and marko's rule for tokens that overlap."""

from __future__ import annotations

from typing import Any


class Token:
    """A found inline element: priority, whether (and where) it holds children, and what the outline keeps."""

    __slots__ = ("start", "end", "priority", "nest", "inner_start", "inner_end", "kind", "value", "children", "data")

    def __init__(
        self,
        start: int,
        end: int,
        priority: int,
        kind: str = "",
        value: str = "",
        inner: tuple[int, int] | None = None,
        data: Any = None,
    ) -> None:
        self.start, self.end, self.priority = start, end, priority
        self.nest = inner is not None
        self.inner_start, self.inner_end = inner or (start, end)
        self.kind, self.value = kind, value
        self.children: list[Token] = []
        self.data = data  # what makes its element (scan.plain: a leaf's class and match)


def resolve(tokens: list[Token]) -> list[Token]:
    """marko's _resolve_overlap: the earlier token wins an overlap unless the later one has a higher priority."""
    if not tokens:
        return tokens
    kept = []
    prev = tokens[0]
    for cur in tokens[1:]:
        if prev.end <= cur.start:
            kept.append(prev)
            prev = cur
        elif prev.end >= cur.end and prev.nest and cur.start >= prev.inner_start and cur.end <= prev.inner_end:
            prev.children.append(cur)
        elif prev.end >= cur.end and prev.nest and prev.inner_end <= cur.start:
            continue  # after the children, in the link's destination: shadowed
        elif prev.priority < cur.priority:
            prev = cur
    kept.append(prev)
    return kept
