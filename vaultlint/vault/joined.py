"""A change of each of many names, made of them all at once: joined by NULs, changed in one call, split again."""

from __future__ import annotations

from collections.abc import Callable, Sequence


def each_joined(names: Sequence[str], change: Callable[[str], str]) -> list[str]:
    """``change`` of each of ``names``, for a change that reads nothing across a NUL (NFC composes nothing with
    it, no case mapping reads past it, it is no space nor separator): one call in all, where a call a name was
    most of an index's work on 10,000 files. A name holding a NUL splits apart: then each name alone."""
    changed = change("\0".join(names)).split("\0")
    return changed if len(changed) == len(names) else [change(name) for name in names]
