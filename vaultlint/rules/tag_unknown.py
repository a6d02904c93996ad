"""PLACEHOLDER TAG001 tag-unknown: to be written."""

from vaultlint.rules._common import Rule


class TagUnknown(Rule):
    code = "TAG001"
    name = "tag-unknown"
    summary = "PLACEHOLDER"

    def check(self, note, ctx):  # type: ignore[no-untyped-def]
        return iter(())
