"""The did-you-mean of each missing name a run found, kept by the file list it was found among."""

# A did-you-mean (WIK001, WIK005) is a function of the name asked, its kind (note or attachment) and the vault's
# file list alone: finding the first one of a run lists and lowers the vault's names (10,000 of them: a twentieth
# of a pre-commit run's time), for the one or two names its note misses. So each run keeps the hints it found in
# `hints-<group>.json`, under the digest of the settings and file names (`Warm.files_key`): a run of the same file
# list takes them from there, and another file list starts the file afresh. Read strictly: anything not exactly
# what `write_hints` writes is no hints at all (each is found again).

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from vaultlint.cache.codec import FORMAT
from vaultlint.cache.store import Store

Key = tuple[str, bool]  # a missing name (as the message names it) and whether it is an attachment's


def hints_path(store: Store, group: str) -> Path:
    return store.home / f"hints-{group}.json"


class KeptHints:
    """The hints kept for one file list (``files``: `Warm.files_key`), read when first asked for, and those
    found since (``added``), to keep."""

    def __init__(self, store: Store, group: str, files: str) -> None:
        self._store = store
        self._group = group
        self._files = files
        self._kept: dict[Key, str] | None = None
        self.added: dict[Key, str] = {}

    def get(self, key: Key) -> str | None:
        if self._kept is None:
            self._kept = read_hints(self._store.read(hints_path(self._store, self._group)), self._files)
        found = self.added.get(key)
        return self._kept.get(key) if found is None else found

    def __setitem__(self, key: Key, hint: str) -> None:
        self.added[key] = hint

    def save(self) -> None:
        """Keep the hints found this run with those kept for the same file list; OSError when the cache
        cannot be written (the index's own write says so)."""
        if not self.added:
            return
        if self._kept is None:  # never asked (a rule found hints the run did not ask the file for): kept whole
            self._kept = read_hints(self._store.read(hints_path(self._store, self._group)), self._files)
        self._store.write(hints_path(self._store, self._group), payload(self._files, {**self._kept, **self.added}))
        self._kept, self.added = {**self._kept, **self.added}, {}


def payload(files: str, hints: dict[Key, str]) -> dict[str, object]:
    """The JSON values of a hints file: each hint by its kind ("a" attachment, "n" note) and name."""
    rows = {("a" if attachment else "n") + name: hint for (name, attachment), hint in sorted(hints.items())}
    return {"format": FORMAT, "files": files, "hints": rows}


def read_hints(kept: object, files: str) -> dict[Key, str]:
    """The hints of a hints file's JSON values (``kept``; None: none) when they were found among ``files``;
    else none."""
    if type(kept) is not dict or kept.keys() != {"format", "files", "hints"}:
        return {}
    if kept["format"] != FORMAT or kept["files"] != files or type(kept["hints"]) is not dict:
        return {}
    rows = kept["hints"]
    if not _all_text(rows) or not _all_text(rows.values()) or any(key[:1] not in ("a", "n") for key in rows):
        return {}
    return {(key[1:], key[0] == "a"): hint for key, hint in rows.items()}


def _all_text(values: Iterable[object]) -> bool:
    return all(type(value) is str for value in values)
