"""A note's web anchors (GitHub slugs) are made only when a Markdown link's heading is not found, not with the index."""

from __future__ import annotations

import pytest

from vaultlint.parse.outline import OutlineHeading
from vaultlint.vault import obsidian


def test_matching_headings_makes_no_slug(monkeypatch: pytest.MonkeyPatch) -> None:
    headings = (OutlineHeading(1, "Deep Learning (2016)", 1), OutlineHeading(2, "Setup {#install}", 3))
    slugged: list[str] = []
    real = obsidian.github_slug

    def counting(text: str) -> str:
        slugged.append(text)
        return real(text)

    monkeypatch.setattr(obsidian, "github_slug", counting)
    assert obsidian.match_headings(headings, ["Deep Learning (2016)", "Setup {#install}"]) == 2
    assert obsidian.heading_copies(headings, ["deep learning 2016"]) == [0]
    assert slugged == []
    assert obsidian.web_anchors(headings) == {"deep-learning-2016", "setup-install", "install"}
    assert obsidian.web_anchors(headings) == {"deep-learning-2016", "setup-install", "install"}
    assert len(slugged) == 2  # once for these headings, however often asked
