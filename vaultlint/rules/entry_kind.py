"""ENT003 entry-kind: an entry's kind must be one of the vault's kinds, spelled the canonical way.

What it does
    Checks the kind (the second of the three fields of ``[Author; kind; date]``)
    against the configured vocabulary ``conventions.kinds`` (canonical kind ->
    aliases). A compound kind such as ``Blog & Paper`` or ``blog post + paper``
    is split on its separators and each part is checked on its own:

    - the canonical spelling passes;
    - an alias, or any spelling that differs from a canonical kind or an alias
      only in case, is reported with the canonical spelling;
    - anything else is reported as unknown, with a did-you-mean.

    Entries without exactly three fields are left to ENT001, an empty kind to
    ENT002. With no kinds configured the rule reports nothing.

Why
    One kind spelled four ways (``Blog``, ``blog``, ``blog post``,
    ``blogpost``) splits one category into five when the vault is searched or
    filtered by kind.

Example
    With ``blog = ["blog post", "blogpost"]`` configured,
    ``[Convergence; blogpost; 2014-10]`` reports `"blogpost" is an alias of
    "blog"` and ``[OpenAI; Blog & Paper; 2018-06]`` reports both parts.

Fix safety
    Safe for aliases and case variants: the fix rewrites only that part's
    characters to the canonical spelling. Unknown kinds have no fix.

Options
    separators
        The characters that join the parts of a compound kind (default
        ``["&", "+"]``); spaces around a separator are optional.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.model import Applicability, Edit, Finding
from vaultlint.parse.entries import KIND_SEPARATORS, kind_key, kind_parts
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule, RuleOptions, options_for
from vaultlint.rules._helpers import closest, expected_one_of, keep_reference


class EntryKind(Rule):
    code = "ENT003"
    name = "entry-kind"
    summary = "Entry kind is not in the vault's vocabulary or not spelled the canonical way"
    fixable = Applicability.SAFE
    fix_changes = frozenset({"wording"})  # the entry's text, never its structure (the rendering guard)

    class Options(RuleOptions):
        separators: tuple[str, ...] = KIND_SEPARATORS

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        kinds = ctx.conventions.kinds
        if not kinds:
            return
        options = options_for(ctx, self.Options)
        spellings = _spellings(kinds)
        choices = [*kinds, *(alias for aliases in kinds.values() for alias in aliases)]
        for entry in note.facts.entries:
            if len(entry.fields) != 3:
                continue
            kind = entry.fields[1]
            for part in kind_parts(kind, options.separators, spellings):
                if part.text in kinds:
                    continue
                if not part.text:
                    lead = len(kind.text) - len(kind.text.lstrip())
                    yield self.finding(
                        note,
                        kind.start + lead,
                        kind.start + len(kind.text.rstrip()),
                        f'kind "{kind.text.strip()}" has an empty part; expected a kind on each side '
                        f"of {' and '.join(options.separators)}",
                    )
                    continue
                canonical = spellings.get(kind_key(part.text))
                if canonical is None:
                    # match aliases too ("vidoe" is close to "video"), but suggest the canonical kind
                    near = closest(part.text, choices)
                    hint = (
                        f' (did you mean "{spellings[kind_key(near)]}"?)'
                        if near
                        else f"; {expected_one_of(kinds, 'kinds')}"
                    )
                    yield self.finding(note, part.start, part.end, f'unknown kind "{part.text}"{hint}')
                    continue
                why = "is an alias of" if part.text in kinds[canonical] else "should be spelled"
                yield keep_reference(
                    entry,
                    self.finding(
                        note,
                        part.start,
                        part.end,
                        f'kind "{part.text}" {why} "{canonical}"',
                        [Edit(part.start, part.end, canonical)],
                        f'write "{canonical}"',
                    ),
                )


def _spellings(kinds: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Canonical kinds and aliases by kind_key -> canonical kind; a canonical spelling wins over an alias."""
    table = {kind_key(alias): canonical for canonical, aliases in kinds.items() for alias in aliases}
    table.update({kind_key(canonical): canonical for canonical in kinds})
    return table
