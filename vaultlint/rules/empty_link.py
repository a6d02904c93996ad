"""PLACEHOLDER LNK003 empty-link: to be written."""

from vaultlint.rules._common import Rule


class EmptyLink(Rule):
    code = "LNK003"
    name = "empty-link"
    summary = "PLACEHOLDER"

    def check(self, note, ctx):  # type: ignore[no-untyped-def]
        return iter(())
