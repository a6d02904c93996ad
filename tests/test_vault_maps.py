"""The vault index's maps, made when first asked (`Vault._mapped`), give the answers the per-file maps gave."""

from __future__ import annotations

import posixpath
import random

import pytest

from vaultlint.vault.index import Vault, fold, is_note, note_name

PARTS = ["Note", "note", "NOTE", "Étude", "Étude", "ß", "ss", "a.b", "x", "README", ".hidden"]
ENDS = ["", ".md", ".MD", ".png", ".Md"]


def _paths(rng: random.Random, count: int) -> list[str]:
    out = []
    for _ in range(count):
        folders = [rng.choice(PARTS) for _ in range(rng.randrange(3))]
        out.append("/".join([*folders, rng.choice(PARTS) + rng.choice(ENDS)]))
    return out


def _old_by_suffix(files: tuple[str, ...], link: str, here: str) -> tuple[str | None, tuple[str, ...]]:
    """What `_by_suffix` answered with the map of lists it made of every name and stem."""
    by_name: dict[str, list[tuple[str, str]]] = {}
    for path in files:
        folded = fold(path)
        name = posixpath.basename(folded)
        by_name.setdefault(name, []).append((path, folded))
        if name.endswith(".md"):
            by_name.setdefault(name[:-3], []).append((path, folded))
    key = fold(link)

    def ends(path: str) -> bool:
        stems = (path, path[:-3]) if path.endswith(".md") else (path,)
        return any(s == key or s.endswith("/" + key) for s in stems)

    found = [p for p, folded in by_name.get(posixpath.basename(key), ()) if ends(folded)]
    found.sort(key=lambda p: (posixpath.dirname(p) != here, p.count("/"), len(p), p))
    return (found[0], tuple(found[1:])) if found else (None, ())


@pytest.mark.parametrize("seed", range(40))
def test_maps_answer_as_the_per_file_maps(seed: int) -> None:
    rng = random.Random(seed)
    files = _paths(rng, rng.randrange(1, 40))
    vault = Vault(files, [f for f in files if f.endswith(".md")], {}, lambda rel: None)
    assert vault.files == tuple(sorted(p for p in set(files) if not p.startswith(".") and "/." not in p))
    assert vault.names_of_kind(False) == [note_name(p) for p in vault.files if is_note(p)]
    assert vault.names_of_kind(True) == [note_name(p) for p in vault.files if not is_note(p)]
    folders = {fold(posixpath.dirname(p)) for p in vault.files}
    while any(posixpath.dirname(f) not in folders for f in folders if f):
        folders |= {posixpath.dirname(f) for f in folders if f}
    assert vault._folders == folders | {""}
    for _ in range(20):
        link = "/".join(rng.choice(PARTS) for _ in range(rng.randrange(1, 3))) + rng.choice(ENDS[:3])
        here = posixpath.dirname(rng.choice(files))
        got = vault._by_suffix(link, here)
        assert (got.path, got.others) == _old_by_suffix(vault.files, link, here), (files, link, here)


def test_a_name_many_files_share_names_them_all() -> None:
    vault = Vault(["a/Note.md", "b/note.md", "c/NOTE", "d/Note.png"], [], {}, lambda rel: None)
    found = vault.resolve("note", "x.md")
    assert (found.path, found.others) == ("c/NOTE", ("a/Note.md", "b/note.md"))
