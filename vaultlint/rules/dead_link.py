"""LNK005 dead-link: a web link whose resource is gone, moved for good, or lost in redirects (`--online` only).

What it does
    Reports each link (and image, autolink, bare URL) whose address the online
    pass found dead: 404 or 410, a host name that does not resolve, nothing
    listening, no secure connection, or a server error or timeout that lasted.
    A URL that answered in an earlier check and fails now is "flaky" (a warning)
    until it has failed on ``dead-after-days`` separate days (the online
    settings). A permanent redirect (301, 308) to another resource is reported
    with the address to use; temporary redirects (302, 303, 307) are followed
    and not reported; a redirect loop, or a chain past the limit, is reported.
    Each place the URL occurs is reported; the address is asked once a run.

Why
    Curated lists rot mostly one way: the resources die, and nothing in the
    vault says which. A link that moved for good still works today, through a
    redirect its owner may drop.

Example
    ``- "Old post" [Someone; blog; 2019](https://example.org/gone)`` is reported
    as ``dead link: 404 Not Found``; ``[docs](http://old.example.org/docs)`` as
    ``moved permanently (301) to https://docs.example.org/``.

Fix safety
    Unsafe (``vaultlint fix --online --unsafe-fixes``): a permanent redirect's
    URL is replaced by the address it moved to, only the URL, at its exact span, its ``#fragment`` kept
    when the new address has none. No fix where the URL is not written verbatim
    (a reference link's definition, backslash escapes).

Options
    ``unchecked`` (false): also report the URLs the pass did not check
    (excluded, or refused to a robot: 401, 403, 429), as information.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.facts import Link
from vaultlint.lazyre import lazy_compile
from vaultlint.linkstatus import LinkStatus, Verdict, request_url
from vaultlint.model import Applicability, Edit, Finding, Fix, Severity
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, RuleOptions, VaultRule, options_for
from vaultlint.rules._helpers import minimal_edit, short_url, url_span
from vaultlint.vault.index import Vault
from vaultlint.vault.urls import is_web

_SAID = {
    Verdict.DEAD: ("dead link", Severity.ERROR),
    Verdict.FLAKY: ("flaky link (worked when checked before)", Severity.WARNING),
    Verdict.REDIRECTS: ("redirects lead nowhere", Severity.ERROR),
    Verdict.NOT_CHECKED: ("not checked", Severity.INFO),
}


class DeadLink(VaultRule):
    code = "LNK005"
    name = "dead-link"
    summary = "A web link whose resource is gone or moved for good (`--online`)"
    default_enabled = False
    off_because = "it asks servers on the network: only with `--online`"
    fixable = Applicability.UNSAFE
    fix_changes = frozenset({"urls", "url-identities"})  # the link points at where its resource went
    reads_facts = True  # the reported notes' links, with their spans
    online = True

    class Options(RuleOptions):
        unchecked: bool = False

    def check_vault(self, vault: Vault, ctx: Context) -> Iterator[Finding]:
        if not ctx.links:
            return
        for note in vault.reported.values():
            yield from self.on_note(note, ctx)

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        # `fix --online` runs it as a note rule, on each version of a note the fixer makes: the other notes
        # play no part in its findings, and a moved URL's fix must be linted again like any other's.
        return self.on_note(note, ctx)

    def on_note(self, note: Note, ctx: Context) -> Iterator[Finding]:
        """The findings on one note (the vault's other notes play no part)."""
        if not ctx.links:
            return
        unchecked = options_for(ctx, self.Options).unchecked
        for link in note.facts.links:
            status = ctx.links.get(request_url(link.url)) if is_web(link.url) else None
            if status is None or status.verdict is Verdict.OK:
                continue
            if status.verdict is Verdict.NOT_CHECKED and not unchecked:
                continue
            yield self._finding(note, link, status)

    def _finding(self, note: Note, link: Link, status: LinkStatus) -> Finding:
        start, end = url_span(note, link)
        details = _details(link, status)
        if status.verdict is Verdict.MOVED and status.moved_to is not None:
            new = _with_fragment(status.moved_to, link.url)
            edit = _edit(note, link, start, end, new)
            fix = Fix((edit,), Applicability.UNSAFE, f"replace with {short_url(new)}") if edit else None
            return Finding(
                self.code, self.name, note.path, start, end, status.words, Severity.WARNING, fix, (), details
            )
        said, severity = _SAID[status.verdict]
        message = f"{said}: {status.words}" if status.words else said
        return Finding(self.code, self.name, note.path, start, end, message, severity, None, (), details)


def _details(link: Link, status: LinkStatus) -> tuple[tuple[str, str], ...]:
    """What a machine reads of the finding: the verdict, the URL, the last status, where redirects led."""
    said = [("verdict", status.verdict.value), ("url", link.url)]
    if status.status is not None:
        said.append(("status", str(status.status)))
    if status.final is not None and status.final != request_url(link.url):
        said.append(("final_url", status.final))
    if status.moved_to is not None:
        said.append(("moved_to", status.moved_to))
    return tuple(said)


def _with_fragment(moved_to: str, url: str) -> str:
    """The new address with the link's own `#fragment` when it has none (a browser keeps it across a redirect)."""
    fragment = url.partition("#")[2]
    return f"{moved_to}#{fragment}" if fragment and "#" not in moved_to else moved_to


def _edit(note: Note, link: Link, start: int, end: int, new: str) -> Edit | None:
    """The edit writing ``new`` over the URL, or None when the text there is not the URL verbatim."""
    if link.dest is None and link.kind not in ("autolink", "bare"):
        return None  # a reference link: the URL is written in its definition
    written = note.text[start:end]
    if written != link.url or written == new or not _writable(new, bare=link.kind == "bare"):
        return None
    return minimal_edit(start, written, new)


_SAFE_URL_RE = lazy_compile(r"[A-Za-z0-9\-._~:/?#@!$&'*+,;=%()\[\]]+")


def _writable(url: str, bare: bool) -> bool:
    """Whether ``url`` reads back as the same URL where the old one was written: no character that ends a
    destination or a bare URL early (space, `<`, `>`, an unbalanced parenthesis, trailing punctuation)."""
    if not _SAFE_URL_RE.fullmatch(url) or url.count("(") != url.count(")"):
        return False
    return not bare or ("(" not in url and url[-1] not in "?!.,:*_~'\"")
