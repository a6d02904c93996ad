"""The rule registry: an explicit dict from code to rule class, in catalogue order."""

from __future__ import annotations

from vaultlint.rules._common import Context, Conventions, Rule
from vaultlint.rules.duplicate_link import DuplicateLink
from vaultlint.rules.empty_link import EmptyLink
from vaultlint.rules.entry_date import EntryDate
from vaultlint.rules.entry_empty_field import EntryEmptyField
from vaultlint.rules.entry_kind import EntryKind
from vaultlint.rules.entry_spacing import EntrySpacing
from vaultlint.rules.entry_syntax import EntrySyntax
from vaultlint.rules.entry_title import EntryTitle
from vaultlint.rules.final_newline import FinalNewline
from vaultlint.rules.frontmatter_invalid import FrontmatterInvalid
from vaultlint.rules.heading_increment import HeadingIncrement
from vaultlint.rules.label_format import LabelFormat
from vaultlint.rules.label_unknown import LabelUnknown
from vaultlint.rules.list_marker import ListMarker
from vaultlint.rules.tag_case import TagCase
from vaultlint.rules.tag_unknown import TagUnknown
from vaultlint.rules.trailing_whitespace import TrailingWhitespace

RULES: dict[str, type[Rule]] = {
    rule.code: rule
    for rule in (
        EntrySyntax, EntryEmptyField, EntryKind, EntryDate, EntrySpacing, EntryTitle,
        TagUnknown, TagCase, LabelUnknown, LabelFormat,
        DuplicateLink, EmptyLink,
        TrailingWhitespace, FinalNewline, ListMarker, HeadingIncrement,
        FrontmatterInvalid,
    )
}

__all__ = ["RULES", "Context", "Conventions", "Rule"]
