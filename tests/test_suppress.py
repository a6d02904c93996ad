"""Suppression comments, applied by the engine: next line, ranges, Obsidian form, names and prefixes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

Cli = Callable[..., Run]
Vault = Callable[[dict[str, str | bytes]], Path]


def findings(cli: Cli, vault: Vault, text: str) -> list[str]:
    vault({"a.md": text})
    return [
        ln.split(": ", 1)[1].split(" ")[0] + "@" + ln.split(":")[1]
        for ln in cli("check", "-q", "--output-format", "concise").out.splitlines()
    ]


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- vaultlint-disable-next-line FMT001 -->",
        "%% vaultlint-disable-next-line FMT001 %%",
        "<!-- vaultlint-disable-next-line trailing-whitespace -->",
        "<!-- vaultlint-disable-next-line FMT -->",
        "<!-- vaultlint-disable-next-line -->",
    ],
)
def test_disable_next_line(cli: Cli, vault: Vault, comment: str) -> None:
    assert findings(cli, vault, f"# A\n\n{comment}\n- x \n- y \n") == ["FMT001@5"]


def test_disable_next_line_other_code_hides_nothing(cli: Cli, vault: Vault) -> None:
    assert findings(cli, vault, "# A\n\n<!-- vaultlint-disable-next-line ENT001 -->\n- x \n") == ["FMT001@4"]


def test_disable_enable_range(cli: Cli, vault: Vault) -> None:
    text = "- a \n<!-- vaultlint-disable FMT001 -->\n- b \n- c \n<!-- vaultlint-enable FMT001 -->\n- d \n"
    assert findings(cli, vault, text) == ["FMT001@1", "FMT001@6"]


def test_disable_without_enable_runs_to_the_end(cli: Cli, vault: Vault) -> None:
    text = "# A\n- a \n\n%% vaultlint-disable %%\n\n- b \n#### deep\n"
    assert findings(cli, vault, text) == ["FMT001@2"]
    # without the comment both findings after it would be reported
    assert findings(cli, vault, text.replace("%% vaultlint-disable %%", "text")) == ["FMT001@2", "FMT001@6", "FMT004@7"]


def test_unknown_code_in_suppression_is_reported(cli: Cli, vault: Vault) -> None:
    assert findings(cli, vault, "<!-- vaultlint-disable-next-line FMT999 -->\n- a\n") == ["SUP001@1"]


def test_suppression_in_code_block_is_ignored(cli: Cli, vault: Vault) -> None:
    text = "```\n<!-- vaultlint-disable -->\n```\n\n- a \n"
    assert findings(cli, vault, text) == ["FMT001@5"]


@pytest.mark.parametrize(
    ("disable", "enable"),
    [
        ("FMT001", "fmt001"),
        ("trailing-whitespace", "FMT001"),
        ("FMT001", "Trailing-Whitespace"),
        ("FMT", "FMT001"),
    ],
)
def test_enable_closes_what_disable_opened_however_it_is_spelt(
    cli: Cli, vault: Vault, disable: str, enable: str
) -> None:
    text = f"- a\n<!-- vaultlint-disable {disable} -->\n- b \n<!-- vaultlint-enable {enable} -->\n- c \n"
    assert findings(cli, vault, text) == ["FMT001@5"]


def test_enable_one_of_two_codes_keeps_the_other_off(cli: Cli, vault: Vault) -> None:
    text = (
        "# A\n<!-- vaultlint-disable FMT001 FMT004 -->\n- b \n### jump\n<!-- vaultlint-enable FMT004 -->\n"
        "- c \n##### jump again\n"
    )
    assert findings(cli, vault, text) == ["FMT004@7"]


def test_disable_line_hides_its_own_line_only(cli: Cli, vault: Vault) -> None:
    text = "- a <!-- vaultlint-disable-line FMT001 --> \n- b \n"
    assert findings(cli, vault, text) == ["FMT001@2"]


def test_reason_after_two_dashes(cli: Cli, vault: Vault) -> None:
    text = "<!-- vaultlint-disable-next-line FMT001 -- kept on purpose -->\n- a \n- b \n"
    assert findings(cli, vault, text) == ["FMT001@3"]


def test_misspelt_directive_suppresses_nothing(cli: Cli, vault: Vault) -> None:
    text = "<!-- vaultlint-disable-lines FMT001 -->\n- a \n"
    assert findings(cli, vault, text) == ["SUP001@1", "FMT001@2"]


@pytest.mark.parametrize("reason", ["100% intended", "Blog -> blog later", "a%%b"])
def test_any_reason_after_two_dashes(cli: Cli, vault: Vault, reason: str) -> None:
    text = f"<!-- vaultlint-disable-next-line FMT001 -- {reason} -->\n- a \n- b \n"
    assert findings(cli, vault, text) == ["FMT001@3"]


def test_yaml_comments_suppress_findings_in_frontmatter(cli: Cli, vault: Vault) -> None:
    # HTML and %% comments cannot go inside YAML; its own `#` comments carry the directives there
    text = (
        '---\nup: "[[Gone]]"\n# vaultlint-disable-next-line WIK001 -- archived\nrelated: "[[Gone too]]"\n'
        'next: "[[Also gone]]"  # vaultlint-disable-line unresolved-link\nlast: "[[Still gone]]"\n'
        "# vaultlint-disable-nxt-line WIK001\n---\n"
    )
    assert findings(cli, vault, text) == ["WIK001@2", "WIK001@6", "SUP001@7"]
