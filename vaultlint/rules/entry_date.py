"""PLACEHOLDER ENT004 entry-date: to be written."""

from vaultlint.rules._common import Rule


class EntryDate(Rule):
    code = "ENT004"
    name = "entry-date"
    summary = "PLACEHOLDER"

    def check(self, note, ctx):  # type: ignore[no-untyped-def]
        return iter(())
