"""Did-you-mean (vault.suggest): NearMisses gives the plain reading's answer, typo or none."""

from __future__ import annotations

import difflib
import subprocess
import sys
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultlint.vault import suggest
from vaultlint.vault.suggest import DIGITS_RE, PREFILTER, SHORT, NearMisses, _by_lower, edits, is_typo, similar


def plain_near_miss(word: str, choices: list[str]) -> str | None:
    """near_miss as first written: difflib ranks every choice, the first typo among its five best wins."""
    lowered = _by_lower(choices)
    key = word.lower()
    for close in difflib.get_close_matches(key, list(lowered), n=5, cutoff=PREFILTER):
        if is_typo(key, close):
            return lowered[close]
    return None


def plain_similar(word: str, choices: list[str], cutoff: float = 0.75) -> str | None:
    """similar as first written: difflib ranks every choice."""
    if len(word) <= SHORT:
        return None
    lowered = _by_lower(choices)
    key = DIGITS_RE.sub("", word.lower())
    for close in difflib.get_close_matches(word.lower(), list(lowered), n=5, cutoff=cutoff):
        if DIGITS_RE.sub("", close) != key:
            return lowered[close]
    return None


NAMES = ["Machine Learning", "machine-learning notes", "Linear Algebra", "Part 1", "2024-07-20", "Transformers"]
LETTERS = st.sampled_from("abcde -_1X")


def _typo(draw: st.DrawFn, name: str) -> str:
    """``name`` with a few random slips: a letter dropped, doubled, swapped with the next, or replaced."""
    chars = list(name)
    for _ in range(draw(st.integers(0, 3))):
        if not chars:
            break
        at = draw(st.integers(0, len(chars) - 1))
        slip = draw(st.sampled_from(["drop", "double", "swap", "replace"]))
        if slip == "drop":
            del chars[at]
        elif slip == "double":
            chars.insert(at, chars[at])
        elif slip == "swap" and at + 1 < len(chars):
            chars[at], chars[at + 1] = chars[at + 1], chars[at]
        else:
            chars[at] = draw(LETTERS)
    return "".join(chars)


@st.composite
def names_and_word(draw: st.DrawFn) -> tuple[list[str], str]:
    words = st.text(LETTERS, min_size=0, max_size=26)
    names = draw(st.lists(st.one_of(words, st.sampled_from(NAMES)), max_size=30))
    base = draw(st.one_of(st.sampled_from(names or NAMES), words))
    return names, _typo(draw, base)


@settings(max_examples=1500, deadline=None)
@given(names_and_word())
def test_indexed_near_miss_is_the_plain_readings(case: tuple[list[str], str]) -> None:
    names, word = case
    assert NearMisses(names).near_miss(word) == plain_near_miss(word, names)


@settings(max_examples=500, deadline=None)
@given(st.text(LETTERS, max_size=12), st.text(LETTERS, max_size=12), st.integers(0, 4))
def test_rapidfuzz_counts_the_edits_edits_counts(a: str, b: str, limit: int) -> None:
    """The index finds typos by rapidfuzz's OSA distance: it must be ``edits``' (a swap of neighbours is one)."""
    from rapidfuzz.distance import OSA

    assert (edits(a, b, limit) is not None) == (OSA.distance(a, b) <= limit)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Machine Lerning", "Machine Learning"),  # one letter dropped
        ("machine_learning", "Machine Learning"),  # another separator
        ("Linaer Algebra", "Linear Algebra"),  # a swap
        ("Part 2", None),  # differs only in a digit: another note
        ("2024-07-21", None),
        ("Quantum Chemistry", None),
    ],
)
def test_near_miss_examples(word: str, expected: str | None) -> None:
    assert NearMisses(NAMES).near_miss(word) == expected
    assert plain_near_miss(word, NAMES) == expected


@pytest.fixture(params=[0, 10**9], ids=["rapidfuzz first", "difflib alone"])
def prefilter(request: pytest.FixtureRequest) -> Iterator[None]:
    """similar asking rapidfuzz first from its first call, or never (as in a run that asks a few times)."""
    kept = suggest.PREFILTER_AFTER
    suggest.PREFILTER_AFTER = request.param
    yield
    suggest.PREFILTER_AFTER = kept


@pytest.mark.usefixtures("prefilter")
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names_and_word(), st.sampled_from([0.6, 0.75, 0.8]))
def test_similar_is_difflibs_answer(case: tuple[list[str], str], cutoff: float) -> None:
    """similar asks difflib of the choices rapidfuzz's ratio does not rule out: the answer of difflib on all."""
    names, word = case
    assert similar(word, names, cutoff) == plain_similar(word, names, cutoff)


def test_a_few_questions_load_no_rapidfuzz() -> None:
    """A run naming a note asks similar a few times: difflib alone, rapidfuzz not imported for them (10 ms)."""
    code = (
        "import sys\n"
        "from vaultlint.vault.suggest import PREFILTER_AFTER, similar\n"
        "for _ in range(PREFILTER_AFTER):\n"
        "    assert similar('Linear Algebr', ['Linear algebra', 'Calculus']) == 'Linear algebra'\n"
        "assert 'rapidfuzz' not in sys.modules\n"
        "similar('Linear Algebr', ['Linear algebra'])\n"
        "assert 'rapidfuzz' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.usefixtures("prefilter")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(min_size=0, max_size=300), max_size=12), st.text(min_size=5, max_size=300))
def test_similar_on_any_text(names: list[str], word: str) -> None:
    """Any characters and lengths (difflib's autojunk from 200 on): still difflib's answer."""
    assert similar(word, names) == plain_similar(word, names)


def test_similar_examples() -> None:
    headings = ["Linear Algebra basics", "Linear algebra", "Calculus 2", "Probability"]
    assert similar("Linear Algebr", headings) == "Linear algebra"  # the closest, as the note spells it
    assert similar("Probabilty", headings) == "Probability"
    assert similar("Quantum", headings) is None
    assert similar("Calculus 3", headings) is None  # differs only in a digit
    assert similar("Prob", headings) is None  # too short
