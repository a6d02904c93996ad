"""The link test vault (tests/vaults/links): each Obsidian link case resolves, or fails, as Obsidian would."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import REPO, Run

Cli = Callable[..., Run]
VAULT = "tests/vaults/links"

# Home.md links to every case; each line says what Obsidian does with it.
EXPECTED = [
    # a link in a frontmatter list, to the old name of a renamed note
    'Home.md:4:8: WIK001 note not found: "ML basics"',
    # the renamed note in the body ("Machine Learning" resolves, in another folder)
    'Home.md:8:12: WIK001 note not found: "ML basics"',
    # nested heading: Eigenvalues is under Algebra > Linear maps, not under Probability
    'Home.md:10:87: WIK002 heading "Eigenvalues" not found under "Probability" in note "Math and stats" '
    '(it is under "Linear maps")',
    # block ids on their own line after a list and a quote resolve; ^gone does not exist
    'Home.md:11:98: WIK003 block "^gone" not found in note "Math and stats"',
    # an image in assets/images/ resolves by name and by partial path; chart.png is nowhere
    'Home.md:12:70: WIK005 file not found: "chart.png"',
    # two notes called Index at the same depth: vaultlint takes the shorter path (docs/design.md section 9;
    # Obsidian does not document its tie-break), and says so
    'Home.md:13:14: WIK004 "Index" matches 2 notes; Obsidian opens "Archive/Index.md", not "Projects/Index.md"',
    # .trash is hidden: not part of the vault
    'Home.md:14:11: WIK001 note not found: "Deleted"',
    # a Markdown link, URL-decoded, to the old name
    'Home.md:15:65: WIK001 note not found: "Reference/ML basics.md"',
    # `\|` is the alias separator inside a table; the target is reported, not the alias
    'Home.md:20:5: WIK001 note not found: "Machine Learnin" (did you mean "Machine Learning"?)',
]


def findings(run: Run) -> list[str]:
    return [line.removeprefix(VAULT + "/") for line in run.out.splitlines()]


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def test_every_case_resolves_or_fails_as_obsidian_does(cli: Cli, in_repo: None) -> None:
    run = cli("check", VAULT, "--select", "WIK", "--output-format", "concise", "-q")
    assert run.code == 1, run.err
    assert findings(run) == EXPECTED


def test_one_note_alone_gives_the_same_findings(cli: Cli, in_repo: None) -> None:
    run = cli("check", f"{VAULT}/Home.md", "--select", "WIK", "--output-format", "concise", "-q")
    assert findings(run) == EXPECTED


def test_the_other_notes_are_clean(cli: Cli, in_repo: None) -> None:
    others = [str(p.relative_to(REPO)) for p in sorted((REPO / VAULT).glob("[!.]*/*.md"))]
    assert len(others) == 4
    run = cli("check", *others, "--select", "WIK,FMT,YML", "--output-format", "concise")
    assert (run.code, run.out) == (0, "All checks passed!\n")
