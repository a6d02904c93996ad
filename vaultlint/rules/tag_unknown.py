"""TAG001 tag-unknown: a tag that is not in the vault's tag vocabulary.

What it does
    Reports an inline tag (``#papr``) or a frontmatter tag (``tags: [papr]``)
    whose name is not in ``conventions.tags``, with a did-you-mean when a
    vocabulary tag is close. Names are compared case-insensitively: a tag that
    differs only in case is TAG002's. A nested tag ``#a/b`` is accepted when
    the full tag or its top-level part ``a`` is in the vocabulary, so the entry
    ``project`` covers ``#project/alpha``. An inline tag starts after a space,
    at the start of a line or right inside emphasis or highlight markers
    (``*#tag*``, ``==#tag==``); a ``#`` inside a URL
    (``https://x.org/a?q=#frag``, ``https://x.org/*#frag``) is never a tag.

Why
    Tags are how a vault is searched and filtered. A misspelled or ad-hoc tag
    (``#PAPR``, ``#papers``) silently drops the note out of every search for
    the real one.

Example
    With ``tags = ["PAPER", "CODE"]``::

        - #PAPR Deep learning (LeCun 2015): https://www.nature.com/articles/nature14539

    is reported as ``unknown tag "#PAPR" (did you mean "PAPER"?)``.

Fix safety
    None: only the author knows which tag was meant.

Options
    None. Silent when ``conventions.tags`` is empty.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.facts import Tag
from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule
from vaultlint.rules._helpers import did_you_mean, expected_one_of


class TagUnknown(Rule):
    code = "TAG001"
    name = "tag-unknown"
    summary = "Tag not in the vault's tag vocabulary"

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        vocabulary = ctx.conventions.tags
        if not vocabulary:
            return
        known = {t.lower() for t in vocabulary}
        for tag in note.facts.tags:
            if not _is_known(tag.name, known):
                yield self.finding(note, tag.start, tag.end, _message(tag, vocabulary))


def _is_known(name: str, known: set[str]) -> bool:
    lowered = name.lower()
    return lowered in known or lowered.split("/", 1)[0] in known


def _message(tag: Tag, vocabulary: tuple[str, ...]) -> str:
    shown = f'frontmatter tag "{tag.name}"' if tag.in_frontmatter else f'tag "#{tag.name}"'
    # A nested tag is more likely a typo in its top-level part than in the whole path.
    hint = did_you_mean(tag.name, vocabulary) or did_you_mean(tag.name.split("/", 1)[0], vocabulary)
    if hint:
        return f"unknown {shown}{hint}"
    return f"unknown {shown}; {expected_one_of(vocabulary, 'tags')}"
