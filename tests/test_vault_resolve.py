"""Link resolution is asked once per link path and folder: the notes of a folder share what a path leads to."""

from __future__ import annotations

import itertools

import pytest

from vaultlint.vault.index import Vault

FILES = ["Home.md", "a/Note.md", "a/b/Note.md", "b/Note.md", "a/Pic.png", "c/d/Other.md", "A/x.md", "a/x.md"]
LINKS = ["Note", "b/Note", "./Note", "../Note", "/a/Note", "Pic.png", "x", "Other", "", "  ", "Gone", "d/Other"]
SOURCES = ["Home.md", "a/One.md", "a/Two.md", "a/b/Three.md", "b/Four.md", "c/d/Five.md"]


def _vault() -> Vault:
    return Vault(FILES, [f for f in FILES if f.endswith(".md")], {}, lambda rel: None)


def test_a_shared_answer_is_what_each_note_alone_gets() -> None:
    shared = _vault()
    for link, source, markdown in itertools.product(LINKS, SOURCES, (False, True)):
        assert shared.resolve(link, source, markdown) == _vault().resolve(link, source, markdown), (link, source)


def test_the_notes_of_a_folder_share_a_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    vault = _vault()
    asked: list[tuple[str, str]] = []
    real = Vault._resolve

    def counting(self: Vault, link: str, source: str, markdown: bool) -> object:
        asked.append((link, source))
        return real(self, link, source, markdown)

    monkeypatch.setattr(Vault, "_resolve", counting)
    for source in ("a/One.md", "a/Two.md", "a/Two.md", "b/Four.md"):
        vault.resolve("Note", source)
    assert asked == [("Note", "a/One.md"), ("Note", "b/Four.md")]
    assert vault.resolve("", "a/Two.md").path == "a/Two.md"  # an empty link: the note itself, not the folder's
