"""The fix guard: what a fix must never change about a note, and the checks that it did not."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from vaultlint.model import Edit
from vaultlint.note import Note
from vaultlint.urls import identity


def _urls(note: Note) -> Counter[str]:
    return Counter(link.url for link in note.facts.links)


def _url_identities(note: Note) -> Counter[str]:
    # Always compared: a fix allowed to rewrite a URL (dropping tracking parameters) keeps what it points at.
    idents = map(identity, (link.url for link in note.facts.links))
    return Counter(f"{ident.key} ({ident.version})" if ident.version else ident.key for ident in idents)


def _wikilinks(note: Note) -> Counter[str]:
    return Counter(_shown_wikilink(w.target, w.headings, w.block, w.alias, w.embed) for w in note.facts.wikilinks)


def _tags(note: Note) -> Counter[str]:
    # Case-folded: Obsidian treats #paper and #PAPER as one tag; their spelling is the next aspect's.
    return Counter(f"#{tag.name.casefold()}" for tag in note.facts.tags)


def _tag_case(note: Note) -> Counter[str]:
    return Counter(f"#{tag.name}" for tag in note.facts.tags)


def _block_ids(note: Note) -> Counter[str]:
    return Counter(f"^{block.id}" for block in note.facts.block_ids)


def _frontmatter(note: Note) -> object:
    # Tags case-folded here too: how a tag is spelt is the tag-case aspect's.
    matter = note.facts.frontmatter
    return None if matter is None else _fold_tags(matter.data)


def _headings(note: Note) -> Counter[str]:
    # Case-folded, as Obsidian matches `[[Note#Heading]]`: a tag's case fixed inside a heading keeps every link.
    return Counter(f"{'#' * h.level} {h.text.casefold()}" for h in note.facts.headings)


def _lists(note: Note) -> Counter[str]:
    # Items per kind of list, not lists: FMT003 may join lists on consecutive lines into one, as was meant.
    return Counter("ordered list item" if lst.ordered else "list item" for lst in note.facts.lists for _ in lst.markers)


# What a note means, aspect by aspect. A rule names in ``fix_changes`` the aspects its fix changes on purpose.
ASPECTS: dict[str, Callable[[Note], object]] = {
    "urls": _urls,
    "url-identities": _url_identities,
    "wikilinks": _wikilinks,
    "tags": _tags,
    "tag-case": _tag_case,
    "block-ids": _block_ids,
    "frontmatter": _frontmatter,
    "headings": _headings,
    "lists": _lists,
}
ALWAYS = frozenset({"url-identities"})


def meaning(note: Note) -> dict[str, object]:
    """Every aspect of ``note`` a fix must keep."""
    return {name: aspect(note) for name, aspect in ASPECTS.items()}


def compare(before: Note, after: Note, allowed: Iterable[str] = ()) -> list[str]:
    """Why ``after`` does not mean what ``before`` meant, aspects in ``allowed`` aside; empty when it does."""
    return frontmatter_broken(before, after) + differences(meaning(before), meaning(after), allowed)


def differences(before: dict[str, object], after: dict[str, object], allowed: Iterable[str] = ()) -> list[str]:
    """How two meanings differ, aspect by aspect, leaving out ``allowed`` (but never what is ``ALWAYS`` kept)."""
    loose = frozenset(allowed) - ALWAYS
    differing = [name for name in ASPECTS if name not in loose and before[name] != after[name]]
    if "tags" in differing and "tag-case" in differing:  # a tag lost is also a spelling lost: say it once
        differing.remove("tag-case")
    return [_difference(name, before[name], after[name]) for name in differing]


def frontmatter_broken(before: Note, after: Note) -> list[str]:
    """Frontmatter that parsed and no longer would: refused whatever a fix may change."""
    old, new = before.facts.frontmatter, after.facts.frontmatter
    if old is not None and old.error is None and (new is None or new.error is not None):
        return ["would break the frontmatter (no longer valid YAML)"]
    return []


# How a message names one thing of each aspect.
NOUNS = {"urls": "URL", "url-identities": "link target", "wikilinks": "wiki link", "tags": "tag",
         "tag-case": "tag spelt", "block-ids": "block id", "headings": "heading", "lists": "list item"}


def _difference(name: str, old: object, new: object) -> str:
    """`would lose wiki link "[[T|L]]"`: the first thing that differs, in words."""
    if not (isinstance(old, Counter) and isinstance(new, Counter)):
        return f"would change the {name} data"
    lost, gained = list((old - new).elements()), list((new - old).elements())
    verb, items = ("lose", lost) if lost else ("add", gained)
    first = str(items[0])
    if name == "lists":  # the items name their own kind: "a list item", "an ordered list item"
        what = f"{'an' if first.startswith('o') else 'a'} {first}"
    else:
        what = f'{NOUNS[name]} "{first}"'
    more = f" (and {len(items) - 1} more)" if len(items) > 1 else ""
    return f"would {verb} {what}{more}"


def words(text: str) -> Counter[str]:
    """The note's words: a formatter may move, escape and re-mark them, never drop or add one.

    Ordered-list numbers are markers, not words: a formatter may renumber ``1. 1. 1.`` as ``1. 2. 3.``.
    """
    return Counter(_WORD.findall(_LIST_NUMBER.sub("", _ESCAPE.sub(r"\1", text))))


def format_differences(before: Note, after: Note) -> list[str]:
    """What a formatter (mdformat) broke that the meaning does not show: a word dropped or added, text it
    must leave as written (math, comments, templates, footnote labels), lines a suppression no longer covers."""
    reasons = []
    old_words, new_words = words(before.text), words(after.text)
    if old_words != new_words:
        lost, gained = old_words - new_words, new_words - old_words
        word, verb = (next(iter(lost)), "drop") if lost else (next(iter(gained)), "add")
        reasons.append(f'would {verb} the word "{word}"')
    old_kept, new_kept = verbatim(before.text), verbatim(after.text)
    if old_kept != new_kept:
        changed = next(iter(old_kept - new_kept or new_kept - old_kept))
        reasons.append(f'would rewrite "{_clip(changed)}", which must stay as written')
    if _suppressed(before) != _suppressed(after):
        reasons.append("would move a suppression comment away from the lines it covers")
    return reasons


def verbatim(text: str) -> Counter[str]:
    """Stretches a formatter must leave byte for byte: math, `%%` and HTML comments, templates, footnote labels."""
    return Counter(match.group(0) for match in _VERBATIM.finditer(text))


def _suppressed(note: Note) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each suppression window: its codes and the words of the lines it covers."""
    from vaultlint import suppress  # the rule registry, only when a formatter ran

    lines = note.text.split("\n")
    out = []
    for window in suppress.windows(note):
        last = len(lines) if window.last == float("inf") else int(window.last)
        covered = "\n".join(lines[window.first - 1:last])
        out.append((tuple(sorted(window.codes)), tuple(_WORD.findall(covered))))
    return out


def _clip(text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 1] + "…"


def untouched_outside(old: str, new: str, edits: Iterable[Edit]) -> bool:
    """True when ``new`` is ``old`` with only the (non-overlapping) ``edits`` applied: every other byte kept."""
    at_old = at_new = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        gap = edit.start - at_old
        if old[at_old:edit.start] != new[at_new:at_new + gap]:
            return False
        at_new += gap
        if new[at_new:at_new + len(edit.new)] != edit.new:
            return False
        at_new += len(edit.new)
        at_old = edit.end
    return old[at_old:] == new[at_new:]


# Letters and digits only: `_x_` and `*x*` are the same word, `snake\_case` and `snake_case` the same two.
_WORD = re.compile(r"[^\W_]+")
_LIST_NUMBER = re.compile(r"^[ \t>]*\d{1,9}[.)](?=[ \t]|$)", re.MULTILINE)
_VERBATIM = re.compile(
    r"(?<!\\)(?:"                           # an escaped opener is not one: `\<%` is not a template
    r"\$\$.*?\$\$"                         # display math
    r"|(?<!\$)\$(?=\S)[^$\n]*?\S\$"        # inline math: `$x$`, no space inside the dollars
    r"|%%.*?%%"                             # Obsidian comments
    r"|<!--.*?-->"                          # HTML comments (suppressions among them)
    r"|<%.*?%>"                             # Templater commands
    r"|^\[\^[^\]\s]+\]:[^\n]*(?:\n(?: {4}|\t)[^\n]*)*"  # a footnote definition, its indented lines too
    r"|\[\^[^\]\s]+\])",                    # a footnote reference
    re.DOTALL | re.MULTILINE)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _shown_wikilink(target: str, headings: tuple[str, ...], block: str | None, alias: str | None, embed: bool) -> str:
    body = target + "".join(f"#{h}" for h in headings) + (f"#^{block}" if block else "")
    return f"{'!' if embed else ''}[[{body}{'|' + alias if alias is not None else ''}]]"


def _fold_tags(data: object) -> object:
    """Frontmatter data with its tags case-folded (as Obsidian compares them)."""
    if not isinstance(data, dict):
        return data
    folded = dict(data)
    for key in ("tags", "tag"):
        value = folded.get(key)
        if isinstance(value, str):
            folded[key] = value.casefold()
        elif isinstance(value, list):
            folded[key] = [str(t).casefold() for t in value]
    return folded
