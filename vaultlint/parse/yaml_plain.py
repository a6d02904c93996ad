"""Frontmatter of plain `key: value` lines, read without PyYAML to the data and spans PyYAML would give."""

# Importing PyYAML costs more than the rest of a named check's parse: its reader compiles a regex over all of
# Unicode at import (9e7 instructions, 6 % of a pre-commit check of one note). Most frontmatter is a few lines
# of `key: value`, `key: [a, b]` and `key:` over `  - item` lines, of text, dates, booleans and whole numbers.
# Those are read here, as PyYAML's SafeLoader reads them; anything else (a comment, a tab, an escape, a number
# with a point, a value over two lines, a nested value, an anchor...) is declined, and PyYAML reads it. A
# differential test (tests/test_yaml_plain.py) holds the two equal on generated and real frontmatter.

from __future__ import annotations

import datetime

from vaultlint.record import Record, frozen

STR = "tag:yaml.org,2002:str"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
_FALSE = frozenset({"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})  # YAML 1.1, as PyYAML
_DIGITS = frozenset("0123456789")
_FLOW_STOPS = frozenset(",[]{}:#'\"")  # a plain value inside `[...]` holds none of these (or is declined)


@frozen
class Scalar(Record):
    """One value as PyYAML's node has it: its text, style (None: plain; a quote), resolved tag, and span."""

    value: str
    style: str | None
    tag: str
    start: int
    end: int


@frozen
class Plain(Record):
    """A frontmatter read here: its data, and each key's scalars (a list's items, or its one value)."""

    data: dict[str, object]
    fields: list[tuple[str, list[Scalar]]]


class _Declined(Exception):
    """Not a frontmatter this reader takes: PyYAML reads it."""


def read_plain(body: str) -> Plain | None:
    """``body`` read as PyYAML would, when it is plain `key: value` lines; None when it is anything else."""
    if not body or "\t" in body or "\r" in body or not _printable(body):
        return None
    try:
        return _read(body)
    except _Declined:
        return None


def _read(body: str) -> Plain:
    data: dict[str, object] = {}
    fields: list[tuple[str, list[Scalar]]] = []
    lines = body.split("\n")
    at, row = 0, 0
    while row < len(lines):
        line = lines[row]
        if not line.strip(" "):
            at, row = at + len(line) + 1, row + 1
            continue
        key, value_at = _key(line)
        if key in data:
            raise _Declined  # PyYAML keeps the last; rare enough to leave to it
        rest, value_start = line[value_at:], at + value_at
        at, row = at + len(line) + 1, row + 1
        if rest.strip(" "):
            scalars, value = _value(rest, value_start)
        else:
            scalars, value, at, row = _items(lines, row, at)
        data[key] = value
        fields.append((key, scalars))
    if not fields:
        raise _Declined
    return Plain(data, fields)


def _key(line: str) -> tuple[str, int]:
    """A top-level line's key (a plain word of letters, digits, `-`, `_` and single spaces) and where its
    value starts (past the colon and its spaces)."""
    colon = line.find(":")
    key = line[:colon]
    if colon < 1 or not key[0].isalpha() or key[-1] == " " or key in _NULLS or key in _TRUE or key in _FALSE:
        raise _Declined
    if not key.replace(" ", "").replace("-", "").replace("_", "").isalnum() or "  " in key:
        raise _Declined
    after = colon + 1
    if after < len(line) and line[after] != " ":
        raise _Declined  # `a:b` is one plain value, no key
    while after < len(line) and line[after] == " ":
        after += 1
    return key, after


def _items(lines: list[str], row: int, at: int) -> tuple[list[Scalar], object, int, int]:
    """The `- item` lines under a key with no value on its line (at one indent), or its null value (no
    scalar: PyYAML's empty one matters only where a `#tag` follows it, and this reader takes no `#`)."""
    scalars: list[Scalar] = []
    indent: int | None = None
    while row < len(lines):
        line = lines[row]
        stripped = line.lstrip(" ")
        if not stripped:
            at, row = at + len(line) + 1, row + 1
            continue
        here = len(line) - len(stripped)
        if not stripped.startswith("- "):
            if here or indent is None and stripped.startswith("-"):
                raise _Declined  # a nested value, a value over lines, an empty item
            break  # the next key
        indent = here if indent is None else indent
        if here != indent:
            raise _Declined
        start = here + 2
        while start < len(line) and line[start] == " ":
            start += 1
        if start >= len(line) or line[start:].strip(" ") == "":
            raise _Declined  # `- ` alone: a null item (and where `- #tag` hides a tag)
        scalars.extend(_block_scalar(line[start:], at + start))
        at, row = at + len(line) + 1, row + 1
    if indent is None:
        return [], None, at, row
    return scalars, [_data(scalar) for scalar in scalars], at, row


def _value(text: str, at: int) -> tuple[list[Scalar], object]:
    """A value written on its key's line: a `[flow, list]` or one scalar."""
    if text[0] == "[":
        return _flow(text.rstrip(" "), at)
    (scalar,) = _block_scalar(text, at)
    return [scalar], _data(scalar)


def _flow(text: str, at: int) -> tuple[list[Scalar], object]:
    """`[a, "b", 2024-01-01]`: items plain or quoted, on one line."""
    if not text.endswith("]") or text.count("[") != 1 or text.count("]") != 1:
        raise _Declined
    inner = text[1:-1]
    if not inner.strip(" "):
        return [], []
    scalars, offset = [], at + 1
    for piece in inner.split(","):
        item = piece.strip(" ")
        if not item:
            raise _Declined  # `[a,]`, `[, a]`
        start = offset + len(piece) - len(piece.lstrip(" "))
        if item[0] in "'\"":
            scalars.append(_quoted(item, start))
        elif any(c in _FLOW_STOPS for c in item):
            raise _Declined
        else:
            scalars.append(_plain(item, start))
        offset += len(piece) + 1
    return scalars, [_data(scalar) for scalar in scalars]


def _block_scalar(text: str, at: int) -> list[Scalar]:
    """The one scalar of a value (or item) written to the end of its line, plain or quoted."""
    value = text.rstrip(" ")
    if value[0] in "'\"":
        return [_quoted(value, at)]
    if ": " in value or " #" in value or value.endswith(":"):
        raise _Declined  # a mapping in a value, a comment, or an error: PyYAML's to read
    return [_plain(value, at)]


def _quoted(text: str, at: int) -> Scalar:
    """`"text"` or `'text'` with no escape and no quote inside: the text as written."""
    quote, inner = text[0], text[1:-1]
    if len(text) < 2 or text[-1] != quote or quote in inner or (quote == '"' and "\\" in inner):
        raise _Declined
    return Scalar(inner, quote, STR, at, at + len(text))


def _plain(text: str, at: int) -> Scalar:
    """A plain value and the type PyYAML resolves it to: null, a boolean, a whole number, a date, or text."""
    if text in _NULLS:
        tag = "null"
    elif text in _TRUE or text in _FALSE:
        tag = "bool"
    elif text[0] in _DIGITS:
        tag = _number(text)
    elif text[0].isalpha():
        tag = "str"
    else:
        raise _Declined  # an indicator (`-`, `*`, `&`, `!`, `|`, `>`, `%`, `@`...), a sign or a point
    return Scalar(text, None, f"tag:yaml.org,2002:{tag}", at, at + len(text))


def _number(text: str) -> str:
    """`0` or `2024` (an int: no sign, no leading zero, no `_`, 18 digits at most), or `2024-01-31` (a date);
    else declined."""
    if text == "0" or (text[0] != "0" and len(text) <= 18 and text.isascii() and text.isdigit()):
        return "int"  # (a longer one is PyYAML's: past 4,300 digits `int` raises, and YAML's error says so)
    if len(text) == 10 and text[4] == text[7] == "-" and all(text[i] in _DIGITS for i in (0, 1, 2, 3, 5, 6, 8, 9)):
        try:
            datetime.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:
            raise _Declined from None  # `2021-02-30`: PyYAML's error to report
        return "timestamp"
    raise _Declined


def _data(scalar: Scalar) -> object:
    """A scalar's value as SafeLoader constructs it."""
    kind = scalar.tag.rpartition(":")[2]
    text = scalar.value
    if kind == "str":
        return text
    if kind == "null":
        return None
    if kind == "bool":
        return text in _TRUE
    if kind == "int":
        return int(text)
    return datetime.date(int(text[:4]), int(text[5:7]), int(text[8:]))


def _printable(body: str) -> bool:
    """Whether PyYAML's reader takes every character as it is: no control character, no `\\x85`, U+2028 or
    U+2029 (YAML 1.1 line breaks), no byte order mark."""
    if body.replace("\n", "").isprintable():  # every character str.isprintable takes is one of PyYAML's
        return True
    return not body.isascii() and all(" " <= c <= "~" or c == "\n" or _wide(c) for c in body)


def _wide(c: str) -> bool:
    """A character past ASCII that PyYAML reads as itself, in one line."""
    if "\xa0" <= c <= "\ud7ff":
        return c not in "\u2028\u2029"
    return "\ue000" <= c <= "\ufffd" and c != "\ufeff" or c >= "\U00010000"
