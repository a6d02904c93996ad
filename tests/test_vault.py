"""Link resolution as Obsidian does it (vault.py) and its heading rules (obsidian.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from vaultlint.vault.index import Resolution, Vault
from vaultlint.vault.obsidian import github_slug, match_headings, parent_of, strip_heading

FILES = [
    "Home.md",
    "Machine Learning.md",
    "AI/Deep learning.md",
    "AI/Index.md",
    "Archive/old/Index.md",
    "assets/diagram.png",
    "papers/attention.pdf",
    "Dr. Who.md",
    "notes/Note.v2.md",
    ".trash/Gone.md",
    ".obsidian/app.json",
    "AI/.hidden.md",
]


@pytest.fixture(scope="module")
def vault() -> Vault:
    return Vault(FILES, [f for f in FILES if f.endswith(".md")], {}, lambda rel: None)


@pytest.mark.parametrize(
    ("link", "source", "expected"),
    [
        ("Machine Learning", "Home.md", "Machine Learning.md"),
        ("machine learning", "AI/Deep learning.md", "Machine Learning.md"),  # case ignored, any folder
        ("Machine Learning.md", "Home.md", "Machine Learning.md"),  # .md optional
        ("AI/Deep learning", "Home.md", "AI/Deep learning.md"),  # a path
        ("Deep learning", "Home.md", "AI/Deep learning.md"),  # a name anywhere
        ("ai/DEEP LEARNING.md", "Home.md", "AI/Deep learning.md"),
        ("old/Index", "Home.md", "Archive/old/Index.md"),  # a path suffix
        ("/AI/Index", "Archive/old/x.md", "AI/Index.md"),  # from the vault root
        ("./Index", "Archive/old/x.md", "Archive/old/Index.md"),  # relative
        ("../../AI/Index.md", "Archive/old/x.md", "AI/Index.md"),
        ("diagram.png", "AI/Deep learning.md", "assets/diagram.png"),  # attachments by name
        ("attention.pdf", "Home.md", "papers/attention.pdf"),
        ("Dr. Who", "Home.md", "Dr. Who.md"),  # a dot in a note name
        ("Note.v2", "Home.md", "notes/Note.v2.md"),
        ("", "AI/Index.md", "AI/Index.md"),  # [[#Heading]]: this note
    ],
)
def test_resolves(vault: Vault, link: str, source: str, expected: str) -> None:
    assert vault.resolve(link, source).path == expected


@pytest.mark.parametrize(
    ("link", "source"),
    [
        ("Gone", "Home.md"),  # in .trash: hidden folders are not in the vault
        ("app.json", "Home.md"),
        (".hidden", "AI/Index.md"),  # hidden files neither
        ("diagram", "Home.md"),  # a file other than a note needs its extension
        ("Learning", "Home.md"),  # a suffix must start at a folder boundary
        ("Deep", "Home.md"),
        ("./Index", "Home.md"),  # a relative path is only relative
        ("../Home", "Home.md"),  # outside the vault
        ("B/Index", "Home.md"),
    ],
)
def test_does_not_resolve(vault: Vault, link: str, source: str) -> None:
    assert vault.resolve(link, source).path is None


def test_several_matches_same_folder_first_then_shortest_path(vault: Vault) -> None:
    assert vault.resolve("Index", "Home.md") == Resolution("AI/Index.md", ("Archive/old/Index.md",))
    assert vault.resolve("Index", "Archive/old/x.md") == Resolution("Archive/old/Index.md", ("AI/Index.md",))
    assert vault.resolve("AI/Index", "Home.md") == Resolution("AI/Index.md")  # a path naming one file exactly


def test_a_markdown_link_may_name_a_folder_a_wiki_link_not(vault: Vault) -> None:
    assert vault.resolve("AI/", "Home.md", markdown=True) == Resolution("AI", folder=True)
    assert vault.resolve("./Archive/old", "Home.md", markdown=True) == Resolution("Archive/old", folder=True)
    assert vault.resolve("Archive", "Home.md", markdown=True) == Resolution("Archive", folder=True)
    assert vault.resolve("AI/", "Home.md").path is None
    assert vault.resolve("./Archive/old", "Home.md").path is None


def test_a_file_wins_over_a_folder_of_the_same_path() -> None:
    # `[[B/C#H]]` from A/x.md: the folder A/B/C/ must not hide the note B/C.md
    shadow = Vault(["A/x.md", "A/B/C/y.md", "B/C.md"], ["A/x.md", "A/B/C/y.md", "B/C.md"], {}, dict().get)
    assert shadow.resolve("B/C", "A/x.md").path == "B/C.md"
    assert shadow.resolve("B/C", "A/x.md", markdown=True).path == "B/C.md"


def test_markdown_links_read_relative_to_the_note_first(vault: Vault) -> None:
    assert vault.resolve("Index.md", "Archive/old/x.md", markdown=True) == Resolution("Archive/old/Index.md")
    assert vault.resolve("../../Home.md", "Archive/old/x.md", markdown=True) == Resolution("Home.md")
    assert vault.resolve("../../../x.md", "Archive/old/x.md", markdown=True) == Resolution(None, outside=True)


def test_names_for_suggestions(vault: Vault) -> None:
    names = vault.names()
    assert "Machine Learning" in names and "diagram.png" in names and "Gone" not in names


@pytest.mark.parametrize(
    ("heading", "stripped"),
    [
        # Obsidian's stripHeading: these characters count as spaces, runs of spaces become one
        ("C++: a primer?", "C a primer"),
        ("What is it? (2021)", "What is it 2021"),
        ("a/b [x] {y} <z>", "a b x y z"),
        ("**Bold** and `code`", "Bold and code"),
        ("100% #1 ^top | pipes \\ back", "100 1 top pipes back"),
        ("under_score and dash-es", "under_score and dash-es"),  # `_` and `-` are kept
        ("Ünïcödé  spaces", "Ünïcödé spaces"),
    ],
)
def test_strip_heading(heading: str, stripped: str) -> None:
    assert strip_heading(heading) == stripped


@dataclass(frozen=True)
class H:
    level: int
    text: str


OUTLINE = [H(1, "Top"), H(2, "Part A"), H(4, "Deep"), H(2, "Part B"), H(3, "Detail"), H(1, "Second"), H(2, "Detail")]


@pytest.mark.parametrize(
    ("parts", "matched"),
    [
        (["Top"], 1),
        (["part a"], 1),
        (["Deep"], 1),
        (["Top", "Deep"], 2),
        (["Part A", "Deep"], 2),
        (["Top", "Part B", "Detail"], 3),
        (["Part A", "Detail"], 1),  # Detail is not inside Part A's section
        (["Second", "Detail"], 2),  # the second Detail, under Second
        (["Deep", "Part B"], 1),  # a sibling of the parent is not inside
        (["Nope", "Deep"], 0),
    ],
)
def test_nested_headings(parts: list[str], matched: int) -> None:
    assert match_headings(OUTLINE, parts) == matched


def test_nested_headings_look_under_every_section_of_a_name() -> None:
    twice = [H(2, "A"), H(3, "X"), H(2, "A"), H(3, "B")]
    assert match_headings(twice, ["A", "B"]) == 2
    assert match_headings(twice, ["A", "X", "B"]) == 2


def test_parent_of() -> None:
    assert parent_of(OUTLINE, "Detail") == "Part B"
    assert parent_of(OUTLINE, "Top") == ""
    assert parent_of(OUTLINE, "Nope") is None


def test_github_slug() -> None:
    assert github_slug("Deep Learning (2016)") == "deep-learning-2016"
    assert github_slug("C++: intro") == "c-intro"


def test_the_wik_rules_resolve_each_link_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The WIK family walks every link of every reported note, six rules over: each is resolved once, and the
    walk note by note gives the same links in the same order."""
    from vaultlint.parse.note import parse_text
    from vaultlint.rules import RULES, Context, VaultRule
    from vaultlint.rules._targets import vault_links

    files = {
        "A.md": "# A\n\n[[B]] [[B#Top]] [[Gone]] ![[pic.png]]\n",
        "B.md": "# Top\n\n[[A]] [a](A.md) [[B#Nowhere]] [[A^id]]\n",
        "C.md": "no links\n",
    }
    notes = {path: parse_text(path, text) for path, text in files.items()}
    vault = Vault(files, list(files), notes, files.get)
    walked = [(rel, link) for rel in notes for link in vault.links(rel)]
    asked: list[str] = []
    real = Vault._resolve_in  # what `resolve` and the walk of all links ask, for each link that names a file

    def counted(self: Vault, link: str, here: str, markdown: bool) -> Resolution:
        asked.append(link)
        return real(self, link, here, markdown)

    monkeypatch.setattr(Vault, "_resolve_in", counted)
    for code in ("WIK001", "WIK002", "WIK003", "WIK004", "WIK005", "WIK009"):
        rule = RULES[code]()
        assert isinstance(rule, VaultRule)
        list(rule.check_vault(vault, Context()))
    assert [(note.path, link) for note, link, _ in vault_links(vault)] == walked
    assert len(asked) == len(walked) == 8
