"""Ask servers about URLs: HEAD first, GET when HEAD is refused or fails, redirects followed one by one,
each URL once, a few requests at a time per host, `Retry-After` honoured up to a bound."""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultlint.online.options import OnlineOptions
from vaultlint.online.outcome import REDIRECTS, UNREACHED, Failure, Hop, Outcome, failure_of

if TYPE_CHECKING:
    import httpx

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})  # asked to come back later, or a server's passing trouble
HEAD_REFUSED = 400  # from here on a HEAD answer is asked again with GET: some servers answer HEAD wrongly
OFFLINE_HOSTS = 4  # servers unreached, none answering, before the run stops asking: the machine is offline


@dataclass(frozen=True, slots=True)
class _Answer:
    """What one request's answer said: its status, reason phrase, and the headers the chain reads."""

    status: int
    reason: str
    location: str | None
    retry_after: float | None


def check_urls(
    urls: Iterable[str], options: OnlineOptions, done: Callable[[Outcome], None] | None = None
) -> dict[str, Outcome]:
    """Each distinct URL's outcome; ``done`` is told of each as it comes (a progress bar)."""
    wanted = list(dict.fromkeys(urls))
    return asyncio.run(_check_all(wanted, options, done or _nothing)) if wanted else {}


def _nothing(_outcome: Outcome) -> None:
    return None


async def _check_all(urls: list[str], options: OnlineOptions, done: Callable[[Outcome], None]) -> dict[str, Outcome]:
    import httpx

    limits = httpx.Limits(max_connections=options.concurrency, max_keepalive_connections=options.concurrency)
    async with httpx.AsyncClient(
        timeout=options.timeout,
        follow_redirects=False,  # one hop at a time: each is a finding's evidence
        headers={"User-Agent": options.user_agent, "Accept": "*/*"},
        trust_env=options.trust_env,
        limits=limits,
    ) as client:
        offline = _Offline(options.concurrency)
        asker = _Asker(client, options, offline)

        async def one(url: str) -> Outcome:
            outcome = await asker.check(url)
            offline.heard(outcome)
            done(outcome)
            return outcome

        outcomes = await asyncio.gather(*(one(url) for url in urls))
    return dict(zip(urls, outcomes, strict=True))


class _Offline:
    """Whether the run is offline: many addresses unreached on several servers, and not one answer (a dead
    host among live ones is a dead link; every host dead at once is a machine without a network). Twice as
    many as go at once: a dead host's name fails in milliseconds, before the live ones answer."""

    def __init__(self, concurrency: int) -> None:
        self.enough = max(OFFLINE_HOSTS, 2 * concurrency)
        self.answered = False
        self.failed = 0
        self.unreached: set[str] = set()

    @property
    def said(self) -> bool:
        return not self.answered and self.failed >= self.enough and len(self.unreached) >= OFFLINE_HOSTS

    def heard(self, outcome: Outcome) -> None:
        if outcome.status is not None:
            self.answered = True
        elif outcome.failure in UNREACHED:
            self.failed += 1
            self.unreached.add(_server(outcome.url))


def _server(url: str) -> str:
    """The host and port a URL is asked of."""
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).netloc or url
    except ValueError:
        return url


class _Asker:
    """The requests of one run: a slot among all and among the host's before each request."""

    def __init__(self, client: httpx.AsyncClient, options: OnlineOptions, offline: _Offline | None = None) -> None:
        self._client = client
        self._options = options
        self._offline = offline if offline is not None else _Offline(options.concurrency)
        self._all = asyncio.Semaphore(options.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    async def check(self, url: str) -> Outcome:
        """Follow ``url``'s redirects to its final answer, or to the reason there is none."""
        hops: list[Hop] = []
        current, seen = url, {url}
        while True:
            answer = await self._answer(current)
            if isinstance(answer, Outcome):
                return Outcome(url, None, tuple(hops), answer.failure, answer.detail)
            if answer.status not in REDIRECTS or not answer.location:
                return Outcome(url, answer.status, tuple(hops), None, answer.reason)
            target = _join(current, answer.location)
            hops.append(Hop(answer.status, target))
            if target in seen:
                return Outcome(url, answer.status, tuple(hops), Failure.LOOP, f"redirects back to {target}")
            if len(hops) > self._options.max_redirects:
                return Outcome(url, answer.status, tuple(hops), Failure.TOO_MANY_REDIRECTS, f"over {len(hops) - 1}")
            current = target
            seen.add(target)

    async def _answer(self, url: str) -> _Answer | Outcome:
        """HEAD, then GET if HEAD was refused or failed: many servers answer HEAD with 403, 404 or 405."""
        head = await self._retried("HEAD", url)
        if isinstance(head, _Answer) and head.status >= HEAD_REFUSED:
            return await self._retried("GET", url)
        return head

    async def _retried(self, method: str, url: str) -> _Answer | Outcome:
        """One request, tried again after a timeout, a dropped connection or a status that asks for it."""
        answer = await self._request(method, url)
        for attempt in range(self._options.retries):
            wait = self._wait(answer, attempt)
            if wait is None:
                break
            await asyncio.sleep(wait)
            answer = await self._request(method, url)
        if isinstance(answer, _Answer) and answer.status == 429:
            said = f" (asked to wait {answer.retry_after:.0f} s)" if answer.retry_after is not None else ""
            return Outcome(url, 429, (), Failure.RATE_LIMITED, f"Too Many Requests{said}")
        return answer

    def _wait(self, answer: _Answer | Outcome, attempt: int) -> float | None:
        """Seconds to wait before the next try, or None when another try is not worth it (or not allowed)."""
        backoff = self._options.backoff * 2**attempt
        if isinstance(answer, Outcome):
            return backoff if answer.failure in (Failure.TIMEOUT, Failure.NETWORK) else None
        if answer.status not in RETRY_STATUSES:
            return None
        wait = answer.retry_after if answer.retry_after is not None else backoff
        return wait if wait <= self._options.max_retry_wait else None

    async def _request(self, method: str, url: str) -> _Answer | Outcome:
        """One request; the body of a GET is never read."""
        import httpx

        try:
            host = httpx.URL(url).host
            async with self._slot(host):
                if self._offline.said:  # waited for its turn while the run found it has no network
                    return Outcome(url, None, (), Failure.OFFLINE, "no server answered")
                return await self._ask(method, url)
        except Exception as error:  # every way a request fails is an outcome, never a crash of the run
            failure, words = failure_of(error)
            return Outcome(url, None, (), failure, words)

    async def _ask(self, method: str, url: str) -> _Answer:
        """The request's answer; its body never read."""
        async with self._client.stream(method, url) as response:
            return _Answer(
                response.status_code,
                response.reason_phrase,
                response.headers.get("location"),
                _retry_after(response.headers.get("retry-after")),
            )

    @asynccontextmanager
    async def _slot(self, host: str) -> AsyncIterator[None]:
        per_host = self._hosts.setdefault(host, asyncio.Semaphore(self._options.per_host))
        async with per_host, self._all:
            yield


def _join(base: str, location: str) -> str:
    """A Location header made absolute against the address that sent it."""
    import httpx

    return str(httpx.URL(base).join(location))


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a `Retry-After` header: a number of seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
