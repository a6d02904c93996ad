"""Plain, serializable facts about a note (headings, links, tags, entries...), each with its exact span."""

from __future__ import annotations

from dataclasses import field

from vaultlint.record import Record, frozen


@frozen
class Field(Record):
    """A piece of source text and where it sits: ``text == note.text[start:end]``."""

    text: str
    start: int
    end: int

    def moved(self, by: int) -> Field:
        """The same text ``by`` characters further on (a note's part read apart, or a version's edits before it)."""
        return Field(self.text, self.start + by, self.end + by)


@frozen
class Heading(Record):
    """An ATX or setext heading."""

    level: int
    text: str  # markup dropped: what a reader sees
    start: int
    end: int
    source: str  # as written (marko's inline_body: ATX without its #s, setext's lines joined): what links name


@frozen
class Link(Record):
    """A Markdown link, image, `<autolink>` or bare URL (kind says which)."""

    url: str
    kind: str
    start: int
    end: int
    label: Field | None = None
    dest: Field | None = None
    listed: bool = False  # the first link of a list item or a table row: a resource the note lists


@frozen
class WikiLink(Record):
    """`[[target#h1#h2^block|alias]]`; ``embed`` for the `![[...]]` form."""

    target: str
    headings: tuple[str, ...]
    block: str | None
    alias: str | None
    embed: bool
    start: int
    end: int


@frozen
class Tag(Record):
    """`#name`; ``start``/``end`` cover the `#` too (frontmatter tags: the value)."""

    name: str
    start: int
    end: int
    in_frontmatter: bool = False


@frozen
class BlockId(Record):
    """A `^block-id` at the end of a paragraph or list item."""

    id: str
    start: int
    end: int


@frozen
class Label(Record):
    """`*cult*:` at the start of a list item: ``name`` is the emphasized text."""

    name: str
    marker: str
    emphasis: Field
    start: int
    end: int


@frozen
class Entry(Record):
    """A resource entry: `[label: ][Name: ]"Title" [Author; kind; date](url)`."""

    meta: Field
    fields: tuple[Field, ...]
    url: str
    link_start: int
    link_end: int
    title: Field | None = None
    gap: Field | None = None
    label_is_key: bool = False  # `[meta]` / `[meta][]`: the text is also the reference key


@frozen
class UnlinkedEntry(Record):
    """A metadata bracket of entry shape that is no link: ``[A; b; 2020]`` alone, or ``[A; b; 2020] (url)``."""

    meta: Field
    spaced_url: Field | None = None  # the `(url)` a space keeps from the bracket


@frozen
class ListBlock(Record):
    """A list; ``markers`` holds the bullet (or number and delimiter) of each of its items."""

    ordered: bool
    bullet: str
    markers: tuple[Field, ...]
    start: int
    end: int


@frozen
class Directive(Record):
    """A suppression comment: kind is `disable`, `enable`, `disable-line`, `disable-next-line` (or a typo)."""

    kind: str
    codes: tuple[str, ...]
    start: int
    end: int


@frozen
class FrontmatterFacts(Record):
    """The leading YAML block: ``data`` when it parses, else ``error`` at ``error_offset``."""

    start: int
    end: int
    body_start: int
    body_end: int
    data: object = None
    error: str | None = None
    error_offset: int | None = None
    commented_tags: tuple[Field, ...] = ()  # `tags: [#x]`-style values YAML read as comments


@frozen
class Facts(Record):
    """Everything rules read about one note."""

    frontmatter: FrontmatterFacts | None = None
    headings: tuple[Heading, ...] = ()
    links: tuple[Link, ...] = ()
    wikilinks: tuple[WikiLink, ...] = ()
    tags: tuple[Tag, ...] = ()
    block_ids: tuple[BlockId, ...] = ()
    labels: tuple[Label, ...] = ()
    entries: tuple[Entry, ...] = ()
    unlinked_entries: tuple[UnlinkedEntry, ...] = ()  # only in notes that hold entries
    lists: tuple[ListBlock, ...] = ()
    directives: tuple[Directive, ...] = ()
    raw_blocks: tuple[tuple[int, int], ...] = ()  # code and HTML blocks: their text is content, not Markdown
    raw_inlines: tuple[tuple[int, int], ...] = ()  # code spans, inline HTML, link titles: content, line ends too
    hard_breaks: frozenset[int] = field(default_factory=frozenset)  # two-space breaks, by their line's end
    line_breaks: tuple[int, ...] = ()  # every hard line break (spaces or backslash), where it starts
