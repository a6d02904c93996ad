"""yaml_plain: a frontmatter it reads gives the data, tags, links and spans PyYAML gives; all else it declines."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultlint.parse import frontmatter, yaml_load, yaml_plain
from vaultlint.parse.yaml_digest import digest_data
from vaultlint.parse.yaml_plain import Scalar, read_plain

ROOT = Path(__file__).resolve().parent.parent


def _by_pyyaml(body: str) -> tuple[object, list[tuple[str | None, list[Scalar]]], list[Scalar]]:
    """PyYAML's data, key fields and value scalars of ``body``, an empty value's null scalar left out (yaml_plain
    has none: no `#tag` can follow it there)."""
    loaded = yaml_load.load(body)
    kept = [
        (key, [s for s in scalars if s.value or not s.tag.endswith(":null")])
        for key, scalars in yaml_load.fields_of(loaded.node)
    ]
    values = [s for s in yaml_load.value_scalars(loaded.node) if s.value or not s.tag.endswith(":null")]
    return loaded.data, kept, values


def _read_both(body: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """read_frontmatter of a note with ``body``, with yaml_plain and with PyYAML alone."""
    text = f"---\n{body}---\n# Note\n"
    el = SimpleNamespace(source_span=(0, len(body) + 8), body_start=4, body=body)
    plain = frontmatter.read_frontmatter(text, el)
    with monkeypatch.context() as patched:
        patched.setattr(frontmatter, "read_plain", lambda _: None)
        pyyaml = frontmatter.read_frontmatter(text, el)
    return plain, pyyaml


def assert_same_as_pyyaml(body: str) -> bool:
    """Whether yaml_plain read ``body``; where it did, that PyYAML reads it to the same data and scalars."""
    plain = read_plain(body)
    if plain is None:
        return False
    data, fields, values = _by_pyyaml(body)
    assert digest_data(plain.data) == digest_data(data) and plain.data == data, body
    assert plain.fields == fields, body
    assert [s for _, scalars in plain.fields for s in scalars] == values, body
    assert frontmatter.multiline_scalars(body) == [] == yaml_load.multiline_scalars(body)
    return True


KEYS = ["title", "tags", "tag", "aliases", "Date Created", "x-y", "a_b", "yes", "On", "null", "3d", "a  b", "ünï"]
VALUES = [
    "",
    "x",
    "A note",
    "yes",
    "No",
    "off",
    "TRUE",
    "null",
    "~",
    "0",
    "7",
    "012",
    "2024",
    "1_000",
    "1.5",
    ".5",
    "-3",
    "+3",
    "0x1F",
    "1:30",
    "2024-01-31",
    "2021-02-30",
    "2024-1-31",
    "2024-01-31 10:00",
    "3D printing",
    "a: b",
    "a:b",
    "a #b",
    "C#",
    "end:",
    "see [[Note]]",
    "[[Note]]",
    "https://example.com/a?b=c#d",
    "ünïcödé",
    "emoji 🙂",
    "*alias",
    "&anchor x",
    "!tag x",
    "|",
    ">",
    "@me",
    "`code`",
    "%x",
    '"quoted"',
    "'single'",
    '"with \\" escape"',
    "'it''s'",
    '"#paper"',
    "'[[Link]]'",
    '""',
    "[]",
    "[a, b]",
    "[a,b]",
    "[ a , b ]",
    "[a, [b]]",
    "[a,]",
    "[2024-01-31, yes, 3]",
    '["#x", y]',
    "[a: b]",
    "{a: b}",
    "a, b, c",
    "#paper",
    "x\u00a0y",
    "x\u2028y",
    "x\x85y",
    "tab\there",
    "x   y",
]
LINE = st.one_of(
    st.tuples(
        st.sampled_from(KEYS),
        st.sampled_from([":", ": ", ":  ", " : "]),
        st.sampled_from(VALUES),
        st.sampled_from(["", " ", "  "]),
    ).map("".join),
    st.tuples(
        st.sampled_from(["", "  ", "    ", " "]),
        st.sampled_from(["- ", "-  ", "-"]),
        st.sampled_from(VALUES),
        st.sampled_from(["", " "]),
    ).map("".join),
    st.sampled_from(["", "  ", "# a comment", "---", "...", "  nested: x", "\tx: y", "key"]),
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, min_size=1, max_size=8))
def test_generated_frontmatter(lines: list[str]) -> None:
    body = "".join(line + "\n" for line in lines)
    if assert_same_as_pyyaml(body):
        return
    # declined: PyYAML reads it (or reports it), as before


def test_read_frontmatter_is_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    body = 'title: A [[Note]]\ntags:\n  - paper\n  - "#code"\n  - 2024\nrelated: "[[Other#Part]]"\nk: {{date}} x\n'
    plain, pyyaml = _read_both(body, monkeypatch)
    assert read_plain(body) is None  # `{{` opens no plain value: PyYAML's
    body = "title: A [[Note]]\ntags:\n  - paper\n  - '#code'\n  - 2024\nrelated: \"[[Other#Part]]\"\nk: x {{date}}\n"
    assert read_plain(body) is not None
    plain, pyyaml = _read_both(body, monkeypatch)
    assert plain == pyyaml
    facts, tags, links = plain  # type: ignore[misc]
    assert [t.name for t in tags] == ["paper", "code"] and len(links) == 2
    assert facts.data["k"] == "x {{date}}"


def test_types_as_pyyaml_reads_them() -> None:
    plain = read_plain("a: yes\nb: 2024-01-31\nc: 12\nd:\ne: ~\nf: [x, 'y']\ng: No\n")
    assert plain is not None
    assert plain.data == {
        "a": True,
        "b": datetime.date(2024, 1, 31),
        "c": 12,
        "d": None,
        "e": None,
        "f": ["x", "y"],
        "g": False,
    }


@pytest.mark.parametrize(
    "body",
    [
        "a: 1.5\n",
        "a: b: c\n",
        "a: x # c\n",
        "# c\na: b\n",
        "a:\n  b: c\n",
        "a: x\n  y\n",
        "a: 2021-02-30\n",
        "a: x\na: y\n",
        "a:\n  -\n",
        "a:\n- x\n  - y\n",
        "a: [x,\n  y]\n",
        "a:\tb\n",
        "yes: b\n",
        "- a\n",
        "a: *b\n",
        "a: 'x''y'\n",
        "a: 1234567890123456789\n",
        'a: "x\\ty"\n',
        "a: \x07\n",
        "\ufeffa: b\n",
        "",
    ],
)
def test_declines_what_it_does_not_read(body: str) -> None:
    assert read_plain(body) is None


def _corpus_bodies() -> Iterator[str]:
    for root in ("seeds", "bench/corpus", "tests/vaults", "rules"):
        for path in sorted((ROOT / root).rglob("*")):
            if path.suffix not in (".md", ".yml") or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for chunk in text.split("\n---\n") if path.suffix == ".yml" else [text]:
                start = chunk.find("---\n")
                end = chunk.find("\n---", start + 4)
                if start != -1 and end != -1:
                    yield chunk[start + 4 : end + 1]


def test_real_frontmatter(monkeypatch: pytest.MonkeyPatch) -> None:
    bodies = list(_corpus_bodies())
    read = 0
    for body in bodies:
        try:
            yaml_load.load(body)
        except yaml_load.CONSTRUCT_ERRORS:
            assert read_plain(body) is None, body
            continue
        read += assert_same_as_pyyaml(body)
        plain, pyyaml = _read_both(body, monkeypatch)
        assert plain == pyyaml, body
    print(read, len(bodies))
    assert len(bodies) > 200 and read > 0.8 * len(bodies)


def test_what_str_isprintable_takes_pyyaml_reads_as_itself() -> None:
    """`_printable`'s quick answer: every character str.isprintable takes is one PyYAML's reader takes, on one
    line (and none it declines: no U+2028, U+2029, NEL or BOM)."""
    printable = [chr(code) for code in range(0x110000) if chr(code).isprintable()]
    assert all(" " <= c <= "~" or yaml_plain._wide(c) for c in printable)
    assert read_plain("a: x\u00a0y\n") is not None and read_plain("a: x\u2028y\n") is None
