"""The did-you-means kept in the cache (`cache.hints`): a run of the same file list takes them from there, one of
another file list finds them again, and a hints file that is not what this build writes is no hints at all; the
findings are those of a run without a cache, whole or naming one note."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from vaultlint import display
from vaultlint.cache.hints import KeptHints, payload, read_hints
from vaultlint.cache.store import FOLDER, Store
from vaultlint.config.settings import settings_from
from vaultlint.engine.checks import check
from vaultlint.model import Finding
from vaultlint.vault import suggest

Vault = Callable[[dict[str, str | bytes]], Path]
NOTES: dict[str, str | bytes] = {
    "Home.md": "# Home\n\n![[Diagam.png]] and [[Gide]] and ![[Gone]] and [[Setup Notes#Missing]]\n",
    "Guide.md": "# Guide\n\n![[diagram.jpg]]\n",
    "assets/Diagram.png": b"png",
    "Setup Notes.md": "# Setup\n",
}


def _asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names a did-you-mean is looked for among the vault's (`NearMisses.near_miss`), as they are asked."""
    asked: list[str] = []
    real = suggest.NearMisses.near_miss

    def spy(self: suggest.NearMisses, word: str) -> str | None:
        asked.append(word)
        return real(self, word)

    monkeypatch.setattr(suggest.NearMisses, "near_miss", spy)
    return asked


def _hints_file(root: Path) -> Path:
    (found,) = (root / FOLDER).rglob("hints-*.json")
    return found


def _messages(findings: tuple[Finding, ...]) -> list[str]:
    """The messages of links to nothing on Home.md (a run naming it reports it alone)."""
    return [f.message for f in findings if f.code in ("WIK001", "WIK005") and f.path == "Home.md"]


def test_a_run_of_the_same_files_takes_the_hints_kept(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    settings = settings_from({}, root)
    cold = check([root], settings, jobs=1).findings
    asked = _asked(monkeypatch)
    first = check([root], settings, cache=True, jobs=1).findings
    assert first == cold and asked  # found once, among the vault's names
    assert any("did you mean" in message for message in _messages(first))
    (root / "Home.md").write_text(NOTES["Home.md"] + "\nmore prose\n", encoding="utf-8")  # vault rules run again
    asked.clear()
    again = check([root / "Home.md"], settings, cache=True, jobs=1).findings
    assert asked == [] and _messages(again) == _messages(first)


def test_another_file_list_finds_the_hints_again(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    settings = settings_from({}, root)
    check([root], settings, cache=True, jobs=1)
    (root / "Gon.md").write_text("# Gon\n", encoding="utf-8")  # "Gone" is asked for among other names
    asked = _asked(monkeypatch)
    found = check([root], settings, cache=True, jobs=1).findings
    assert "Gone" in asked
    assert found == check([root], settings, jobs=1).findings


@pytest.mark.parametrize(
    "damage",
    [
        lambda kept: {**kept, "files": "0" * 32},
        lambda kept: {**kept, "format": -1},
        lambda kept: {**kept, "hints": {"xGide": ""}},
        lambda kept: {**kept, "hints": {"nGide": 1}},
        lambda kept: {**kept, "extra": 1},
        lambda kept: [kept],
    ],
)
def test_a_hints_file_not_as_written_is_no_hints(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, damage: Callable[[dict[str, object]], object]
) -> None:
    root = vault(NOTES)
    settings = settings_from({}, root)
    first = check([root], settings, cache=True, jobs=1).findings
    kept = _hints_file(root)
    # Every hint says something else: used, it would show.
    table = json.loads(kept.read_text(encoding="utf-8"))
    table["hints"] = {key: " (did you mean the kept one?)" for key in table["hints"]}
    kept.write_text(json.dumps(damage(table)), encoding="utf-8")
    (root / "Home.md").write_text(NOTES["Home.md"] + "\nmore prose\n", encoding="utf-8")
    asked = _asked(monkeypatch)
    again = check([root / "Home.md"], settings, cache=True, jobs=1).findings
    assert asked and _messages(again) == _messages(first)


def test_a_truncated_hints_file_is_no_hints(vault: Vault) -> None:
    root = vault(NOTES)
    settings = settings_from({}, root)
    first = check([root], settings, cache=True, jobs=1).findings
    kept = _hints_file(root)
    kept.write_bytes(kept.read_bytes()[:-7])
    (root / "Home.md").write_text(NOTES["Home.md"] + "\nmore prose\n", encoding="utf-8")
    assert _messages(check([root / "Home.md"], settings, cache=True, jobs=1).findings) == _messages(first)


def test_hints_are_kept_by_kind_and_file_list(tmp_path: Path) -> None:
    store = Store(tmp_path / FOLDER, "b")
    hints = KeptHints(store, "g", "files")
    assert hints.get(("Gide", False)) is None
    hints[("Gide", False)] = ' (did you mean "Guide"?)'
    hints[("Gide", True)] = ""
    hints.save()
    again = KeptHints(store, "g", "files")
    assert again.get(("Gide", False)) == ' (did you mean "Guide"?)' and again.get(("Gide", True)) == ""
    assert KeptHints(store, "g", "other files").get(("Gide", False)) is None
    assert read_hints(payload("files", {("", True): "x"}), "files") == {("", True): "x"}


def test_named_runs_find_what_the_whole_run_finds_on_random_vaults(tmp_path: Path) -> None:
    """A note named alone, with the hints a whole run kept, has the findings a run without a cache has on it."""
    rng = random.Random(15)
    words = ["Guide", "Gide", "Setup", "Setp", "Home", "Diagram", "diagram", "Diagam", "Notes", "Note-s"]
    suffixes = ["", ".png", ".pdf", ".md", ".jpg"]
    for case in range(6):
        root = tmp_path / f"v{case}"
        files = {f"{rng.choice(['', 'a/', 'b/'])}{rng.choice(words)}{rng.choice(suffixes)}" for _ in range(8)}
        for name in files:
            path = root / (name if name.endswith(".md") or "." in name.rsplit("/", 1)[-1] else name + ".md")
            path.parent.mkdir(parents=True, exist_ok=True)
            links = " ".join(f"{rng.choice(['', '!'])}[[{rng.choice(words)}{rng.choice(suffixes)}]]" for _ in range(5))
            path.write_text(f"# T\n\n{links}\n" if path.suffix == ".md" else "x", encoding="utf-8")
        (root / ".obsidian").mkdir()
        settings = settings_from({"select": ["ALL"]}, root)
        whole = check([root], settings, cache=True, jobs=1).findings
        for note in sorted(root.rglob("*.md")):
            named = check([note], settings, cache=True, jobs=1).findings
            assert named == check([note], settings, jobs=1).findings
            assert named == tuple(f for f in whole if f.path == display.path(note))
