"""LNK004 tracking-params: a web URL carrying click-tracking query parameters.

What it does
    Reports every http(s) link, image, ``<autolink>`` and bare URL whose query
    holds a parameter that only tracks the click: ``utm_*``, ``ab_channel``,
    ``fbclid``, ``gclid``, ``dclid``, ``msclkid``, ``yclid``, ``igshid``,
    ``mc_cid``, ``mc_eid``, ``ref_src``, and on YouTube hosts also ``feature``,
    ``si`` and ``pp``. The list is ``vaultlint.vault.urls.is_tracking``'s, the same
    one URL identity drops, so LNK001/LNK002 and this rule agree on what does
    not matter in a URL. Keys are compared case-insensitively and
    percent-decoded (``utm%5Fsource`` counts); only ``&`` separates parameters.
    One finding per URL, at the URL, naming the parameters in the order
    written. A reference link (``[x][d]``) is reported at the link itself, once
    per use, because its URL is written in a definition the linter cannot
    point at.

Why
    Tracking parameters say where a link was copied from (a newsletter, a
    share button, a YouTube channel page), not what it points at. They make
    URLs long and hard to read, leak that context to whoever follows the link,
    and make the same resource look like two different URLs to every tool that
    compares them as text.

Example
    ``- [Lecture](https://www.youtube.com/watch?v=8rrHTtUzyZA&ab_channel=Stanford)``
    is reported as ``tracking parameter in URL: ab_channel`` and fixed to
    ``- [Lecture](https://www.youtube.com/watch?v=8rrHTtUzyZA)``.

Fix safety
    Unsafe: the fix changes the URL, and a parameter with a tracking name is
    not always idle. A site may read ``utm_*`` or ``ref_src`` to pick a landing
    page, apply a campaign or referral offer, or unlock a "shared" view; a
    signed URL (S3 or CDN signatures) stops working when any query parameter is
    removed. YouTube's ``si``, ``feature`` and ``pp`` and ``ab_channel`` do not
    change which video plays, but they are still an edit to a URL someone
    pasted, so they are not applied without ``--unsafe-fixes``. The fix removes
    exactly the tracking ``key=value`` pairs (with one ``&`` each) from the text
    as written: nothing else is re-encoded or re-ordered, the fragment stays,
    and the ``?`` goes when no parameter is left. The link's text is left
    alone, even if it repeats the old URL. No fix is offered when the URL text
    cannot be edited exactly: a reference link (the URL is in its definition),
    a destination with backslash escapes (``a\\_b``), or a query holding an HTML
    entity (``&amp;``), where removing a pair by ``&`` would corrupt the rest.

Options
    None. Suppress a URL that needs its parameters with
    ``<!-- vaultlint-disable-next-line LNK004 -->``.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote_plus

from vaultlint.facts import Link
from vaultlint.lazyre import lazy_compile
from vaultlint.model import Applicability, Edit, Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule
from vaultlint.rules._helpers import minimal_edit, url_span
from vaultlint.vault.urls import is_tracking, is_web

# An HTML character reference: in a query it means a `&` that is not a parameter separator as written.
ENTITY_RE = lazy_compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


class TrackingParams(Rule):
    code = "LNK004"
    name = "tracking-params"
    summary = "Tracking parameters (utm_*, ab_channel, fbclid, ...) in a URL"
    fixable = Applicability.UNSAFE
    fix_changes = frozenset({"urls"})

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        for link in note.facts.links:
            if "?" not in link.url or not is_web(link.url):  # no query, no tracking key (_tracking_keys)
                continue
            tracked = _tracking_keys(link.url)
            if not tracked:
                continue
            start, end = url_span(note, link)
            names = list(dict.fromkeys(tracked))
            message = f"tracking parameter{'s' if len(names) > 1 else ''} in URL: {', '.join(names)}"
            edit = _edit(note, link, start, end)
            yield self.finding(
                note, start, end, message, None if edit is None else [edit], f"remove {', '.join(names)} from the URL"
            )


def _split(url: str) -> tuple[str, str | None, str]:
    """``url`` as (before the query, the query without `?` or None when there is no `?`, `#fragment` or "")."""
    rest, hash_sign, fragment = url.partition("#")
    base, question, query = rest.partition("?")
    return base, query if question else None, hash_sign + fragment


def _host(base: str) -> str:
    """The host of an http(s) URL's part before the query (no userinfo, no port)."""
    authority = base.partition("//")[2].split("/", 1)[0].rpartition("@")[2]
    return authority if authority.startswith("[") else authority.partition(":")[0]


def _is_tracking_pair(pair: str, host: str) -> bool:
    key = pair.partition("=")[0]
    return bool(key) and is_tracking(unquote_plus(key), host)


def _tracking_keys(url: str) -> list[str]:
    """The tracking keys of ``url``'s query, as written and in order."""
    base, query, _ = _split(url.strip())
    if not query:
        return []
    host = _host(base)
    return [pair.partition("=")[0] for pair in query.split("&") if _is_tracking_pair(pair, host)]


def _without_tracking(url: str, host: str) -> str:
    """``url`` with its tracking pairs (and the `?` when nothing is left) removed; every other byte kept."""
    base, query, fragment = _split(url)
    if query is None:
        return url
    kept = [pair for pair in query.split("&") if not _is_tracking_pair(pair, host)]
    if not any(kept):
        return base + fragment
    return f"{base}?{'&'.join(kept)}{fragment}"


def _edit(note: Note, link: Link, start: int, end: int) -> Edit | None:
    """The edit removing the tracking pairs from the URL as written, or None when its text is not the URL."""
    if link.dest is None and link.kind not in ("autolink", "bare"):
        return None  # a reference link: the URL is written in its definition
    written = note.text[start:end]
    # A bare `www.example.com/...` is read as `http://www.example.com/...`: the text is the URL's tail.
    if written != link.url and not (link.kind == "bare" and link.url == "http://" + written):
        return None  # backslash escapes or other source syntax: the text is not the URL verbatim
    if ENTITY_RE.search(_split(written)[1] or ""):
        return None
    fixed = _without_tracking(written, _host(_split(link.url)[0]))
    return None if fixed == written else minimal_edit(start, written, fixed)
