"""Testing a rule as its users meet it: one rule selected, run by the real engine, fixer and guards.

For a rule's own tests (as `fixit.testing` is for Fixit's)::

    from vaultlint.testing import RuleRun

    run = RuleRun("FMT001")
    assert [f.message for f in run.findings("a \\n")] == ["trailing whitespace (1 space); expected none"]
    assert run.fixed("a \\n") == "a\\n"
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from vaultlint.engine.api import fix_text, lint_text
from vaultlint.fixing.fixer import Outcome
from vaultlint.linkstatus import LinkStatus
from vaultlint.model import Finding
from vaultlint.parse.note import parse_text


class FixRefused(AssertionError):
    """The fixer or a guard would not let the rule's fixes through: a rule's fix case must pass them."""


@dataclass(frozen=True)
class RuleRun:
    """One rule, with the vocabularies, options and templates folders of a vault that uses it."""

    code: str
    conventions: Mapping[str, Any] = field(default_factory=dict)  # kinds, tags, labels, as in vaultlint.toml
    options: Mapping[str, Any] = field(default_factory=dict)  # the rule's [rules.CODE] table
    templates: Sequence[str] = ()  # templates folders, relative to the working folder
    today: dt.date = dt.date(2026, 1, 15)  # a fixed day, so date rules give the same findings every day
    links: Mapping[str, LinkStatus] = field(default_factory=dict)  # what the online pass found (LNK005)

    @property
    def config(self) -> dict[str, Any]:
        """The vaultlint.toml keys of this run, as `lint_text` takes them."""
        kinds = {kind: list(aliases or ()) for kind, aliases in (self.conventions.get("kinds") or {}).items()}
        config: dict[str, Any] = {
            "select": [self.code],
            "conventions": {**self.conventions, "kinds": kinds},
            "rules": {self.code: dict(self.options)} if self.options else {},
        }
        if self.templates:
            config["templates"] = list(self.templates)
        return config

    def findings(self, text: str, path: str = "case.md", vault: Mapping[str, str] | None = None) -> list[Finding]:
        """What the rule reports on a note of this text (with ``vault``'s other files around it), sorted."""
        return lint_text(text, path, self.config, today=self.today, vault=vault, links=self.links)

    def positions(
        self, text: str, path: str = "case.md", vault: Mapping[str, str] | None = None
    ) -> list[tuple[tuple[int, int], Finding]]:
        """Each finding with its 1-based (line, column), as the text output shows it."""
        note = parse_text(path, text)
        return [(note.position(f.start), f) for f in self.findings(text, path, vault)]

    def fix(
        self, text: str, path: str = "case.md", vault: Mapping[str, str] | None = None, unsafe: bool = False
    ) -> Outcome:
        """The fixer's outcome on this text: fixes applied under the fact and rendering guards."""
        return fix_text(text, path, self.config, unsafe=unsafe, today=self.today, vault=vault, links=self.links)

    def fixed(
        self, text: str, path: str = "case.md", vault: Mapping[str, str] | None = None, unsafe: bool = False
    ) -> str:
        """The text as `vaultlint fix` leaves it; `FixRefused` when a guard refused or set aside a fix."""
        outcome = self.fix(text, path, vault, unsafe)
        if outcome.refused or outcome.warnings:
            said = [outcome.refused] if outcome.refused else [str(w) for w in outcome.warnings]
            raise FixRefused(f"{self.code}: the fixer refused: {'; '.join(said)}")
        return outcome.note.text
