"""stdout and stderr for a reader that may stop reading early (`vaultlint rules | head -1`)."""

from __future__ import annotations

import codecs
import io
import os
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


class _ReaderMayLeave(io.FileIO):
    """An output file whose reader may stop reading early: `vaultlint rules | head -1`.

    What the reader did not take is not wanted, so once the pipe is closed the rest goes to /dev/null: no
    BrokenPipeError traceback (nor one at exit, when Python flushes stdout), and the run ends as it would
    have, with its own exit status (`check | head` still fails on findings under `set -o pipefail`).
    """

    def write(self, data: ReadableBuffer, /) -> int:
        try:
            return super().write(data)
        except BrokenPipeError:
            nowhere = os.open(os.devnull, os.O_WRONLY)
            os.dup2(nowhere, self.fileno())
            os.close(nowhere)
            return memoryview(data).nbytes


def reader_may_leave(stream: TextIO | None) -> TextIO:
    """``stream`` (sys.stdout or sys.stderr) writing through a _ReaderMayLeave; /dev/null when it is closed."""
    if stream is None:  # started with the descriptor closed (`vaultlint rules >&-`)
        return open(os.devnull, "w", encoding="utf-8")  # lives as long as the run
    try:
        fd = stream.fileno()
    except (OSError, ValueError):  # not a file (an embedding application's stream): leave it be
        return stream
    stream.flush()
    raw = _ReaderMayLeave(fd, "w", closefd=False)
    return io.TextIOWrapper(
        io.BufferedWriter(raw),
        encoding=stream.encoding,
        errors=_errors(stream),
        line_buffering=bool(stream.line_buffering),
    )


def _errors(stream: TextIO) -> str:
    """How ``stream`` writes a character its encoding lacks: as an escape, unless it is a UTF encoding.

    Notes quote any text, and an ASCII locale with Python's UTF-8 mode off (`LC_ALL=C PYTHONUTF8=0`) made a
    report quoting "…" end in a UnicodeEncodeError traceback; `\u2026` says what was there.
    """
    if codecs.lookup(stream.encoding).name.startswith("utf"):
        return stream.errors or "strict"
    return "backslashreplace"
