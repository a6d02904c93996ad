"""Whether findings name a note by the path it is shown by: then they are true of the vault as it was named."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from vaultlint.model import Finding


class Named:
    """The shown paths of a run's reported notes, to look for in findings' texts.

    A vault rule may write another note's shown path into a message (DUP's `"v/a.md"` beside the vault, `"a.md"`
    inside it): such findings are kept for that form alone. Findings whose texts hold none of the paths are kept
    for any form, renamed when read (`cache.pack.renamed`). A path is looked for where its text ends: at each
    place a note's extension ends, the strings of the paths' lengths before it (a few lookups a message).
    """

    def __init__(self, shown: set[str]) -> None:
        self.shown = shown
        self.lengths = sorted({len(path) for path in shown})
        self.ends = sorted({posixpath.splitext(path)[1] for path in shown})

    def any(self, findings: Iterable[Finding]) -> bool:
        """Whether a message, fix description or edit text of ``findings`` holds one of the shown paths."""
        if "" in self.ends:  # a note without an extension: where a path ends cannot be told; taken to be named
            return True
        return any(self._holds(text) for finding in findings for text in finding.texts())

    def _holds(self, text: str) -> bool:
        for end in self.ends:
            at = text.find(end)
            while at >= 0:
                stop = at + len(end)
                if any(text[stop - length : stop] in self.shown for length in self.lengths if length <= stop):
                    return True
                at = text.find(end, at + 1)
        return False
