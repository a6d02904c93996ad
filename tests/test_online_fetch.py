"""The online pass's requests, against a server on 127.0.0.1: each way a link can end gives its outcome."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from tests.online_server import Site, closed_port, serve
from vaultlint.online.fetch import _retry_after, check_urls
from vaultlint.online.options import OnlineOptions
from vaultlint.online.outcome import Failure, Hop, Outcome, failure_of

QUICK = OnlineOptions(timeout=0.5, retries=1, backoff=0.01, max_retry_wait=2.0, trust_env=False, max_redirects=5)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


def one(site: Site, path: str, options: OnlineOptions = QUICK) -> Outcome:
    return check_urls([site.url(path)], options)[site.url(path)]


@pytest.mark.parametrize(
    ("path", "status"), [("/ok", 200), ("/gone", 404), ("/gone-for-good", 410), ("/forbidden", 403)]
)
def test_a_plain_answer_is_its_status(site: Site, path: str, status: int) -> None:
    outcome = one(site, path)
    assert (outcome.status, outcome.failure, outcome.hops) == (status, None, ())


def test_a_permanent_redirect_says_where_the_resource_went(site: Site) -> None:
    outcome = one(site, "/moved")
    assert outcome.status == 200 and outcome.hops == (Hop(301, site.url("/ok")),)
    assert outcome.moved_to == site.url("/ok") == outcome.final


def test_temporary_redirects_are_followed_and_not_taken_for_a_move(site: Site) -> None:
    outcome = one(site, "/temp-1")
    assert outcome.status == 200 and [h.status for h in outcome.hops] == [302, 307]
    assert outcome.moved_to is None and outcome.final == site.url("/ok")


def test_a_move_then_a_temporary_redirect_moves_to_the_first_address(site: Site) -> None:
    outcome = one(site, "/moved-then-temp")
    assert outcome.moved_to == site.url("/temp-1") and outcome.final == site.url("/ok")


def test_a_redirect_loop_is_a_failure(site: Site) -> None:
    outcome = one(site, "/loop-a")
    assert outcome.failure is Failure.LOOP and site.url("/loop-a") in outcome.detail


def test_a_chain_longer_than_the_limit_is_a_failure_and_one_within_it_is_not(site: Site) -> None:
    assert one(site, "/chain/5").status == 200
    assert one(site, "/chain/6").failure is Failure.TOO_MANY_REDIRECTS


def test_head_refused_is_asked_again_with_get(site: Site) -> None:
    assert one(site, "/no-head").status == 200
    assert site.requests[("HEAD", "/no-head")] == 1 and site.requests[("GET", "/no-head")] == 1
    assert one(site, "/head-404").status == 200  # a HEAD that says 404 is not believed


def test_429_is_retried_after_the_wait_it_asks_for(site: Site) -> None:
    assert one(site, "/rate-once").status == 200
    assert site.count("/rate-once") == 2


def test_a_wait_past_the_bound_leaves_the_url_rate_limited(site: Site) -> None:
    outcome = one(site, "/always-429")
    assert outcome.failure is Failure.RATE_LIMITED and "3600" in outcome.detail
    assert site.count("/always-429") == 1  # not asked again, not asked with GET


def test_503_then_200_is_an_answer(site: Site) -> None:
    assert one(site, "/503-once").status == 200


def test_a_slow_answer_times_out_after_its_retries(site: Site) -> None:
    before = site.count("/slow")
    outcome = one(site, "/slow", OnlineOptions(timeout=0.2, retries=1, backoff=0.01, trust_env=False))
    assert outcome.failure is Failure.TIMEOUT
    # The retry was sent; a loaded machine's server may take a moment to read it once the client gave up on it
    deadline = time.monotonic() + 5
    while site.count("/slow") - before < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)  # nor any third
    assert site.count("/slow") - before == 2


def test_a_closed_port_is_refused() -> None:
    url = f"http://127.0.0.1:{closed_port()}/x"
    assert check_urls([url], QUICK)[url].failure is Failure.REFUSED


def test_tls_to_a_plain_server_is_a_tls_failure(site: Site) -> None:
    url = site.url("/ok").replace("http://", "https://")
    assert check_urls([url], QUICK)[url].failure is Failure.TLS


def test_each_url_is_asked_once_however_often_given(site: Site) -> None:
    before = site.count("/moved-308")
    outcomes = check_urls([site.url("/moved-308")] * 5, QUICK)
    assert list(outcomes) == [site.url("/moved-308")]
    assert site.count("/moved-308") - before == 1


def test_progress_hears_of_every_url(site: Site) -> None:
    heard: list[str] = []
    urls = [site.url("/ok"), site.url("/gone"), site.url("/moved")]
    check_urls(urls, QUICK, lambda outcome: heard.append(outcome.url))
    assert sorted(heard) == sorted(urls)


def test_a_name_that_does_not_resolve_is_a_dns_failure() -> None:
    # no lookup is made: the test stays on this machine; the error is the one the resolver raises
    error = ConnectionError("[Errno -2] Name or service not known")
    error.__cause__ = socket.gaierror(-2, "Name or service not known")
    assert failure_of(error)[0] is Failure.DNS


def test_an_address_no_request_can_be_made_for_is_invalid() -> None:
    assert check_urls(["http://"], QUICK)["http://"].failure is Failure.INVALID


def test_retry_after_reads_seconds_and_dates() -> None:
    assert _retry_after("120") == 120.0
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: no wait
    assert _retry_after("soon") is None and _retry_after(None) is None


def test_one_host_gets_at_most_its_share_of_requests_at_once() -> None:
    with serve() as fresh:
        urls = [fresh.url(f"/busy/{n}") for n in range(12)]
        outcomes = check_urls(urls, OnlineOptions(per_host=2, concurrency=8, trust_env=False))
        assert {o.status for o in outcomes.values()} == {200}
        assert fresh.most_in_flight == 2


def test_a_run_where_no_server_answers_stops_asking() -> None:
    urls = [f"http://127.0.0.1:{closed_port()}/{n}" for n in range(8)]
    outcomes = check_urls(urls, OnlineOptions(concurrency=1, retries=0, trust_env=False))
    failures = [outcomes[url].failure for url in urls]
    assert failures[:4] == [Failure.REFUSED] * 4 and set(failures[4:]) == {Failure.OFFLINE}


def test_one_answer_is_enough_to_be_online(site: Site) -> None:
    urls = [f"http://127.0.0.1:{closed_port()}/{n}" for n in range(6)]
    urls.insert(1, site.url("/ok"))
    outcomes = check_urls(urls, OnlineOptions(concurrency=1, retries=0, trust_env=False))
    assert Failure.OFFLINE not in {o.failure for o in outcomes.values()}


def test_dead_hosts_answering_first_do_not_make_a_run_offline(site: Site) -> None:
    # a dead host's name fails at once, a live server takes its time: six quick failures, then answers
    urls = [f"http://127.0.0.1:{closed_port()}/{n}" for n in range(6)] + [site.url(f"/busy/{n}") for n in range(4)]
    outcomes = check_urls(urls, OnlineOptions(concurrency=4, retries=0, trust_env=False))
    assert Failure.OFFLINE not in {o.failure for o in outcomes.values()}
    assert [outcomes[u].status for u in urls[6:]] == [200] * 4
