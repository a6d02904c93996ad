"""How politely and how long the online pass asks servers: limits, waits, the user agent, what it never asks."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from urllib.parse import urlsplit

from vaultlint.version import __version__

USER_AGENT = f"Mozilla/5.0 (compatible; vaultlint/{__version__}; link check)"


@dataclass(frozen=True)
class OnlineOptions:
    """The online pass's settings (the `[tool.vaultlint.online]` table); times in seconds."""

    timeout: float = 20.0  # per request: connecting, and each wait for the server's next bytes
    concurrency: int = 16  # requests in flight in all
    per_host: int = 2  # requests in flight to one host: a list of 300 GitHub links must not look like an attack
    max_redirects: int = 10  # a longer chain is a finding, as a loop is
    retries: int = 2  # more tries after a timeout, a dropped connection, a 5xx or a 429
    max_retry_wait: float = 60.0  # the longest `Retry-After` honoured; a longer one leaves the URL not checked
    backoff: float = 1.0  # the first wait before a retry without `Retry-After`, doubled at each retry
    user_agent: str = USER_AGENT
    exclude: tuple[str, ...] = ()  # URL prefixes or host globs never asked (sites that block robots)
    trust_env: bool = True  # proxies and certificates from the environment (HTTPS_PROXY, SSL_CERT_FILE)
    cache_max_age: float = 7 * 86400.0  # how long a check answers for its URL before it is asked again
    dead_after_days: int = 2  # a URL that worked before is dead once it failed on this many separate days


def excluded(url: str, patterns: tuple[str, ...]) -> bool:
    """Whether ``url`` is never asked: a pattern with `://` is a URL prefix; any other a host, or a glob of
    hosts (`*.medium.com`), matching the host and its subdomains (`linkedin.com` is `www.linkedin.com` too)."""
    if not patterns:
        return False
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        host = ""
    for pattern in patterns:
        if "://" in pattern:
            if url.startswith(pattern):
                return True
        elif host and any(fnmatch.fnmatchcase(h, pattern.lower()) for h in _hosts_of(host)):
            return True
    return False


def _hosts_of(host: str) -> list[str]:
    """``host`` and each domain above it: `a.b.c` -> `a.b.c`, `b.c`, `c`."""
    parts = host.split(".")
    return [".".join(parts[i:]) for i in range(len(parts))]
