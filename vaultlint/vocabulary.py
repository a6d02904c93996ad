"""A vault's vocabulary as its notes use it: kinds, tags and labels with their counts, likely aliases grouped.

What is counted
    Kinds: the second field of every ``[Author; kind; date]`` entry with exactly three fields (ENT001
    reports the others), split into parts exactly as ENT003 splits a compound kind (``Blog & Paper`` is
    ``Blog`` and ``Paper``); empty parts are ENT002's and are not counted. Tags: every tag of the body and
    the frontmatter, by its top-level part (``#project/alpha`` counts for ``project``, which TAG001 accepts
    for the whole tag), and only what Obsidian takes for a tag: a name with a character other than a digit
    (``#2024`` is none), and in the frontmatter a value YAML reads as text. Obsidian reads YAML 1.2, so
    ``null``, ``~``, ``true``, ``false`` and numbers (``3.5``, ``1e3``) are no tags, nor is a value with an
    explicit type (``!!binary``), while ``yes``, ``off`` and a date (``2024-01-01``), which PyYAML's YAML
    1.1 reads as a boolean or a date, are text to Obsidian and count. Labels: ``*cult*:``-style labels; a
    bold lead-in (``**Note**:``) counts only when the same name is also written as a plain label, because
    TAG003 treats bold text as a label only near one.

How spellings are grouped (the same relation for all three vocabularies)
    Two spellings are one word when they are equal ignoring case and runs of spaces (as ENT003 compares
    kinds), or ignoring spaces, ``-`` and ``_`` as well (``blog post`` = ``blogpost`` = ``blog-post``).
    Beyond that, two words are grouped when

    - one is the other followed by a generic word (``blog post`` -> ``blog``, ``YouTube video`` ->
      ``YouTube``): the generic words name a form of publication, not another kind (see ``GENERIC``);
    - one is the other's plural by a final ``s``, for words of 4 letters or more (``papers`` -> ``paper``,
      ``books`` -> ``book``; ``news`` is not ``new``): a kind names a category and the plural is the same one;
    - they are one typo apart (one letter added, dropped, replaced, or two neighbours swapped) and both
      have 5 letters or more (``artcle`` -> ``article``, ``vidoe`` -> ``video``): grouped to be seen, but
      no alias (below). Shorter words are too often different words one letter apart (``book``/``boot``),
      and two edits are too many (``course``/``source``).

    Nothing else: ``book`` and ``notebook`` stay apart (``note`` is no generic word), and so do synonyms
    (``video``/``YouTube``) that only the maintainer can join. Grouping is transitive.

Near-misses are flagged, never aliases
    A typo link joins words that may well be two (``pager`` and ``paper``), and an alias is a safe fix:
    `vaultlint fix --write` would rewrite every use of it. So only ``same``, ``generic`` and ``plural``
    links make aliases. Within a group, the words these links join form clusters; the cluster used most
    (ties to the one with more words: a plural or a longer form attests the word) holds the canonical
    spelling and its aliases. Every word of the other clusters, reached only through a typo link, is in
    ``Group.typos`` (each exact spelling) and in no alias list: the proposal names it in a comment for
    the maintainer to confirm, and until then ENT003 reports it as an unknown kind, with no fix. With
    ``paper``, ``papers`` and ``pager`` used once each, ``paper`` is canonical, ``papers`` its alias and
    ``pager`` a possible typo, never the other way round.

Which spelling stands for a group
    Within the main cluster, the word used most (case ignored), ties going to the shorter word, the one
    others extend. Its spelling: the most used exact spelling, ties to the lower-case one. For kinds only,
    a capital that only starts a word (``Blog``, ``Blog post``) counts for the lower-case spelling when the
    vault writes that too: it is how the field was started, not how the word is spelled, whereas capitals
    inside a word (``YouTube``, ``GitHub``, ``PDF``) are the word's own. So ``Blog`` 21 and ``blog`` 2 give
    ``blog``, while a vault that only ever writes ``Blog`` keeps ``Blog``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from vaultlint.note import Note
from vaultlint.rules.entry_kind import EntryKind, kind_parts

# Words that name where or how a thing is published, so "<kind> <word>" is that kind.
GENERIC = ("post", "posts", "entry", "page", "site", "website", "channel", "video", "videos", "repo",
           "repository", "article", "thread")
MIN_TYPO = 5  # both words at least this long for a one-edit near-miss to count
MIN_PLURAL = 4  # the singular at least this long for a plural to count


@dataclass(frozen=True)
class Group:
    """Spellings of one word: the canonical one, the aliases to configure, every exact spelling with its count."""

    canonical: str
    aliases: tuple[str, ...]  # joined by same/generic/plural links only: each one is a safe fix
    spellings: tuple[tuple[str, int], ...]  # most used first
    typos: frozenset[str] = frozenset()  # every spelling reached only through a near-miss: no alias, a question

    @property
    def total(self) -> int:
        return sum(count for _, count in self.spellings)

    @property
    def rare(self) -> bool:
        """Used once and like nothing else: a word of its own, or a slip only the maintainer can tell."""
        return self.total == 1


@dataclass(frozen=True)
class Vocabulary:
    """What the notes use: groups most used first, and the entries left out of the kinds."""

    kinds: tuple[Group, ...] = ()
    tags: tuple[Group, ...] = ()
    labels: tuple[Group, ...] = ()
    skipped_entries: int = 0  # entries without exactly three fields: ENT001's, their kind is unsure


def collect(notes: Iterable[Note], separators: tuple[str, ...] = EntryKind.Options().separators) -> Vocabulary:
    """The vocabulary of ``notes``: counts of every spelling, grouped."""
    notes = list(notes)
    kinds, skipped = count_kinds(notes, separators)
    return Vocabulary(group(kinds, fold_capitals=True), group(count_tags(notes)), group(count_labels(notes)),
                      skipped)


def count_kinds(notes: Iterable[Note], separators: tuple[str, ...]) -> tuple[Counter[str], int]:
    """Every kind part with its count, and how many entries were skipped for not having three fields."""
    counts: Counter[str] = Counter()
    skipped = 0
    for note in notes:
        for entry in note.facts.entries:
            if len(entry.fields) != 3:
                skipped += 1
                continue
            # No vocabulary yet, so every compound is split (ENT003 keeps a configured "Q&A" whole).
            for part in kind_parts(entry.fields[1], separators, {}):
                if part.text.strip():
                    counts[_normal(part.text)] += 1
    return counts, skipped


def count_tags(notes: Iterable[Note]) -> Counter[str]:
    """Every tag by its top-level part, body and frontmatter alike (frontmatter values that YAML reads as
    no text, `null` or `3.5`, are no tags: `frontmatter.py` leaves them out)."""
    counts: Counter[str] = Counter()
    for note in notes:
        for tag in note.facts.tags:
            top = tag.name.split("/", 1)[0].strip().lstrip("#")
            if top and re.search(r"[^0-9]", tag.name):  # Obsidian: a tag is more than digits
                counts[top] += 1
    return counts


def count_labels(notes: Iterable[Note]) -> Counter[str]:
    """Every label; a bold one only when its name is also written as a plain label."""
    plain: Counter[str] = Counter()
    bold: Counter[str] = Counter()
    for note in notes:
        for label in note.facts.labels:
            (bold if len(label.marker) > 1 else plain)[_normal(label.name)] += 1
    known = {name.lower() for name in plain}
    plain.update({name: n for name, n in bold.items() if name.lower() in known})
    return plain


def group(counts: Mapping[str, int], fold_capitals: bool = False) -> tuple[Group, ...]:
    """Group ``counts`` (spelling -> uses) into likely aliases; most used groups first."""
    words: dict[str, Counter[str]] = defaultdict(Counter)  # one word as ENT003 compares it -> its spellings
    for spelling, count in counts.items():
        if spelling.strip() and count > 0:
            words[key(spelling)][_normal(spelling)] += count
    links = list(_links(list(words)))
    everything = _components(words, links)
    # Clusters: what same/generic/plural links join; a near-miss only joins clusters into one group.
    cluster = _components(words, [link for link in links if link[2] != "typo"])
    members: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for word in words:
        members[everything[word]][cluster[word]].append(word)
    groups = [_group(list(clusters.values()), words, fold_capitals) for clusters in members.values()]
    return tuple(sorted(groups, key=lambda g: (-g.total, g.canonical.lower(), g.canonical)))


def related(a: str, b: str) -> str | None:
    """Why spellings ``a`` and ``b`` are likely one word ("same", "generic", "plural", "typo"), or None."""
    return _relation(compact(key(a)), compact(key(b)))


def key(text: str) -> str:
    """A spelling as ENT003 compares kinds: case and runs of spaces do not make another word."""
    return " ".join(text.split()).lower()


def compact(word: str) -> str:
    """A word without spaces, ``-`` and ``_``: ``blog post``, ``blogpost`` and ``blog-post`` are one."""
    return re.sub(r"[\s_-]+", "", word)


def _normal(text: str) -> str:
    return " ".join(text.split())


def _components(words: Iterable[str], links: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """Each word -> one word standing for all the words ``links`` join it to, transitively."""
    parent = {word: word for word in words}
    for a, b, _ in links:
        parent[_find(parent, a)] = _find(parent, b)
    return {word: _find(parent, word) for word in parent}


def _find(parent: dict[str, str], word: str) -> str:
    while parent[word] != word:
        parent[word] = parent[parent[word]]
        word = parent[word]
    return word


def _links(words: list[str]) -> Iterable[tuple[str, str, str]]:
    """Pairs of words that are likely one, with why; near-miss candidates found through shared deletions."""
    by_compact: dict[str, list[str]] = defaultdict(list)
    for word in words:
        by_compact[compact(word)].append(word)
    for same in by_compact.values():
        yield from ((same[0], other, "same") for other in same[1:])
    shapes = list(by_compact)
    known = set(shapes)
    for shape in shapes:
        for base in _bases(shape):
            why = _relation(shape, base) if base in known else None
            if why:
                yield by_compact[shape][0], by_compact[base][0], why
    # One edit apart means both have a one-letter deletion (or the word itself) in common.
    near: dict[str, set[str]] = defaultdict(set)
    for shape in shapes:
        if len(shape) >= MIN_TYPO:
            for variant in {shape, *(shape[:i] + shape[i + 1:] for i in range(len(shape)))}:
                near[variant].add(shape)
    pairs = {tuple(sorted((a, b))) for bucket in near.values() for a in bucket for b in bucket if a < b}
    for a, b in sorted(pairs):
        if _relation(a, b) == "typo":
            yield by_compact[a][0], by_compact[b][0], "typo"


def _bases(shape: str) -> Iterable[str]:
    """The shorter words ``shape`` may be: without a generic word at its end, or without a plural ``s``."""
    for word in GENERIC:
        if shape.endswith(word) and len(shape) > len(word):
            yield shape[:-len(word)]
    if shape.endswith("s"):
        yield shape[:-1]


def _relation(a: str, b: str) -> str | None:
    """Why compact words ``a`` and ``b`` are likely one, or None."""
    if a == b:
        return "same"
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and any(long == short + word for word in GENERIC):
        return "generic"
    if len(short) >= MIN_PLURAL and long == short + "s":
        return "plural"
    if len(short) >= MIN_TYPO and _one_edit(a, b):
        return "typo"
    return None


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one inserted, dropped or replaced letter, or two swapped neighbours."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    head = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    if len(a) == len(b):
        swapped = a[head + 1:head + 2] + a[head:head + 1] == b[head:head + 2]
        return a[head + 1:] == b[head + 1:] or (swapped and a[head + 2:] == b[head + 2:])
    short, long = sorted((a, b), key=len)
    return short[head:] == long[head + 1:]


def _group(clusters: list[list[str]], words: Mapping[str, Counter[str]], fold_capitals: bool) -> Group:
    """One group from its clusters: the main one gives the canonical spelling and aliases, the rest are typos."""
    def uses(word: str) -> int:
        return sum(words[word].values())

    def rank(word: str) -> tuple[int, int, str]:  # used most; on a tie the shorter, which the others extend
        return -uses(word), len(compact(word)), word

    main = min(clusters, key=lambda ws: (-sum(map(uses, ws)), -len(ws), min(map(rank, ws))))
    ordered = sorted(main, key=rank)
    spelled = [_spelling(words[word], word, fold_capitals) for word in ordered]
    spellings = sorted(((s, n) for ws in clusters for w in ws for s, n in words[w].items()),
                       key=lambda sn: (-sn[1], sn[0]))
    typos = frozenset(s for ws in clusters if ws is not main for w in ws for s in words[w])
    return Group(spelled[0], tuple(spelled[1:]), tuple(spellings), typos)


def _spelling(spellings: Counter[str], lower: str, fold_capitals: bool) -> str:
    """The spelling of one word: the most used, ties to lower case; see the module docstring for kinds."""
    votes = Counter(spellings)
    if fold_capitals and lower in spellings:
        for spelling, count in spellings.items():
            if spelling != lower and _capitalized(spelling, lower):
                votes[lower] += count
                votes[spelling] = 0
    return min(votes, key=lambda s: (-votes[s], s != s.lower(), s))


def _capitalized(spelling: str, lower: str) -> bool:
    """``spelling`` is ``lower`` with capitals only where words start (``Blog post``, not ``YouTube``)."""
    if len(spelling) != len(lower) or spelling.lower() != lower:
        return False
    return all(s == w or (i == 0 or lower[i - 1] == " ") for i, (s, w) in enumerate(zip(spelling, lower, strict=True)))
