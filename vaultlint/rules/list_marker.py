"""PLACEHOLDER FMT003 list-marker: to be written."""

from vaultlint.rules._common import Rule


class ListMarker(Rule):
    code = "FMT003"
    name = "list-marker"
    summary = "PLACEHOLDER"

    def check(self, note, ctx):  # type: ignore[no-untyped-def]
        return iter(())
