"""SUP001 suppression-unknown-code: a suppression comment names no rule.

What it does
    Reports a `vaultlint-disable`, `vaultlint-enable`, `vaultlint-disable-line`
    or `vaultlint-disable-next-line` comment (HTML `<!-- ... -->` or Obsidian
    `%% ... %%` form) that names a code, name or prefix no rule has, and a
    `vaultlint-...` comment whose directive is none of these four.

Why
    A misspelt code suppresses nothing, so the finding it was meant to hide
    comes back, or worse, a typo in an `enable` leaves a rule off for the rest
    of the note without anyone noticing.

Example
    ``<!-- vaultlint-disable-next-line ENT01 -->`` when the code is ``ENT001``.

Fix safety
    None: which rule was meant is a guess.

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule
from vaultlint.rules._helpers import did_you_mean

DIRECTIVES = ("disable", "enable", "disable-line", "disable-next-line")


class SuppressionUnknownCode(Rule):
    code = "SUP001"
    name = "suppression-unknown-code"
    summary = "Suppression comment names an unknown rule"

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        known = ctx.known_rules
        for directive in note.facts.directives:
            if directive.kind not in DIRECTIVES:
                hint = did_you_mean(directive.kind, DIRECTIVES)
                yield self.finding(
                    note,
                    directive.start,
                    directive.end,
                    f'unknown suppression "vaultlint-{directive.kind}"{hint}; expected one of '
                    + ", ".join(f"vaultlint-{d}" for d in DIRECTIVES),
                )
                continue
            for code in directive.codes:
                if code.upper() == "ALL" or _matches(code, known):
                    continue
                hint = did_you_mean(code, known)
                yield self.finding(
                    note,
                    directive.start,
                    directive.end,
                    f'unknown rule "{code}" in vaultlint-{directive.kind} comment{hint}',
                )


def _matches(selector: str, known: frozenset[str]) -> bool:
    """A code, a name, or a prefix of some code (codes are the upper-case entries of ``known``)."""
    return selector.lower() in known or any(k.isupper() and k.startswith(selector.upper()) for k in known)
