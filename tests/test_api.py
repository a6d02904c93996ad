"""The library API: `vaultlint.lint_text`, `fix_text` and `check_paths` give what the CLI gives."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

import vaultlint
from tests.conftest import REPO
from vaultlint.config.settings import load_settings
from vaultlint.errors import VaultlintError


def test_the_issue_one_liner_prints_a_finding() -> None:
    code = "import vaultlint; print(vaultlint.lint_text('- [x]()\\n', path='a.md'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert "LNK003" in done.stdout and "a.md" in done.stdout


def test_lint_text_defaults_are_the_cli_defaults() -> None:
    (finding,) = vaultlint.lint_text("- [x]()\n", path="a.md")
    assert (finding.code, finding.path) == ("LNK003", "a.md")
    assert vaultlint.lint_text("# Clean\n\ntext\n") == []


def test_a_config_mapping_selects_and_configures() -> None:
    text = "- #paper x\n"
    config = {"select": ["TAG"], "conventions": {"tags": ["PAPER"]}}
    assert [f.code for f in vaultlint.lint_text(text, config=config)] == ["TAG002"]
    assert vaultlint.lint_text(text, config={"select": ["FMT"]}) == []


def test_suppression_comments_and_per_file_ignores_filter_findings() -> None:
    config = {"select": ["FMT001"], "per-file-ignores": {"drafts/*": ["FMT001"]}}
    assert [f.code for f in vaultlint.lint_text("a \n", path="n.md", config=config)] == ["FMT001"]
    assert vaultlint.lint_text("a \n", path="drafts/n.md", config=config) == []
    assert vaultlint.lint_text("a %% vaultlint-disable-line FMT001 %% \n", config=config) == []


def test_vault_rules_see_the_files_given() -> None:
    config = {"select": ["WIK001"]}
    assert [f.code for f in vaultlint.lint_text("[[Other]]\n", config=config)] == ["WIK001"]
    assert vaultlint.lint_text("[[Other]]\n", config=config, vault={"Other.md": "# O\n"}) == []


def test_fix_text_runs_the_real_fixer_and_guard() -> None:
    outcome = vaultlint.fix_text("# A  \ntext \n")
    assert outcome.note.text == "# A\ntext\n" and not outcome.remaining and not outcome.refused


def test_dates_are_judged_on_the_day_given() -> None:
    text = '- "T" [A; paper; 2030-01-01](https://example.org/x)\n'
    config = {"select": ["ENT004"]}
    assert vaultlint.lint_text(text, config=config, today=dt.date(2026, 1, 1))
    assert not vaultlint.lint_text(text, config=config, today=dt.date(2031, 1, 1))


def test_check_paths_is_the_cli_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # paths are shown from the working folder, as the golden output was made
    result = vaultlint.check_paths(["seeds"], load_settings(REPO))
    golden = (REPO / "tests" / "golden" / "seeds.txt").read_text(encoding="utf-8")
    # `seeds/AI/Deep learning.md:3:18: FMT001 [*] trailing ...`: the place and the code of each finding
    shown = re.findall(r"^(seeds/.+?:\d+:\d+): ([A-Z]+\d+) ", golden, flags=re.M)
    positions = [(f, result.notes[f.path].position(f.start)) for f in result.findings]
    assert [(f"{f.path}:{line}:{col}", f.code) for f, (line, col) in positions] == shown


def test_a_bad_config_is_a_vaultlint_error() -> None:
    with pytest.raises(VaultlintError, match="select"):
        vaultlint.lint_text("x\n", config={"select": ["NOPE999"]})
    with pytest.raises(VaultlintError):
        vaultlint.lint_text("x\n", config={"no-such-key": 1})


def test_unknown_attributes_still_fail() -> None:
    with pytest.raises(AttributeError):
        vaultlint.no_such_function  # noqa: B018


def test_check_paths_finds_its_config(tmp_path: Path) -> None:
    (tmp_path / "vaultlint.toml").write_text('select = ["FMT001"]\n')
    (tmp_path / "a.md").write_text("a \n# T\n")
    result = vaultlint.check_paths([tmp_path])
    assert [f.code for f in result.findings] == ["FMT001"]


def test_the_readme_api_example_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", readme, flags=re.S | re.M)
    assert blocks, "the README shows the library API"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})  # noqa: S102 - our own README's example
    assert "LNK003" in capsys.readouterr().out


def test_user_facing_errors_share_one_base() -> None:
    from vaultlint.config.files import ConfigError
    from vaultlint.findings.baseline import BaselineError
    from vaultlint.fixing.formatting import FormatterMissing
    from vaultlint.parse.note import NoteError
    from vaultlint.rules import UnknownRule
    from vaultlint.vault.writer import WriteRefused

    for error in (ConfigError, BaselineError, FormatterMissing, NoteError, UnknownRule, WriteRefused):
        assert issubclass(error, VaultlintError), error


def test_check_paths_applies_the_configs_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vaultlint.cli.main import main

    (tmp_path / "vaultlint.toml").write_text('select = ["FMT001"]\n')
    (tmp_path / "a.md").write_text("a \n")
    monkeypatch.chdir(tmp_path)
    assert main(["baseline", "."]) == 0  # records the finding and names the baseline in vaultlint.toml
    result = vaultlint.check_paths(["."])
    assert result.findings == () and [a.known for a in result.baselines] == [1]
    (tmp_path / "a.md").write_text("a \nb \n")
    assert [f.code for f in vaultlint.check_paths(["."]).findings] == ["FMT001"]


def test_check_paths_takes_a_config_mapping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = vaultlint.check_paths(["seeds"], {"select": ["FMT001"]})
    assert result.findings and {f.code for f in result.findings} == {"FMT001"}


def test_templates_are_vault_paths_wherever_the_api_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # FMT001 leaves a template's cursor space (`title: `) alone; the note is a template by its vault path,
    # not by where the caller happens to be or where the config file lies.
    (tmp_path / "vaultlint.toml").write_text('select = ["FMT001"]\ntemplates = ["Templates"]\n')
    loaded = load_settings(tmp_path)
    mapping = {"select": ["FMT001"], "templates": ["Templates"]}
    for where in (tmp_path, REPO):
        monkeypatch.chdir(where)
        for config in (loaded, mapping):
            assert [f.code for f in vaultlint.lint_text("title: \n", "Templates/t.md", config)] == []
            assert [f.code for f in vaultlint.lint_text("title: \n", "Notes/t.md", config)] == ["FMT001"]
