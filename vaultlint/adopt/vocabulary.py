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
    (ties to the one with more words: a plural or a longer form attests the word; one that looks like an
    example, below, only when every cluster does) holds the canonical
    spelling and its aliases. Every word of the other clusters, reached only through a typo link, is in
    ``Group.typos`` (each exact spelling) and in no alias list: the proposal names it in a comment for
    the maintainer to confirm, and until then ENT003 reports it as an unknown kind, with no fix. With
    ``paper``, ``papers`` and ``pager`` used once each, ``paper`` is canonical, ``papers`` its alias and
    ``pager`` a possible typo, never the other way round.

Which spelling stands for a group
    The most used exact spelling of the main cluster, whatever its case (``Blog`` 21 times and ``blog``
    twice give ``Blog``): every other spelling of the cluster is fixed to it, and the majority keeps its
    text. On a tie, the spelling of the shorter word (the one others extend), then lower case, then
    alphabetical order; the proposal says which tie was broken and how.

What looks like an example is no vocabulary
    A note that explains the syntax (``#tag and #TAG are one tag``, ``[Author; kind; date]``) is not the
    vault's vocabulary, and a canonical form drawn from it would have a fix rewrite the example and the
    vault alike. So a word (a cluster) written several ways in one note only is ``Group.example``,
    whatever its count: the proposal writes it commented out, naming the note and the count, for the
    maintainer to accept (a fix to an example is worse than a word to uncomment). A word written one
    way in one note (``#baking`` on a recipe, ``PAPER`` all over a list note) is vocabulary: no fix can
    come of it, and leaving it out would only have TAG001 report every use.
    A cluster used in one note holds the canonical spelling of its group only when every cluster is. Within a
    cluster used more widely, a spelling that looks like an example (one note, fewer than
    ``EXAMPLE_USES`` uses) is canonical only when every spelling does, and the proposal names it when it
    is passed over; a spelling used often in one note (``Blog`` all over a list note) keeps its majority.
    Spellings holding template syntax (``{{kind}}``, ``<% tp %>``) are no words, and entries whose date
    field holds no digit (``[Author; kind; date]``, ``[Name; type; YYYY]``) describe the format, not a
    resource: their kinds, and the labels and tags on their line, are not counted.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from vaultlint.parse.entries import KIND_SEPARATORS, kind_parts
from vaultlint.parse.note import Note

# Words that name where or how a thing is published, so "<kind> <word>" is that kind.
GENERIC = (
    "post",
    "posts",
    "entry",
    "page",
    "site",
    "website",
    "channel",
    "video",
    "videos",
    "repo",
    "repository",
    "article",
    "thread",
)
MIN_TYPO = 5  # both words at least this long for a one-edit near-miss to count
MIN_PLURAL = 4  # the singular at least this long for a plural to count
EXAMPLE_USES = 5  # a spelling used in one note fewer times than this looks like an example there
TEMPLATE = re.compile(r"\{\{|\}\}|<%|%>")  # Obsidian and Templater template syntax: a placeholder


@dataclass(frozen=True)
class Group:
    """Spellings of one word: the canonical one, the aliases to configure, every exact spelling with its count."""

    canonical: str
    aliases: tuple[str, ...]  # joined by same/generic/plural links only: each one is a safe fix
    spellings: tuple[tuple[str, int], ...]  # most used first
    typos: frozenset[str] = frozenset()  # every spelling reached only through a near-miss: no alias, a question
    notes: tuple[str, ...] = ()  # the notes the canonical word and its aliases are used in (empty: not known)
    example: bool = False  # used in one note only: proposed commented out, never a fix's target
    tie: str = ""  # how a tie for the canonical spelling was broken, for the proposal to say
    passed: tuple[tuple[str, str], ...] = ()  # (spelling, its one note): used as much or more, but like an example

    @property
    def total(self) -> int:
        return sum(count for _, count in self.spellings)


@dataclass(frozen=True)
class Usage:
    """How often each spelling is used, and in which notes."""

    counts: Counter[str]
    notes: Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class Vocabulary:
    """What the notes use: groups most used first, and the entries left out of the kinds."""

    kinds: tuple[Group, ...] = ()
    tags: tuple[Group, ...] = ()
    labels: tuple[Group, ...] = ()
    skipped_entries: int = 0  # entries without exactly three fields: ENT001's, their kind is unsure
    format_entries: int = 0  # entries whose date has no digit: a description of the format, not a resource


def collect(notes: Iterable[Note], separators: tuple[str, ...] = KIND_SEPARATORS) -> Vocabulary:
    """The vocabulary of ``notes``: counts of every spelling, grouped."""
    notes = list(notes)
    kinds, skipped, described = count_kinds(notes, separators)
    tags, labels = count_tags(notes), count_labels(notes)
    return Vocabulary(
        group(kinds.counts, kinds.notes),
        group(tags.counts, tags.notes),
        group(labels.counts, labels.notes),
        skipped,
        described,
    )


def count_kinds(notes: Iterable[Note], separators: tuple[str, ...]) -> tuple[Usage, int, int]:
    """Every kind part with its uses, and how many entries were skipped: for not having three fields, and
    for describing the format (a date field without a digit)."""
    places: list[tuple[str, str]] = []
    skipped = described = 0
    for note in notes:
        for entry in note.facts.entries:
            if len(entry.fields) != 3:
                skipped += 1
            elif _describes_format(entry.fields[2].text):
                described += 1
            else:
                # No vocabulary yet, so every compound is split (ENT003 keeps a configured "Q&A" whole).
                places += [
                    (_normal(part.text), note.path)
                    for part in kind_parts(entry.fields[1], separators, {})
                    if part.text.strip()
                ]
    return _usage(places), skipped, described


def count_tags(notes: Iterable[Note]) -> Usage:
    """Every tag by its top-level part, body and frontmatter alike (frontmatter values that YAML reads as
    no text, `null` or `3.5`, are no tags: `frontmatter.py` leaves them out)."""
    places = []
    for note in notes:
        skip = _format_lines(note)
        for tag in note.facts.tags:
            top = tag.name.split("/", 1)[0].strip().lstrip("#")
            described = not tag.in_frontmatter and note.position(tag.start)[0] in skip
            if top and re.search(r"[^0-9]", tag.name) and not described:  # Obsidian: a tag is more than digits
                places.append((top, note.path))
    return _usage(places)


def count_labels(notes: Iterable[Note]) -> Usage:
    """Every label; a bold one only when its name is also written as a plain label."""
    plain: list[tuple[str, str]] = []
    bold: list[tuple[str, str]] = []
    for note in notes:
        skip = _format_lines(note)
        for label in note.facts.labels:
            if note.position(label.start)[0] not in skip:
                (bold if len(label.marker) > 1 else plain).append((_normal(label.name), note.path))
    known = {name.lower() for name, _ in plain}
    return _usage(plain + [(name, path) for name, path in bold if name.lower() in known])


def _usage(places: Iterable[tuple[str, str]]) -> Usage:
    """The uses of each spelling from (spelling, note) pairs, one pair a use."""
    places = list(places)
    notes: dict[str, set[str]] = defaultdict(set)
    for spelling, path in places:
        notes[spelling].add(path)
    return Usage(Counter(spelling for spelling, _ in places), {s: frozenset(ns) for s, ns in notes.items()})


def _describes_format(date: str) -> bool:
    """A date field with text but no digit (`date`, `YYYY-MM`): the entry shows the format; an empty one is
    a real entry's missing date (ENT002)."""
    return bool(date.strip()) and re.search(r"\d", date) is None


def _format_lines(note: Note) -> frozenset[int]:
    """The lines of ``note`` holding an entry that describes the format: their labels and tags are its parts."""
    return frozenset(
        note.position(entry.link_start)[0]
        for entry in note.facts.entries
        if len(entry.fields) == 3 and _describes_format(entry.fields[2].text)
    )


def group(counts: Mapping[str, int], notes: Mapping[str, Iterable[str]] | None = None) -> tuple[Group, ...]:
    """Group ``counts`` (spelling -> uses) into likely aliases; most used groups first. ``notes`` says where
    each spelling is used; without it, nothing is taken for an example."""
    words: dict[str, Counter[str]] = defaultdict(Counter)  # one word as ENT003 compares it -> its spellings
    places: dict[str, set[str]] | None = None if notes is None else defaultdict(set)
    for spelling, count in counts.items():
        if spelling.strip() and count > 0 and not TEMPLATE.search(spelling):
            words[key(spelling)][_normal(spelling)] += count
            if places is not None and notes is not None:
                places[_normal(spelling)].update(notes.get(spelling, ()))
    links = list(_links(list(words)))
    everything = _components(words, links)
    # Clusters: what same/generic/plural links join; a near-miss only joins clusters into one group.
    cluster = _components(words, [link for link in links if link[2] != "typo"])
    members: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for word in words:
        members[everything[word]][cluster[word]].append(word)
    spread = _Spread(words, places)
    groups = [_group(list(clusters.values()), spread) for clusters in members.values()]
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
            for variant in {shape, *(shape[:i] + shape[i + 1 :] for i in range(len(shape)))}:
                near[variant].add(shape)
    pairs = {tuple(sorted((a, b))) for bucket in near.values() for a in bucket for b in bucket if a < b}
    for a, b in sorted(pairs):
        if _relation(a, b) == "typo":
            yield by_compact[a][0], by_compact[b][0], "typo"


def _bases(shape: str) -> Iterable[str]:
    """The shorter words ``shape`` may be: without a generic word at its end, or without a plural ``s``."""
    for word in GENERIC:
        if shape.endswith(word) and len(shape) > len(word):
            yield shape[: -len(word)]
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
        swapped = a[head + 1 : head + 2] + a[head : head + 1] == b[head : head + 2]
        return a[head + 1 :] == b[head + 1 :] or (swapped and a[head + 2 :] == b[head + 2 :])
    short, long = sorted((a, b), key=len)
    return short[head:] == long[head + 1 :]


@dataclass(frozen=True)
class _Spread:
    """The words of one vocabulary, each with its spellings' uses, and the notes each spelling is used in."""

    words: Mapping[str, Counter[str]]
    places: Mapping[str, set[str]] | None  # spelling -> notes; None: not known

    def uses(self, words: Iterable[str]) -> int:
        return sum(sum(self.words[word].values()) for word in words)

    def notes(self, spellings: Iterable[str]) -> frozenset[str]:
        places = self.places or {}
        return frozenset(note for spelling in spellings for note in places.get(spelling, ()))

    def local(self, spellings: Iterable[str]) -> bool:
        """Used in one note only: how an example looks (and how the words of a one-note list look)."""
        return self.places is not None and len(self.notes(spellings)) == 1


def _group(clusters: list[list[str]], spread: _Spread) -> Group:
    """One group from its clusters: the main one gives the canonical spelling and aliases, the rest are typos."""
    words = spread.words

    def rank(word: str) -> tuple[int, int, str]:  # used most; on a tie the shorter, which the others extend
        return -spread.uses([word]), len(compact(word)), word

    def local(ws: list[str]) -> bool:  # used in one note only: the last cluster to give the canonical spelling
        return spread.local(s for w in ws for s in words[w])

    def example(ws: list[str]) -> bool:  # several spellings in one note: a fix would rewrite one into another
        return local(ws) and len({s for w in ws for s in words[w]}) > 1

    main = min(clusters, key=lambda ws: (local(ws), -spread.uses(ws), -len(ws), min(map(rank, ws))))
    canonical, tie, passed = _canonical(main, spread)
    home = key(canonical)
    aliases = [_spelling(words[word]) for word in sorted(main, key=rank) if word != home]
    spellings = sorted(
        ((s, n) for ws in clusters for w in ws for s, n in words[w].items()), key=lambda sn: (-sn[1], sn[0])
    )
    typos = frozenset(s for ws in clusters if ws is not main for w in ws for s in words[w])
    notes = spread.notes(s for w in main for s in words[w])
    return Group(canonical, tuple(aliases), tuple(spellings), typos, tuple(sorted(notes)), example(main), tie, passed)


def _canonical(cluster: list[str], spread: _Spread) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """The canonical spelling of a cluster, how a tie for it was broken ("" if none), the spellings passed over
    with the one note each is used in.

    The most used spelling; on a tie the shorter word's, then lower case, then alphabetical order. A
    spelling that looks like an example (one note, a few uses) comes after every other one.
    """

    def order(spelling: str) -> tuple[int, int, bool, str]:
        return (
            -spread.words[key(spelling)][spelling],
            len(compact(key(spelling))),
            spelling != spelling.lower(),
            spelling,
        )

    def example(spelling: str) -> bool:  # a spelling used often in one note (a list note's) keeps its majority
        return spread.local([spelling]) and spread.words[key(spelling)][spelling] < EXAMPLE_USES

    candidates = sorted((s for word in cluster for s in spread.words[word]), key=order)
    ranked = sorted(candidates, key=lambda s: (example(s), order(s)))
    best = ranked[0]
    passed = tuple((s, min(spread.notes([s]))) for s in candidates[: candidates.index(best)])
    tied = [s for s in ranked if example(s) == example(best) and order(s)[0] == order(best)[0]]
    if len(tied) < 2:
        return best, "", passed
    runner = order(tied[1])
    why = (
        "the shorter word"
        if runner[1] != order(best)[1]
        else "lower case"
        if runner[2] != order(best)[2]
        else "alphabetical order"
    )
    listed = ", ".join(f'"{s}"' for s in tied[:-1]) + f' and "{tied[-1]}"'
    return best, f'a tie between {listed} ({-order(best)[0]} each): "{best}" taken, {why}', passed


def _spelling(spellings: Counter[str]) -> str:
    """The spelling of one word: the most used, ties to lower case, then alphabetical order."""
    return min(spellings, key=lambda s: (-spellings[s], s != s.lower(), s))
