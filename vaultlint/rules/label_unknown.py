"""PLACEHOLDER TAG003 label-unknown: to be written."""

from vaultlint.rules._common import Rule


class LabelUnknown(Rule):
    code = "TAG003"
    name = "label-unknown"
    summary = "PLACEHOLDER"

    def check(self, note, ctx):  # type: ignore[no-untyped-def]
        return iter(())
