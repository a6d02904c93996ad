"""One vault index resolves every link as the resolution a link at a time did (one search of each bare name)."""

from __future__ import annotations

import posixpath
import random

import pytest

from vaultlint.vault.index import Resolution, Vault, _ends_with, _outside, fold

PARTS = ["Note", "note", "a", "b", "Étude", "x.md", "Pic.png"]
PREFIXES = ["", "", "", "./", "../", "/", " "]


def _old_resolve(vault: Vault, link: str, source: str, markdown: bool) -> Resolution:
    """`Vault.resolve` as it was before its bare names were searched once (the search sorted for each folder)."""
    link = link.strip()
    if not link:
        return Resolution(source)
    here = posixpath.dirname(source)
    explicit = link.startswith(("./", "../", "/")) or link in (".", "..")
    if explicit:
        places = [posixpath.normpath(link.lstrip("/") if link.startswith("/") else posixpath.join(here, link))]
    elif markdown or "/" in link.rstrip("/"):
        places = list(dict.fromkeys([posixpath.normpath(posixpath.join(here, link)), posixpath.normpath(link)]))
    else:
        places = []
    inside = [p for p in places if not _outside(p)]
    hit = next((f for p in inside if (f := vault._file_at(p))), None)
    if hit:
        return Resolution(hit)
    folder = next((p for p in inside if p != "." and fold(p) in vault._folders), None)
    if markdown and folder:
        return Resolution(folder, folder=True)
    if explicit:
        return Resolution(None, outside=not inside)
    key = fold(link.rstrip("/"))
    found = [p for p in vault.files if _ends_with(fold(p), key)]
    if not found:
        return Resolution(None)
    found.sort(key=lambda p: (posixpath.dirname(p) != here, p.count("/"), len(p), p))
    return Resolution(found[0], tuple(found[1:]))


def _path(rng: random.Random) -> str:
    return "/".join(rng.choice(PARTS) for _ in range(rng.randrange(1, 4)))


@pytest.mark.parametrize("seed", range(30))
def test_one_index_resolves_as_each_link_alone(seed: int) -> None:
    rng = random.Random(seed)
    files = [_path(rng) + rng.choice(["", ".md"]) for _ in range(rng.randrange(1, 30))]
    notes = [f for f in files if f.endswith(".md")] or ["Home.md"]
    vault = Vault(files, notes, {}, lambda rel: None)
    for _ in range(200):  # one index for all: what a folder's link was answered must not leak into another's
        link = rng.choice(PREFIXES) + _path(rng) + rng.choice(["", "/", ".md"])
        source, markdown = rng.choice(notes), rng.random() < 0.3
        got, old = vault.resolve(link, source, markdown), _old_resolve(vault, link, source, markdown)
        assert (got.path, got.others, got.folder, got.outside) == (old.path, old.others, old.folder, old.outside)
