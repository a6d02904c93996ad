"""The report's chunks kept by key: one file of each note's rendered findings, read back strictly, never run.

A warm run after an edit reads the note rules' findings of every unchanged note from the cache, and then wrote
the report of them again: each note's text read and decoded, each finding's line found and its excerpt made. A
note's chunk of the report is a function of its text, its shown path, its findings and how the report is asked
for, so it is kept here, by a key of those (`engine.chunkmemo` makes the keys and says when a chunk may be used).

The file::

    MAGIC, the body (each chunk's UTF-8, one after another), the footer (JSON: {"crc": <CRC-32 of the body>,
    "keys": [[key, start, length], ...]}), the footer's length (10 digits)

Written as the report is (`ChunkWriter`: a chunk at a time, to a temp file renamed into place at the end), so
neither the report nor the chunks are ever whole in memory (the 10,000-note yardstick's report is 42 MB). A file
that is not exactly that (truncated, corrupt, foreign, of another layout) holds no chunk: each is made again.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from pathlib import Path

MAGIC = b"vaultlint-chunks 2\n"
_LENGTH = 10  # the footer's length, in digits
_HEX = frozenset("0123456789abcdef")
Span = tuple[int, int]  # a chunk's start in the body and its length, in bytes


class KeptChunks:
    """The chunks of a file `ChunkWriter` wrote, each decoded when first asked for."""

    def __init__(self, body: memoryview, spans: dict[str, Span]) -> None:
        self._body = body
        self._spans = spans

    def raw(self, key: str) -> memoryview | None:
        """The UTF-8 of the chunk kept under ``key`` (a view of the body), or None."""
        span = self._spans.get(key)
        return None if span is None else self._body[span[0] : span[0] + span[1]]

    def get(self, key: str) -> str | None:
        """The chunk kept under ``key``, or None."""
        data = self.raw(key)
        if data is None:
            return None
        try:
            return str(data, "utf-8", "surrogatepass")
        except UnicodeDecodeError:  # the body's checksum held: never, but no chunk rather than a wrong one
            return None

    def __len__(self) -> int:
        return len(self._spans)


NONE = KeptChunks(memoryview(b""), {})


def read_chunks(data: bytes | None) -> KeptChunks:
    """The chunks a file's bytes hold; none at all when they are not exactly what `ChunkWriter` writes."""
    if data is None or not data.startswith(MAGIC) or len(data) < len(MAGIC) + _LENGTH:
        return NONE
    digits = data[-_LENGTH:]
    if not digits.isdigit() or int(digits) > len(data) - len(MAGIC) - _LENGTH:
        return NONE
    footer_at = len(data) - _LENGTH - int(digits)
    try:
        footer = json.loads(data[footer_at:-_LENGTH])
    except ValueError:
        return NONE
    body = memoryview(data)[len(MAGIC) : footer_at]
    spans = _spans(footer, len(body))
    if spans is None or footer["crc"] != zlib.crc32(body):
        return NONE
    return KeptChunks(body, spans)


def _spans(footer: object, size: int) -> dict[str, Span] | None:
    """Each key's (start, length) in a body of ``size`` bytes; None for a footer not as written."""
    if type(footer) is not dict or footer.keys() != {"crc", "keys"} or type(footer["crc"]) is not int:
        return None
    rows = footer["keys"]
    if type(rows) is not list:
        return None
    spans: dict[str, Span] = {}
    for row in rows:
        if type(row) is not list or len(row) != 3:
            return None
        key, start, length = row
        if type(key) is not str or not set(key) <= _HEX or type(start) is not int or type(length) is not int:
            return None
        if start < 0 or length < 0 or start + length > size:
            return None
        spans[key] = (start, length)
    return spans


class ChunkWriter:
    """A chunk file written a chunk at a time to a temp file beside ``path``, put in its place by `finish`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
        fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        self._file = os.fdopen(fd, "wb")
        self._file.write(MAGIC)
        self._rows: list[list[object]] = []
        self._at = 0
        self._crc = 0
        self._keys: set[str] = set()

    def add(self, key: str, data: bytes | memoryview) -> None:
        """Write the chunk of ``key`` (its UTF-8), unless written already. OSError when it cannot be written."""
        if key in self._keys:
            return
        self._keys.add(key)
        self._file.write(data)
        self._rows.append([key, self._at, len(data)])
        self._at += len(data)
        self._crc = zlib.crc32(data, self._crc)

    def finish(self) -> None:
        """The footer written, the file put in place; OSError when it cannot be (the temp file then removed)."""
        try:
            footer = json.dumps({"crc": self._crc, "keys": self._rows}, separators=(",", ":")).encode()
            self._file.write(footer + b"%0*d" % (_LENGTH, len(footer)))
            self._file.close()
            os.replace(self.temp, self.path)
        except OSError:
            self.abandon()
            raise

    def abandon(self) -> None:
        """No file written: the temp file removed."""
        with contextlib.suppress(OSError):
            self._file.close()
        with contextlib.suppress(OSError):
            os.unlink(self.temp)
