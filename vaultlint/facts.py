"""Plain, serializable facts about a note (headings, links, tags, entries...), each with its exact span."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from typing import TypeVar

from vaultlint.record import Record

T = TypeVar("T")


def _quick(cls: type[T]) -> type[T]:
    """A frozen dataclass given an ``__init__`` that fills its instance dict at once (the same arguments and
    defaults). The frozen one sets each field by ``object.__setattr__``, 2-3 times slower: a parse makes ~600
    facts a note (Fields, Links, Tags...). Immutability stays the dataclass's; eq, hash and repr are `Record`'s."""
    params, stores, defaults = [], [], {}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: a default factory is not supported")
        if f.default is MISSING:
            params.append(f.name)
        else:
            defaults[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        stores.append(f"    d[{f.name!r}] = {f.name}\n")
    source = f"def __init__(self, {', '.join(params)}):\n    d = self.__dict__\n{''.join(stores)}"
    made: dict[str, Callable[..., None]] = {}
    exec(source, defaults, made)  # as dataclasses makes its own __init__
    init = made["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    setattr(cls, "__init__", init)  # noqa: B010 (mypy reads the dataclass's signature)
    return cls


@_quick
@dataclass(frozen=True, eq=False, repr=False)
class Field(Record):
    """A piece of source text and where it sits: ``text == note.text[start:end]``."""

    text: str
    start: int
    end: int

    def moved(self, by: int) -> Field:
        """The same text ``by`` characters further on (a note's part read apart, or a version's edits before it)."""
        return Field(self.text, self.start + by, self.end + by)


@_quick
@dataclass(frozen=True, eq=False, repr=False)
class Heading(Record):
    """An ATX or setext heading."""

    level: int
    text: str  # markup dropped: what a reader sees
    start: int
    end: int
    source: str  # as written (marko's inline_body: ATX without its #s, setext's lines joined): what links name


@_quick
@dataclass(frozen=True, eq=False, repr=False)
class Link(Record):
    """A Markdown link, image, `<autolink>` or bare URL (kind says which)."""

    url: str
    kind: str
    start: int
    end: int
    label: Field | None = None
    dest: Field | None = None
    listed: bool = False  # the first link of a list item or a table row: a resource the note lists


@_quick
@dataclass(frozen=True, eq=False, repr=False)
class WikiLink(Record):
    """`[[target#h1#h2^block|alias]]`; ``embed`` for the `![[...]]` form."""

    target: str
    headings: tuple[str, ...]
    block: str | None
    alias: str | None
    embed: bool
    start: int
    end: int


@_quick
@dataclass(frozen=True, eq=False, repr=False)
class Tag(Record):
    """`#name`; ``start``/``end`` cover the `#` too (frontmatter tags: the value)."""

    name: str
    start: int
    end: int
    in_frontmatter: bool = False


@_quick
@dataclass(frozen=True, eq=False, repr=False)
class BlockId(Record):
    """A `^block-id` at the end of a paragraph or list item."""

    id: str
    start: int
    end: int


@_quick
@dataclass(frozen=True, eq=False, repr=False)
class Label(Record):
    """`*cult*:` at the start of a list item: ``name`` is the emphasized text."""

    name: str
    marker: str
    emphasis: Field
    start: int
    end: int


@_quick
@dataclass(frozen=True, eq=False, repr=False)
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


@_quick
@dataclass(frozen=True, eq=False, repr=False)
class UnlinkedEntry(Record):
    """A metadata bracket of entry shape that is no link: ``[A; b; 2020]`` alone, or ``[A; b; 2020] (url)``."""

    meta: Field
    spaced_url: Field | None = None  # the `(url)` a space keeps from the bracket


@_quick
@dataclass(frozen=True, eq=False, repr=False)
class ListBlock(Record):
    """A list; ``markers`` holds the bullet (or number and delimiter) of each of its items."""

    ordered: bool
    bullet: str
    markers: tuple[Field, ...]
    start: int
    end: int


@_quick
@dataclass(frozen=True, eq=False, repr=False)
class Directive(Record):
    """A suppression comment: kind is `disable`, `enable`, `disable-line`, `disable-next-line` (or a typo)."""

    kind: str
    codes: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True, eq=False, repr=False)
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


@dataclass(frozen=True, eq=False, repr=False)
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
