"""A web server on 127.0.0.1 (never any other address) with one route per way a link can end, counting requests."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLOW_S = 1.0  # how long /slow takes: past the tests' timeout


class Site:
    """The running server: its base address, the requests it answered (method, path) and their count."""

    def __init__(self, server: ThreadingHTTPServer) -> None:
        self.server = server
        self.base = f"http://127.0.0.1:{server.server_address[1]}"
        self.requests: Counter[tuple[str, str]] = Counter()
        self.lock = threading.Lock()
        self.in_flight = 0
        self.set_statuses: dict[str, int] = {}  # a test's own answer for a path, in place of its route's
        self.most_in_flight = 0  # the most requests the server answered at once

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        """Requests for ``path``, any method."""
        with self.lock:
            return sum(n for (_, p), n in self.requests.items() if p == path)


def _handler(site_box: list[Site]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
            return None

        def do_HEAD(self) -> None:  # noqa: N802 (http.server's names)
            self._answer("HEAD")

        def do_GET(self) -> None:  # noqa: N802
            self._answer("GET")

        def _answer(self, method: str) -> None:
            site = site_box[0]
            path = self.path.split("?")[0]
            with site.lock:
                site.requests[(method, path)] += 1
                seen = sum(n for (_, p), n in site.requests.items() if p == path)
                site.in_flight += 1
                site.most_in_flight = max(site.most_in_flight, site.in_flight)
            status, headers = (site.set_statuses[path], {}) if path in site.set_statuses else _route(path, method, seen)
            time.sleep(SLOW_S if path == "/slow" else 0.05 if path.startswith("/busy/") else 0)
            with site.lock:
                site.in_flight -= 1
            body = b"" if method == "HEAD" else f"{status}\n".encode()
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(f"{status}\n")))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def _route(path: str, method: str, seen: int) -> tuple[int, dict[str, str]]:
    """The status and headers of ``path``, its ``seen``-th request (some routes change their answer)."""
    fixed: dict[str, tuple[int, dict[str, str]]] = {
        "/ok": (200, {}),
        "/gone": (404, {}),
        "/gone-for-good": (410, {}),
        "/moved": (301, {"Location": "/ok"}),
        "/moved-308": (308, {"Location": "/ok?x=1"}),
        "/moved-then-temp": (301, {"Location": "/temp-1"}),
        "/temp-1": (302, {"Location": "/temp-2"}),
        "/temp-2": (307, {"Location": "/ok"}),
        "/loop-a": (301, {"Location": "/loop-b"}),
        "/loop-b": (301, {"Location": "/loop-a"}),
        "/forbidden": (403, {}),
        "/always-429": (429, {"Retry-After": "3600"}),
        "/slow": (200, {}),
    }
    if path in fixed:
        return fixed[path]
    if path.startswith("/busy/"):
        return 200, {}
    if path.startswith("/chain/"):
        left = int(path.rsplit("/", 1)[1])
        return (302, {"Location": f"/chain/{left - 1}"}) if left > 0 else (200, {})
    if path == "/no-head":
        return (405, {"Allow": "GET"}) if method == "HEAD" else (200, {})
    if path == "/head-404":  # a server that answers HEAD wrongly
        return (404, {}) if method == "HEAD" else (200, {})
    if path == "/rate-once":
        return (429, {"Retry-After": "1"}) if seen == 1 else (200, {})
    if path == "/503-once":
        return (503, {}) if seen == 1 else (200, {})
    return 404, {}


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        return None  # a client that hangs up early (a timeout, a GET whose body is not read) is expected


@contextmanager
def serve() -> Iterator[Site]:
    """The server, on a free port of 127.0.0.1, for the length of the block."""
    box: list[Site] = []
    server = _Server(("127.0.0.1", 0), _handler(box))
    box.append(Site(server))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield box[0]
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A port of 127.0.0.1 nothing listens on (bound, then let go)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
