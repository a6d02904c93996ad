"""LNK005 dead-link on a note, given the online pass's statuses (the pass itself: test_online_pass.py)."""

from __future__ import annotations

from vaultlint.linkstatus import LinkStatus, Verdict
from vaultlint.model import Applicability, Severity
from vaultlint.parse.note import parse_text
from vaultlint.rules._base import Context
from vaultlint.rules.dead_link import DeadLink

GONE = LinkStatus(Verdict.DEAD, "404 Not Found", 404, "https://example.org/gone")
MOVED = LinkStatus(
    Verdict.MOVED,
    "moved permanently (301) to https://new.example.org/docs",
    200,
    "https://new.example.org/docs",
    "https://new.example.org/docs",
)
LINKS = {
    "https://example.org/gone": GONE,
    "https://old.example.org/docs": MOVED,
    "https://example.org/ok": LinkStatus(Verdict.OK, "200 OK", 200),
    "https://example.org/flaky": LinkStatus(Verdict.FLAKY, "503 Service Unavailable", 503),
    "https://example.org/loop": LinkStatus(
        Verdict.REDIRECTS, "a redirect loop: redirects back to https://example.org/loop"
    ),
    "https://example.org/robots": LinkStatus(Verdict.NOT_CHECKED, "403 Forbidden", 403),
}


def found(text: str, links: dict[str, LinkStatus] | None = None, **options: object) -> list[tuple[str, str, Severity]]:
    note = parse_text("n.md", text)
    ctx = Context(links=LINKS if links is None else links, options=DeadLink.Options.model_validate(options))
    return [(note.text[f.start : f.end], f.message, f.severity) for f in DeadLink().on_note(note, ctx)]


def test_each_place_a_dead_url_occurs_is_reported() -> None:
    text = "- [a](https://example.org/gone)\n- <https://example.org/gone#part>\n- see https://example.org/gone\n"
    dead = ("dead link: 404 Not Found", Severity.ERROR)
    spans = ["https://example.org/gone", "https://example.org/gone#part", "https://example.org/gone"]
    assert found(text) == [(span, *dead) for span in spans]


def test_working_unknown_and_non_web_links_are_quiet() -> None:
    text = "[a](https://example.org/ok) [b](https://example.org/unasked) [c](mailto:x@example.org) [d](gone.md)\n"
    assert found(text) == []


def test_without_the_online_pass_nothing_is_reported() -> None:
    assert found("[a](https://example.org/gone)\n", links={}) == []


def test_flaky_is_a_warning_and_redirect_trouble_an_error() -> None:
    assert found("[a](https://example.org/flaky) [b](https://example.org/loop)\n") == [
        (
            "https://example.org/flaky",
            "flaky link (worked when checked before): 503 Service Unavailable",
            Severity.WARNING,
        ),
        (
            "https://example.org/loop",
            "redirects lead nowhere: a redirect loop: redirects back to https://example.org/loop",
            Severity.ERROR,
        ),
    ]


def test_not_checked_only_when_asked() -> None:
    assert found("[a](https://example.org/robots)\n") == []
    assert found("[a](https://example.org/robots)\n", unchecked=True) == [
        ("https://example.org/robots", "not checked: 403 Forbidden", Severity.INFO)
    ]


def fixed(text: str) -> str:
    note = parse_text("n.md", text)
    (finding,) = DeadLink().on_note(note, Context(links=LINKS))
    if finding.fix is None:
        return text
    assert finding.fix.applicability is Applicability.UNSAFE
    (edit,) = finding.fix.edits
    return text[: edit.start] + edit.new + text[edit.end :]


def test_a_move_is_fixed_at_the_url_alone_keeping_its_fragment() -> None:
    assert fixed('- [docs](https://old.example.org/docs "t")\n') == '- [docs](https://new.example.org/docs "t")\n'
    assert fixed("<https://old.example.org/docs#api>\n") == "<https://new.example.org/docs#api>\n"
    assert fixed("see https://old.example.org/docs.\n") == "see https://new.example.org/docs.\n"


def test_a_move_written_otherwise_than_verbatim_is_reported_without_a_fix() -> None:
    text = "[docs][d]\n\n[d]: https://old.example.org/docs\n"
    assert fixed(text) == text


def test_a_new_address_that_would_not_read_back_gets_no_fix() -> None:
    odd = {"https://old.example.org/docs": LinkStatus(Verdict.MOVED, "moved", 200, "x", "https://new.example.org/a b")}
    note = parse_text("n.md", "[docs](https://old.example.org/docs)\n")
    (finding,) = DeadLink().on_note(note, Context(links=odd))
    assert finding.fix is None
