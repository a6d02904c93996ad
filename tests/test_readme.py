"""The README and the packaging agree with the code: the rule table, the config example, the install lines."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest

from vaultlint.config.settings import load_settings
from vaultlint.rules import RULES

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
CODE = re.compile(r"`([A-Z]{3}\d{3})`")


def _rule_table() -> dict[str, set[str]]:
    """The README's table of rule families: family cell -> the codes its "checks" cell describes."""
    lines = README.splitlines()
    start = lines.index("| family | checks |")
    rows = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        assert len(cells) == 2, f"a row of the rule table has {len(cells)} cells: {line[:80]}"
        rows[cells[0]] = set(CODE.findall(cells[1]))
    return rows


def test_every_registered_rule_is_in_the_readme_table() -> None:
    described = set().union(*_rule_table().values())
    missing = sorted(set(RULES) - described)
    assert not missing, f"rules missing from the README's rule table: {missing}"
    unknown = sorted(described - set(RULES))
    assert not unknown, f"the README's rule table names codes that are not registered: {unknown}"


def test_each_rule_is_in_its_family_row() -> None:
    for family, codes in _rule_table().items():
        prefix = CODE.search(family) or re.match(r"`([A-Z]{3})`", family)
        assert prefix, f"a family cell without its prefix: {family}"
        assert all(code.startswith(prefix.group(1)[:3]) for code in codes), (family, sorted(codes))


def _toml_blocks() -> list[str]:
    return re.findall(r"^```toml\n(.*?)^```", README, flags=re.S | re.M)


def test_a_config_block_is_this_repositorys_or_says_it_is_an_example() -> None:
    ours = PYPROJECT["tool"]["vaultlint"]
    blocks = [block for block in _toml_blocks() if "[tool.vaultlint]" in block]
    assert blocks
    for block in blocks:
        first = block.splitlines()[0]
        if tomllib.loads(block)["tool"]["vaultlint"] != ours:
            assert first.startswith("#") and "example" in first.lower(), (
                f"a [tool.vaultlint] block in the README that is not pyproject.toml's must say it is an example: {first}"
            )


@pytest.mark.parametrize("index", range(len([b for b in _toml_blocks() if "[tool.vaultlint]" in b])))
def test_the_readme_config_examples_are_valid(tmp_path: Path, index: int) -> None:
    block = [b for b in _toml_blocks() if "[tool.vaultlint]" in b][index]
    (tmp_path / "pyproject.toml").write_text(block, encoding="utf-8")
    settings = load_settings(tmp_path)  # an unknown key, rule or option raises ConfigError
    assert settings.source == tmp_path / "pyproject.toml"


def test_the_readme_installs_this_distribution_not_the_one_of_that_name_on_pypi() -> None:
    # `vaultlint` on PyPI is an unrelated project: a `pip install` in the README either installs from
    # this repository (a path, `-e .`, a git URL) or names this project's own distribution.
    name = PYPROJECT["project"]["name"]
    assert name != "vaultlint"
    installs = re.findall(r"pip install ([^`\n]+)", README)
    assert installs
    for command in installs:
        for requirement in shlex.split(command.split("&&")[0]):
            if requirement.startswith(("-", ".", "/", "git+")):
                continue  # an option, or this repository (a clone, a path, a git URL)
            distribution = re.split(r"[\[ @<>=!~;]", requirement, maxsplit=1)[0]
            assert distribution == name, f"the README installs {distribution!r}, not {name!r}: pip install {command}"


def test_the_test_extra_names_this_distribution() -> None:
    name = PYPROJECT["project"]["name"]
    own = [req for req in PYPROJECT["project"]["optional-dependencies"]["test"] if "[format]" in req]
    assert own == [f"{name}[format]"]


def test_license_file_matches_pyproject() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n") and "Copyright (c) 2026 the vaultlint authors" in text


@pytest.mark.parametrize(
    "document",
    [
        "README.md",
        "docs/design.md",
        "docs/output-formats.md",
        "docs/precision.md",
        "docs/architecture.md",
        "docs/vault-awareness.md",
    ],
)
def test_documents_link_only_inside_the_repository(document: str) -> None:
    text = (REPO / document).read_text(encoding="utf-8")
    assert "../shared" not in text
    prose = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)  # examples in code are not links of the document
    prose = re.sub(r"(`+).*?\1", "", prose, flags=re.S)
    for target in re.findall(r"\]\(([^)\s]+)\)", prose):
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # a URL or an anchor
        path = (REPO / document).parent / target.split("#")[0]
        assert path.resolve().is_relative_to(REPO), f"{document} links outside the repository: {target}"
        assert path.exists(), f"{document} links to a file that is not there: {target}"


def test_the_version_is_the_packages() -> None:
    from vaultlint import __version__

    assert PYPROJECT["project"]["version"] == __version__
