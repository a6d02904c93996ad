"""How politely and how long the online pass asks servers: limits, waits, the user agent, what it never asks."""

from __future__ import annotations

from dataclasses import dataclass

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
