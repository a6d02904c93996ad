"""PLACEHOLDER TAG002 tag-case: to be written."""

from vaultlint.rules._common import Rule


class TagCase(Rule):
    code = "TAG002"
    name = "tag-case"
    summary = "PLACEHOLDER"

    def check(self, note, ctx):  # type: ignore[no-untyped-def]
        return iter(())
