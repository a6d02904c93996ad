"""PLACEHOLDER ENT001 entry-syntax: to be written."""

from vaultlint.rules._common import Rule


class EntrySyntax(Rule):
    code = "ENT001"
    name = "entry-syntax"
    summary = "PLACEHOLDER"

    def check(self, note, ctx):  # type: ignore[no-untyped-def]
        return iter(())
