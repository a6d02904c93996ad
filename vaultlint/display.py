"""How paths, note text and counts are shown to people: one form of a path, control characters escaped."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# Both patterns are compiled on first use, and only for a text that holds a character str.isprintable
# refuses (each they match is one): their ranges above U+00FF make re build a table of all 65,536 code
# points, 6.7e6 instructions at every start where most texts shown need neither.


@functools.cache
def control() -> re.Pattern[str]:
    """What a terminal would act on or break a line at: C0 controls (tab and line breaks included), DEL, C1
    controls, the Unicode line and paragraph separators, and surrogates (an undecodable byte of a file
    name, kept by Python as U+DC80-U+DCFF, which no UTF-8 stream can even encode)."""
    return re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


@functools.cache
def _surrogate() -> re.Pattern[str]:
    return re.compile("[\ud800-\udfff]")


def has_control(text: str) -> bool:
    """Whether ``text`` holds a character `control` matches."""
    return not text.isprintable() and control().search(text) is not None


def visible(text: str) -> str:
    """``text`` on one line and safe to print: `\\n`, `\\r`, `\\t`; other controls below 0x80 as `\\x1b`;
    an undecodable byte as `\\xff` (always 0x80 or above, so never taken for a control); C1 controls and
    U+2028/U+2029 as `\\u0085`. Everything else, non-ASCII letters and emoji included, is kept as it is."""
    return text if text.isprintable() else control().sub(_escape, text)


def decodable(text: str) -> str:
    """``text`` with only its undecodable bytes escaped (`\\xff`, as `visible` does): valid UTF-8 to write.

    For the machine formats, whose own syntax (JSON strings, GitHub's `%0A`) already carries controls."""
    return text if text.isprintable() else _surrogate().sub(_escape, text)


def in_json(document: str) -> str:
    """A document of ``json.dumps(..., ensure_ascii=False)`` with each undecodable byte as `decodable` writes
    it: the JSON string `"f\\xff.md"` reads as `f\xff.md`. Surrogates occur only inside its strings."""
    if document.isprintable():
        return document
    return _surrogate().sub(lambda match: _escape(match).replace("\\", "\\\\"), document)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # Python's surrogateescape: the byte it could not decode, plus 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


def path(where: Path, cwd: Path | None = None) -> str:
    """A file or folder as the user should see it: relative to the working folder when inside it, else in full
    (clearer than ../../), always with forward slashes. Not escaped: `shown` is for printing."""
    here = cwd or Path.cwd()
    absolute = Path(os.path.abspath(where))
    try:
        return absolute.relative_to(here).as_posix()
    except ValueError:
        return absolute.as_posix()


def shown(where: Path) -> str:
    """``where`` as `path` gives it, on one line and with no terminal controls: for messages."""
    return visible(path(where))


def plural(count: int, word: str) -> str:
    """``1 note``, ``2 notes``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
