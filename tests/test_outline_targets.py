"""outline.note_targets (what a cold check's worker sends back of a note's outline) is the targets of the outline
the line scan finds (scan.outline, which note_outline is held to), on every note of the seeds and the corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultlint.parse.note import parse_text
from vaultlint.parse.outline import note_targets
from vaultlint.parse.scan import outline

ROOT = Path(__file__).resolve().parent.parent
NOTES = sorted(p for folder in ("seeds", "bench/corpus", "tests/vaults") for p in (ROOT / folder).rglob("*.md"))


def test_there_are_notes_with_headings_and_block_ids() -> None:
    outlines = [note_targets(parse_text(str(p), p.read_text(encoding="utf-8", errors="replace"))) for p in NOTES]
    assert sum(bool(o.headings) for o in outlines) > 50 and sum(bool(o.block_ids) for o in outlines) > 3


@pytest.mark.parametrize("path", NOTES, ids=lambda p: str(p.relative_to(ROOT)))
def test_note_targets_are_the_outlines_targets(path: Path) -> None:
    # Fails when note_targets leaves out the block ids, or reads a heading's line or text otherwise.
    note = parse_text(str(path), path.read_text(encoding="utf-8", errors="replace"))
    assert note_targets(note) == outline(note.text).targets()
