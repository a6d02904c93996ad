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

    def counting(self: Vault, link: str, here: str, explicit: bool, markdown: bool) -> object:
        asked.append((link, here))
        return real(self, link, here, explicit, markdown)

    monkeypatch.setattr(Vault, "_resolve", counting)
    for source in ("a/One.md", "a/Two.md", "a/Two.md", "b/Four.md"):
        vault.resolve("b/Note", source)
    assert asked == [("b/Note", "a"), ("b/Note", "b")]
    assert vault.resolve("", "a/Two.md").path == "a/Two.md"  # an empty link: the note itself, not the folder's


def test_a_bare_name_is_searched_once_for_the_vault(monkeypatch: pytest.MonkeyPatch) -> None:
    vault = _vault()
    asked: list[str] = []
    real = Vault._suffixed

    def counting(self: Vault, link: str) -> list[str]:
        asked.append(link)
        return real(self, link)

    monkeypatch.setattr(Vault, "_suffixed", counting)
    seen = {source: vault.resolve("Note", source).path for source in ("a/One.md", "a/Two.md", "b/Four.md", "H.md")}
    assert seen == {"a/One.md": "a/Note.md", "a/Two.md": "a/Note.md", "b/Four.md": "b/Note.md", "H.md": "a/Note.md"}
    vault.resolve("Other/", "a/One.md")
    vault.resolve("Other", "b/Four.md")
    assert asked == ["Note", "Other"]
