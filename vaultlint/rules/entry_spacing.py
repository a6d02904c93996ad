"""PLACEHOLDER ENT005 entry-spacing: to be written."""

from vaultlint.rules._common import Rule


class EntrySpacing(Rule):
    code = "ENT005"
    name = "entry-spacing"
    summary = "PLACEHOLDER"

    def check(self, note, ctx):  # type: ignore[no-untyped-def]
        return iter(())
