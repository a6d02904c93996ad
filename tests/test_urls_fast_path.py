"""The widened fast path (urls._simple: queries, fragments, sub-delimiters, kept escapes) gives yarl's reading."""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultlint.vault import urls
from vaultlint.vault.urls import SIMPLE_URL_RE, _by_yarl, _simple, _web_identity

REPO = Path(__file__).resolve().parent.parent
CORPORA = [REPO / "tests" / "vaults", REPO / "bench" / "corpus", REPO / "seeds", Path("/tmp/vaults/vault-1000")]
TEXT_SUFFIXES = (".md", ".txt", ".json", ".toml", ".canvas")
# A URL as far as a note's text goes, then the shorter URLs a link's end may cut it to.
URL_IN_TEXT = re.compile(r"(?i)https?://\S+")
CUTS = re.compile(r"[)\]>\"'|`*]")


def _outcome(url: str, simple: bool) -> tuple[str, tuple[str, ...], str, tuple[str, ...]] | None | str:
    """Every field of the identity ``_web_identity`` gives; the exception's name when yarl refuses the URL."""
    try:
        ident = _web_identity(url, simple)
    except Exception as error:  # yarl's refusal of garbage (identity makes it the URL's own key)
        return type(error).__name__
    return None if ident is None else (ident.key, ident.normalizations, ident.version, ident.evidence)


def assert_same(url: str) -> bool:
    """Whether ``url`` takes the fast path (and then, that its parts and identity are yarl's)."""
    parsed = _simple(url.strip()) if urls.is_web(url) else None
    if parsed is not None:
        assert parsed == _by_yarl(url.strip()), url
    assert _outcome(url, True) == _outcome(url, False), url
    return parsed is not None


def _variants(found: str) -> Iterator[str]:
    """A URL found in text, cut where a link's end may cut it, and without trailing punctuation."""
    yield found
    cut = CUTS.search(found)
    if cut:
        yield found[: cut.start()]
    yield found.rstrip(".,;:!?*_)]>'\"`")


@functools.cache
def corpus_urls() -> tuple[str, ...]:
    """Every URL in the repository's vaults, corpus and seeds, and in vault-1000 when this machine has it."""
    found: set[str] = set()
    for root in CORPORA:
        for path in sorted(root.rglob("*")) if root.is_dir() else []:
            if path.suffix in TEXT_SUFFIXES and path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                found.update(v for m in URL_IN_TEXT.finditer(text) for v in _variants(m[0]))
    return tuple(sorted(found))


def test_every_corpus_url() -> None:
    simple = [url for url in corpus_urls() if assert_same(url)]
    # the fast path must be the common one, queries and fragments included
    assert len(simple) > len(corpus_urls()) // 2
    assert any("?" in url for url in simple) and any("#" in url for url in simple)


def _explained(pairs: list[tuple[str, str]]) -> list[tuple[str, ...]]:
    urls.identity.cache_clear()
    return [urls.explain(a, b) for a, b in pairs]


def test_identity_and_explain_on_corpus_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """explain of every pair of corpus URLs one key groups (and a neighbour's), fast path and yarl alike."""
    groups: dict[str, list[str]] = {}
    for url in corpus_urls():
        groups.setdefault(urls.identity(url).key, []).append(url)
    keyed = [group[:6] for group in groups.values()]
    pairs = [(a, b) for group in keyed for a in group for b in group]
    pairs += [(a[0], b[0]) for a, b in zip(keyed, keyed[1:], strict=False)]
    fast = _explained(pairs)
    idents = [urls.identity(url) for url in corpus_urls()]
    assert any(fast)
    monkeypatch.setattr(urls, "_simple", lambda text: None)
    assert _explained(pairs) == fast
    assert [urls.identity(url) for url in corpus_urls()] == idents
    urls.identity.cache_clear()


# What a generated URL is made of: the simple shapes' characters, every one yarl reads otherwise, and escapes.
_TRICKY = [
    *"aZ09-._~/:?#=&;+%@()!$'*, é[]|\"<>{}^`\\",
    *"aaaa///??##==&&",
    "%20",
    "%2F",
    "%2f",
    "%2B",
    "%25",
    "%41",
    "%7E",
    "%3A",
    "%C3%A9",
    "%c3%a9",
    "%E2%80",
    "%FF",
    "%zz",
    "%2",
    "==",
    "&&",
    "v=",
    "?v=abc",
    "#/",
    "#!",
    "#:~:text=x",
    "utm_source=x",
    "feature=share",
    "/.",
    "/..",
    "//",
    ":443",
    "www.",
]
_HOSTS = ["example.com", "www.youtube.com", "youtu.be", "m.youtube.com", "arxiv.org", "github.com", "a--b.org"]


@settings(max_examples=2000, deadline=None)
@given(
    st.sampled_from(["https://", "http://", "HTTPS://"]),
    st.sampled_from(_HOSTS),
    st.lists(st.sampled_from(_TRICKY), max_size=14).map("".join),
)
def test_generated_urls(scheme: str, host: str, tail: str) -> None:
    for url in (
        f"{scheme}{host}/{tail}",
        f"{scheme}{host}{tail}",
        f"{scheme}{host}/x?{tail}",
        f"{scheme}{host}#{tail}",
    ):
        assert_same(url)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="aZ9-._~/:?#=&;+%@()!$'*,[] ", max_size=30))
def test_generated_text_after_a_host(tail: str) -> None:
    assert_same("https://example.com/" + tail)
    assert_same("https://example.com/a?" + tail)


@pytest.mark.parametrize("part", ["/{}", "/a{}b", "/a?q{}=1", "/a#f{}"])
def test_every_escape_and_character(part: str) -> None:
    """Each byte as an escape in either case, and each ASCII character, in a path, a query and a fragment."""
    for byte in range(256):
        for written in (f"%{byte:02X}", f"%{byte:02x}", chr(byte) if byte < 128 else ""):
            assert_same("https://example.com" + part.format(written))


def test_a_path_escape_is_simple_when_yarl_keeps_it_as_written() -> None:
    for byte in range(256):
        for escape in (f"%{byte:02X}", f"%{byte:02x}"):
            url = f"https://example.com/a{escape}"
            parsed = _by_yarl(url)
            assert parsed is not None
            assert (SIMPLE_URL_RE.fullmatch(url) is not None) == (parsed.path == f"/a{escape}"), escape


SIMPLE = [
    "https://www.youtube.com/watch?v=0tEhw5t6rhc",
    "https://www.youtube.com/watch?v=RM-Jtc2ryfM&t=5s",
    "https://www.youtube.com/watch?v=x&feature=youtu.be&list=PL1",
    "https://arxiv.org/abs/1806.07572#",
    "https://openreview.net/pdf?id=rJv6ZgHYg",
    "https://mlfromscratch.com/activation-functions-explained/#/",
    "https://ruder.io/optimizing-gradient-descent/index.html#otherrecentoptimizers",
    "https://medium.com/@olegrybkin_20684/the-reasonable-ineffectiveness-of-pixel-metrics-for-future-prediction",
    "http://faculty.neu.edu.cn/yury/AAI/Textbook/Deep%20Learning%20with%20Python.pdf",
    "https://en.wikipedia.org/wiki/Rectifier_(neural_networks",
    "https://en.wikipedia.org/wiki/Rectifier_(neural_networks)",
    "https://a.com/?",  # an empty query: yarl's pairs are none, the identity notes it from the text
    "https://a.com/?#",
    "https://a.com#",
    "https://a.com?x",  # a key without `=`
    "https://a.com?x=",
    "https://a.com?x==y",  # the first `=` splits: value `=y`
    "https://a.com?a=1&&b=2&",  # empty pairs dropped
    "https://a.com?a=1;b=2",  # `;` separates nothing
    "https://a.com?q=a+b&q=c",  # `+` is a space; a repeated key kept twice
    "https://a.com?q=a/b?c:d@e",
    "https://a.com?utm_source=x&b=1",
    "https://a.com/a?b#c?d/e",
    "https://a.com/#!forum/x",
    "https://a.com/p#:~:text=hello",
    "https://a.com/x:y/@z/a+b/a=b;c&d/!$'()*,",
    "https://a.com/%2F/%25/%C3%A9/%20",
    "https://github.com/Owner/Repo%20X",
    "https://arxiv.org/pdf/1912.02292v2.pdf#page=3",
    "https://youtu.be/abc?t=10",
    "https://m.youtube.com/shorts/x?feature=share",
]
NOT_SIMPLE = [
    "https://a.com/%41",  # yarl decodes it to `A`
    "https://a.com/%2f",  # yarl writes `%2F`
    "https://a.com/%zz",
    "https://a.com/%",
    "https://a.com/?q=%20",  # a query's escape is decoded
    "https://a.com/#%20",  # and a fragment's
    "https://a.com/#a#b",
    "https://a.com/ a",
    "https://a.com/a b",
    "https://a.com/[x]",
    "https://a.com/a|b",
    "https://a.com/é",
    "https://a.com/?q=é",
    "https://a.com/./b",
    "https://a.com/.x",
    "https://a.com//b",
    "https://a.com:443/",
    "https://u@a.com/",
    "https://A.com/",
    "HTTPS://a.com/",
    "https://1.2.3.4/",
    "https://xn--bcher-kva.ch/",
    "https://a.com\\b",
]


@pytest.mark.parametrize("url", SIMPLE)
def test_simple_edge_cases(url: str) -> None:
    assert assert_same(url)


@pytest.mark.parametrize("url", NOT_SIMPLE)
def test_edge_cases_left_to_yarl(url: str) -> None:
    assert not assert_same(url)


def test_explain_of_edge_cases_is_yarls() -> None:
    pairs = [(a, b) for a in SIMPLE + NOT_SIMPLE for b in SIMPLE + NOT_SIMPLE]
    fast = _explained(pairs)
    urls.identity.cache_clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(urls, "_simple", lambda text: None)
        assert _explained(pairs) == fast
    urls.identity.cache_clear()


NOTE = """# Activation functions

- [ReLU](https://en.wikipedia.org/wiki/Rectifier_(neural_networks))
- [talk](https://www.youtube.com/watch?v=0tEhw5t6rhc)
- [talk again](https://www.youtube.com/watch?v=0tEhw5t6rhc&t=5s)
- [same talk](https://youtube.com/watch?v=0tEhw5t6rhc)
- [paper](https://arxiv.org/abs/1806.07572#)
- [review](https://openreview.net/pdf?id=rJv6ZgHYg)
- [post](https://medium.com/@olegrybkin_20684/the-reasonable)
- [book](http://faculty.neu.edu.cn/yury/AAI/Textbook/Deep%20Learning%20with%20Python.pdf)
- [guide](https://ruder.io/optimizing-gradient-descent/index.html#otherrecentoptimizers)
"""
CHECK = (
    "import sys\n"
    "from vaultlint.cli.main import main\n"
    "from vaultlint.vault.urls import identity\n"
    "main(['check', '--no-cache', '-q', 'note.md'])\n"
    "print(identity.cache_info().currsize, 'yarl' in sys.modules, file=sys.stderr)\n"
)


def _check_imports(vault: Path, note: str) -> tuple[int, bool, str]:
    (vault / ".obsidian").mkdir(exist_ok=True)
    (vault / "note.md").write_text(note, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", CHECK], cwd=vault, capture_output=True, text=True, check=False)
    asked, imported = done.stderr.split()[-2:]
    return int(asked), imported == "True", done.stdout


def test_checking_a_link_list_imports_no_yarl(tmp_path: Path) -> None:
    """The pre-commit shape's kind of note: its URLs' identities made (a duplicate found), yarl never imported."""
    asked, imported, shown = _check_imports(tmp_path, NOTE)
    assert asked >= 9 and "duplicate" in shown and not imported
    # the same run with one URL yarl must read imports it: the check above can see an import
    asked, imported, _ = _check_imports(tmp_path, NOTE + "- [x](https://a.com:8080/x)\n")
    assert imported
