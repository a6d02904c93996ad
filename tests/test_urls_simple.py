"""A simple URL's identity, read without yarl (urls._simple): yarl's reading's, normalizations and all."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultlint.vault.urls import SIMPLE_URL_RE, UrlIdentity, _web_identity

# Pieces of URLs: the simple shapes and the ones yarl reads otherwise (case, dots, ports, percent, IP, IDNA...)
_PIECES = [
    *"aZ09-._~/:?#=&%@ é",
    "http://",
    "https://",
    "HTTP://",
    "www.",
    "example.com",
    "xn--bcher-kva.ch",
    "a--b.org",
    "1.2.3.4",
    "1.2.3.04",
    "youtube.com",
    "m.youtube.com",
    "youtu.be/",
    "arxiv.org/pdf/1912.02292v2",
    "github.com/Owner/Repo",
    "/embed/x",
    "/.",
    "/..",
    "//",
    ":443",
    "%41",
    "?utm_source=x",
]


def _outcome(url: str, simple: bool) -> UrlIdentity | None | str:
    try:
        return _web_identity(url, simple)
    except Exception as error:  # yarl's refusal of garbage (identity makes it the URL's own key)
        return type(error).__name__


def assert_same(url: str) -> bool:
    """Whether ``url`` is simple (and then, that its identity is the one yarl's parts make)."""
    assert _outcome(url, True) == _outcome(url, False), url
    return SIMPLE_URL_RE.fullmatch(url.strip()) is not None


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10).map("".join))
def test_generated_urls(tail: str) -> None:
    for url in (tail, "https://" + tail, "http://www." + tail):
        assert_same(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com",
        "https://example.com/",
        "http://www.example.com/a/b/",
        "https://www.com/x",
        "https://youtu.be/abc_DEF-1",
        "https://m.youtube.com/embed/x",
        "https://www.youtube.com/shorts/x/",
        "http://arxiv.org/pdf/1912.02292v2",
        "https://arxiv.org/abs/hep-th/9901001v1",
        "https://github.com/owner/repo/tree/main",
        "https://example.org/papers/12",
        " https://a.b-c.io/~me/x.y ",
        "https://a.com/?",  # an empty query (test_urls_fast_path: queries, fragments)
    ],
)
def test_simple_shapes(url: str) -> None:
    assert assert_same(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://Example.com/",
        "HTTPS://example.com",
        "https://1.2.3.4/x",
        "https://xn--bcher-kva.ch/",
        "https://a.com/./b",
        "https://a.com//b",
        "https://a.com/%41",
        "https://a.com:443/",
        "https://a.com/?q=%20",
        "https://u@a.com/",
    ],
)
def test_other_shapes_take_yarl(url: str) -> None:
    assert not assert_same(url)
