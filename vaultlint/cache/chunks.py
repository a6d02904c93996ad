"""The report's chunks kept by key: one file of each note's rendered findings, read back strictly, never run.

A warm run after an edit reads the note rules' findings of every unchanged note from the cache, and then wrote
the report of them again: on vault-1000 the text report of 14,679 findings was a fifth of the run's instructions
(each note's text decoded, each finding's line found and its excerpt made). A note's chunk of the report is a
function of its text, its shown path, its findings and how the report is asked for, so it is kept here, by a key
of those (`engine.chunkmemo` makes the keys and says when a chunk may be used).

The file::

    MAGIC, the header's length (10 digits), the header (JSON: {"crc": <crc32 of the body>, "keys": [[key, start,
    length], ...]}), the body (each chunk's UTF-8, one after another)

A file that is not exactly that (truncated, corrupt, foreign, of another layout) holds no chunk: each is made
again. A chunk is decoded only when asked for.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Mapping

MAGIC = b"vaultlint-chunks 1\n"
_LENGTH = 10  # the header's length, in digits
_HEX = frozenset("0123456789abcdef")


class KeptChunks:
    """The chunks of a file `chunks_parts` wrote, each decoded when first asked for."""

    def __init__(self, body: bytes, spans: dict[str, tuple[int, int]]) -> None:
        self._body = body
        self._spans = spans

    def get(self, key: str) -> str | None:
        """The chunk kept under ``key``, or None."""
        span = self._spans.get(key)
        if span is None:
            return None
        start, length = span
        try:
            return self._body[start : start + length].decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:  # the body's checksum held: never, but no chunk rather than a wrong one
            return None

    def __len__(self) -> int:
        return len(self._spans)


NONE = KeptChunks(b"", {})


def read_chunks(data: bytes | None) -> KeptChunks:
    """The chunks a file's bytes hold; none at all when they are not exactly what `chunks_parts` writes."""
    if data is None or not data.startswith(MAGIC):
        return NONE
    at = len(MAGIC)
    digits = data[at : at + _LENGTH]
    if len(digits) != _LENGTH or not digits.isdigit():
        return NONE
    body_at = at + _LENGTH + int(digits)
    try:
        header = json.loads(data[at + _LENGTH : body_at])
    except ValueError:
        return NONE
    body = data[body_at:]
    spans = _spans(header, len(body))
    if spans is None or header["crc"] != zlib.crc32(body):
        return NONE
    return KeptChunks(body, spans)


def _spans(header: object, size: int) -> dict[str, tuple[int, int]] | None:
    """Each key's (start, length) in a body of ``size`` bytes; None for a header not as written."""
    if type(header) is not dict or header.keys() != {"crc", "keys"} or type(header["crc"]) is not int:
        return None
    rows = header["keys"]
    if type(rows) is not list:
        return None
    spans: dict[str, tuple[int, int]] = {}
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


def chunks_parts(chunks: Mapping[str, str]) -> Iterator[bytes]:
    """The bytes of a file of ``chunks`` (by key: hex digits), in parts (`Store.write`'s `Parts`)."""
    encoded = [(key, chunk.encode("utf-8", "surrogatepass")) for key, chunk in chunks.items()]
    rows, start = [], 0
    for key, data in encoded:
        rows.append([key, start, len(data)])
        start += len(data)
    body = [data for _, data in encoded]
    crc = 0
    for data in body:
        crc = zlib.crc32(data, crc)
    header = json.dumps({"crc": crc, "keys": rows}, separators=(",", ":")).encode()
    yield MAGIC + b"%0*d" % (_LENGTH, len(header)) + header
    yield from body
