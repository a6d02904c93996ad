"""Python's cycle collector paused while a run makes many objects that hold no cycle (cache reads, reports)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused(keep: bool = False) -> Iterator[None]:
    """The cycle collector paused for the block (or, as a decorator, the call); left as it was found.

    Reading a cache payload, answering a note from the cache, or building a JSON or SARIF report makes
    thousands of lists, dicts and records, none of them garbage; every 700 of them started a collection that
    walked all the run held (every note read, every finding): more than the reading itself on a warm run, a
    fifth of the JSON report's time and a third of SARIF's.

    ``keep``, in vaultlint's own process (`process_owned`): what the process holds at the block's end is set aside
    from the collector for good (`gc.freeze`, a splice of its lists) before the collector is on again. Else the
    first object made after the block starts a collection of every object the block made: 0.14 s of a warm run
    of 10,000 notes after the findings pack was read, for nothing (none of it is garbage).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if keep and process_owned():
            gc.freeze()
        gc.enable()


# Whether `settled` ran after `hold_startup` (neither: a program that calls vaultlint's functions, which keeps
# its own collector).
_SETTLED: list[bool] = []
_HELD: list[bool] = []


def hold_startup() -> None:
    """The collector off while the process starts (the console script's): the imports, the config and the walk
    make tens of thousands of objects held to the end, none garbage, and every 700 of them started a collection
    that walked them all (79M instructions, 5 % of a check of one note named in 10,000). `settled` turns it on."""
    if gc.isenabled():
        gc.disable()
        _HELD.append(True)


def settled() -> None:
    """The start held by `hold_startup` done (the notes are about to be read): what it made set aside from the
    collector for good (`gc.freeze`, as Python's manual advises for what lives to a program's end), and the
    collector on again. Nothing when the start was not held."""
    if _HELD:
        _HELD.clear()
        gc.freeze()
        _SETTLED.append(True)
        gc.enable()


def process_owned() -> bool:
    """Whether this process is vaultlint's own (its console script held the start, `hold_startup`): it ends with
    the run, so what the run sets aside from the collector (`gc.freeze`) need never be thawed, and no program's
    own frozen objects are there to thaw with it."""
    return bool(_HELD or _SETTLED)
