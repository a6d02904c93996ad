"""Record `baseline = "<file>"` in a vault's config, so that a plain `vaultlint check` uses the baseline.

A text edit that keeps every other byte of the user's TOML as it was, checked by reading the result back.
"""

from __future__ import annotations

import copy
import json
import re
import tomllib
from pathlib import Path

HEADER = re.compile(r"[ \t]*\[(\[)?([^\[\]#]*)\]")  # `[table]`, `[[array]]`; the name, spaces kept
KEY = "baseline"


class NotRecorded(Exception):
    """The config was left as it was; the message says why."""


def config_line(value: str) -> str:
    """The line that names the baseline in a config: `baseline = "<value>"` (a TOML basic string)."""
    return f"{KEY} = {json.dumps(value, ensure_ascii=False)}"


def table_of(config: Path) -> tuple[str, ...]:
    """Where vaultlint's keys stand in ``config``: [tool.vaultlint] in a pyproject.toml, else the top level."""
    return ("tool", "vaultlint") if config.name == "pyproject.toml" else ()


def record(config: Path, value: str) -> None:
    """Write `baseline = "<value>"` into ``config``'s vaultlint table, keeping every other byte as it was.

    The line goes after the table's last key (before the first table header, for the top level); a
    pyproject.toml without a [tool.vaultlint] header gets one. The result must parse to the same data
    plus that key, or nothing is written: a layout this edit does not understand (a multi-line string
    that looks like a header, an inline `vaultlint = {...}` table) is left to the user. Written as `fix`
    writes a note: atomically, mode kept, never a symbolic or hard link, nor a file changed meanwhile.
    """
    from vaultlint.vault.writer import WriteRefused, replace, snapshot

    try:
        read = snapshot(config)
        text = read.data.decode("utf-8")
        before = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise NotRecorded(f"cannot read it: {getattr(exc, 'strerror', None) or exc}") from None
    newline = "\r\n" if "\r\n" in text else "\n"  # a config written on Windows stays CRLF
    edited = _insert(text, table_of(config), config_line(value), newline)
    _verify(before, edited, table_of(config), value)
    try:
        replace(config, edited.encode("utf-8"), read)
    except WriteRefused as exc:
        raise NotRecorded(str(exc)) from None


def _insert(text: str, table: tuple[str, ...], line: str, newline: str) -> str:
    """``text`` with ``line`` added to ``table`` (() is the top level), and nothing else changed."""
    lines = text.splitlines(keepends=True)
    headers = [(i, m) for i, m in enumerate(HEADER.match(s) for s in lines) if m and not _comment_or_blank(lines[i])]
    name = ".".join(table)
    if table:
        own = next((i for i, m in headers if not m.group(1) and _name(m.group(2)) == name), None)
        if own is None:  # no [tool.vaultlint] header: a new one, before its subtables or at the end
            sub = next((i for i, m in headers if _name(m.group(2)).startswith(name + ".")), None)
            block = f"[{name}]{newline}{line}{newline}"
            if sub is None:
                return _joined(lines, len(lines), newline + block, newline)
            return _joined(lines, _attached(lines, sub), block + newline, newline)
        end = next((i for i, _ in headers if i > own), len(lines))
        start = own + 1
    else:
        start, end = 0, next((i for i, _ in headers), len(lines))
    content = [i for i in range(start, end) if not _comment_or_blank(lines[i])]
    if content:
        return _joined(lines, content[-1] + 1, line + newline, newline)
    if table:  # the header alone: right under it
        return _joined(lines, start, line + newline, newline)
    if end == len(lines):  # no table at all: at the end
        return _joined(lines, end, line + newline, newline)
    return _joined(lines, _attached(lines, end), line + newline + newline, newline)


def _joined(lines: list[str], at: int, insert: str, newline: str) -> str:
    """``lines`` with ``insert`` before line ``at``; a last line without its newline gets one first."""
    head = "".join(lines[:at])
    if head and not head.endswith(("\n", "\r")):
        head += newline
    return head + insert + "".join(lines[at:])


def _attached(lines: list[str], header: int) -> int:
    """The first of the comment lines right above ``header`` (no blank line between): they describe it."""
    while header > 0 and lines[header - 1].lstrip().startswith("#"):
        header -= 1
    return header


def _comment_or_blank(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def _name(header: str) -> str:
    """A table's name as written in its header, dots and spaces between its parts normalized."""
    return ".".join(part.strip().strip("\"'") for part in header.split("."))


def _verify(before: dict[str, object], edited: str, table: tuple[str, ...], value: str) -> None:
    """The edited text must parse to the data it held, plus the key: else the edit went wrong."""
    try:
        after = tomllib.loads(edited)
    except tomllib.TOMLDecodeError as exc:
        raise NotRecorded(f"the edited file would not parse ({exc})") from None
    expected = copy.deepcopy(before)
    where = expected
    for part in table:
        inner = where.setdefault(part, {})
        if not isinstance(inner, dict):
            raise NotRecorded(f"{'.'.join(table)} is not a table")
        where = inner
    where[KEY] = value
    if after != expected:
        raise NotRecorded("its layout is one this edit does not understand")
