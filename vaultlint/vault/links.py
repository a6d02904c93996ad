"""A note's links to notes and files (wiki links, embeds, local Markdown links), split into their parts."""

from __future__ import annotations

from urllib.parse import unquote

from vaultlint import facts as F
from vaultlint.lazyre import lazy_compile
from vaultlint.parse.note import Note
from vaultlint.parse.wikitext import Part, split_block, wiki_parts
from vaultlint.record import Record, frozen

# A URL scheme (`https:`, `mailto:`, `obsidian:`, `C:`) or `//host`: not a path inside the vault.
EXTERNAL_RE = lazy_compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//")
# `[[{{date}}]]`, `[[<% tp.file.title %>]]`: a template's placeholder, filled in when a note is made from it.
PLACEHOLDER_RE = lazy_compile(r"\{\{|<%")


@frozen(slots=True)
class InternalLink(Record):
    """`[[path#h1#h2|alias]]`, `![[path#^block]]` or `[text](path.md#heading)`."""

    path: Part  # empty value: the note itself (`[[#Heading]]`, `[x](#heading)`)
    headings: tuple[Part, ...]
    block: Part | None
    start: int
    end: int
    embed: bool = False
    markdown: bool = False  # a Markdown link or image: `#anchor` may also be a GitHub-style slug


def internal_links(note: Note) -> list[InternalLink]:
    """Every link of ``note`` to a note or file of the vault, in source order (template placeholders aside)."""
    found = [_wiki(note.text, link) for link in note.facts.wikilinks]
    found += [md for link in note.facts.links if link.kind in ("inline", "image") and (md := _markdown(link))]
    return sorted((link for link in found if not _placeholder(link)), key=lambda link: link.start)


def _placeholder(link: InternalLink) -> bool:
    """A template's link (`[[{{title}}]]`, `[[Home#{{date}}]]`): it means something only once filled in."""
    parts = (link.path, *link.headings, *([link.block] if link.block else []))
    return any(PLACEHOLDER_RE.search(part.value) for part in parts)


def _wiki(text: str, link: F.WikiLink) -> InternalLink:
    opening = link.start + (3 if link.embed else 2)
    parts = wiki_parts(text[opening : link.end - 2], opening)
    headings, block = split_block(tuple(p for p in parts.sections if p.value))
    return InternalLink(parts.target, headings, block, link.start, link.end, embed=link.embed)


def _markdown(link: F.Link) -> InternalLink | None:
    """A Markdown link or image to a path in the vault (decoded), or None for a URL or a placeholder."""
    url = link.url.strip()
    if not url or url == "#" or EXTERNAL_RE.match(url):
        return None
    raw_path, _, fragment = url.partition("#")
    raw_path = raw_path.partition("?")[0]  # `x.md?plain=1`: a query is for a web server, the file is x.md
    # A reference link's destination is in its definition: point at the link. Escapes or `<...>`: at the
    # whole destination. Otherwise each part can be pointed at exactly.
    start, end = (link.dest.start, link.dest.end) if link.dest else (link.start, link.end)
    exact = link.dest is not None and link.dest.text == url

    def part(raw: str, offset: int) -> Part:
        if exact:
            return Part(unquote(raw).strip(), start + offset, start + offset + len(raw))
        return Part(unquote(raw).strip(), start, end)

    pieces, at = [], len(raw_path) + 1
    for piece in fragment.split("#") if fragment else ():
        if piece:
            pieces.append(part(piece, at))
        at += len(piece) + 1
    headings, block = split_block(tuple(pieces))
    return InternalLink(
        part(raw_path, 0), headings, block, link.start, link.end, embed=link.kind == "image", markdown=True
    )
