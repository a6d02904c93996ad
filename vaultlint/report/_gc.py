"""Python's cycle collector paused while a machine report is built: its objects hold no cycles."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(build: Callable[P, R]) -> Callable[P, R]:
    """``build`` with the cycle collector paused while it runs. A JSON or SARIF report of 14,679 findings is
    some 100,000 dicts and lists, none of them garbage; each 700 of them started a collection walking all the
    run held (every finding, every note kept): a fifth of the JSON report's time, a third of SARIF's."""

    @functools.wraps(build)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return build(*args, **kwargs)
        gc.disable()
        try:
            return build(*args, **kwargs)
        finally:
            gc.enable()

    return paused
