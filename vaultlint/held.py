"""Cache files decoded once by a process that forks runs (`vaultlint server`), and taken whole by its children."""

# A run of a large vault reads a few large cache files before its first note: the index (5 MB on 10,000 notes)
# and the drawing verdicts (1 MB), 60 ms of a 0.35 s pre-commit run here. A server's child is forked from a
# process that can have decoded them already: after each run, the server decodes again the files that run read
# through `loader` (`asked`), as they are once the run has written them, and holds each with its file's stamp
# (device, inode, size, mtime and ctime in nanoseconds; a cache file is replaced whole, by a rename, so a new
# file is a new inode). A child whose file has that very stamp takes the decoded value; any other reads the
# file as any run does. A value is the child's own copy (the fork's), taken once: what a run changes in it
# stays in that run. A loader is a pure function of its file's bytes and its argument.
#
# What a run makes of such a file's contents, the same each run while the file is, can be held too: a `deriver`
# of the loader's kind makes it in the server, once the file is held (the vault's files, sorted and mapped by
# name, of the walk's memo: 30 ms of each pre-commit run on 10,000 notes). Each is held with the argument it
# was made of, and a run takes it (`derived`) only for an argument equal to its own; else it makes its own. A
# value derived is shared by every taker in the run: read, never changed.

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

ValueT = TypeVar("ValueT")
ArgumentT = TypeVar("ArgumentT")
Stamp = tuple[int, int, int, int, int]
Key = tuple[str, str, str]  # the loader's kind, the file's path, the loader's argument
Deriver = Callable[[Any], Iterable[tuple[str, object, object]]]  # a held value -> (derived kind, argument, value)

_LOADERS: dict[str, Callable[[str, str], object]] = {}
_HELD: dict[Key, tuple[Stamp, object]] = {}
_ASKED: dict[Key, None] | None = None  # None: not noted (a process that is no server's child)
# A held file's kind -> what makes the values derived of its contents: (derived kind, argument, value) each
_DERIVERS: dict[str, list[Deriver]] = {}
_DERIVED: dict[str, tuple[Key, object, object]] = {}  # derived kind -> (the file's key, argument, value)


def loader(kind: str) -> Callable[[Callable[[str, str], ValueT]], Callable[[str, str], ValueT]]:
    """Register ``load(path, argument)`` as the loader of ``kind``: the function returned gives the value held
    for that file at its present stamp, when there is one, else what ``load`` reads."""

    def register(load: Callable[[str, str], ValueT]) -> Callable[[str, str], ValueT]:
        _LOADERS[kind] = load

        def held_or_loaded(path: str, argument: str) -> ValueT:
            key = (kind, path, argument)
            if _ASKED is not None:
                _ASKED[key] = None
            held = _HELD.pop(key, None)
            if held is not None and held[0] == stamp(path):
                return held[1]  # type: ignore[return-value]  # what ``load`` returned for this kind
            return load(path, argument)

        return held_or_loaded

    return register


def deriver(kind: str) -> Callable[[Deriver], Deriver]:
    """Register ``derive(value)`` for the files of loader ``kind``: what it yields, (derived kind, argument,
    value made of that argument), is held beside each such file (`derived` gives it)."""

    def register(derive: Deriver) -> Deriver:
        _DERIVERS.setdefault(kind, []).append(derive)
        return derive

    return register


def derived(kind: str, argument: ArgumentT, make: Callable[[ArgumentT], ValueT]) -> ValueT:
    """``make(argument)``, or the value held for ``kind`` when it was made of an argument equal to ``argument``
    (of the same type: a list is no tuple). Shared by every caller: read it, never change it."""
    held = _DERIVED.get(kind)
    if held is not None and type(held[1]) is type(argument) and (held[1] is argument or held[1] == argument):
        return held[2]  # type: ignore[return-value]  # what ``make`` returns for such an argument
    return make(argument)


def stamp(path: str) -> Stamp | None:
    """The stamp a held value is taken at; None when the file cannot be stat'ed."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def note_asked() -> None:
    """Note, from now on, which files this process reads through a loader (a server's child: `asked`)."""
    global _ASKED
    _ASKED = {}


def asked() -> list[Key]:
    """The files read through a loader since `note_asked`."""
    return list(_ASKED or ())


def hold(keys: list[Key]) -> None:
    """Decode the files ``keys`` name as they are now, held for the children forked after; what was held of
    any other file is let go. A file that changes while it is read, or cannot be read, is not held."""
    keep_only(keys)
    for key in keys:
        hold_one(key)


def keep_only(keys: list[Key]) -> None:
    """Let go of what is held of any file but those ``keys`` name."""
    wanted = set(keys)
    for key in [key for key in _HELD if key not in wanted]:
        del _HELD[key]
    for kind in [kind for kind, made in _DERIVED.items() if made[0] not in wanted]:
        del _DERIVED[kind]


def hold_one(key: Key) -> None:
    """Decode the file ``key`` names as it is now, held for the children forked after (`hold`)."""
    _HELD.pop(key, None)
    for kind in [kind for kind, made in _DERIVED.items() if made[0] == key]:
        del _DERIVED[kind]
    load = _LOADERS.get(key[0])
    before = stamp(key[1])
    if load is None or before is None:
        return
    value = load(key[1], key[2])
    if stamp(key[1]) != before:
        return
    _HELD[key] = (before, value)
    for derive in _DERIVERS.get(key[0], ()):
        for kind, argument, made in derive(value):
            _DERIVED[kind] = (key, argument, made)


def holding() -> list[str]:
    """The paths of the files held (`vaultlint server status` counts them)."""
    return [path for _, path, _ in _HELD]
