"""Python's cycle collector paused while a run makes many objects that hold no cycle (cache reads, reports)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """The cycle collector paused for the block (or, as a decorator, the call); left as it was found.

    Reading a cache payload, answering a note from the cache, or building a JSON or SARIF report makes
    thousands of lists, dicts and records, none of them garbage; every 700 of them started a collection that
    walked all the run held (every note read, every finding): more than the reading itself on a warm run, a
    fifth of the JSON report's time and a third of SARIF's.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
