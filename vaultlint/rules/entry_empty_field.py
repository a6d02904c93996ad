"""PLACEHOLDER ENT002 entry-empty-field: to be written."""

from vaultlint.rules._common import Rule


class EntryEmptyField(Rule):
    code = "ENT002"
    name = "entry-empty-field"
    summary = "PLACEHOLDER"

    def check(self, note, ctx):  # type: ignore[no-untyped-def]
        return iter(())
