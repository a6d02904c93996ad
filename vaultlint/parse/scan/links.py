"""Link syntax as marko reads it (ports of marko.inline_parser's helpers): definitions, destinations, labels."""

from __future__ import annotations

import re

from vaultlint.lazyre import lazy_compile
from vaultlint.parse.patterns import PAREN_DEPTH
from vaultlint.parse.scan.grammar import LITERAL_RE

_FAST_DEST_RE = lazy_compile(r"\(([^\s()\\<\x00-\x1f\x7f]*)\)")  # `(dest)` with nothing the full rules weigh
_LABEL_SCAN_RE = re.compile(r"(?:[^\\\[\]]|\\[\s\S])*")
_WHITESPACE = " \n\t"
_ASCII_CONTROL = "".join(chr(i) for i in range(32)) + chr(127)


class _ParseError(ValueError):
    pass


def _find_next(text: str, target: str, start: int, disallowed: str = "") -> int:
    """Index of the next unescaped ``target`` char; -2 if a ``disallowed`` one comes first; -1 if none."""
    escaped = False
    for i in range(start, len(text)):
        c = text[i]
        if escaped:
            escaped = False
        elif c in target:
            return i
        elif c in disallowed:
            return -2
        elif c == "\\":
            escaped = True
    return -1


def _label_end(text: str, start: int) -> int | None:
    """End of the link label `[...]` at ``start`` (no `[` inside, not blank, at most 999 chars)."""
    if text[start : start + 1] != "[":
        return None
    m = _LABEL_SCAN_RE.match(text, start + 1)
    assert m is not None
    close = m.end()
    if close >= len(text) or text[close] != "]":
        return None
    label = text[start + 1 : close]
    if not label.strip() or len(label) > 999:
        return None
    return close + 1


def _separator(text: str, start: int) -> int:
    """Past spaces, tabs and at most one line break."""
    i, newline = start, False
    while i < len(text):
        if text[i] == "\n":
            if newline:
                break
            newline = True
        elif text[i] not in _WHITESPACE:
            break
        i += 1
    return i


def _dest_title(text: str, start: int, inline: bool) -> tuple[tuple[int, int], tuple[int, int]]:
    """Spans of a link destination and title (-1, -1 if none); raise _ParseError where marko fails."""
    if start >= len(text):
        raise _ParseError
    if text[start] == "<":
        close = _find_next(text, ">", start + 1, disallowed="<\n")
        if close < 0:
            raise _ParseError
        i = close + 1
    else:
        i, closed = _bare_dest(text, start, inline)
        if closed:  # the link's own `)` ended it: no title
            return (start, i), (-1, -1)
    return (start, i), _title(text, i, inline)


def _bare_dest(text: str, start: int, inline: bool) -> tuple[int, bool]:
    """Where a destination without `<>` ends, and whether an inline link's `)` ended it."""
    escaped, pairs, i = False, 0, start
    while i < len(text):
        c = text[i]
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c in _WHITESPACE:
            break
        elif c in _ASCII_CONTROL:
            raise _ParseError
        elif c == "(":
            pairs += 1
            if pairs > PAREN_DEPTH:  # as the full parse: unbounded, `[a](` repeated read to the end each time
                raise _ParseError
        elif c == ")":
            if pairs > 0:
                pairs -= 1
            elif inline:
                return i, True
            else:
                raise _ParseError
        i += 1
    else:
        if inline:
            raise _ParseError
    if i == start:
        raise _ParseError
    return i, False


def _title(text: str, prev: int, inline: bool) -> tuple[int, int]:
    """The span of the title after a destination that ends at ``prev`` ((-1, -1): none)."""
    i = _separator(text, prev)
    if i >= len(text) or text[i] == "\n" or (text[i] == ")" and inline):
        return (-1, -1)
    if text[i] in "\"'":
        end = _find_next(text, text[i], i + 1)
    elif text[i] == "(":
        end = _find_next(text, ")", i + 1, disallowed="(")
    elif "\n" in text[prev:i]:
        return (-1, -1)
    else:
        raise _ParseError
    if (0 < i < len(text) and text[i - 1] not in _WHITESPACE) or end < 0 or "\n\n" in text[i:end]:
        raise _ParseError
    return (i, end + 1)


def link_ref_def(text: str, start: int) -> tuple[str, str, int] | None:
    """A link reference definition `[label]: dest "title"` at ``start``: label, raw dest, end offset."""
    label_end = _label_end(text, start)
    if label_end is None or label_end >= len(text) or text[label_end] != ":":
        return None
    try:
        dest, title = _dest_title(text, _separator(text, label_end + 1), inline=False)
    except _ParseError:
        return None
    i = max(dest[1], title[1])
    end = _find_next(text, "\n", i)
    end = end + 1 if end >= 0 else len(text)
    if text[i:end].strip():
        if title[0] >= 0 and "\n" in text[dest[1] : title[0]]:
            end = _find_next(text, "\n", dest[1]) + 1  # the title was the next line's text, not a title
        else:
            return None
    if end <= start:
        return None
    return normalize_label(text[start + 1 : label_end - 1]), text[dest[0] : dest[1]], end


def inline_link(text: str, start: int) -> tuple[str, int] | None:
    """`(dest "title")` at ``start``: the raw dest and the end."""
    if start >= len(text) - 1 or text[start] != "(":
        return None
    fast = _FAST_DEST_RE.match(text, start)
    if fast:
        return fast.group(1), fast.end()
    try:
        dest, title = _dest_title(text, _separator(text, start + 1), inline=True)
    except _ParseError:
        return None
    end = _separator(text, max(dest[1], title[1]))
    if end >= len(text) or text[end] != ")":
        return None
    return text[dest[0] : dest[1]], end + 1


def reference_link(text: str, start: int, link_text: str, defs: dict[str, str]) -> tuple[str, int] | None:
    """`[label]`, `[]` or nothing after a link text, naming a definition: its raw dest and the end."""
    label_end = _label_end(text, start)
    label, end = link_text, start
    if label_end is not None:
        label, end = text[start + 1 : label_end - 1] or link_text, label_end
    elif text[start : start + 2] == "[]":
        end = start + 2
    dest = defs.get(normalize_label(label))
    return None if dest is None else (dest, end)


def clean_dest(dest: str) -> str:
    if dest[:1] == "<" and dest[-1:] == ">":
        dest = dest[1:-1]
    return LITERAL_RE.sub(r"\1", dest)


def normalize_label(label: str) -> str:
    return re.sub(r"\s+", " ", label).strip().casefold()
