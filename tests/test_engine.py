"""The engine: worker processes give what one process gives; the vault-rule stage sees the whole vault."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from vaultlint.config.settings import Settings, load_settings
from vaultlint.engine import PARALLEL_FROM, check
from vaultlint.engine import plan as engine_plan
from vaultlint.model import Finding
from vaultlint.parse.note import parse_text
from vaultlint.rules import RULES, Context, VaultRule
from vaultlint.vault.index import Vault


def make_vault(root: Path, count: int) -> None:
    (root / "vaultlint.toml").write_text('[conventions]\ntags = ["PAPER"]\n')
    for i in range(count):
        folder = root / f"f{i % 3}"
        folder.mkdir(exist_ok=True)
        (folder / f"n{i}.md").write_text(
            f"# N{i}\n\n- #paper x \n- [a](https://x.org/{i % 5})\n- [b](https://x.org/{i % 5})\n"
        )
    (root / "f0" / "bad.md").write_bytes(b"\xff\n")


def test_workers_give_the_same_result_as_one_process(tmp_path: Path) -> None:
    make_vault(tmp_path, PARALLEL_FROM + 10)
    settings = load_settings(tmp_path)
    serial = check([tmp_path], settings, jobs=1)
    parallel = check([tmp_path], settings, jobs=2)
    assert len(serial.notes) == PARALLEL_FROM + 10
    assert parallel.findings == serial.findings
    assert parallel.problems == serial.problems and len(serial.problems) == 1
    assert parallel.notes == serial.notes
    assert {f.code for f in serial.findings} == {"FMT001", "TAG002", "LNK001"}


class CountNotes(VaultRule):
    """VLT900 count-notes: a vault rule for these tests only."""

    code = "VLT900"
    name = "count-notes"
    summary = "Says how many notes the vault holds"

    def check_vault(self, vault: Vault, ctx: Context) -> Iterator[Finding]:
        for _, note in sorted(vault.reported.items()):
            yield self.finding(note, 0, 1, f"vault of {len(vault.notes)} notes")


@pytest.fixture
def small_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setitem(RULES, "VLT900", CountNotes)
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / "vaultlint.toml").write_text("")
    (tmp_path / "sub").mkdir()
    for name in ("a.md", "b.md", "sub/c.md", "sub/d.md"):
        (tmp_path / name).write_text("# x\n")
    return tmp_path


def vault_settings(root: Path, **changes: object) -> Settings:
    return dataclasses.replace(load_settings(root), enabled=frozenset({"VLT900"}), **changes)  # type: ignore[arg-type]


def test_vault_rules_see_the_whole_vault_but_report_only_the_named_notes(small_vault: Path) -> None:
    result = check([small_vault / "sub" / "c.md"], vault_settings(small_vault), jobs=1)
    assert [(Path(f.path).name, f.message) for f in result.findings] == [("c.md", "vault of 4 notes")]


def test_vault_findings_obey_suppressions_and_per_file_ignores(small_vault: Path) -> None:
    (small_vault / "a.md").write_text("<!-- vaultlint-disable VLT900 -->\n# x\n")
    settings = vault_settings(small_vault, per_file_ignores=(("sub/*", frozenset({"VLT900"})),))
    result = check([small_vault], settings, jobs=1)
    assert [Path(f.path).name for f in result.findings] == ["b.md"]


def test_other_notes_are_never_parsed(small_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Vault rules read other notes through the index (a line scan), never through the Markdown parser.
    parsed: list[str] = []
    real = engine_plan.parse_bytes
    monkeypatch.setattr(engine_plan, "parse_bytes", lambda shown, data: parsed.append(shown) or real(shown, data))
    note = small_vault / "a.md"
    check([note], dataclasses.replace(load_settings(small_vault), enabled=frozenset({"FMT001"})), jobs=1)
    assert len(parsed) == 1
    check([note], vault_settings(small_vault), jobs=1)
    assert parsed == [parsed[0], parsed[0]]


def test_a_rule_that_crashes_loses_only_its_own_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: one crashing note rule made the whole note "not checked", every other finding lost, and no way
    # to see where. Now the rule is named, the others' findings stand, and --debug prints the traceback.
    from vaultlint.cli.main import main
    from vaultlint.rules.final_newline import FinalNewline

    def broken(self: object, note: object, ctx: object) -> object:
        raise ValueError("boom")

    monkeypatch.setattr(FinalNewline, "check", broken)
    monkeypatch.setenv("VAULTLINT_DEBUG", "")  # restored after the test: main() sets it for --debug
    (tmp_path / "a.md").write_text("# A \n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--select", "FMT001,FMT002", "--output-format", "concise", "--debug", "a.md"])
    out, err = capsys.readouterr()
    assert code == 2 and "a.md:1:4: FMT001" in out
    assert "vaultlint: error: a.md: FMT002 failed: internal error (ValueError: boom)" in err
    assert "Traceback (most recent call last)" in err and "raise ValueError" in err


def test_a_notes_path_forms_are_made_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vaultlint.vault.discover import discover, note_refs

    (tmp_path / ".obsidian").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "vaultlint.toml").write_text("")
    (tmp_path / "docs" / "sub").mkdir()
    note = tmp_path / "docs" / "sub" / "a.md"
    note.write_text("# A\n")
    monkeypatch.chdir(tmp_path / "docs")
    settings = load_settings(tmp_path / "docs")
    found = discover([note], settings.selection, settings.root, True)
    (ref,) = note_refs(found, settings.selection)
    # read by its path; named by the vault from its root; matched by globs from the config's folder; shown
    # from the working folder
    assert (ref.path, ref.in_vault, ref.matched, ref.shown) == (note, "docs/sub/a.md", "sub/a.md", "sub/a.md")


def test_without_a_cache_the_notes_come_back_without_their_facts(tmp_path: Path) -> None:
    """What comes after the note rules (vault rules, filter, report) reads a note's text, links and outline:
    its facts are not held to the end of the run (on 10,000 notes they took GiBs), but parsed again if asked."""
    make_vault(tmp_path, PARALLEL_FROM + 10)
    (tmp_path / "f1" / "quiet.md").write_text("- #paper [[n1]]\n\n<!-- vaultlint-disable FMT001 -->\n")
    settings = load_settings(tmp_path)
    for jobs in (1, 2):
        result = check([tmp_path], settings, jobs=jobs)
        held = {Path(shown).relative_to(tmp_path).as_posix() for shown, n in result.notes.items() if n._facts}
        # None: the filter asked for quiet.md's facts (its suppression comment), which went with the note made
        # to read them; a note is made again from its text when read (`engine.kept`)
        assert held == set()
        note = result.notes[str(tmp_path / "f0" / "n0.md")]
        assert note.facts == parse_text(note.path, note.text).facts  # as parsed, when asked for


def test_a_vault_rule_that_reads_facts_keeps_the_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """LNK002 reads each reported note's links with their spans: the notes come back whole, parsed once."""
    from vaultlint.parse import note as note_module

    make_vault(tmp_path, 5)
    parsed: list[str] = []
    real = note_module.parse_text
    counting = lambda path, *a: parsed.append(path) or real(path, *a)  # noqa: E731
    monkeypatch.setattr(note_module, "parse_text", counting)
    monkeypatch.setattr("vaultlint.engine.slim.parse_text", counting)  # where a slimmed note is parsed again
    from vaultlint.config.settings import settings_from

    result = check([tmp_path], settings_from({"extend-select": ["LNK002"]}, tmp_path), jobs=1)
    assert all(note._facts is not None for note in result.notes.values())
    assert len(parsed) == len(result.notes) == 5
