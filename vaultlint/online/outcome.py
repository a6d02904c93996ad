"""What asking for one URL found: the answer's status, the redirects on the way, or why there was no answer."""

from __future__ import annotations

import enum
import errno
import ssl
from dataclasses import dataclass

PERMANENT = frozenset({301, 308})  # the resource moved: the link should say the new address
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class Failure(enum.StrEnum):
    """Why a URL gave no final answer."""

    DNS = "dns"  # the host name does not resolve
    REFUSED = "refused"  # nothing listens on the port
    TLS = "tls"  # the secure connection could not be made (certificate, protocol)
    TIMEOUT = "timeout"
    NETWORK = "network"  # the connection dropped or the server spoke nonsense
    LOOP = "loop"  # a redirect led back to an address already visited
    TOO_MANY_REDIRECTS = "too-many-redirects"
    RATE_LIMITED = "rate-limited"  # 429/503 asked for a longer wait than allowed, or kept asking
    INVALID = "invalid"  # not a URL a request can be made for
    OFFLINE = "offline"  # not asked: no server answered any request of the run (no network?)


# Failures that say nothing of the server, only that it could not be reached: when every request of a run ends
# so, across several hosts, the machine is offline, not the vault's links dead.
UNREACHED = frozenset({Failure.DNS, Failure.REFUSED, Failure.TIMEOUT, Failure.NETWORK, Failure.TLS})


@dataclass(frozen=True, slots=True)
class Hop:
    """One redirect: its status and the address it sent to (made absolute)."""

    status: int
    to: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """The check of ``url``: the last answer's ``status`` after ``hops``, or a ``failure`` with its words."""

    url: str
    status: int | None = None
    hops: tuple[Hop, ...] = ()
    failure: Failure | None = None
    detail: str = ""  # the failure's words, or the last answer's reason phrase

    @property
    def final(self) -> str:
        """The address the last request went to."""
        return self.hops[-1].to if self.hops else self.url

    @property
    def moved_to(self) -> str | None:
        """Where the leading permanent redirects lead (a temporary one after them is followed, not taken):
        the address a link should say now, or None."""
        moved = None
        for hop in self.hops:
            if hop.status not in PERMANENT:
                break
            moved = hop.to
        return moved


def failure_of(error: BaseException) -> tuple[Failure, str]:
    """The kind of a request's error, from the errors it was raised from (httpx wraps the socket's)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLError | ssl.CertificateError):
            return Failure.TLS, _words(seen)
        if isinstance(seen, ConnectionRefusedError) or getattr(seen, "errno", None) == errno.ECONNREFUSED:
            return Failure.REFUSED, "connection refused"
        if _is_dns(seen):
            return Failure.DNS, "the host name does not resolve"
        seen = seen.__cause__ or seen.__context__
    return _by_name(error)


def _is_dns(error: BaseException) -> bool:
    import socket

    return isinstance(error, socket.gaierror) or "Name or service not known" in str(error)


def _by_name(error: BaseException) -> tuple[Failure, str]:
    """httpx's own error classes, without importing httpx here (only the fetch needs it)."""
    names = {klass.__name__ for klass in type(error).__mro__}
    if names & {"TimeoutException"}:
        return Failure.TIMEOUT, "no answer in time"
    if names & {"UnsupportedProtocol", "InvalidURL", "LocalProtocolError"} and "Remote" not in type(error).__name__:
        return Failure.INVALID, _words(error)
    if "certificate" in str(error).lower() or "SSL" in str(error):
        return Failure.TLS, _words(error)
    return Failure.NETWORK, _words(error)


def _words(error: BaseException) -> str:
    said = str(error).strip() or type(error).__name__
    return said.splitlines()[0][:200]
