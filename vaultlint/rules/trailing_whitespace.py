"""PLACEHOLDER FMT001 trailing-whitespace: to be written."""

from vaultlint.rules._common import Rule


class TrailingWhitespace(Rule):
    code = "FMT001"
    name = "trailing-whitespace"
    summary = "PLACEHOLDER"

    def check(self, note, ctx):  # type: ignore[no-untyped-def]
        return iter(())
