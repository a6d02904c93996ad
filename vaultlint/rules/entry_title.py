"""PLACEHOLDER ENT006 entry-title: to be written."""

from vaultlint.rules._common import Rule


class EntryTitle(Rule):
    code = "ENT006"
    name = "entry-title"
    summary = "PLACEHOLDER"

    def check(self, note, ctx):  # type: ignore[no-untyped-def]
        return iter(())
