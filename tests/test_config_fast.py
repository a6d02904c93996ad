"""The config and rule options read without pydantic: the same values as the pydantic models, and no pydantic loaded."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from vaultlint.config.schema import ConfigModel, ConventionsModel, OnlineModel, config_of
from vaultlint.config.values import Config, ConventionsConfig, OnlineConfig, fast_config
from vaultlint.rules import RULES

# Tables as configs write them, each read by the fast path; and tables it must leave to pydantic (which then
# reads them otherwise than a plain reading would, or refuses them).
READ = [
    "",
    "root = 'sub'\ninclude = ['*.md', 'x/*.md']\nexclude = ['a']\nextend-exclude = ['b']",
    "force-exclude = false\nrespect-gitignore = false\nrespect-excluded-files = false\nskip-generated = false",
    "obsidian-folder = '.obsidian-mobile'\ntemplates = ['Templates', '/Meta/T/', 'a\\\\b']",
    "select = ['ALL']\nextend-select = ['FMT003']\nignore = ['LNK']\nunsafe-fixes = true",
    "per-file-ignores = { 'a/*.md' = ['LNK001'], 'b.md' = [] }\nbaseline = 'b.json'\ncache-dir = 'c'",
    "[conventions]\nkinds = { book = ['livre'], paper = [] }\ntags = ['#a', ' b ']\nlabels = ['Note']",
    "[rules.FMT003]\nstyle = '*'\n[rules.LNK001]\nscope = 'all'\nignore = ['a.com']\n[rules.x]\ny = [1, {z = 2}]",
    "templates = []\nselect = []\n[conventions]\n[rules]",
    "[online]\nenabled = true\ntimeout = '30s'\ncache-max-age = '7d'\nmax-retry-wait = 90\nexclude = ['linkedin.com']",
    "[online]\nconcurrency = 4\nper-host = 1\nmax-redirects = 5\nretries = 0\ndead-after-days = 3\nuser-agent = 'x'",
    "[online]\ntimeout = 2.5\ncache-max-age = '12h'",
]
LEFT = [
    "extend_exclude = ['b']",  # the field's name: pydantic takes it too
    "extend-exclude = ['b']\nextend_exclude = ['c']",
    "force-exclude = 1",  # pydantic's lax mode reads 1 as true
    "force-exclude = 'false'",
    "include = 'x'",
    "include = [1]",
    "include = [['a']]",
    "root = 1",
    "obsidian-folder = 'a/b'",
    "templates = ['../x']",
    "per-file-ignores = { 'a' = 'LNK001' }",
    "[conventions]\ntags = ['a', 'A']",
    "[conventions]\nkinds = { book = ['livre'], paper = ['Book'] }",
    "[conventions]\nkindz = {}",
    "conventions = 3",
    "rules = { LNK001 = 3 }",
    "unknown = 1",
    "[tool]\nx = 1",
    "[online]\nenabled = 1",
    "[online]\ntimeout = 'soon'",
    "[online]\nper-host = 0",
    "[online]\nconcurrency = '4'",
    "[online]\ndead_after_days = 3",
    "[online]\ncache-max-age = -1",
    "[online]\nproxy = 'x'",
]


def _pydantic(table: dict[str, Any]) -> Config | None:
    try:
        return config_of(ConfigModel.model_validate(table))
    except Exception:
        return None


@pytest.mark.parametrize("text", READ)
def test_the_fast_reading_reads_as_pydantic(text: str) -> None:
    table = tomllib.loads(text)
    fast = fast_config(table)
    assert fast is not None
    assert fast == _pydantic(table)


@pytest.mark.parametrize("text", LEFT)
def test_the_fast_reading_leaves_the_rest_to_pydantic(text: str) -> None:
    assert fast_config(tomllib.loads(text)) is None


def test_the_records_mirror_the_models() -> None:
    pairs = ((Config, ConfigModel), (ConventionsConfig, ConventionsModel), (OnlineConfig, OnlineModel))
    for record, model in pairs:
        assert [f.name for f in dataclasses.fields(record)] == list(model.model_fields)
        assert dataclasses.asdict(record()) == model().model_dump()


def test_rule_options_are_pydantics() -> None:
    for code, rule in RULES.items():
        options = rule.Options()
        checker = rule.Options._pydantic()
        assert list(options.model_fields) == list(checker.model_fields), code
        # the cache key's digest reads the options as pydantic's json dump wrote them
        assert json.dumps(options.model_dump()) == json.dumps(checker().model_dump(mode="json")), code
    given = RULES["LNK001"].Options.model_validate({"scope": "all", "ignore": ["a.com"]})
    assert given.model_dump() == {"scope": "all", "ignore": ("a.com",)}
    assert given != RULES["LNK001"].Options() and given == RULES["LNK001"].Options.model_validate(given.model_dump())


def _loaded(vault: Path) -> set[str]:
    script = (
        "import json, sys\nfrom vaultlint.cli.main import main\n"
        f"try:\n    main(['check', '--no-cache', {str(vault)!r}])\nexcept SystemExit:\n    pass\n"
        "sys.stdout.flush()\nsys.__stdout__.write('\\n' + json.dumps(sorted(sys.modules)))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(json.loads(run.stdout.rsplit("\n", 1)[-1]))


def test_a_check_loads_pydantic_only_for_rule_options(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / "A.md").write_text("# A\n\n- [Author; book; 2020](https://example.com/a) \n* b\n", encoding="utf-8")
    config = tmp_path / "vaultlint.toml"
    config.write_text("extend-select = ['FMT003']\n[conventions]\nkinds = { book = ['livre'] }\n", encoding="utf-8")
    assert not {"pydantic", "pydantic_core"} & _loaded(tmp_path)
    config.write_text("extend-select = ['FMT003']\n[rules.FMT003]\nstyle = '*'\n", encoding="utf-8")
    assert "pydantic" in _loaded(tmp_path)  # options given are validated by pydantic, and worded by it if wrong
