"""Regular expressions compiled at their first use, for the patterns most runs never try."""

# A module-level re.compile costs its compile at import, in every process, used or not: ~0.05-0.8 ms a pattern,
# 12 ms for the ~120 of a named check, half of them for patterns a run seldom or never tries (raw HTML blocks,
# math, the cache's temporary names...). A lazy pattern compiles on its first attribute read and then keeps the
# compiled pattern's methods in its own dict, so a call after the first costs one dict lookup more than the
# pattern's own (~50 ns): patterns a note's scan tries at every line stay compiled at import. The rules' and the
# vault's are lazy whatever their use: a run answered from the cache imports their modules and tries none of them.

from __future__ import annotations

import re
from typing import AnyStr, cast

# What a pattern is asked for; read once compiled, each then found in the lazy pattern's own dict.
_KEPT = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "pattern", "flags", "groups")
_MADE: list[_Lazy] = []  # every lazy pattern, for `compile_every`


class _Lazy:
    """Stands for ``re.compile(source, flags)`` until its first use, then holds that pattern's methods."""

    def __init__(self, source: str | bytes, flags: int) -> None:
        self._source = source
        self._flags = flags
        self.pattern = source  # the compiled pattern's own: a pattern made from another's source compiles neither
        _MADE.append(self)

    def __getattr__(self, name: str) -> object:  # called for a name not in the instance dict: the first use
        compiled = re.compile(self._source, self._flags)
        for kept in _KEPT:
            self.__dict__[kept] = getattr(compiled, kept)
        self.__dict__["compiled"] = compiled
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self._source!r}, {self._flags!r})"


def lazy_compile(source: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(source, flags)``, compiled when first used. Only its methods and attributes are read:
    it is no `re.Pattern` to isinstance, and is not to be handed to `re.sub` and the like as a pattern."""
    return cast("re.Pattern[AnyStr]", _Lazy(source, flags))


def compile_every() -> None:
    """Compile every lazy pattern made so far: a process that forks runs (`vaultlint server`) compiles them once."""
    for lazy in _MADE:
        lazy.match  # noqa: B018 - the first attribute read compiles it
