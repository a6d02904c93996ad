"""The online pass of a run against a server on 127.0.0.1: one request per address, the link history
answering for its age, flaky before dead across days, exclusions, a cache that cannot be written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.online_server import Site, closed_port, serve
from vaultlint.engine.online import HISTORY, link_statuses
from vaultlint.linkstatus import LinkStatus, Verdict
from vaultlint.online.options import OnlineOptions, excluded

QUICK = OnlineOptions(timeout=0.5, retries=0, backoff=0.01, trust_env=False)
DAY = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


def run(
    urls: list[str], cache: Path | None, when: dt.datetime = DAY, options: OnlineOptions = QUICK, refresh: bool = False
) -> dict[str, LinkStatus]:
    statuses, warnings = link_statuses(urls, options, cache, refresh=refresh, now=when)
    assert warnings == []
    return statuses


def test_each_address_is_asked_once_whatever_its_forms(site: Site, tmp_path: Path) -> None:
    urls = [site.url("/gone"), site.url("/gone#intro"), site.url("/gone#usage"), site.url("/gone"), "mailto:a@b.c"]
    statuses = run(urls, tmp_path / "cache")
    assert list(statuses) == [site.url("/gone")]  # the request address; mailto: is not asked
    assert statuses[site.url("/gone")].verdict is Verdict.DEAD
    assert site.count("/gone") == 2  # HEAD, then GET to be sure: one request chain


def test_a_second_run_within_the_age_asks_nothing(site: Site, tmp_path: Path) -> None:
    urls = [site.url("/ok"), site.url("/moved"), site.url("/gone")]
    first = run(urls, tmp_path / "cache")
    asked = sum(site.requests.values())
    assert run(urls, tmp_path / "cache", DAY + dt.timedelta(days=6)) == first
    assert sum(site.requests.values()) == asked
    assert (tmp_path / "cache" / HISTORY).is_file() and (tmp_path / "cache" / ".gitignore").is_file()


def test_refresh_and_age_ask_again(site: Site, tmp_path: Path) -> None:
    run([site.url("/ok")], tmp_path / "cache")
    run([site.url("/ok")], tmp_path / "cache", refresh=True)
    assert site.count("/ok") == 2
    run([site.url("/ok")], tmp_path / "cache", DAY + dt.timedelta(days=7))
    assert site.count("/ok") == 3


def test_without_a_cache_every_run_asks(site: Site) -> None:
    run([site.url("/ok")], None)
    run([site.url("/ok")], None)
    assert site.count("/ok") == 2


def test_a_url_that_worked_is_flaky_then_dead_on_the_next_day(site: Site, tmp_path: Path) -> None:
    url, cache = site.url("/wobbly"), tmp_path / "cache"
    site.set_statuses["/wobbly"] = 200
    assert run([url], cache)[url].verdict is Verdict.OK
    site.set_statuses["/wobbly"] = 503
    day2 = DAY + dt.timedelta(days=8)
    assert run([url], cache, day2)[url].verdict is Verdict.FLAKY
    asked = site.count("/wobbly")
    assert run([url], cache, day2 + dt.timedelta(hours=2))[url].verdict is Verdict.FLAKY
    assert site.count("/wobbly") == asked  # the same day: the record answers
    dead = run([url], cache, day2 + dt.timedelta(days=1))[url]
    assert dead.verdict is Verdict.DEAD and dead.words == "503 Service Unavailable"


def test_a_move_says_where_to(site: Site, tmp_path: Path) -> None:
    status = run([site.url("/moved-308")], tmp_path / "cache")[site.url("/moved-308")]
    assert status.verdict is Verdict.MOVED and status.moved_to == site.url("/ok?x=1") == status.final


def test_excluded_addresses_are_never_asked(site: Site, tmp_path: Path) -> None:
    options = OnlineOptions(timeout=0.5, retries=0, trust_env=False, exclude=(site.url("/go"),))
    statuses = run([site.url("/gone"), site.url("/ok")], tmp_path / "cache", options=options)
    assert statuses[site.url("/gone")].verdict is Verdict.NOT_CHECKED
    assert site.count("/gone") == 0 and site.count("/ok") == 1


@pytest.mark.parametrize(
    ("url", "pattern", "out"),
    [
        ("https://www.linkedin.com/in/x", "linkedin.com", True),
        ("https://linkedin.com.evil.org/x", "linkedin.com", False),
        ("https://a.medium.com/p", "*.medium.com", True),
        ("https://twitter.com/me/status/1", "https://twitter.com/me/", True),
        ("https://twitter.com/you", "https://twitter.com/me/", False),
    ],
)
def test_exclude_patterns_are_hosts_with_their_subdomains_or_url_prefixes(url: str, pattern: str, out: bool) -> None:
    assert excluded(url, (pattern,)) is out


def test_a_corrupt_history_is_forgotten_and_rebuilt(site: Site, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    run([site.url("/ok")], cache)
    (cache / HISTORY).write_text('{"format": 1, "urls": {"' + site.url("/ok") + '": {"status": "x"}}')
    assert run([site.url("/ok")], cache)[site.url("/ok")].verdict is Verdict.OK
    assert site.count("/ok") == 2
    (cache / HISTORY).write_bytes(b"\x00garbage")
    assert run([site.url("/ok")], cache)[site.url("/ok")].verdict is Verdict.OK


def test_a_cache_that_cannot_be_written_is_said_and_the_statuses_stand(site: Site, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.write_text("a file where the cache folder should be\n")  # unwritable for root too, unlike a chmod
    statuses, warnings = link_statuses([site.url("/gone")], QUICK, cache, now=DAY)
    assert statuses[site.url("/gone")].verdict is Verdict.DEAD
    assert len(warnings) == 1 and "could not be kept" in warnings[0]


def test_offline_nothing_is_dead_nor_kept(tmp_path: Path) -> None:
    urls = [f"http://127.0.0.1:{closed_port()}/{n}" for n in range(8)]
    options = OnlineOptions(concurrency=1, retries=0, trust_env=False)
    statuses, warnings = link_statuses(urls, options, tmp_path / "cache", now=DAY)
    assert {s.verdict for s in statuses.values()} == {Verdict.NOT_CHECKED}
    assert warnings == [
        "the network seems unreachable: no web address answered (8 to ask); LNK005 reports none of them"
    ]
    assert not (tmp_path / "cache" / HISTORY).exists()


def test_one_request_per_resource_whatever_its_written_forms(site: Site, tmp_path: Path) -> None:
    ok = site.url("/ok")
    forms = [ok, ok + "?utm_source=newsletter", ok + "/", ok + "#top", ok.replace("http://", "https://")]
    statuses = run(forms, tmp_path / "cache")
    assert site.count("/ok") == 1  # http and https, a tracking parameter, a trailing /: one resource
    assert {s.verdict for s in statuses.values()} == {Verdict.OK} and len(statuses) == 4  # by request address
