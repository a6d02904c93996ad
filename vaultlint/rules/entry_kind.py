"""PLACEHOLDER ENT003 entry-kind: to be written."""

from vaultlint.rules._common import Rule


class EntryKind(Rule):
    code = "ENT003"
    name = "entry-kind"
    summary = "PLACEHOLDER"

    def check(self, note, ctx):  # type: ignore[no-untyped-def]
        return iter(())
