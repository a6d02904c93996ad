"""PLACEHOLDER YML001 frontmatter-invalid: to be written."""

from vaultlint.rules._common import Rule


class FrontmatterInvalid(Rule):
    code = "YML001"
    name = "frontmatter-invalid"
    summary = "PLACEHOLDER"

    def check(self, note, ctx):  # type: ignore[no-untyped-def]
        return iter(())
