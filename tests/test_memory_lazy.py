"""The vault rules decompress a reported note's text only when they read it, and a note's targets once."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultlint.config.settings import load_settings
from vaultlint.engine import PARALLEL_FROM, check, kept, slim
from vaultlint.engine.kept import Packed, PackedNote, squeeze


def _vault(root: Path, notes: int) -> None:
    """Notes linking the next one's heading: every WIK rule walks every note's links, and none finds anything."""
    (root / "vaultlint.toml").write_text('select = ["WIK"]\n')
    for i in range(notes):
        body = f"# Heading {i}\n\n[[Note {(i + 1) % notes}#Heading {(i + 1) % notes}]] and [[Note {(i + 2) % notes}]]\n"
        (root / f"Note {i}.md").write_text(body, encoding="utf-8")


def _counted(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(module, name)

    def counting(*args: object) -> object:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(module, name, counting)
    return calls


def test_the_vault_rules_decompress_no_note_they_only_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = PARALLEL_FROM + 2  # in worker processes: each note comes back squeezed
    _vault(tmp_path, notes)
    texts = _counted(monkeypatch, kept, "unsqueeze")
    targets = _counted(monkeypatch, slim, "unsqueeze_targets")
    result = check([tmp_path], load_settings(tmp_path), jobs=2)
    assert result.findings == () and len(result.notes) == notes
    assert texts == []  # six rules walked each note's links: not one text was needed
    assert len(targets) == notes  # each note's headings read for the links into it: decoded once


def test_a_squeezed_note_reads_as_the_note_it_was() -> None:
    text = "# Ünïcode ☃\n\nline  \n^id\n"
    data, plain = squeeze(text)
    facts = object()
    note = PackedNote.made(
        "a.md", Packed(data, "\r\n", True, lambda t: lambda: facts, squeezed=True, plain=plain), set()
    )  # type: ignore[arg-type,return-value]
    assert (note.path, note.newline, note.bom) == ("a.md", "\r\n", True)
    assert note.text == text and note.text is note.text  # decompressed once, then kept
    assert note.position(text.index("line")) == (3, 1) and note.facts is facts
    with pytest.raises(AttributeError):
        note.text = "other"  # type: ignore[misc]
