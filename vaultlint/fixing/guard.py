"""The fix guard: what a fix must never change about a note, and the checks that it did not."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable

from vaultlint.model import Edit
from vaultlint.parse import regions
from vaultlint.parse.note import Note
from vaultlint.parse.yaml_digest import digest_data
from vaultlint.vault.urls import identity

_LINK_FORMS = {"inline": "[…]({})", "image": "![…]({})", "autolink": "<{}>", "bare": "{}"}


def _urls(note: Note) -> Counter[str]:
    # With the link's form: a `[x](url)` that a formatter escapes into `\[x\](url)` keeps its URL as bare text.
    return Counter(_LINK_FORMS.get(link.kind, "{}").format(link.url) for link in note.facts.links)


def _url_identities(note: Note) -> Counter[str]:
    # Always compared: a fix allowed to rewrite a URL (dropping tracking parameters) keeps what it points at.
    return Counter(map(_identity_key, [link.url for link in note.facts.links]))


@functools.lru_cache(maxsize=4096)
def _identity_key(url: str) -> str:
    """What ``url`` points at, in words, made once a URL: each version of a note a fix makes holds the last one's
    URLs, and its meaning reads them all again."""
    ident = identity(url)
    return f"{ident.key} ({ident.version})" if ident.version else ident.key


def _body_start(note: Note) -> int:
    """Where the body begins: frontmatter links and tags are the frontmatter aspect's (its data)."""
    return note.facts.frontmatter.end if note.facts.frontmatter else 0


def _wikilinks(note: Note) -> Counter[str]:
    body = _body_start(note)
    return Counter(
        _shown_wikilink(w.target, w.headings, w.block, w.alias, w.embed)
        for w in note.facts.wikilinks
        if w.start >= body
    )


def _tags(note: Note) -> Counter[str]:
    # Lower-cased, as Obsidian compares tags (#paper is #PAPER); how one is spelt is the next aspect's.
    return Counter(f"#{tag.name.lower()}" for tag in note.facts.tags if not tag.in_frontmatter)


def _tag_case(note: Note) -> Counter[str]:
    return Counter(f"#{tag.name}" for tag in note.facts.tags if not tag.in_frontmatter)


def _block_ids(note: Note) -> Counter[str]:
    return Counter(f"^{block.id}" for block in note.facts.block_ids)


def _frontmatter(note: Note) -> object:
    # Digests, not the data: `==` on data walks every alias's expansion (an alias bomb: 9**10 values).
    matter = note.facts.frontmatter
    return None if matter is None or matter.data is None else digest_data(matter.data)


def _headings(note: Note) -> Counter[str]:
    # Lower-cased, as Obsidian matches `[[Note#Heading]]`: a tag's case fixed inside a heading keeps every link.
    return Counter(f"{'#' * h.level} {h.text.lower()}" for h in note.facts.headings)


def _math(note: Note) -> Counter[str]:
    # Whitespace aside (trailing spaces on a math line render the same): a `+ c` turned into `- c` shows.
    return Counter(" ".join(note.text[start:end].split()) for start, end in regions.display_math(note))


def _line_breaks(note: Note) -> Counter[str]:
    return Counter("hard line break" for _ in note.facts.line_breaks)


def _lists(note: Note) -> Counter[str]:
    # Items per kind of list, not lists: FMT003 may join lists on consecutive lines into one, as was meant.
    items = Counter[str]()
    for lst in note.facts.lists:  # counted a list at a time, not an item at a time
        if lst.markers:
            items["ordered list item" if lst.ordered else "list item"] += len(lst.markers)
    return items


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
    "line-breaks": _line_breaks,
    "math": _math,
}
# What no safe fix may change (tests/test_rule_registry.py): only an unsafe one names it (LNK005 moves a link
# to where its resource went), so a safe fix never changes what a link points at.
ALWAYS = frozenset({"url-identities"})


def meaning(note: Note) -> dict[str, object]:
    """Every aspect of ``note`` a fix must keep."""
    return {name: aspect(note) for name, aspect in ASPECTS.items()}


def compare(before: Note, after: Note, allowed: Iterable[str] = ()) -> list[str]:
    """Why ``after`` does not mean what ``before`` meant, aspects in ``allowed`` aside; empty when it does."""
    return frontmatter_broken(before, after) + differences(meaning(before), meaning(after), allowed)


def differences(
    before: dict[str, object], after: dict[str, object], allowed: Iterable[str] = (), keys: frozenset[str] = frozenset()
) -> list[str]:
    """How two meanings differ, aspect by aspect, leaving out ``allowed``.

    An allowed ``frontmatter`` is still compared, all but the top-level ``keys`` its findings point at.
    """
    loose = frozenset(allowed)
    if "frontmatter" in loose:
        before = {**before, "frontmatter": _without(before["frontmatter"], keys)}
        after = {**after, "frontmatter": _without(after["frontmatter"], keys)}
        loose -= {"frontmatter"}
    differing = [name for name in ASPECTS if name not in loose and before[name] != after[name]]
    if "tags" in differing and "tag-case" in differing:  # a tag lost is also a spelling lost: say it once
        differing.remove("tag-case")
    return [_difference(name, before[name], after[name]) for name in differing]


def frontmatter_keys(note: Note, offsets: Iterable[int]) -> frozenset[str]:
    """The top-level frontmatter keys ``offsets`` fall under (a key's lines run to the next key)."""
    matter = note.facts.frontmatter
    if matter is None:
        return frozenset()
    keys = set()
    for offset in offsets:
        if matter.body_start <= offset <= matter.body_end:
            line_end = note.text.find("\n", offset)
            upto = note.text[matter.body_start : line_end if line_end >= 0 else len(note.text)]
            found = _TOP_KEY.findall(upto)  # the last key at or above the offset's line is the one it is under
            if found:
                keys.add(found[-1].strip("\"'"))
    return frozenset(keys)


def _without(data: object, keys: frozenset[str]) -> object:
    return {k: v for k, v in data.items() if str(k) not in keys} if isinstance(data, dict) else data


def frontmatter_broken(before: Note, after: Note) -> list[str]:
    """Frontmatter that parsed and no longer would: refused whatever a fix may change."""
    old, new = before.facts.frontmatter, after.facts.frontmatter
    if old is not None and old.error is None and (new is None or new.error is not None):
        return ["would break the frontmatter (no longer valid YAML)"]
    return []


# How a message names one thing of each aspect.
NOUNS = {
    "urls": "URL",
    "url-identities": "link target",
    "wikilinks": "wiki link",
    "tags": "tag",
    "tag-case": "tag spelt",
    "block-ids": "block id",
    "headings": "heading",
    "lists": "list item",
    "line-breaks": "hard line break",
    "math": "math",
}


def _difference(name: str, old: object, new: object) -> str:
    """`would lose wiki link "[[T|L]]"`: the first thing that differs, in words."""
    if not (isinstance(old, Counter) and isinstance(new, Counter)):
        return f"would change the {name} data"
    lost, gained = list((old - new).elements()), list((new - old).elements())
    verb, items = ("lose", lost) if lost else ("add", gained)
    first = str(items[0])
    if name in ("lists", "line-breaks"):  # they name their own kind: "a list item", "a hard line break"
        what = f"{'an' if first.startswith('o') else 'a'} {first}"
    else:
        what = f'{NOUNS[name]} "{_clip(first, 60)}"'
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
    old_kept, new_kept = verbatim(before), verbatim(after)
    if old_kept != new_kept:
        changed = next(iter(old_kept - new_kept or new_kept - old_kept))
        reasons.append(f'would rewrite "{_clip(changed)}", which must stay as written')
    if _suppressed(before) != _suppressed(after):
        reasons.append("would move a suppression comment away from the lines it covers")
    return reasons


def verbatim(note: Note) -> Counter[str]:
    """Stretches a formatter must leave byte for byte: math, `%%` and HTML comments, templates, footnotes.

    Code is left out first (a formatter keeps it, and a shell's `$$` or a `printf`'s `%%` in it must not
    pair with a `$$` further down).
    """
    text = regions.without_code(note)
    kept = Counter(note.text[slice(*m.span())] for m in _LINE_VERBATIM.finditer(text))
    for opener, closer in _PAIRED:
        kept.update(note.text[start:end] for start, end in regions.paired(text, opener, closer))
    return kept


def _suppressed(note: Note) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each suppression window: its codes and the words of the lines it covers."""
    from vaultlint.findings import suppress  # the rule registry, only when a formatter ran

    lines = note.text.split("\n")
    out = []
    for window in suppress.windows(note):
        last = len(lines) if window.last == float("inf") else int(window.last)
        covered = "\n".join(lines[window.first - 1 : last])
        out.append((tuple(sorted(window.codes)), tuple(_WORD.findall(covered))))
    return out


def _clip(text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def untouched_outside(old: str, new: str, edits: Iterable[Edit]) -> bool:
    """True when ``new`` is ``old`` with only the (non-overlapping) ``edits`` applied: every other byte kept."""
    at_old = at_new = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        gap = edit.start - at_old
        if old[at_old : edit.start] != new[at_new : at_new + gap]:
            return False
        at_new += gap
        if new[at_new : at_new + len(edit.new)] != edit.new:
            return False
        at_new += len(edit.new)
        at_old = edit.end
    return old[at_old:] == new[at_new:]


# Letters and digits only: `_x_` and `*x*` are the same word, `snake\_case` and `snake_case` the same two.
_WORD = re.compile(r"[^\W_]+")
_TOP_KEY = re.compile(r"^([^\s#\-:][^:\n]*?|\"[^\"\n]*\"|'[^'\n]*'):(?=\s|$)", re.MULTILINE)
_LIST_NUMBER = re.compile(r"^[ \t>]*\d{1,9}[.)](?=[ \t]|$)", re.MULTILINE)
_PAIRED = (("$$", "$$"), ("%%", "%%"), ("<!--", "-->"), ("<%", "%>"))
_LINE_VERBATIM = re.compile(  # stretches within one line, or one footnote definition
    # inline math `$x$` (escapes inside, `$a\$b$`): not `US$5`, not `$5 and $6`
    r"(?<![\\$\w])\$(?=[^\s$])(?:[^$\\\n]|\\.)*?(?<=[^\s\\])\$(?![\w$])"
    # a footnote definition and its indented lines, blank lines between its paragraphs too
    r"|(?<!\\)^\[\^[^\]\s]+\]:[^\n]*(?:\n(?:[ \t]*\n)*(?: {4}|\t)[^\n]*)*"
    r"|(?<!\\)\[\^[^\]\s]+\]",  # a footnote reference
    re.MULTILINE,
)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _shown_wikilink(target: str, headings: tuple[str, ...], block: str | None, alias: str | None, embed: bool) -> str:
    body = target + "".join(f"#{h}" for h in headings) + (f"#^{block}" if block else "")
    return f"{'!' if embed else ''}[[{body}{'|' + alias if alias is not None else ''}]]"
