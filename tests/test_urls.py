"""URL identity: each normalization, every false positive awesome-lint's users reported, garbage input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultlint.vault.urls import explain, fragment_routes, identity, is_tracking, is_web, same_resource


def same(a: str, b: str) -> bool:
    return same_resource(identity(a), identity(b))


# -- false positives awesome-lint's users reported (remark-lint-double-link) ---------------------


# sindresorhus/awesome-lint#114 (AppImage list) and zerotier/awesome-zerotier#9,
# jthegedus/awesome-firebase#54: every youtube.com/watch?v=... was one "double link".
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://www.youtube.com/watch?v=XTGn_JqmDu0", "https://www.youtube.com/watch?v=nzZ6Ikc7juw"),
        ("https://www.youtube.com/watch?v=oC7y_qYKUTU", "https://www.youtube.com/watch?v=7C2AGnr9Q-w"),
        ("https://youtu.be/XTGn_JqmDu0", "https://www.youtube.com/watch?v=nzZ6Ikc7juw"),
        ("https://www.youtube.com/playlist?list=PLa", "https://www.youtube.com/playlist?list=PLb"),
    ],
)
def test_different_youtube_videos_differ(a: str, b: str) -> None:
    assert not same(a, b)


# sindresorhus/awesome-lint#122: Play Store links differ only by `?id=`.
def test_different_play_store_apps_differ() -> None:
    assert not same(
        "https://play.google.com/store/apps/details?id=com.joaomgcd.autoweb",
        "https://play.google.com/store/apps/details?id=com.joaomgcd.autoinput",
    )


# sindresorhus/awesome-lint#194: section links into one README; #192: the same with `?tab=readme-ov-file`.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "https://github.com/ByteSnipers/awesome-pentest-cheat-sheets/#-mobile-pentesting",
            "https://github.com/ByteSnipers/awesome-pentest-cheat-sheets/#active-directory",
        ),
        (
            "https://github.com/Polycarbohydrate/awesome-tor?tab=readme-ov-file#applications",
            "https://github.com/Polycarbohydrate/awesome-tor?tab=readme-ov-file#tails",
        ),
        ("https://example.com/page", "https://example.com/page#intro"),
    ],
)
def test_section_fragments_differ(a: str, b: str) -> None:
    assert not same(a, b)


# sindresorhus/awesome-lint#158 (Babylon.js playground) and iipc/awesome-web-archiving#97
# (Google Groups `#!forum/...`): the fragment routes a single-page app, it is the resource.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://playground.babylonjs.com/#58I88I#186", "https://playground.babylonjs.com/#947JF6#0"),
        ("https://playground.babylonjs.com/#8T3YBR#2", "https://playground.babylonjs.com/#8T3YBR#3"),
        (
            "https://groups.google.com/forum/#!forum/openwayback-dev",
            "https://groups.google.com/forum/#!forum/wasapi-community",
        ),
        ("https://app.example.com/#/users", "https://app.example.com/#/settings"),
    ],
)
def test_routing_fragments_differ(a: str, b: str) -> None:
    assert not same(a, b)


def test_fragment_routes() -> None:
    assert fragment_routes("/users") and fragment_routes("!forum/x")
    assert not fragment_routes("installation") and not fragment_routes("")


def test_same_fragment_is_same() -> None:
    assert same("https://example.com/page#intro", "http://www.example.com/page/#intro")


def test_percent_encoded_fragment_is_same_as_decoded() -> None:
    assert same("https://github.com/a/b#%EF%B8%8F-cloud-pentesting", "https://github.com/a/b#\ufe0f-cloud-pentesting")


# -- each normalization -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        ("HTTPS://example.com/a", "https://example.com/a", "lower-cased scheme"),
        ("https://Example.COM/a", "https://example.com/a", "lower-cased host"),
        ("http://example.com/a", "https://example.com/a", "scheme http->https"),
        ("https://www.example.com/a", "https://example.com/a", "dropped www."),
        ("https://example.com:443/a", "https://example.com/a", "dropped default port"),
        ("http://example.com:80/a", "https://example.com/a", "dropped default port"),
        ("https://web.stanford.edu/class/cs25/", "https://web.stanford.edu/class/cs25", "dropped trailing /"),
        ("https://example.com/", "https://example.com", "dropped trailing /"),
        ("https://example.com/a?", "https://example.com/a", "dropped empty query/fragment"),
        ("https://example.com/a#", "https://example.com/a", "dropped empty query/fragment"),
        (
            "https://example.com/a?utm_source=news&utm_medium=mail",
            "https://example.com/a",
            "dropped tracking parameter utm_source",
        ),
        ("https://example.com/a?fbclid=IwAR0", "https://example.com/a", "dropped tracking parameter fbclid"),
        ("https://example.com/a?gclid=x1", "https://example.com/a", "dropped tracking parameter gclid"),
        (
            "https://twitter.com/a/status/1?ref_src=twsrc%5Etfw",
            "https://twitter.com/a/status/1",
            "dropped tracking parameter ref_src",
        ),
        (
            "https://www.youtube.com/watch?v=abc&ab_channel=Chan",
            "https://www.youtube.com/watch?v=abc",
            "dropped tracking parameter ab_channel",
        ),
        (
            "https://www.youtube.com/watch?v=abc&feature=youtu.be",
            "https://www.youtube.com/watch?v=abc",
            "dropped tracking parameter feature",
        ),
        ("https://youtu.be/abc?si=Xy12", "https://www.youtube.com/watch?v=abc", "dropped tracking parameter si"),
        ("https://example.com/s?b=2&a=1", "https://example.com/s?a=1&b=2", "sorted query parameters"),
        ("https://youtu.be/8rrHTtUzyZA", "https://www.youtube.com/watch?v=8rrHTtUzyZA", "youtu.be short link"),
        ("https://m.youtube.com/watch?v=abc", "https://www.youtube.com/watch?v=abc", "m.youtube.com->youtube.com"),
        ("https://www.youtube.com/embed/abc", "https://youtu.be/abc", "youtube embed link"),
        ("https://www.youtube-nocookie.com/embed/abc", "https://youtu.be/abc", "youtube embed link"),
        ("https://youtube.com/shorts/abc", "https://youtu.be/abc", "youtube shorts link"),
        ("https://arxiv.org/pdf/1912.02292", "https://arxiv.org/abs/1912.02292", "arxiv pdf->abs"),
        ("https://arxiv.org/pdf/1912.02292.pdf", "https://arxiv.org/abs/1912.02292", "arxiv pdf->abs"),
        (
            "https://github.com/VLGIITR/dl_topics",
            "https://github.com/vlgiitr/DL_Topics",
            "lower-cased GitHub owner/repo",
        ),
        ("https://example.com/p#top:~:text=deep%20learning", "https://example.com/p#top", "dropped text fragment"),
    ],
)
def test_normalization(a: str, b: str, why: str) -> None:
    assert same(a, b)
    assert why in explain(a, b)
    assert why in identity(a).normalizations or why in identity(b).normalizations


def test_normalizations_only_name_what_changed() -> None:
    assert identity("https://example.com/a").normalizations == ()
    assert identity("https://example.com").normalizations == ()  # yarl's implied "/" is not a trailing slash


def test_explain_leaves_out_what_both_urls_shared() -> None:
    assert explain("http://www.example.com/a", "https://www.example.com/a/") == (
        "scheme http->https",
        "dropped trailing /",
    )


def test_explain_names_a_tracking_value_that_differed() -> None:
    a, b = "https://example.com/a?utm_source=x", "https://example.com/a?utm_source=y"
    assert explain(a, b) == ("dropped tracking parameter utm_source",)


def test_explain_is_empty_for_different_or_verbatim_urls() -> None:
    assert explain("https://a.com/x", "https://a.com/y") == ()
    assert explain("https://a.com/x", "https://a.com/x") == ()


def test_identifying_query_keys_are_kept() -> None:
    assert not same("https://example.com/item?id=1", "https://example.com/item?id=2")
    assert not same("https://example.com/item?id=1", "https://example.com/item")
    assert not same("https://www.youtube.com/watch?v=abc&t=60", "https://www.youtube.com/watch?v=abc")
    assert not same("https://www.youtube.com/watch?v=abc&list=PL1", "https://www.youtube.com/watch?v=abc&list=PL2")


def test_feature_is_tracking_only_on_youtube() -> None:
    assert is_tracking("feature", "www.youtube.com") and is_tracking("utm_campaign")
    assert not is_tracking("feature", "example.com")
    assert not same("https://example.com/docs?feature=search", "https://example.com/docs")


def test_path_case_is_kept() -> None:
    assert not same("https://example.com/Page", "https://example.com/page")
    assert not same("https://github.com/o/r/blob/master/README.md", "https://github.com/o/r/blob/master/readme.md")


def test_youtube_short_link_keeps_start_time() -> None:
    assert same("https://youtu.be/abc?t=42", "https://www.youtube.com/watch?t=42&v=abc")


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        ("https://arxiv.org/abs/1234.5678", "https://arxiv.org/abs/1234.5678v2", True),
        ("https://arxiv.org/pdf/1234.5678v2.pdf", "https://arxiv.org/abs/1234.5678", True),
        ("https://arxiv.org/pdf/1234.5678v2", "https://arxiv.org/abs/1234.5678v2", True),
        ("https://arxiv.org/abs/1234.5678v1", "https://arxiv.org/abs/1234.5678v2", False),
        ("https://arxiv.org/abs/hep-th/9901001", "https://arxiv.org/pdf/hep-th/9901001v1", True),
        ("https://arxiv.org/abs/1234.5678", "https://arxiv.org/abs/1234.5679", False),
    ],
)
def test_arxiv_versions(a: str, b: str, equal: bool) -> None:
    assert same(a, b) is equal


def test_arxiv_version_is_explained() -> None:
    assert explain("https://arxiv.org/abs/1234.5678", "https://arxiv.org/abs/1234.5678v2") == (
        "ignored arxiv version v2",
    )


def test_idn_host_matches_its_punycode() -> None:
    assert same("https://münchen.de/", "https://xn--mnchen-3ya.de")


def test_non_default_port_and_userinfo_are_kept() -> None:
    assert not same("https://example.com:8443/a", "https://example.com/a")
    assert not same("https://alice@example.com/a", "https://example.com/a")


# -- not web URLs, garbage ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "",
        " ",
        "mailto:a@b.org",
        "papers.md",
        "#heading",
        "AI/Deep%20learning/MLPs.md",
        "http://",
        "http:///path",
        "http://[::1",
        "http://example.com:99999/",
        "https://exa mple.com/",
        "http://%zz/",
        "javascript:alert(1)",
        "http://a.com/\udcff",
        "ftp://example.com/a/",
    ],
)
def test_garbage_and_non_web_urls_are_their_own_key(url: str) -> None:
    assert identity(url).key == url
    assert identity(url).normalizations == ()


def test_is_web() -> None:
    assert is_web("https://a.com") and is_web("HTTP://a.com")
    assert not is_web("mailto:a@b.org") and not is_web("papers.md") and not is_web("#x") and not is_web("http:x")


@given(st.text())
def test_identity_never_raises(text: str) -> None:
    assert isinstance(identity(text).key, str)
    assert isinstance(explain(text, text + "/"), tuple)


@given(st.text(alphabet="htps:/wWm.exampl:80?#&=%[]@utm_sourcev/youtu.bearxivpdf0123456789", max_size=40))
def test_identity_never_raises_on_url_like_text(text: str) -> None:
    identity(text)
    identity("https://" + text)
