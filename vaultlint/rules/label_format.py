"""PLACEHOLDER TAG004 label-format: to be written."""

from vaultlint.rules._common import Rule


class LabelFormat(Rule):
    code = "TAG004"
    name = "label-format"
    summary = "PLACEHOLDER"

    def check(self, note, ctx):  # type: ignore[no-untyped-def]
        return iter(())
