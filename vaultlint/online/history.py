"""What earlier runs found of each URL: its last outcome and when, whether it ever worked, the days it failed
since; kept as plain JSON beside the findings cache, read strictly (anything odd is forgotten, never trusted)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from vaultlint.linkstatus import Verdict
from vaultlint.online.outcome import Failure, Hop, Outcome
from vaultlint.online.verdict import FAILING, Judgement, Kind, judge, kind_of

FORMAT = 1


@dataclass(frozen=True, slots=True)
class Seen:
    """One URL's record: its last ``outcome``, checked at ``checked`` (UTC), whether it ``worked_before`` its
    current failures, and the separate days (ISO dates, oldest first) it has failed on since."""

    outcome: Outcome
    checked: dt.datetime
    worked_before: bool = False
    failed_days: tuple[str, ...] = ()

    def judgement(self, dead_after_days: int) -> Judgement:
        return judge(self.outcome, self.worked_before, len(self.failed_days), dead_after_days)

    def fresh(self, now: dt.datetime, max_age: dt.timedelta, dead_after_days: int) -> bool:
        """Whether this record answers for the URL now, without a request: younger than ``max_age``; a flaky or
        rate-limited URL only on the day it was checked (the next day's check is what settles it)."""
        if now - self.checked >= max_age or now < self.checked:
            return False
        settled = self.judgement(dead_after_days).verdict not in (Verdict.FLAKY, Verdict.NOT_CHECKED)
        return settled or self.checked.date() == now.date()


def after(before: Seen | None, outcome: Outcome, now: dt.datetime) -> Seen:
    """The record once ``outcome`` is known: a URL that works starts over; a failure adds its day; a URL that
    could not be asked keeps what was known of it."""
    kind = kind_of(outcome)
    if kind in FAILING:
        days = before.failed_days if before is not None else ()
        today = now.date().isoformat()
        worked = before is not None and (before.worked_before or kind_of(before.outcome) not in _NOT_WORKING)
        return Seen(outcome, now, worked, days if today in days else (*days, today))
    if kind is Kind.UNCHECKED and before is not None:
        return replace(before, outcome=outcome, checked=now)
    return Seen(outcome, now, kind is not Kind.UNCHECKED)


_NOT_WORKING = FAILING | {Kind.UNCHECKED, Kind.REDIRECTS}


def encode(history: dict[str, Seen]) -> dict[str, object]:
    """The history as JSON data, by resource (the key the online pass files it under: a URL identity)."""
    return {"format": FORMAT, "urls": {key: _encode_seen(seen) for key, seen in sorted(history.items())}}


def decode(data: object) -> dict[str, Seen]:
    """The history from JSON data; a record that is not exactly what `encode` writes is dropped (the URL is
    asked again), and data of another format is no history at all."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("urls"), dict):
        return {}
    history: dict[str, Seen] = {}
    for url, record in data["urls"].items():
        seen = _decode_seen(url, record)
        if seen is not None:
            history[url] = seen
    return history


def _encode_seen(seen: Seen) -> dict[str, object]:
    outcome = seen.outcome
    return {
        "url": outcome.url,
        "status": outcome.status,
        "hops": [[hop.status, hop.to] for hop in outcome.hops],
        "failure": outcome.failure.value if outcome.failure is not None else None,
        "detail": outcome.detail,
        "checked": seen.checked.isoformat(),
        "worked_before": seen.worked_before,
        "failed_days": list(seen.failed_days),
    }


def _decode_seen(key: object, record: object) -> Seen | None:
    try:
        _require(isinstance(key, str) and isinstance(record, dict))
        assert isinstance(record, dict)  # for mypy: _require said so
        url, status, hops, failure = record["url"], record["status"], record["hops"], record["failure"]
        detail = record["detail"]
        _require(isinstance(url, str))
        _require(status is None or (type(status) is int and 100 <= status <= 999))
        _require(isinstance(hops, list) and all(_is_hop(h) for h in hops) and isinstance(detail, str))
        days, worked = record["failed_days"], record["worked_before"]
        _require(type(worked) is bool and isinstance(days, list) and all(isinstance(d, str) for d in days))
        for day in days:
            dt.date.fromisoformat(day)
        checked = dt.datetime.fromisoformat(record["checked"])
        _require(checked.tzinfo is not None)
        outcome = Outcome(url, status, tuple(Hop(s, t) for s, t in hops), _failure(failure), detail)
        return Seen(outcome, checked, worked, tuple(days))
    except (KeyError, TypeError, ValueError):
        return None


def _require(condition: bool) -> None:
    if not condition:
        raise ValueError("not a record this version writes")


def _is_hop(hop: object) -> bool:
    return isinstance(hop, list) and len(hop) == 2 and type(hop[0]) is int and isinstance(hop[1], str)


def _failure(value: object) -> Failure | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("a failure is named by a string")
    return Failure(value)
