"""URL identity's site rewrites (YouTube, arXiv, GitHub spell one resource several ways) on a ``Draft``."""

from __future__ import annotations

from dataclasses import dataclass, field

from vaultlint.lazyre import lazy_compile

# `/abs/<id>v<n>`: old-style ids (`hep-th/9901001`) and new ones (`1912.02292`) both end in a digit.
ARXIV_VERSION_RE = lazy_compile(r"(/abs/.+?\d)(v\d+)")
YOUTUBE_PATH_RE = lazy_compile(r"/(?P<form>embed|shorts)/(?P<id>[^/]+)")


@dataclass(eq=False, repr=False)  # working state, never compared nor shown: no == or repr to compile
class Draft:
    """The parts of a URL being normalized, and the steps taken so far."""

    host: str
    path: str
    query: list[tuple[str, str]]
    fragment: str
    version: str = ""
    steps: list[tuple[str, str]] = field(default_factory=list)

    def note(self, name: str, evidence: str = "") -> None:
        self.steps.append((name, evidence))


def youtube(draft: Draft) -> None:
    if draft.host == "m.youtube.com":
        draft.host = "youtube.com"
        draft.note("m.youtube.com->youtube.com", "m.")
    if draft.host == "youtu.be" and draft.path.count("/") == 1 and len(draft.path) > 1:
        _to_watch(draft, draft.path[1:], "youtu.be short link")
        return
    match = YOUTUBE_PATH_RE.fullmatch(draft.path)
    if match and draft.host in ("youtube.com", "youtube-nocookie.com"):
        _to_watch(draft, match["id"], f"youtube {match['form']} link")


def _to_watch(draft: Draft, video: str, name: str) -> None:
    draft.note(name, f"{draft.host}{draft.path}")
    draft.host, draft.path = "youtube.com", "/watch"
    draft.query.insert(0, ("v", video))


def arxiv(draft: Draft) -> None:
    if draft.host != "arxiv.org":
        return
    if draft.path.startswith("/pdf/") and len(draft.path) > len("/pdf/"):
        written = draft.path
        draft.path = "/abs/" + draft.path[len("/pdf/") :].removesuffix(".pdf")
        draft.note("arxiv pdf->abs", written)
    match = ARXIV_VERSION_RE.fullmatch(draft.path)
    if match:
        draft.path, draft.version = match[1], match[2]


def github(draft: Draft) -> None:
    if draft.host != "github.com":
        return
    segments = draft.path.split("/")
    lowered = segments[:1] + [s.lower() for s in segments[1:3]] + segments[3:]
    if lowered != segments:
        draft.note("lower-cased GitHub owner/repo", "/".join(segments[:3]))
        draft.path = "/".join(lowered)
