"""A vocabulary's spellings grouped into words: the canonical spelling, its aliases, likely typos, examples.

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
    Spellings holding template syntax (``{{kind}}``, ``<% tp %>``) are no words.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from vaultlint.adopt.spellings import compact, key, likely_pairs, normal

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


def group(counts: Mapping[str, int], notes: Mapping[str, Iterable[str]] | None = None) -> tuple[Group, ...]:
    """Group ``counts`` (spelling -> uses) into likely aliases; most used groups first. ``notes`` says where
    each spelling is used; without it, nothing is taken for an example."""
    words: dict[str, Counter[str]] = defaultdict(Counter)  # one word as ENT003 compares it -> its spellings
    places: dict[str, set[str]] | None = None if notes is None else defaultdict(set)
    for spelling, count in counts.items():
        if spelling.strip() and count > 0 and not TEMPLATE.search(spelling):
            words[key(spelling)][normal(spelling)] += count
            if places is not None and notes is not None:
                places[normal(spelling)].update(notes.get(spelling, ()))
    links = list(likely_pairs(list(words)))
    everything = _components(words, links)
    # Clusters: what same/generic/plural links join; a near-miss only joins clusters into one group.
    cluster = _components(words, [link for link in links if link[2] != "typo"])
    members: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for word in words:
        members[everything[word]][cluster[word]].append(word)
    spread = _Spread(words, places)
    groups = [_group(list(clusters.values()), spread) for clusters in members.values()]
    return tuple(sorted(groups, key=lambda g: (-g.total, g.canonical.lower(), g.canonical)))


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
