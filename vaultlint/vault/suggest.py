"""Did-you-mean for a misspelt note or file name: only a near miss a person could have typed."""

from __future__ import annotations

from collections.abc import Iterable

from vaultlint.lazyre import lazy_compile
from vaultlint.vault.joined import each_joined

DIGITS_RE = lazy_compile(r"\d")
SEPARATORS_RE = lazy_compile(r"[\s_-]+")
SHORT = 4  # a name this short is one letter away from too many words ("link" -> "ink")
PREFILTER = 0.7  # difflib's ratio, to pick a few candidates cheaply before counting edits


class NearMisses:
    """Did-you-mean among one list of choices, asked many times (each missing name in a vault).

    difflib ranks every choice for each word asked, some 50 ms a word among 10,000 names: a cold check of
    the 10,000-note yardstick vault spent over a minute on its 1,570 missing names. Yet a suggestion needs a
    choice that is a typo of the word, and nearly always none is; so that is asked first, of an index (the
    choices by their separators, then rapidfuzz's edit distance, the one ``edits`` counts, in C), and difflib
    ranks the choices only when some typo exists: the same answer, a millisecond for most words.
    """

    def __init__(self, choices: Iterable[str]) -> None:
        self._lowered = _by_lower(choices)
        self._names = list(self._lowered)
        self._separated = set(each_joined(self._names, lambda joined: SEPARATORS_RE.sub(" ", joined)))

    def near_miss(self, word: str) -> str | None:
        """The choice ``word`` is most likely a typo of, or None.

        A typo is a few edits (one per twelve characters, plus one; a transposed
        pair counts once) or a different separator (``machine-learning`` for
        ``Machine Learning``). Names that differ only in digits are different
        things (daily notes ``2024-07-20`` and ``2024-09-20``, ``Part 1`` and
        ``Part 2``), and a word of four letters or less gets no suggestion but a
        separator one.
        """
        import difflib  # here: a run that suggests nothing loads no difflib

        key = word.lower()
        if not self._any_typo(key):
            return None
        for close in difflib.get_close_matches(key, self._names, n=5, cutoff=PREFILTER):
            if is_typo(key, close):
                return self._lowered[close]
        return None

    def _any_typo(self, key: str) -> bool:
        """Whether some choice is a typo of ``key`` (is_typo): the same separators, or few enough edits."""
        if SEPARATORS_RE.sub(" ", key) in self._separated:
            return True
        if len(key) <= SHORT:
            return False
        from rapidfuzz import process  # only a vault with a missing name pays for it
        from rapidfuzz.distance import OSA

        close = process.extract(key, self._names, scorer=OSA.distance, score_cutoff=1 + len(key) // 12, limit=None)
        return any(is_typo(key, name) for name, _, _ in close)


def similar(word: str, choices: Iterable[str], cutoff: float = 0.75) -> str | None:
    """The choice most like ``word`` (a heading renamed or shortened: ``Linear algebra`` for
    ``Linear Algebra basics``), but never one that differs only in digits, nor for a short word."""
    if len(word) <= SHORT:
        return None
    import difflib  # here: a run that suggests nothing loads no difflib

    lowered = _by_lower(choices)
    typed = word.lower()
    key = DIGITS_RE.sub("", typed)
    _ASKED.append(True)
    possible = _possible(typed, list(lowered), cutoff) if len(_ASKED) > PREFILTER_AFTER else list(lowered)
    for close in difflib.get_close_matches(typed, possible, n=5, cutoff=cutoff):
        if DIGITS_RE.sub("", close) != key:
            return lowered[close]
    return None


# ``similar`` asked this many times in a process, it asks rapidfuzz first (`_possible`): a cold check of vault-1000
# asks 191 times, where difflib's ratio for each heading was a fifth of the vault rules; a run naming a note asks a
# few times, where importing rapidfuzz (10 ms) would cost more than it saves.
PREFILTER_AFTER = 8
_ASKED: list[bool] = []  # one item a call of ``similar`` in this process


def _possible(typed: str, choices: list[str], cutoff: float) -> list[str]:
    """The ``choices`` whose difflib ratio with ``typed`` may reach ``cutoff``: rapidfuzz's ratio (2 * the longest
    common subsequence / both lengths, in C) is never below difflib's (2 * its matching blocks, a common
    subsequence, / both lengths), so a choice under the cutoff there is under it in difflib too."""
    from rapidfuzz import fuzz, process

    bound = cutoff * 100 - 1e-6  # a ratio at the cutoff, whatever the rounding of either
    return [close for close, _, _ in process.extract(typed, choices, scorer=fuzz.ratio, score_cutoff=bound, limit=None)]


def _by_lower(choices: Iterable[str]) -> dict[str, str]:
    """Each choice by its lower-cased spelling (the first of those that differ only in case)."""
    listed = list(choices)
    lowers = each_joined(listed, str.lower)
    lowered = dict(zip(lowers, listed, strict=True))
    if len(lowered) == len(listed):  # no two differ only in case (nearly always): each its own
        return lowered
    lowered = {}
    for lower, choice in zip(lowers, listed, strict=True):
        lowered.setdefault(lower, choice)
    return lowered


def is_typo(typed: str, name: str) -> bool:
    """Whether lower-cased ``typed`` reads as a slip of the fingers for ``name``."""
    if DIGITS_RE.sub("", typed) == DIGITS_RE.sub("", name):
        return SEPARATORS_RE.sub(" ", typed) == SEPARATORS_RE.sub(" ", name)
    if SEPARATORS_RE.sub(" ", typed) == SEPARATORS_RE.sub(" ", name):
        return True
    if len(typed) <= SHORT:
        return False
    return edits(typed, name, 1 + len(typed) // 12) is not None


def edits(a: str, b: str, limit: int) -> int | None:
    """The edit distance of ``a`` and ``b`` (a swap of neighbours is one edit), or None if above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return None
    before: list[int] | None = None
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if before is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return None
        before, row = row, current
    return row[-1] if row[-1] <= limit else None
