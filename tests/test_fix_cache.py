"""`fix` keeps what it read of the notes that stay as they are, so the next `fix` or `check` is warm, and right."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from vaultlint.cache.store import digest
from vaultlint.config.settings import settings_from
from vaultlint.engine import checks, fixes, plan
from vaultlint.engine.cached import open_cache
from vaultlint.engine.checks import check
from vaultlint.engine.fixes import fix
from vaultlint.engine.kept import RECENT, Kept
from vaultlint.engine.plan import make_plan
from vaultlint.vault.writer import WriteRefused

Vault = Callable[[dict[str, str | bytes]], Path]

NOTES: dict[str, str | bytes] = {
    "Clean.md": "# Clean\n\n[[Guide#Setup]] [[Gone]]\n\n- [x](https://example.com/a)\n",
    "Guide.md": "# Guide\n\n## Setup\n\ntext ^b1\n",
    "Spaces.md": "# Spaces   \n\n[[Guide#Nowhere]]\n",  # a safe fix: the trailing spaces go
    "Other.md": "# Other\n\n- [y](https://example.com/a)\n- [y](https://example.com/a)\n",  # findings, no fix
}
SETTINGS: dict[str, Any] = {"select": ["ALL"]}


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The notes parsed from here on, by `fix` or `check` (one process: jobs=1)."""
    seen: list[str] = []
    real_fix, real_check = fixes.first_version, plan.parse_bytes

    def fix_parse(path: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(Path(path).name)
        return real_fix(path, *args, **kwargs)

    def check_parse(path: str, data: bytes) -> Any:
        seen.append(Path(path).name)
        return real_check(path, data)

    monkeypatch.setattr(fixes, "first_version", fix_parse)
    monkeypatch.setattr(plan, "parse_bytes", check_parse)
    yield seen


def _fix(root: Path, cache: bool, write: bool = False) -> tuple[list[tuple[str, int, str]], list[str]]:
    result = fix([root], settings_from(SETTINGS, root), write=write, cache=cache, jobs=1)
    changed = sorted(Path(n.shown).name for n in result.notes if n.outcome.changed)
    return [(f.path, f.start, f.code) for f in result.findings], changed


def _check(root: Path, cache: bool) -> list[tuple[str, int, str, str]]:
    result = check([root], settings_from(SETTINGS, root), cache=cache, jobs=1)
    return [(f.path, f.start, f.code, f.message) for f in result.findings]


def test_a_preview_keeps_the_notes_it_leaves_and_reads_again_only_those_it_would_change(
    vault: Vault, parsed: list[str]
) -> None:
    root = vault(NOTES)
    cold = _fix(root, False)
    assert cold[1] == ["Spaces.md"]
    parsed.clear()
    assert _fix(root, True) == cold
    assert sorted(set(parsed)) == ["Clean.md", "Guide.md", "Other.md", "Spaces.md"]  # an empty cache: each read
    parsed.clear()
    assert _fix(root, True) == cold  # the notes with nothing to fix are answered by the cache, unparsed
    assert sorted(set(parsed)) == ["Spaces.md"]


def test_fix_write_then_the_next_fix_and_check_are_warm_and_find_what_a_cold_run_finds(
    vault: Vault, parsed: list[str]
) -> None:
    root = vault(NOTES)
    assert _fix(root, True, write=True)[1] == ["Spaces.md"]
    parsed.clear()
    second = _fix(root, True, write=True)
    assert second[1] == []
    assert parsed == []  # the note written was kept as written
    assert _fix(root, False) == second
    cold = _check(root, False)
    parsed.clear()
    assert _check(root, True) == cold
    assert parsed == []


def test_fix_write_keeps_the_vault_rules_findings_on_the_notes_as_written(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next run answers the vault rules from the cache: they ran on the notes as written (the 10,000-note
    yardstick vault's first `fix --write` after one took 6.7 s where the next took 1.7, the rules run again)."""
    # Odd.md's fix is refused in its worker (its lines end two ways): it stays as read, as on disk
    root = vault({**NOTES, "Odd.md": b"# Odd  \r\n\ntext\n"})
    assert _fix(root, True, write=True)[1] == ["Spaces.md"]
    cold = _check(root, False)
    ran: list[str] = []
    real = checks._guarded

    def counted(rule: Any, *args: Any) -> Any:
        ran.append(rule.code)
        return real(rule, *args)

    monkeypatch.setattr(checks, "_guarded", counted)
    assert _check(root, True) == cold
    assert ran == []


def test_a_warm_fix_holds_none_of_the_notes_it_has_nothing_to_fix(vault: Vault, parsed: list[str]) -> None:
    """Each was held read and decoded to the end of the run (690 MiB for `fix --write` of the 10,000-note
    yardstick vault): now kept as `check` keeps it, made again from its bytes or its file when asked for."""
    notes = {**NOTES, **{f"Plain {n}.md": f"# Plain {n}\n\n[[Guide#Setup]]\n" for n in range(4 * RECENT)}}
    root = vault(notes)
    _fix(root, True, write=True)
    result = fix([root], settings_from(SETTINGS, root), write=True, cache=True, jobs=1)
    assert [n.read for n in result.notes] == [None] * len(notes)
    assert isinstance(result.texts, Kept) and result.texts.held() <= RECENT  # those made last, kept at hand
    for note in result.notes:
        assert result.texts[note.shown].text == (root / Path(note.shown).name).read_text(encoding="utf-8")


def test_a_check_after_fix_reads_the_findings_fix_kept(vault: Vault, parsed: list[str]) -> None:
    root = vault(NOTES)
    _fix(root, True)
    cold = _check(root, False)
    parsed.clear()
    assert _check(root, True) == cold
    assert sorted(set(parsed)) == ["Spaces.md"]  # fix would change it: not kept


def test_a_note_whose_write_is_refused_is_not_kept_as_fix_would_have_written_it(
    vault: Vault, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault(NOTES)

    def refused(*args: Any) -> None:
        raise WriteRefused("it changed since it was read")

    monkeypatch.setattr(fixes, "replace", refused)
    _fix(root, True, write=True)
    assert (root / "Spaces.md").read_text() == NOTES["Spaces.md"]
    index = open_cache(True, make_plan([root], settings_from(SETTINGS, root), None, ())).index
    entry = index.notes.get("Spaces.md")  # the index never vouches for bytes that are not on disk
    assert entry is None or entry.digest == digest((root / "Spaces.md").read_bytes())
    cold = _check(root, False)
    parsed.clear()
    assert _check(root, True) == cold
    assert sorted(set(parsed)) == ["Spaces.md"]  # read again: the bytes kept were never written


def test_a_note_edited_while_fix_runs_leaves_no_finding_of_its_old_text_in_the_cache(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor saves the note between fix's read and its write: the write is refused, and the vault rules'
    findings (on the text fix read) are kept under the state of that text, not of the bytes on disk."""
    root = vault({"x.md": "# X  \n\n[[gone]]\n", "y.md": "# Y\n\ntext\n"})
    real = fixes.replace

    def racing(path: Path, data: bytes, read: Any) -> None:
        path.write_text("# X  \n\n[[y]]\n", encoding="utf-8")  # saved by someone else, a moment before
        real(path, data, read)

    monkeypatch.setattr(fixes, "replace", racing)
    _fix(root, True, write=True)
    assert (root / "x.md").read_text() == "# X  \n\n[[y]]\n"  # refused: theirs stays
    assert _check(root, True) == _check(root, False)


def test_a_rule_that_crashes_on_a_note_the_cache_answers_for_is_said(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A note the cache answers for under other settings is linted again from its kept facts: a rule that crashed
    there left the note "nothing to fix", the crash unsaid and the exit status clean. Now the note is fixed as
    any other is, and the crash is said."""
    from vaultlint.rules.final_newline import FinalNewline

    root = vault(NOTES)
    _fix(root, True)
    settings = settings_from({**SETTINGS, "ignore": ["ENT004"]}, root)  # another key: the rules run again

    def broken(self: object, note: object, ctx: object) -> object:
        raise ValueError("boom")

    monkeypatch.setattr(FinalNewline, "check", broken)
    result = fix([root], settings, cache=True, jobs=1)
    assert "Clean.md" in {Path(p.path).name for p in result.problems}
