"""What the online pass found of a web URL, as rules read it: a verdict, its words, where the URL leads now."""

from __future__ import annotations

import enum

from vaultlint.record import Record, frozen


class Verdict(enum.StrEnum):
    """What a finding says of a URL (the online pass reads one check with the URL's history)."""

    OK = "ok"
    MOVED = "moved"  # a permanent redirect to another resource, which answers
    DEAD = "dead"
    FLAKY = "flaky"  # failed, but worked before and has not yet failed on enough separate days
    REDIRECTS = "redirects"  # a redirect loop, or a chain past the limit
    NOT_CHECKED = "not-checked"  # excluded, or the server would not tell a robot (401, 403, 429...)


@frozen(slots=True)
class LinkStatus(Record):
    """One URL's verdict; ``words`` say the status and reason; ``moved_to``: the address a link should say now;
    ``final``: where the request ended; ``status``: the last answer's HTTP status (None: no answer)."""

    verdict: Verdict
    words: str
    status: int | None = None
    final: str | None = None
    moved_to: str | None = None


def request_url(url: str) -> str:
    """The address a request for ``url`` asks: without its fragment (a server never sees it), so links to two
    sections of one page are one request."""
    return url.partition("#")[0]
