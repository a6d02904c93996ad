"""A forked process's copy of its parent's memory made its own ahead of time: no copy-on-write faults in its run."""

# A server's child shares the server's pages until it writes to one (and Python writes to every object it
# touches: its reference count). Each first write is a fault and a copy of 4 KB: 6,400 of them in a pre-commit
# run on 10,000 notes here, 4-6 µs each, a tenth of the run. A child forked ahead of its request (the server's
# spare) has the time to take them all at once before the request comes: madvise(MADV_POPULATE_WRITE), Linux
# 5.14 and later, asks the kernel to fault in every page of a mapping as if written, in one call a mapping.
# Elsewhere (another system, an older kernel, no C library to call) it does nothing: the run faults as before.

from __future__ import annotations

import sys

MADV_POPULATE_WRITE = 23  # linux/mman.h
# A mapping larger than this is no part of Python's heap but a reservation (of a library's allocator): left alone,
# not made real memory.
LARGEST = 256 * 2**20


def prefault() -> int:
    """Fault in every private writable mapping of this process; the bytes it covers (0 when it cannot)."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        madvise = libc.madvise
        madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        with open("/proc/self/maps", encoding="ascii", errors="replace") as maps:
            spans = [_span(line) for line in maps]
    except (OSError, AttributeError):
        return 0
    done = 0
    for span in spans:
        if span is None or span[1] - span[0] > LARGEST:
            continue
        if madvise(span[0], span[1] - span[0], MADV_POPULATE_WRITE) == 0:
            done += span[1] - span[0]
    return done


def _span(line: str) -> tuple[int, int] | None:
    """The addresses of a line of /proc/self/maps when it is a private mapping this process may write."""
    parts = line.split()
    if len(parts) < 2 or not parts[1].startswith("rw") or parts[1][3:4] != "p":
        return None
    low, _, high = parts[0].partition("-")
    try:
        return int(low, 16), int(high, 16)
    except ValueError:
        return None
