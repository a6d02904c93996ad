"""PLACEHOLDER LNK001 duplicate-link: to be written."""

from vaultlint.rules._common import Rule


class DuplicateLink(Rule):
    code = "LNK001"
    name = "duplicate-link"
    summary = "PLACEHOLDER"

    def check(self, note, ctx):  # type: ignore[no-untyped-def]
        return iter(())
