"""The rule registry: an explicit dict from code to rule class, in catalogue order."""

from __future__ import annotations

from vaultlint.errors import VaultlintError
from vaultlint.rules._base import Context, Conventions, Rule, RuleOptions, VaultRule
from vaultlint.rules.ambiguous_link import AmbiguousLink
from vaultlint.rules.dead_link import DeadLink
from vaultlint.rules.duplicate_block_id import DuplicateBlockId
from vaultlint.rules.duplicate_heading_target import DuplicateHeadingTarget
from vaultlint.rules.duplicate_link import DuplicateLink
from vaultlint.rules.duplicate_link_across_notes import DuplicateLinkAcrossNotes
from vaultlint.rules.empty_link import EmptyLink
from vaultlint.rules.empty_wikilink import EmptyWikilink
from vaultlint.rules.entry_date import EntryDate
from vaultlint.rules.entry_empty_field import EntryEmptyField
from vaultlint.rules.entry_kind import EntryKind
from vaultlint.rules.entry_spacing import EntrySpacing
from vaultlint.rules.entry_syntax import EntrySyntax
from vaultlint.rules.entry_title import EntryTitle
from vaultlint.rules.final_newline import FinalNewline
from vaultlint.rules.frontmatter_invalid import FrontmatterInvalid
from vaultlint.rules.frontmatter_tag_comment import FrontmatterTagComment
from vaultlint.rules.frontmatter_unquoted_link import FrontmatterUnquotedLink
from vaultlint.rules.heading_increment import HeadingIncrement
from vaultlint.rules.label_format import LabelFormat
from vaultlint.rules.label_unknown import LabelUnknown
from vaultlint.rules.list_marker import ListMarker
from vaultlint.rules.missing_file import MissingFile
from vaultlint.rules.note_name_case import NoteNameCase
from vaultlint.rules.suppression_unknown import SuppressionUnknownCode
from vaultlint.rules.tag_case import TagCase
from vaultlint.rules.tag_unknown import TagUnknown
from vaultlint.rules.tracking_params import TrackingParams
from vaultlint.rules.trailing_whitespace import TrailingWhitespace
from vaultlint.rules.unresolved_block import UnresolvedBlock
from vaultlint.rules.unresolved_heading import UnresolvedHeading
from vaultlint.rules.unresolved_link import UnresolvedLink

RULES: dict[str, type[Rule]] = {
    rule.code: rule
    for rule in (
        EntrySyntax,
        EntryEmptyField,
        EntryKind,
        EntryDate,
        EntrySpacing,
        EntryTitle,
        TagUnknown,
        TagCase,
        LabelUnknown,
        LabelFormat,
        DuplicateLink,
        DuplicateLinkAcrossNotes,
        EmptyLink,
        TrackingParams,
        DeadLink,
        UnresolvedLink,
        UnresolvedHeading,
        UnresolvedBlock,
        AmbiguousLink,
        MissingFile,
        EmptyWikilink,
        DuplicateBlockId,
        NoteNameCase,
        DuplicateHeadingTarget,
        TrailingWhitespace,
        FinalNewline,
        ListMarker,
        HeadingIncrement,
        FrontmatterInvalid,
        FrontmatterTagComment,
        FrontmatterUnquotedLink,
        SuppressionUnknownCode,
    )
}

BY_NAME: dict[str, str] = {rule.name: code for code, rule in RULES.items()}


class UnknownRule(VaultlintError, ValueError):
    """A selector that names no rule."""


def lookup(key: str) -> str | None:
    """The code of the one rule ``key`` names (a code or a name, any case), or None."""
    return key.upper() if key.upper() in RULES else BY_NAME.get(key.lower())


def resolve(selector: str) -> set[str]:
    """Codes a selector means: a code, a name, a code prefix (`ENT`, `ENT00`) or `ALL`."""
    sel = selector.strip()
    if sel.upper() == "ALL":
        return set(RULES)
    if sel.lower() in BY_NAME:
        return {BY_NAME[sel.lower()]}
    codes = {code for code in RULES if code.startswith(sel.upper())} if sel else set()
    if not codes:
        raise UnknownRule(f'unknown rule code, name or prefix "{selector}" (see `vaultlint rules`)')
    return codes


__all__ = [
    "BY_NAME",
    "RULES",
    "Context",
    "Conventions",
    "Rule",
    "RuleOptions",
    "UnknownRule",
    "VaultRule",
    "lookup",
    "resolve",
]
