"""Run every case in rules/<CODE>.yml through the real engine, fixer and guards (`vaultlint.testing`):
pass cases find nothing, fail cases find what they say, fix cases fix to what they say and no further."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from vaultlint.linkstatus import LinkStatus, Verdict
from vaultlint.rules import RULES
from vaultlint.rules._cases import Case, load_all
from vaultlint.testing import RuleRun


def runner(case: Case) -> RuleRun:
    """The case's rule with the case's vault: its vocabularies, the rule's options, the templates, the day."""
    links = {url: _status(said) for url, said in case.links.items()}
    if case.today is None:
        return RuleRun(case.code, case.conventions, case.options, case.templates, links=links)
    return RuleRun(case.code, case.conventions, case.options, case.templates, case.today, links)


def _status(said: Mapping[str, str]) -> LinkStatus:
    """A case's `links:` entry as the online pass would have found it."""
    return LinkStatus(Verdict(said["verdict"]), said.get("words", ""), moved_to=said.get("moved-to"))


def all_cases() -> list[Any]:
    return [pytest.param(case, id=f"{code}:{case.name}") for code, cases in load_all().items() for case in cases]


@pytest.mark.parametrize("case", all_cases())
def test_case(case: Case) -> None:
    assert case.code in RULES, f"rules/{case.code}.yml names no registered rule"
    run = runner(case)
    vault = dict(case.vault) or None
    found = run.positions(case.text, case.path, vault)
    if case.kind == "pass":
        assert not found, [f.message for _, f in found]
        return
    assert len(found) == len(case.expect), [(pos, f.message) for pos, f in found]
    for (pos, finding), want in zip(found, case.expect, strict=True):
        assert finding.code == case.code
        assert pos == (want.line, want.col), finding.message
        if want.message is not None:  # a part of the message; `whole: true` for all of it (to pin what it leaves out)
            assert finding.message == want.message if want.whole else want.message in finding.message
    if case.fixed is None:
        assert not any(f.fix for _, f in found), "a fail case without `fix` must offer no fix"
        return
    # The fixer applies the fixes under the fact and rendering guards: a fix either guard sets aside fails here.
    fixed = run.fixed(case.text, case.path, vault, case.unsafe)
    assert fixed == case.fixed
    assert run.fixed(fixed, case.path, vault, case.unsafe) == fixed, "fixing the fixed text changed it"


def test_every_manual_names_its_rule() -> None:
    import inspect
    import sys

    for code, rule in RULES.items():
        manual = inspect.getdoc(sys.modules[rule.__module__]) or ""
        assert manual.startswith(f"{code} {rule.name}: "), f"{code}: manual starts {manual[:40]!r}"
        assert rule.summary and not rule.summary.endswith(".")
