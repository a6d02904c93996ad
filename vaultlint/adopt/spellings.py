"""When two spellings in a vault's vocabulary are likely one word: the same, a generic or plural form, a typo.

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
      no alias (see grouping.py). Shorter words are too often different words one letter apart (``book``/``boot``),
      and two edits are too many (``course``/``source``).

    Nothing else: ``book`` and ``notebook`` stay apart (``note`` is no generic word), and so do synonyms
    (``video``/``YouTube``) that only the maintainer can join. Grouping is transitive.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

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


def related(a: str, b: str) -> str | None:
    """Why spellings ``a`` and ``b`` are likely one word ("same", "generic", "plural", "typo"), or None."""
    return _relation(compact(key(a)), compact(key(b)))


def key(text: str) -> str:
    """A spelling as ENT003 compares kinds: case and runs of spaces do not make another word."""
    return " ".join(text.split()).lower()


def compact(word: str) -> str:
    """A word without spaces, ``-`` and ``_``: ``blog post``, ``blogpost`` and ``blog-post`` are one."""
    return re.sub(r"[\s_-]+", "", word)


def normal(text: str) -> str:
    return " ".join(text.split())


def likely_pairs(words: list[str]) -> Iterable[tuple[str, str, str]]:
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
