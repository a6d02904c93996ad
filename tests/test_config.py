"""Config discovery and validation: errors name the file and the key, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultlint.config.settings import ConfigError, load_settings, with_selection


def test_pyproject_table_is_found_walking_up(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.vaultlint]\nignore = ["FMT"]\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    settings = load_settings(deep)
    assert settings.source == tmp_path / "pyproject.toml"
    assert not any(code.startswith("FMT") for code in settings.enabled)
    assert "ENT001" in settings.enabled


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text("[tool.other]\n")
    (tmp_path / "vaultlint.toml").write_text('select = ["ENT"]\n')
    settings = load_settings(tmp_path / "sub")
    assert settings.source == tmp_path / "vaultlint.toml"
    assert settings.enabled == {"ENT001", "ENT002", "ENT003", "ENT004", "ENT005", "ENT006"}


def test_hidden_config_and_conventions(tmp_path: Path) -> None:
    (tmp_path / ".vaultlint.toml").write_text(
        '[conventions]\ntags = ["PAPER"]\nlabels = ["cult"]\n[conventions.kinds]\nblog = ["blog post"]\n'
    )
    conv = load_settings(tmp_path).conventions
    assert conv.tags == ("PAPER",) and conv.labels == ("cult",) and conv.kinds == {"blog": ("blog post",)}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[tool.vaultlint]\nselct = ["ENT"]\n', "pyproject.toml: tool.vaultlint.selct: unknown key"),
        ('[tool.vaultlint]\nselect = ["NOPE9"]\n', 'tool.vaultlint.select: unknown rule code, name or prefix "NOPE9"'),
        (
            "[tool.vaultlint.rules.ENT004]\nmax = 3\n",
            'pyproject.toml: tool.vaultlint.rules.ENT004: unknown option "max"',
        ),
        ("[tool.vaultlint.rules.XYZ999]\n", 'tool.vaultlint.rules.XYZ999: unknown rule "XYZ999"'),
        ('[tool.vaultlint.conventions]\ntags = "PAPER"\n', "tool.vaultlint.conventions.tags: expected a list"),
        ("[tool.vaultlint\n", "invalid TOML"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(content)
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert message in str(info.value)
    assert str(tmp_path / "pyproject.toml") in str(info.value)


def test_rule_options_accept_names(tmp_path: Path) -> None:
    (tmp_path / "vaultlint.toml").write_text('[rules.list-marker]\nstyle = "*"\n')
    settings = load_settings(tmp_path)
    assert settings.options["FMT003"].style == "*"  # type: ignore[attr-defined]


def test_cli_selection_replaces_and_extends(tmp_path: Path) -> None:
    (tmp_path / "vaultlint.toml").write_text('ignore = ["FMT001"]\n')
    settings = load_settings(tmp_path)
    assert "FMT001" not in settings.enabled
    assert with_selection(settings, ["FMT001"], None, None).enabled == {"FMT001"}
    assert "FMT001" in with_selection(settings, None, ["trailing-whitespace"], None).enabled
    assert "ENT001" not in with_selection(settings, None, None, ["ENT"]).enabled
    with pytest.raises(ConfigError, match='--select: unknown rule code, name or prefix "Q"'):
        with_selection(settings, ["Q"], None, None)


def test_empty_config_means_default_rules_and_no_vocabulary(tmp_path: Path) -> None:
    from vaultlint.rules import RULES

    (tmp_path / "vaultlint.toml").write_text("")
    settings = load_settings(tmp_path)
    assert settings.conventions.tags == () and settings.conventions.kinds == {}
    assert settings.enabled == {code for code, rule in RULES.items() if rule.default_enabled}


def test_explicit_config_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path, tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('tags = ["PAPER", "paper"]', 'conventions.tags: "PAPER" and "paper" are the same word'),
        ('labels = ["cult", "Cult"]', 'conventions.labels: "cult" and "Cult" are the same word'),
        (
            'kinds = { blog = ["video"], YouTube = ["video"] }',
            'conventions.kinds: "video" is given for both "blog" and "YouTube"',
        ),
        ('kinds = { blog = ["Blog"], Blog = [] }', 'conventions.kinds: "Blog" is given for both "blog" and "Blog"'),
    ],
)
def test_contradictory_vocabularies_are_config_errors(tmp_path: Path, table: str, message: str) -> None:
    (tmp_path / "vaultlint.toml").write_text(f"[conventions]\n{table}\n")
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert message in str(info.value)


def test_root_must_be_a_folder(tmp_path: Path) -> None:
    (tmp_path / "vaultlint.toml").write_text('root = "nonexistent"\n')
    with pytest.raises(ConfigError, match='root: "nonexistent" is not a folder'):
        load_settings(tmp_path)


def test_empty_select_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "vaultlint.toml").write_text("")
    with pytest.raises(ConfigError, match="--select: no rule given"):
        with_selection(load_settings(tmp_path), [], None, None)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vaultlint.toml", "excludes = []\n", 'excludes: unknown key (did you mean "exclude"?)'),
        ("vaultlint.toml", "[conventions]\ntag = []\n", 'conventions.tag: unknown key (did you mean "tags"?)'),
        ("vaultlint.toml", "per-file-ignore = {}\n", '(did you mean "per-file-ignores"?)'),
        ("vaultlint.toml", "[tool.vaultlint]\nselect = []\n", "drop the [tool.vaultlint] prefix"),
        ("vaultlint.toml", "[conventions]\nkinds = []\n", "conventions.kinds: expected a table"),
        ("vaultlint.toml", "[rules.LNK001]\nignore = 3\n", "rules.LNK001.ignore: expected a list"),
    ],
)
def test_config_mistakes_are_explained(tmp_path: Path, name: str, content: str, message: str) -> None:
    (tmp_path / name).write_text(content)
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert message in str(info.value)


def test_config_option_given_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a folder; --config takes a file"):
        load_settings(tmp_path, tmp_path)


def test_a_config_nested_too_deeply_is_one_line_of_error(tmp_path: Path) -> None:
    # 500 nested arrays made tomllib recurse past Python's limit: a traceback (issue 12, item 4)
    (tmp_path / "vaultlint.toml").write_text("x = " + "[" * 500 + "]" * 500 + "\n")
    with pytest.raises(ConfigError, match=r"vaultlint.toml: invalid TOML: nested too deeply"):
        load_settings(tmp_path)
