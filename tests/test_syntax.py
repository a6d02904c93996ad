"""The Obsidian-aware parser: what is (and is not) a wiki link, tag, block id, comment; exact spans."""

from __future__ import annotations

import pytest

from vaultlint.parse.note import parse_text


def facts(text: str):  # type: ignore[no-untyped-def]
    return parse_text("t.md", text).facts


@pytest.mark.parametrize(
    ("source", "target", "headings", "block", "alias", "embed"),
    [
        ("[[Note]]", "Note", (), None, None, False),
        ("[[Note|alias]]", "Note", (), None, "alias", False),
        ("[[Note#Heading]]", "Note", ("Heading",), None, None, False),
        ("[[Note#H1#H2]]", "Note", ("H1", "H2"), None, None, False),
        ("[[Note#^block-id]]", "Note", (), "block-id", None, False),
        ("[[#Heading]]", "", ("Heading",), None, None, False),
        ("[[#^id]]", "", (), "id", None, False),
        ("[[folder/Note]]", "folder/Note", (), None, None, False),
        ("[[Note.md]]", "Note.md", (), None, None, False),
        ("![[image.png]]", "image.png", (), None, None, True),
        ("![[Note#^id]]", "Note", (), "id", None, True),
    ],
)
def test_wiki_link_forms(
    source: str, target: str, headings: tuple[str, ...], block: str | None, alias: str | None, embed: bool
) -> None:
    (link,) = facts(f"see {source} here\n").wikilinks
    assert (link.target, link.headings, link.block, link.alias, link.embed) == (target, headings, block, alias, embed)
    assert (link.start, link.end) == (4, 4 + len(source))


def test_escaped_pipe_is_the_alias_separator_in_tables() -> None:
    text = "| a | b |\n|---|---|\n| [[Target\\|Label]] | x |\n"
    (link,) = facts(text).wikilinks
    assert (link.target, link.alias) == ("Target", "Label")
    assert text[link.start : link.end] == "[[Target\\|Label]]"


@pytest.mark.parametrize(
    "source",
    [
        "[[link](https://lilianweng.github.io/)]",  # seeds/Deep Learning Topics.md
        "[[pdf]](https://example.org/a.pdf)",
        "`[[Note]]`",
        "%% [[Note]] %%",
        "<!-- [[Note]] -->",
        "\\[[Note]]",
    ],
)
def test_look_alikes_are_not_wiki_links(source: str) -> None:
    assert facts(f"- {source}\n").wikilinks == ()


def test_look_alike_is_a_markdown_link_with_its_url() -> None:
    (link,) = facts("- Blog [[link](https://lilianweng.github.io/)]\n").links
    assert link.url == "https://lilianweng.github.io/"
    assert link.label is not None and link.label.text == "link"


def test_wiki_link_in_fenced_code_is_ignored() -> None:
    assert facts("```\n[[Note]] #tag ^id\n```\n").wikilinks == ()
    assert facts("```\n[[Note]] #tag ^id\n```\n").tags == ()


@pytest.mark.parametrize(
    ("source", "names"),
    [
        ("#PAPER Deep learning", ["PAPER"]),
        ("a #nested/tag b", ["nested/tag"]),
        ("a #tag-with-dash b", ["tag-with-dash"]),
        ("a #tag_1 and #y1984", ["tag_1", "y1984"]),
        ("issue #123 here", []),
        ("https://slideslive.com/#/share?x=1", []),
        ("[x](https://a.org/#frag)", []),
        ("it&#39;s", []),
        ("a`#code`b", []),
        ("word#notatag", []),
        ("%% #hidden %%", []),
    ],
)
def test_tags(source: str, names: list[str]) -> None:
    assert [t.name for t in facts(f"- {source}\n").tags] == names


def test_heading_is_not_a_tag() -> None:
    notes = facts("# Title\n\n#tag\n")
    assert [t.name for t in notes.tags] == ["tag"]
    assert [h.text for h in notes.headings] == ["Title"]


def test_tag_span_covers_the_hash() -> None:
    text = "- #CODE Model Zoo: https://modelzoo.co/\n"
    (tag,) = facts(text).tags
    assert text[tag.start : tag.end] == "#CODE"


def test_block_ids_at_end_of_item_and_on_their_own_line() -> None:
    text = "- #BOOK x: https://a.org ^PBDL\n- y\n\n^own-line\n\nnot ^inside text\n"
    ids = facts(text).block_ids
    assert [b.id for b in ids] == ["PBDL", "own-line"]
    assert text[ids[0].start : ids[0].start + 5] == "^PBDL"


def test_highlight_and_comment_are_recognised() -> None:
    notes = facts("==marked #tag== and %% comment #hidden %%\n")
    assert [t.name for t in notes.tags] == ["tag"]


def test_frontmatter_is_not_markdown() -> None:
    text = '---\ntitle: "# Not a heading"\ntags: [PAPER, code]\n---\n# Real\n'
    notes = facts(text)
    assert [h.text for h in notes.headings] == ["Real"]
    assert notes.frontmatter is not None and notes.frontmatter.data["title"] == "# Not a heading"
    assert [(t.name, t.in_frontmatter) for t in notes.tags] == [("PAPER", True), ("code", True)]
    assert [text[t.start : t.end] for t in notes.tags] == ["PAPER", "code"]


def test_bad_frontmatter_is_reported_not_raised() -> None:
    fm = facts("---\ntitle: [unclosed\n---\nbody\n").frontmatter
    assert fm is not None and fm.data is None and fm.error


def test_crlf_positions_match_lf_positions() -> None:
    lf = parse_text("a.md", "# T\n\n- a [x](https://a.org) #TAG\n")
    crlf = parse_text("a.md", "# T\r\n\r\n- a [x](https://a.org) #TAG\r\n")
    assert crlf.newline == "\r\n"
    assert (
        [crlf.position(t.start) for t in crlf.facts.tags] == [lf.position(t.start) for t in lf.facts.tags] == [(3, 24)]
    )


def test_tab_indented_items_keep_exact_columns() -> None:
    text = "- top\n\t- #CODE https://a.org ^id\n"
    note = parse_text("a.md", text)
    (tag,) = note.facts.tags
    assert note.position(tag.start) == (2, 4)


def test_entries_labels_and_fields() -> None:
    text = '- *cult*: "Deep Learning" [Ian Goodfellow; book; 2016](https://www.deeplearningbook.org/)\n'
    notes = facts(text)
    (entry,) = notes.entries
    (label,) = notes.labels
    assert label.name == "cult" and text[label.start : label.end] == "*cult*:"
    assert entry.title is not None and entry.title.text == '"Deep Learning"'
    assert [f.text for f in entry.fields] == ["Ian Goodfellow", " book", " 2016"]
    assert all(text[f.start : f.end] == f.text for f in entry.fields)
    assert entry.url == "https://www.deeplearningbook.org/"


def test_entry_is_the_link_after_the_title_not_the_first_link() -> None:
    text = '- [**FAISS**](https://faiss.ai/): "Faiss" [Meta AI; ; 2017-03](https://engineering.fb.com/x)\n'
    (entry,) = facts(text).entries
    assert entry.meta.text == "Meta AI; ; 2017-03"


def test_suppression_directives() -> None:
    notes = facts("<!-- vaultlint-disable-next-line ENT001, FMT -->\n- x %% vaultlint-disable %%\n")
    assert [(d.kind, d.codes) for d in notes.directives] == [("disable-next-line", ("ENT001", "FMT")), ("disable", ())]


def test_comment_over_several_paragraphs_hides_everything_inside() -> None:
    text = '# C\n\n%%\n#hidden\n\n- "A" [X; Blog; 2020](https://e.org/1) [[Note]] ^id\n%%\n\n#shown\n'
    notes = facts(text)
    assert [t.name for t in notes.tags] == ["shown"]
    assert notes.entries == () and notes.links == () and notes.wikilinks == () and notes.block_ids == ()


def test_unclosed_comment_runs_to_the_end_of_the_note() -> None:
    assert facts("#a\n\n%% start\n\n#b\n").tags[0].name == "a"
    assert len(facts("#a\n\n%% start\n\n#b\n").tags) == 1


def test_comment_block_can_hold_a_suppression() -> None:
    notes = facts("%%\nvaultlint-disable FMT001\n%%\n")
    assert [(d.kind, d.codes) for d in notes.directives] == [("disable", ("FMT001",))]


@pytest.mark.parametrize(
    ("value", "spans"),
    [
        ("paper, nope", ["paper", "nope"]),
        ('"#paper code"', ["#paper", "code"]),
        ("[a, '#b']", ["a", "#b"]),
        ("\n  - x\n  - y", ["x", "y"]),
    ],
)
def test_frontmatter_tags_have_exact_spans(value: str, spans: list[str]) -> None:
    text = f"---\ntags: {value}\n---\n"
    tags = facts(text).tags
    assert [text[t.start : t.end] for t in tags] == spans
    assert [t.name for t in tags] == [s.lstrip("#") for s in spans]


@pytest.mark.parametrize(
    ("source", "names"),
    [
        ("$x #y$ #real", ["real"]),
        ("$$\n#inmath\n$$ and #after", ["after"]),
        ("costs $5 and $10 #price", ["price"]),
        ("$a$ #t", ["t"]),
    ],
)
def test_math_is_not_tags(source: str, names: list[str]) -> None:
    assert [t.name for t in facts(f"{source}\n").tags] == names


def test_a_line_ending_in_a_pipe_does_not_make_the_next_list_a_table() -> None:
    notes = facts('See also |\n- "T" [A; paper, 2021](https://x.org)\n')
    assert len(notes.entries) == 1 and len(notes.lists) == 1


def test_real_tables_still_parse() -> None:
    text = "| a | b |\n| :-- | --: |\n| [[T\\|L]] | #tag |\n"
    notes = facts(text)
    assert [w.alias for w in notes.wikilinks] == ["L"] and [t.name for t in notes.tags] == ["tag"]


def test_footnotes_are_not_links() -> None:
    notes = facts("Claim one[^1] and two[^1].\n\n[^1]: https://a.org/paper\n\n[^note]: Smith\n")
    assert [link.url for link in notes.links] == ["https://a.org/paper"]


@pytest.mark.parametrize(
    ("meta", "fields"),
    [
        ("A; paper; 2021", ["A", " paper", " 2021"]),
        ("A&amp;B; paper; 2021", ["A&amp;B", " paper", " 2021"]),
        ("A\\; B; paper; 2021", ["A\\; B", " paper", " 2021"]),
        ("`a;b`; paper; 2021", ["`a;b`", " paper", " 2021"]),
        ("A; ; 2021", ["A", " ", " 2021"]),
    ],
)
def test_entry_fields_split_on_bare_semicolons_only(meta: str, fields: list[str]) -> None:
    text = f'- "T" [{meta}](https://x.org)\n'
    (entry,) = facts(text).entries
    assert [f.text for f in entry.fields] == fields
    assert all(text[f.start : f.end] == f.text for f in entry.fields)


@pytest.mark.parametrize(
    ("source", "names"),
    [
        ("**#PAPER** x", ["PAPER"]),
        ("*#paper* ~~#old~~ ==#hi==", ["paper", "old", "hi"]),
        ("snake_case#x and mail#x", []),
    ],
)
def test_tags_inside_inline_markup(source: str, names: list[str]) -> None:
    assert [t.name for t in facts(f"- {source}\n").tags] == names


@pytest.mark.parametrize(
    "url",
    [
        "https://x.org/a?q=#paper",  # issue 12: TAG002 rewrote these fragments as tags
        "https://x.org/a==#paper",
        "https://x.org/*#paper",
        "https://x.org/a_#paper",
        "https://x.org/~~#paper",
    ],
)
def test_a_hash_inside_a_url_is_no_tag_and_the_url_stays_a_link(url: str) -> None:
    notes = parse_text("a.md", f"{url}\n").facts
    assert notes.tags == ()
    assert [link.url for link in notes.links] == [url]


@pytest.mark.parametrize(
    ("source", "names"),
    [
        ("==#hi== x==#no== (==#no==)", ["hi"]),  # only markers between the `#` and a space or the start
        ("***#a*** ~==#b==~ a*#no*", ["a", "b"]),
    ],
)
def test_only_markers_may_stand_before_a_tag(source: str, names: list[str]) -> None:
    assert [t.name for t in facts(f"- {source}\n").tags] == names


def test_heading_text_keeps_tags_and_math() -> None:
    notes = facts("## Papers #PAPER\n\n## The $O(n)$ algorithm\n")
    assert [h.text for h in notes.headings] == ["Papers #PAPER", "The $O(n)$ algorithm"]


def test_wiki_alias_is_trimmed() -> None:
    (link,) = facts("[[Note#H | alias ]]\n").wikilinks
    assert (link.headings, link.alias) == (("H",), "alias")


def test_directives_are_case_insensitive() -> None:
    (d,) = facts("<!-- VaultLint-Disable-Next-Line ENT003 -->\n").directives
    assert (d.kind, d.codes) == ("disable-next-line", ("ENT003",))


def test_two_entries_on_one_line() -> None:
    text = '- "One" [A; paper; 2021](https://x.org/1) and "Two" [B; Blog; 2021](https://x.org/2)\n'
    entries = facts(text).entries
    assert [(e.title.text if e.title else None, e.meta.text) for e in entries] == [
        ('"One"', "A; paper; 2021"),
        ('"Two"', "B; Blog; 2021"),
    ]


def test_raw_inlines_are_code_spans_and_inline_html() -> None:
    text = 'a `b  \nc` <x y="1\n2"> <!-- d --> [[`not`]] e\n\n```\n`fenced`\n```\n'
    assert [text[s:e] for s, e in facts(text).raw_inlines] == ["`b  \nc`", '<x y="1\n2">', "<!-- d -->"]


def test_obsidian_elements_render_inside_an_image_text() -> None:
    # marko renders an image's text as plain text: a wiki link or a tag there crashed the renderer (and the fix
    # guard with it), then left it rendering plain text for every later note.
    from vaultlint.parse.note import render_html

    assert (
        render_html("![[[b]]](u) ![#tag ^id](v)\n")
        == '<p><img src="u" alt="[[b]]" /> <img src="v" alt="#tag ^id" /></p>\n'
    )


def test_a_rendering_that_fails_leaves_the_renderer_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    from vaultlint.parse.note import NoteError, _markdown, render_html

    render_html("x\n")  # sets the renderer up
    renderer = type(_markdown().renderer)

    def broken(self: object, element: object) -> str:
        raise ValueError("broken")

    monkeypatch.setattr(renderer, "render_plain_text", broken)
    with pytest.raises(NoteError, match="cannot be rendered"):
        render_html("![a](u)\n")
    monkeypatch.undo()
    assert render_html("*x*\n") == "<p><em>x</em></p>\n"
