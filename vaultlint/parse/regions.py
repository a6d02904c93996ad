"""Stretches of a note read apart from the text around them: display math `$$ ... $$` (found outside code), rules."""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.lazyre import lazy_compile
from vaultlint.parse.note import Note

# An inline code span on one line: `x`, ``x ` y``. (One that runs over lines is rare; missing it only
# means a `$$` in it may pair with another, which makes more text look like math, never less.) Its matches are
# found by line_code_spans, in one pass.
CODE_SPAN_RE = lazy_compile(r"(?<!`)(`+)(?!`)[^\n]+?(?<!`)\1(?!`)")
_NOT_NEWLINE = lazy_compile(r"[^\n]")
# A line CommonMark reads as a thematic break (`---`, `* * *`, `___`), when nothing else is on it.
THEMATIC_BREAK_RE = lazy_compile(r"[ \t]*(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})")


def without_code(note: Note) -> str:
    """The note's text with code blocks and inline code spans blanked to spaces: offsets and lines kept."""
    text = note.text
    spans = [(s, e) for s, e in note.facts.raw_blocks if not text[s:e].lstrip().startswith(("%%", "<"))]
    spans += line_code_spans(text)
    pieces: list[str] = []
    at = 0
    for start, end in sorted(spans):
        start = max(start, at)  # a code span inside a code block: that part is blank already
        if start < end:
            pieces += (text[at:start], _NOT_NEWLINE.sub(" ", text[start:end]))
            at = end
    return "".join(pieces) + text[at:]


def line_code_spans(text: str) -> Iterator[tuple[int, int]]:
    """The spans of CODE_SPAN_RE.finditer(text), in order: scan.spans.code_spans on each line that holds a backtick (the
    pattern is marko's code span pattern kept to one line). The pattern reads on to the end of the line from every
    run that no later run of its length closes: runs of many lengths on a long line (320 KB of them: 2.2 s)."""
    from vaultlint.parse.scan.spans import code_spans  # the scan loads when a note is read, not before

    at = text.find("`")
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        for span_start, span_end in code_spans(text[start:end]):
            yield start + span_start, start + span_end
        at = text.find("`", end)


def paired(text: str, opener: str, closer: str) -> Iterator[tuple[int, int]]:
    """Each ``opener``...``closer`` span, left to right; an escaped opener (`\\<%`) is not one.

    Found with ``str.find``, never a backtracking pattern: an opener never closed costs one scan.
    """
    at = 0
    while (start := text.find(opener, at)) >= 0:
        if start and text[start - 1] == "\\":
            at = start + len(opener)
            continue
        end = text.find(closer, start + len(opener))
        if end < 0:
            return  # no closer after this opener, so none after any later one either
        yield start, end + len(closer)
        at = end + len(closer)


def display_math(note: Note) -> list[tuple[int, int]]:
    """``$$ ... $$`` spans outside code: Obsidian renders them as math, where `+ c` is a plus, not a bullet
    (marko has no math block, so its lists can start inside one)."""
    if "$$" not in note.text:  # most notes: no need to find their code
        return []
    return list(paired(without_code(note), "$$", "$$"))
