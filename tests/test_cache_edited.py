"""After an edit, the vault rules run again on the notes the edit can change alone, and find what a cold run finds."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from vaultlint.cache.store import FOLDER
from vaultlint.config.settings import settings_from
from vaultlint.engine import edited
from vaultlint.engine.checks import check
from vaultlint.vault.index import Vault as Index

Vault = Callable[[dict[str, str | bytes]], Path]

NOTES: dict[str, str | bytes] = {
    "Home.md": "# Home\n\n[[Guide#Setup]] [[Guide#Missing]] [[Other]] [[Gone]] ![[Pic.png]]\n\n## Home\n",
    "Guide.md": "# Guide\n\n## Setup\n\ntext ^b1\n\n## Setup\n",
    "Other.md": "# Other\n\n[[Guide#^b1]] [[Guide#^b2]] [[Home#Home]]\n",
    "Lone.md": "# Lone\n\n[[Lone#Lone]] [[#Nowhere]]\n",
    "sub/Deep.md": "# Deep\n\n[[Other]] [[Guide#Setup]] [t](../Guide.md#setup)\n",
    "sub/Other.md": "# Other too\n",
}
SETTINGS: dict[str, Any] = {"select": ["WIK"]}

# Each edit, and the notes whose findings it can change: itself, where its links lead (before and after),
# and the notes whose links lead to it.
EDITS: list[tuple[str, str, set[str]]] = [
    # Each of the first two changes Guide's finding (its repeated heading, the links that miss its second copy)
    # without an edit to Guide: a note whose links no longer lead there, and one whose links now do.
    ("Home.md", "# Home\n\n[[Other]] [[Gone]]\n\n## Home\n", {"Home.md", "Guide.md", "Other.md"}),
    ("Lone.md", "# Lone\n\n[[Lone#Lone]] [[#Nowhere]] [[Guide#Setup]]\n", {"Lone.md", "Guide.md"}),
    ("Guide.md", "# Guide\n\n## Setup\n\ntext ^b2\n", {"Guide.md", "Other.md", "sub/Deep.md", "Lone.md"}),
    ("Other.md", "# Other\n\n[[Guide#^b1]] [[Lone#Nope]]\n", {"Other.md", "Guide.md", "Home.md", "Lone.md"}),
    ("Other.md", "# Other\n\n[[Guide#^b1]]\n", {"Other.md", "Guide.md", "Home.md", "Lone.md"}),
    ("Lone.md", "# Lone\n\n## Nowhere\n\n[[#Nowhere]] [[Lone#Lone]]\n", {"Lone.md", "Guide.md"}),
    ("sub/Deep.md", "# Deep\n", {"sub/Deep.md", "Guide.md", "sub/Other.md"}),  # [[Other]]: its own folder's
]


def _findings(root: Path, cache: bool) -> list[tuple[str, int, str, str]]:
    result = check([root], settings_from(SETTINGS, root), cache=cache, jobs=1)
    return [(f.path, f.start, f.code, f.message) for f in result.findings]


def _redone(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The notes each run from here on checks again with the vault rules (after an edit)."""
    seen: list[set[str]] = []
    real = edited.again

    def recording(record: edited.Record, digests: dict[str, str], vault: Index, *warm: Any) -> set[str]:
        seen.append(real(record, digests, vault, *warm))
        return seen[-1]

    monkeypatch.setattr(edited, "again", recording)
    return seen


def test_an_edit_checks_its_notes_again_and_finds_what_a_cold_run_finds(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault(NOTES)
    assert _findings(root, True) == _findings(root, False)
    redone = _redone(monkeypatch)
    for name, text, expected in EDITS:
        (root / name).write_text(text, encoding="utf-8")
        assert _findings(root, True) == _findings(root, False), name
        assert redone.pop() == expected, name


def test_nothing_changed_reads_the_findings_kept(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    first = _findings(root, True)
    redone = _redone(monkeypatch)
    assert _findings(root, True) == first
    assert redone == []  # the vault state is the same: its findings are read whole


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "New.md").write_text("[[Gone]]\n", encoding="utf-8"),  # the file list
        lambda root: (root / "Pic.png").write_bytes(b"\x89PNG"),  # an attachment
    ],
)
def test_a_new_file_or_setting_checks_every_note_again(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, change: Callable[[Path], object]
) -> None:
    root = vault(NOTES)
    _findings(root, True)
    redone = _redone(monkeypatch)
    change(root)
    (root / "Lone.md").write_text("# Lone\n", encoding="utf-8")
    assert _findings(root, True) == _findings(root, False)
    assert redone == []  # no record spoke for this run: every note was checked again


def test_changed_settings_check_every_note_again(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    _findings(root, True)
    redone = _redone(monkeypatch)
    (root / "Lone.md").write_text("# Lone\n", encoding="utf-8")
    settings = settings_from({**SETTINGS, "ignore": ["WIK004"]}, root)
    assert check([root], settings, cache=True, jobs=1).findings == check([root], settings, jobs=1).findings
    assert redone == []


def test_a_rule_that_reads_every_note_checks_every_note_again(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault({**NOTES, "Lone.md": "# Lone\n\n<https://e.org/x>\n", "Other.md": "<https://e.org/x>\n"})
    settings = settings_from({"select": ["WIK", "LNK002"]}, root)
    check([root], settings, cache=True, jobs=1)
    redone = _redone(monkeypatch)
    (root / "Lone.md").write_text("# Lone\n", encoding="utf-8")
    warm = check([root], settings, cache=True, jobs=1).findings
    assert warm == check([root], settings, jobs=1).findings
    assert redone == []


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00 not json",
        b"[]",
        json.dumps({"state": "x", "files": "y", "notes": {"Home.md": ["d", "Guide.md"]}}).encode(),
        json.dumps({"state": 1, "files": "y", "notes": {}}).encode(),
    ],
)
def test_a_damaged_record_is_not_read(vault: Vault, monkeypatch: pytest.MonkeyPatch, damage: bytes) -> None:
    root = vault(NOTES)
    _findings(root, True)
    (record,) = (root / FOLDER).rglob("vault-*.json")
    record.write_bytes(damage)
    redone = _redone(monkeypatch)
    (root / "Guide.md").write_text("# Guide\n", encoding="utf-8")
    assert _findings(root, True) == _findings(root, False)
    assert redone == []
    json.loads(record.read_bytes())  # written whole again


def _links_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The notes whose links the vault index is asked for from here on (`Vault.known_links`), in order."""
    read: list[str] = []
    real = Index.known_links

    def reading(self: Index, path: str) -> object:
        read.append(path)
        return real(self, path)

    monkeypatch.setattr(Index, "known_links", reading)
    return read


def test_a_run_naming_some_notes_keeps_no_record_and_spoils_none(vault: Vault) -> None:
    root = vault(NOTES)
    _findings(root, True)
    (root / "Guide.md").write_text("# Guide\n\n## Setup\n", encoding="utf-8")
    settings = settings_from(SETTINGS, root)
    named = check([root / "Home.md"], settings, cache=True, jobs=1).findings
    assert named == check([root / "Home.md"], settings, jobs=1).findings
    (root / "Lone.md").write_text("# Lone\n", encoding="utf-8")
    assert _findings(root, True) == _findings(root, False)


def test_a_named_note_reads_only_the_notes_whose_links_may_name_its_headings(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WIK009 on a note that repeats a heading counts the links naming a heading into it from every note: of the
    notes unchanged since the last whole run, only those whose links naming a heading led there are read (not
    Other.md, whose links into Guide name a block); a changed note is read whatever it was."""
    root = vault(NOTES)
    settings = settings_from(SETTINGS, root)
    check([root], settings, cache=True, jobs=1)
    (root / "Lone.md").write_text("# Lone\n\n[[Guide#Setup]]\n", encoding="utf-8")  # now it leads there
    read = _links_read(monkeypatch)
    named = check([root / "Guide.md"], settings, cache=True, jobs=1).findings
    assert sorted(read) == ["Home.md", "Lone.md", "sub/Deep.md"]  # not Other.md, sub/Other.md, nor Guide.md
    assert named == check([root / "Guide.md"], settings, jobs=1).findings
    assert [f.code for f in named] == ["WIK009"] and "4 links" in named[0].message  # Lone's is counted


def test_a_run_naming_an_edited_note_keeps_the_whole_runs_findings(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pre-commit names a note just edited; the whole run after it still checks again only what the edit can
    change (it checked every note again: 9-10 s and 390 MiB at 10,000 notes, against 5 s)."""
    root = vault(NOTES)
    _findings(root, True)
    redone = _redone(monkeypatch)
    (root / "Lone.md").write_text("# Lone\n\n[[Lone#Lone]] [[#Nowhere]] [[Guide#Setup]]\n", encoding="utf-8")
    named = check([root / "Lone.md"], settings_from(SETTINGS, root), cache=True, jobs=1).findings
    assert named == check([root / "Lone.md"], settings_from(SETTINGS, root), jobs=1).findings
    assert _findings(root, True) == _findings(root, False)
    assert redone == [{"Lone.md", "Guide.md"}]


def test_an_edit_that_reaches_a_hub_reads_only_the_notes_naming_its_headings(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hub that repeats a heading, linked to by name from many notes: an edit that reaches it (a link to it
    added) has WIK009 count the links naming a heading into it, read only from the notes whose links name one."""
    by_name = {f"n{i}.md": f"# N{i}\n\n[[Hub]]\n" for i in range(6)}
    root = vault(
        {"Hub.md": "# Hub\n\n## Setup\n\n## Setup\n", "Pointer.md": "[[Hub#Setup]]\n", "Edit.md": "x\n", **by_name}
    )
    assert _findings(root, True) == _findings(root, False)
    (root / "Edit.md").write_text("x [[Hub#Setup]]\n", encoding="utf-8")
    read = _links_read(monkeypatch)
    warm = _findings(root, True)
    assert read == ["Pointer.md"]  # neither the notes linking to the hub by name, nor those checked again
    assert warm == _findings(root, False)
    assert [(path, code) for path, _, code, message in warm if "2 links" in message] == [("Hub.md", "WIK009")]
