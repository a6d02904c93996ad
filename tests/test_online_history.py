"""The online pass's verdicts and history: what an outcome means, flaky before dead, what a record answers for."""

from __future__ import annotations

import datetime as dt

import pytest

from vaultlint.linkstatus import Verdict
from vaultlint.online.history import Seen, after, decode, encode
from vaultlint.online.outcome import Failure, Hop, Outcome
from vaultlint.online.verdict import Kind, describe, kind_of

URL = "https://example.org/paper"
WORKS = Outcome(URL, 200, (), None, "OK")
GONE = Outcome(URL, 404, (), None, "Not Found")
DAY = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
WEEK = dt.timedelta(days=7)


@pytest.mark.parametrize(
    ("outcome", "kind"),
    [
        (WORKS, Kind.WORKS),
        (Outcome(URL, 200, (Hop(301, "http://www.example.org/paper/"),)), Kind.WORKS),  # the same resource
        (Outcome(URL, 200, (Hop(308, "https://example.org/papers/1"),)), Kind.MOVED),
        (Outcome(URL, 200, (Hop(302, "https://example.org/login"),)), Kind.WORKS),  # temporary: followed
        (GONE, Kind.GONE),
        (Outcome(URL, 410), Kind.GONE),
        (Outcome(URL, None, (), Failure.DNS), Kind.GONE),
        (Outcome(URL, None, (), Failure.REFUSED), Kind.GONE),
        (Outcome(URL, None, (), Failure.TLS), Kind.GONE),
        (Outcome(URL, None, (), Failure.TIMEOUT), Kind.TROUBLE),
        (Outcome(URL, 503), Kind.TROUBLE),
        (Outcome(URL, 301, (Hop(301, URL),), Failure.LOOP), Kind.REDIRECTS),
        (Outcome(URL, 403), Kind.UNCHECKED),
        (Outcome(URL, 429, (), Failure.RATE_LIMITED), Kind.UNCHECKED),
    ],
)
def test_each_outcome_has_its_kind(outcome: Outcome, kind: Kind) -> None:
    assert kind_of(outcome) is kind


def verdicts(outcomes: list[tuple[int, Outcome]], dead_after_days: int = 2) -> list[Verdict]:
    """The verdict after each (day of December, outcome) in turn."""
    seen: Seen | None = None
    said = []
    for day, outcome in outcomes:
        seen = after(seen, outcome, DAY.replace(day=day))
        said.append(seen.judgement(dead_after_days).verdict)
    return said


def test_a_url_that_worked_is_flaky_until_it_failed_on_enough_separate_days() -> None:
    runs = [(1, WORKS), (2, GONE), (2, GONE), (3, GONE), (4, WORKS), (5, GONE)]
    assert verdicts(runs) == [Verdict.OK, Verdict.FLAKY, Verdict.FLAKY, Verdict.DEAD, Verdict.OK, Verdict.FLAKY]
    assert verdicts(runs[:4], dead_after_days=3)[-1] is Verdict.FLAKY


def test_a_url_never_seen_working_is_dead_at_once() -> None:
    assert verdicts([(1, GONE)]) == [Verdict.DEAD]


def test_a_url_that_cannot_be_asked_keeps_what_was_known_of_it() -> None:
    limited = Outcome(URL, 429, (), Failure.RATE_LIMITED)
    assert verdicts([(1, WORKS), (2, limited), (3, GONE)]) == [Verdict.OK, Verdict.NOT_CHECKED, Verdict.FLAKY]


def test_a_settled_record_answers_until_its_age_and_a_flaky_one_for_its_day() -> None:
    ok = after(None, WORKS, DAY)
    assert ok.fresh(DAY + dt.timedelta(days=6), WEEK, 2) and not ok.fresh(DAY + WEEK, WEEK, 2)
    assert not ok.fresh(DAY - dt.timedelta(hours=1), WEEK, 2)  # checked "in the future": a clock was wrong
    flaky = after(ok, GONE, DAY + dt.timedelta(days=1))
    assert flaky.judgement(2).verdict is Verdict.FLAKY
    assert flaky.fresh(DAY + dt.timedelta(days=1, hours=3), WEEK, 2)
    assert not flaky.fresh(DAY + dt.timedelta(days=2), WEEK, 2)


def test_the_history_survives_its_json_form() -> None:
    hops = (Hop(301, "https://example.org/x"), Hop(302, "https://example.org/y"))
    moved = Outcome("https://example.org/a", 200, hops, None, "OK")
    history = {
        URL: after(after(None, WORKS, DAY), GONE, DAY + dt.timedelta(days=1)),
        "https://example.org/a": after(None, moved, DAY),
        "https://example.org/b": after(None, Outcome("https://example.org/b", None, (), Failure.TLS, "bad cert"), DAY),
    }
    assert decode(encode(history)) == history


@pytest.mark.parametrize(
    "change",
    [
        {"status": "200"},
        {"hops": [[301]]},
        {"failure": "exploded"},
        {"checked": "2026-12-01T09:00:00"},  # no time zone
        {"checked": "yesterday"},
        {"failed_days": ["2026-13-01"]},
        {"worked_before": 1},
        {"detail": None},
    ],
)
def test_a_record_not_as_written_is_forgotten_and_the_rest_kept(change: dict[str, object]) -> None:
    data = encode({URL: after(None, WORKS, DAY), "https://example.org/b": after(None, GONE, DAY)})
    urls = data["urls"]
    assert isinstance(urls, dict)
    urls[URL] = {**urls[URL], **change}
    assert list(decode(data)) == ["https://example.org/b"]


@pytest.mark.parametrize("data", [None, [], {"format": 2, "urls": {}}, {"format": 1, "urls": []}, "x"])
def test_data_of_another_shape_is_no_history(data: object) -> None:
    assert decode(data) == {}


def test_the_words_say_the_status_or_the_failure_and_where_a_move_leads() -> None:
    assert describe(GONE) == "404 Not Found"
    assert describe(Outcome(URL, None, (), Failure.DNS, "[Errno -2] Name or service not known")) == (
        "the host name does not resolve"
    )
    assert describe(Outcome(URL, None, (), Failure.TLS, "certificate has expired")) == (
        "no secure connection: certificate has expired"
    )
    moved = Outcome(URL, 200, (Hop(308, "https://example.org/papers/1"),), None, "OK")
    assert describe(moved) == "moved permanently (308) to https://example.org/papers/1"
    led = Outcome(URL, 404, (Hop(302, "https://example.org/login"),), None, "Not Found")
    assert describe(led) == "404 Not Found at https://example.org/login"
