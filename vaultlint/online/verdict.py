"""What a URL's check means for the vault: works, moved, gone, in trouble, not checked; dead or only flaky."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from vaultlint.linkstatus import Verdict
from vaultlint.online.outcome import Failure, Outcome
from vaultlint.vault.urls import identity

GONE_STATUSES = frozenset({404, 410})
GONE_FAILURES = frozenset({Failure.DNS, Failure.REFUSED, Failure.TLS})
TROUBLE_FAILURES = frozenset({Failure.TIMEOUT, Failure.NETWORK})
REDIRECT_FAILURES = frozenset({Failure.LOOP, Failure.TOO_MANY_REDIRECTS})


class Kind(enum.StrEnum):
    """What one check found, before the URL's history is read."""

    WORKS = "works"
    MOVED = "moved"  # a permanent redirect to another resource, which answers
    GONE = "gone"  # 404, 410, no such host, nothing listening, no secure connection
    TROUBLE = "trouble"  # no answer in time, a dropped connection, a server error (5xx)
    REDIRECTS = "redirects"  # a redirect loop or a chain past the limit
    UNCHECKED = "unchecked"  # the server would not tell a robot (401, 403, 429...), or the URL cannot be asked


FAILING = frozenset({Kind.GONE, Kind.TROUBLE})


def kind_of(outcome: Outcome) -> Kind:
    """The kind of one check's outcome."""
    if outcome.failure is not None:
        if outcome.failure in GONE_FAILURES:
            return Kind.GONE
        if outcome.failure in TROUBLE_FAILURES:
            return Kind.TROUBLE
        return Kind.REDIRECTS if outcome.failure in REDIRECT_FAILURES else Kind.UNCHECKED
    status = outcome.status or 0
    if 200 <= status < 300:
        moved = outcome.moved_to
        same = moved is None or identity(moved).key == identity(outcome.url).key
        return Kind.WORKS if same else Kind.MOVED  # http -> https or `www.` is the same resource: not a move
    if status in GONE_STATUSES:
        return Kind.GONE
    return Kind.TROUBLE if status >= 500 else Kind.UNCHECKED


@dataclass(frozen=True, slots=True)
class Judgement:
    """A URL's verdict and the words a finding says of it."""

    verdict: Verdict
    words: str


def judge(outcome: Outcome, worked_before: bool, failed_days: int, dead_after_days: int) -> Judgement:
    """The verdict on ``outcome``: a failure of a URL that worked before is flaky until it has failed on
    ``dead_after_days`` separate days; one never seen working is dead at once."""
    kind = kind_of(outcome)
    said = describe(outcome)
    if kind in FAILING:
        dead = not worked_before or failed_days >= dead_after_days
        return Judgement(Verdict.DEAD if dead else Verdict.FLAKY, said)
    verdicts = {
        Kind.WORKS: Verdict.OK,
        Kind.MOVED: Verdict.MOVED,
        Kind.REDIRECTS: Verdict.REDIRECTS,
        Kind.UNCHECKED: Verdict.NOT_CHECKED,
    }
    return Judgement(verdicts[kind], said)


def describe(outcome: Outcome) -> str:
    """The outcome in plain words: the status and its reason, or the failure's, and where redirects led."""
    if outcome.failure is not None:
        words = _FAILURE_WORDS[outcome.failure]
        detail = f": {outcome.detail}" if outcome.detail and outcome.failure not in _SELF_SAID else ""
        return f"{words}{detail}"
    status = outcome.status or 0
    said = f"{status} {outcome.detail}".strip()
    moved = outcome.moved_to
    kind = kind_of(outcome)
    if moved is not None and kind is Kind.MOVED:
        return f"moved permanently ({outcome.hops[0].status}) to {moved}"
    if outcome.hops and kind in FAILING:  # where the redirects led, which is what answered so
        return f"{said} at {outcome.final}"
    return said


_FAILURE_WORDS = {
    Failure.DNS: "the host name does not resolve",
    Failure.REFUSED: "connection refused",
    Failure.TLS: "no secure connection",
    Failure.TIMEOUT: "no answer in time",
    Failure.NETWORK: "the connection failed",
    Failure.LOOP: "a redirect loop",
    Failure.TOO_MANY_REDIRECTS: "too many redirects",
    Failure.RATE_LIMITED: "rate limited",
    Failure.INVALID: "not an address a request can be made for",
    Failure.OFFLINE: "not asked: no server answered (is this machine offline?)",
}
_SELF_SAID = frozenset(
    {Failure.DNS, Failure.REFUSED, Failure.TIMEOUT, Failure.OFFLINE}
)  # their detail repeats the words
