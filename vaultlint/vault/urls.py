"""URL identity: when two links point at the same web resource, and which normalizations say so.

Two http(s) URLs are the same resource when their ``identity(...).key`` are equal
and their arXiv versions do not conflict (``same_resource``). The key is built
with yarl from the URL after these normalizations, each recorded by name in
``UrlIdentity.normalizations`` only when it changed something:

- ``lower-cased scheme``, ``lower-cased host``; ``scheme http->https`` (http and
  https serve the same resource on every site a note links to);
- ``dropped www.``, ``dropped default port`` (80 for http, 443 for https),
  ``dropped trailing /`` of the path, ``dropped empty query/fragment`` (``x?``, ``x#``);
- ``dropped tracking parameter K`` for ``utm_*``, ``ab_channel``, ``fbclid``,
  ``gclid``, ``dclid``, ``msclkid``, ``yclid``, ``igshid``, ``mc_cid``, ``mc_eid``,
  ``ref_src`` anywhere, and on YouTube also ``feature`` (``feature=youtu.be``,
  ``feature=share``: where the click came from), ``si`` (share id) and ``pp``
  (search ranking): none of them changes which video plays;
- ``sorted query parameters``: every other parameter is identifying (YouTube
  ``v=`` and ``list=``, Google Play ``id=``, ``t=`` start times, anything
  unknown) and kept; only their order is normalized (stable for repeated keys);
- ``m.youtube.com->youtube.com``, ``youtu.be short link``, ``youtube embed link``,
  ``youtube shorts link``: all become ``youtube.com/watch?v=ID``;
- ``arxiv pdf->abs``: ``arxiv.org/pdf/X`` and ``/pdf/X.pdf`` become ``/abs/X``. A
  version suffix (``v2``) goes to ``UrlIdentity.version``, not the key: ``abs/X``
  is the same paper as ``abs/Xv2``, but ``abs/Xv1`` and ``abs/Xv2`` are not;
- ``lower-cased GitHub owner/repo``: GitHub treats those two path segments
  case-insensitively (the rest of the path is case-sensitive and kept).

Fragments are kept. awesome-lint's users reported every "same page, different
fragment" merge as a false positive: section links into one README
(sindresorhus/awesome-lint#194, #192), hash-routed apps such as the Babylon.js
playground (#158) and Google Groups ``#!forum/...`` (iipc/awesome-web-archiving#97).
A fragment either routes a single-page app (``#/...``, ``#!...``,
``fragment_routes``), where it *is* the resource, or names a section, which a
list may link to on purpose next to another section of the same page. Missing
a duplicate ``page`` / ``page#intro`` costs less than a false alarm that makes
people switch the rule off. The one exception is a text fragment
(``#:~:text=...``, ``dropped text fragment``): it only highlights words on the
page; in a routing fragment it is app data and kept.

Only ``http``/``https`` URLs with a host are normalized; anything else
(``mailto:``, relative paths, ``#anchors``, garbage yarl cannot parse) is its own
key, verbatim, and ``identity`` never raises.
"""

from __future__ import annotations

import functools
from dataclasses import field
from typing import TYPE_CHECKING
from urllib.parse import quote

from vaultlint.lazyre import lazy_compile
from vaultlint.record import Record, frozen
from vaultlint.vault.url_sites import Draft, arxiv, github, youtube

if TYPE_CHECKING:
    from yarl import URL

TRACKING_PARAMS = frozenset(
    {
        "ab_channel",
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "ref_src",
    }
)
YOUTUBE_TRACKING_PARAMS = frozenset({"feature", "si", "pp"})
YOUTUBE_HOSTS = frozenset({"youtube.com", "m.youtube.com", "youtu.be", "youtube-nocookie.com"})
DEFAULT_PORTS = {"http": 80, "https": 443}
WEB_SCHEMES = ("http", "https")
TEXT_FRAGMENT = ":~:"
PREFIX_BOUNDARIES = ("/", "?", "#", "&", "=")
# What yarl leaves in raw_host for a real host: an ASCII (punycode) name, an IPv4 or an IPv6 address.
HOST_RE = lazy_compile(r"[a-z0-9_.-]+|[0-9a-f:.]+")
# What yarl's requoters keep as written in a path, a query and a fragment (yarl._quoters: the unreserved
# characters, the sub-delimiters `!$'()*,&=;+`, `@` and `:`; `?` and `/` after the path too): none is encoded,
# and without a `%` nothing is decoded either. `.` apart: a path segment must not start with one (no dot segment).
_KEPT = r"A-Za-z0-9_~!$'()*,@:&=;+-"
# A path's `%XX` that yarl's PATH_REQUOTER keeps as written: upper-case hex of a byte it does not decode (it
# decodes `.` and _KEPT's but `+`, which stays escaped as `/` does): a control, space, `"#%+/<>?[\]^`{|}`, DEL or
# a non-ASCII byte. `%41` (yarl writes `A`), `%2f` (yarl writes `%2F`), a `%` without two hex digits: not simple.
_PATH_ESCAPE = r"%(?:[01][0-9A-F]|2[02-35BF]|3[CEF]|5[B-E]|60|7[B-DF]|[89A-F][0-9A-F])"
# An http(s) URL yarl reads as written (most of a list's): lower case, a host of ASCII labels whose last has a
# letter (no IP address for yarl to normalize) and no `--` (no IDNA label to check), no port nor user; a path of
# _KEPT characters and kept escapes in segments that start with no `.` (no dot segment to remove) and are not
# empty; a query and a fragment of _KEPT characters, `.`, `?` and `/`: no `%` for yarl to decode, no `#`.
SIMPLE_URL_RE = lazy_compile(
    r"(?P<scheme>https?)://(?P<host>(?![a-z0-9.-]*--)(?:[a-z0-9-]+\.)+[a-z0-9-]*[a-z][a-z0-9-]*)"
    rf"(?P<path>(?:/(?:[{_KEPT}]|{_PATH_ESCAPE})(?:[.{_KEPT}]|{_PATH_ESCAPE})*)*/?)"
    rf"(?:\?(?P<query>[./?{_KEPT}]*))?(?:#(?P<fragment>[./?{_KEPT}]*))?"
)


@frozen
class UrlIdentity(Record):
    """What a URL is compared by: ``key``, plus the arXiv ``version`` compared apart from it.

    ``normalizations`` names what changed the URL on its way to ``key``;
    ``evidence`` holds, for each, the text it changed (so ``explain`` can tell a
    normalization both URLs shared from one that made them equal).
    """

    key: str
    normalizations: tuple[str, ...] = ()
    version: str = ""
    evidence: tuple[str, ...] = field(default=(), repr=False)


@functools.lru_cache(maxsize=1 << 15)  # a URL is asked for by each duplicate rule, in its note and across the vault
def identity(url: str) -> UrlIdentity:
    """The identity of ``url``; its raw text when it is not an http(s) URL yarl can parse."""
    try:
        return _web_identity(url) or UrlIdentity(url)
    except Exception:  # yarl and idna raise several exception types on garbage: it is simply its own key
        return UrlIdentity(url)


def same_resource(a: UrlIdentity, b: UrlIdentity) -> bool:
    """Equal keys and no conflicting arXiv versions (a missing version matches any)."""
    return a.key == b.key and (not a.version or not b.version or a.version == b.version)


def explain(a: str, b: str) -> tuple[str, ...]:
    """The normalizations that made ``a`` and ``b`` equal; empty when they are not (or are verbatim) equal."""
    ia, ib = identity(a), identity(b)
    if not same_resource(ia, ib) or a.strip() == b.strip():
        return ()
    steps_a, steps_b = set(_steps(ia)), set(_steps(ib))
    # A step both URLs took with the same evidence (both had `www.`) did not make them equal.
    names = [name for name, ev in _steps(ia) if (name, ev) not in steps_b]
    names += [name for name, ev in _steps(ib) if (name, ev) not in steps_a]
    if ia.version != ib.version:
        names.append(f"ignored arxiv version {ia.version or ib.version}")
    if not names:  # nothing above differed: what remains is how the two are percent-encoded
        names.append("decoded percent-encoding")
    return tuple(dict.fromkeys(names))


def fragment_routes(fragment: str) -> bool:
    """True when a fragment routes a single-page app (``#/path``, ``#!path``) rather than naming a section."""
    return fragment.startswith(("/", "!"))


def is_web(url: str) -> bool:
    """True for an ``http:`` or ``https:`` URL (any case)."""
    scheme, sep, rest = url.strip().partition(":")
    return bool(sep) and scheme.lower() in WEB_SCHEMES and rest.startswith("//")


def under_prefix(url: str, prefix: str) -> bool:
    """``url`` starts with ``prefix`` at a boundary: `https://github.com/me` covers `/me/x`, not `/meta`."""
    if not prefix or not url.startswith(prefix):
        return False
    return len(url) == len(prefix) or prefix.endswith(PREFIX_BOUNDARIES) or url[len(prefix)] in PREFIX_BOUNDARIES


def is_tracking(key: str, host: str = "") -> bool:
    """True for a query key that only tracks the click; ``host`` enables site-specific keys (YouTube)."""
    lowered = key.lower()
    if lowered.startswith("utm_") or lowered in TRACKING_PARAMS:
        return True
    return _bare_host(host) in YOUTUBE_HOSTS and lowered in YOUTUBE_TRACKING_PARAMS


def _steps(ident: UrlIdentity) -> list[tuple[str, str]]:
    return list(zip(ident.normalizations, ident.evidence, strict=True))


def _bare_host(host: str) -> str:
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


@frozen(slots=True)
class _Parsed(Record):
    """What the identity reads of a parsed URL: yarl's raw host and path, decoded query and fragment."""

    host: str
    path: str
    query: list[tuple[str, str]]
    fragment: str
    scheme: str  # lower-cased
    port: int | None = None  # as written
    userinfo: str = ""  # `user:password@` as written


def _web_identity(text: str, simple: bool = True) -> UrlIdentity | None:
    """The identity of an http(s) URL, None for any other text; ``simple``: a simple URL is read without yarl."""
    if not is_web(text):
        return None
    text = text.strip()
    parsed = _simple(text) if simple else None
    if parsed is None:
        parsed = _by_yarl(text)
        if parsed is None:
            return None
    scheme_text, _, rest = text.partition(":")
    authority, raw_path, raw_query, raw_fragment = _raw_parts(rest[2:])
    draft = Draft(parsed.host, parsed.path, parsed.query, parsed.fragment)
    _scheme(draft, scheme_text)
    _host(draft, authority)
    port = _port(draft, parsed)
    if raw_path.endswith("/"):
        draft.note("dropped trailing /")
    draft.path = draft.path.rstrip("/")
    youtube(draft)
    arxiv(draft)
    github(draft)
    _query(draft)
    _empty_parts(draft, raw_query, raw_fragment)
    _fragment(draft)
    key = f"https://{parsed.userinfo}{draft.host}{port}{draft.path}{_query_text(draft.query)}"
    key += f"#{draft.fragment}" if draft.fragment else ""
    names = tuple(name for name, _ in draft.steps)
    return UrlIdentity(key, names, draft.version, tuple(ev for _, ev in draft.steps))


def _simple(text: str) -> _Parsed | None:
    """The parts of a simple URL (SIMPLE_URL_RE), as yarl gives them: the host, path and fragment as written (no
    character yarl encodes, decodes or removes; `/` for no path), the query's pairs split as yarl splits them;
    None for any other URL."""
    m = SIMPLE_URL_RE.fullmatch(text)
    if m is None:
        return None
    return _Parsed(m["host"], m["path"] or "/", _pairs(m["query"]), m["fragment"] or "", m["scheme"])


def _pairs(query: str | None) -> list[tuple[str, str]]:
    """yarl's pairs of a query without `%` (yarl._parse.query_to_pairs): a `+` is a space, only `&` separates
    (`;` does not), an empty pair is dropped, a key without `=` has the value '' and the first `=` splits."""
    pairs = []
    for pair in (query or "").replace("+", " ").split("&"):
        if pair:
            key, _, value = pair.partition("=")
            pairs.append((key, value))
    return pairs


def _by_yarl(text: str) -> _Parsed | None:
    """The parts yarl parses ``text`` into; None for a host that is not one (yarl keeps `exa mple.com`, `%zz`)."""
    text.encode("utf-8")  # a lone surrogate raises here; yarl would silently drop it
    from yarl import URL  # loaded when a web URL is first compared: a run from the cache may compare none

    url = URL(text)
    if not url.raw_host or not HOST_RE.fullmatch(url.raw_host):
        return None
    return _Parsed(
        url.raw_host, url.raw_path, list(url.query.items()), url.fragment, url.scheme, url.explicit_port, _userinfo(url)
    )


def _raw_parts(after_slashes: str) -> tuple[str, str, str | None, str | None]:
    """Authority, path, query (None: no `?`) and fragment (None: no `#`) as written."""
    rest, hash_sign, fragment = after_slashes.partition("#")
    rest, question, query = rest.partition("?")
    cut = rest.find("/")
    cut = len(rest) if cut < 0 else cut
    return rest[:cut], rest[cut:], query if question else None, fragment if hash_sign else None


def _scheme(draft: Draft, written: str) -> None:
    if written != written.lower():
        draft.note("lower-cased scheme", written)
    if written.lower() == "http":
        draft.note("scheme http->https", "http")


def _host(draft: Draft, authority: str) -> None:
    written = authority.rpartition("@")[2]
    if written != written.lower():
        draft.note("lower-cased host", written)
    if draft.host.startswith("www.") and draft.host.count(".") > 1:
        draft.host = draft.host[4:]
        draft.note("dropped www.", "www.")


def _port(draft: Draft, parsed: _Parsed) -> str:
    port = parsed.port
    if port is None:
        return ""
    if port == DEFAULT_PORTS.get(parsed.scheme):
        draft.note("dropped default port", f":{port}")
        return ""
    return f":{port}"


def _query(draft: Draft) -> None:
    kept = []
    for key, value in draft.query:
        if is_tracking(key, draft.host):
            draft.note(f"dropped tracking parameter {key}", f"{key}={value}")
        else:
            kept.append((key, value))
    ordered = sorted(kept, key=lambda kv: kv[0])
    if ordered != kept:
        draft.note("sorted query parameters", "&".join(k for k, _ in kept))
    draft.query = ordered


def _empty_parts(draft: Draft, raw_query: str | None, raw_fragment: str | None) -> None:
    empty = ("?" if raw_query == "" else "") + ("#" if raw_fragment == "" else "")
    if empty:
        draft.note("dropped empty query/fragment", empty)


def _fragment(draft: Draft) -> None:
    if fragment_routes(draft.fragment) or TEXT_FRAGMENT not in draft.fragment:
        return
    draft.fragment, _, directive = draft.fragment.partition(TEXT_FRAGMENT)
    draft.note("dropped text fragment", directive)


def _userinfo(url: URL) -> str:
    if url.raw_user is None:
        return ""
    password = f":{url.raw_password}" if url.raw_password is not None else ""
    return f"{url.raw_user}{password}@"


def _query_text(query: list[tuple[str, str]]) -> str:
    if not query:
        return ""
    return "?" + "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in query)
