"""PLACEHOLDER FMT004 heading-increment: to be written."""

from vaultlint.rules._common import Rule


class HeadingIncrement(Rule):
    code = "FMT004"
    name = "heading-increment"
    summary = "PLACEHOLDER"

    def check(self, note, ctx):  # type: ignore[no-untyped-def]
        return iter(())
