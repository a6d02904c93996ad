"""PyYAML's errors in plain words: what is wrong in the frontmatter, on which line, and what to write instead.

PyYAML speaks of tokens, simple keys and block ends, and libyaml (the C loader) in yet other words
("found character that cannot start any token" for a tab in the indentation). A note's author needs
the line and the usual cause: a tab, a second `: ` in a value, a quote left open, `@` or `*` at the
start of a value. Each message below names the note's line; an error this module does not know keeps
PyYAML's words, with the line added.
"""

from __future__ import annotations

import re
from typing import Any

from vaultlint.lazyre import lazy_compile
from vaultlint.record import Record, frozen

KEY_RE = lazy_compile(r"[ \t]*(?:-[ \t]+)?(?P<key>[^\s#:][^:\n]*?):(?=[ \t])")  # a line's `key: ` (or `- key: `)
FLOW = {"[": ("list", "]"), "{": ("mapping", "}")}


@frozen
class Explained(Record):
    """An error in plain words, and where in the frontmatter body to point at."""

    message: str
    offset: int


@frozen
class _Error(Record):
    """What PyYAML said, and the frontmatter it said it of."""

    body: str
    first_line: int  # the note's line number of the body's first line
    problem: str
    context: str
    at: int  # the problem's offset in the body (the context's when there is no problem mark)
    opened: int | None  # the context's offset: where the construct that failed began

    def line(self, offset: int) -> int:
        return self.first_line + self.body.count("\n", 0, offset)

    def char(self, offset: int) -> str:
        return self.body[offset] if 0 <= offset < len(self.body) else ""

    def line_text(self, offset: int) -> tuple[int, str]:
        """The start of the line holding ``offset`` and that line's text."""
        start = self.body.rfind("\n", 0, offset) + 1
        end = self.body.find("\n", offset)
        return start, self.body[start : end if end >= 0 else len(self.body)]


def explain(exc: Exception, body: str, first_line: int) -> Explained:
    """``exc`` (raised loading ``body``, whose first line is the note's line ``first_line``) in plain words."""
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    opened = context_mark.index if context_mark is not None else None
    at = problem_mark.index if problem_mark is not None else opened if opened is not None else 0
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    error = _Error(body, first_line, str(problem), str(getattr(exc, "context", None) or ""), at, opened)
    for words in _WORDS:
        message = words(error)
        if message is not None:
            return Explained(message, error.at)
    return Explained(f"{error.problem} (line {error.line(error.at)})", error.at)


def _alias_bomb(e: _Error) -> str | None:
    """Our own words already (frontmatter._check_aliases), pointed at the alias that passes the budget."""
    return e.problem if e.problem.startswith("too many aliases") else None


def _tab_or_character(e: _Error) -> str | None:
    """A tab in the indentation, or a character no YAML value starts with (`@`, a backquote)."""
    if "cannot start any token" not in e.problem and "tab character" not in e.problem:
        return None
    start, _ = e.line_text(e.at)
    tab = e.body.find("\t", start, e.at + 1)
    if tab >= 0 and not e.body[start:tab].strip(" \t"):
        return f"line {e.line(e.at)} is indented with a tab; YAML indents with spaces only"
    if e.char(e.at) == "\t":
        return f"a tab on line {e.line(e.at)} stands where YAML expects a value; write spaces"
    return f'"{e.char(e.at)}" cannot start a YAML value (line {e.line(e.at)}); put the value in quotes'


def _second_colon(e: _Error) -> str | None:
    """`title: Deep Learning: the book`, or a key indented under a value."""
    if "mapping values are not allowed" not in e.problem:
        return None
    start, text = e.line_text(e.at)
    key = KEY_RE.match(text)
    line = e.line(e.at)
    if key is not None and start + key.end() <= e.at:
        return (
            f"line {line} has a second `: ` inside the value of `{key.group('key').strip()}`; YAML reads it "
            "as a key. Put the value in quotes"
        )
    return f"line {line} holds a key indented under a value; line it up with the keys above, or quote the value"


def _unhashable(e: _Error) -> str | None:
    """`created: {{date}}` (outside a template), `? [a]: b`: a mapping or list where a key goes."""
    if "unhashable key" not in e.problem or e.opened is None:
        return None
    kind, _ = FLOW.get(e.char(e.at), ("value", ""))
    curly = " (`{{...}}` outside a template is one)" if e.body.startswith("{{", e.at) else ""
    return (
        f"the {kind} that starts on line {e.line(e.at)} stands where YAML needs a key, which a {kind} cannot "
        f"be{curly}; put the value in quotes"
    )


def _no_colon(e: _Error) -> str | None:
    """A line of text with no `key:` (a value's second line, not indented)."""
    if "could not find expected ':'" not in e.problem:
        return None
    line = e.line(e.opened if e.opened is not None else e.at)
    return (
        f"line {line} is not `key: value`; a value that goes on over lines is indented under its key, "
        "and a key needs `:` after it"
    )


def _stray(e: _Error) -> str | None:
    """Text after a closing quote or bracket, or a line indented unlike the ones above."""
    if "expected <block end>" not in e.problem and "did not find expected key" not in e.problem:
        return None
    line = e.line(e.at)
    if e.char(e.at) == "-":
        return f"line {line} is a list item indented unlike the lines above it; line up the `- `"
    start, _ = e.line_text(e.at)
    before = e.body[start : e.at].rstrip(" \t")
    if before.endswith(('"', "'")):
        return f"text follows the closing quote on line {line}; put the whole value in quotes"
    if before.endswith(("]", "}")):
        return f"text follows the closing `{before[-1]}` on line {line}; put the whole value in quotes"
    return f"line {line} is indented unlike the keys above it"


def _not_an_item(e: _Error) -> str | None:
    if "expected '-' indicator" not in e.problem and "but found '?'" not in e.problem:
        return None
    return f"line {e.line(e.at)} is not a list item (`- `) like the lines above it, nor a key at their level"


def _alias_or_anchor(e: _Error) -> str | None:
    """`title: *important*`: a `*` or `&` at the start of a value names an alias or an anchor."""
    if not e.context.startswith(("while scanning an alias", "while scanning an anchor")):
        return None
    opened = e.opened if e.opened is not None else e.at
    what = "an alias" if "alias" in e.context else "an anchor"
    return (
        f"`{e.char(opened)}` at the start of a value on line {e.line(opened)} starts {what} in YAML; "
        "put the value in quotes"
    )


def _undefined_alias(e: _Error) -> str | None:
    if "undefined alias" not in e.problem:
        return None
    name = re.match(r"\*[^\s,\[\]{}]*", e.body[e.at :])
    alias = name.group() if name else "*"
    return (
        f"`{alias}` on line {e.line(e.at)} names no anchor (`&{alias[1:]}`) in YAML; put the value in "
        "quotes if the `*` is text"
    )


def _open_quote(e: _Error) -> str | None:
    if "quoted scalar" not in e.context or e.opened is None:
        return None
    if "escape" in e.problem or "hex" in e.problem:  # libyaml: "did not find expected hexdecimal number"
        return (
            f"a backslash in the double-quoted value on line {e.line(e.at)} starts an escape YAML does not "
            "know; use single quotes, or write `\\\\`"
        )
    return f"the quote opened on line {e.line(e.opened)} is not closed"


def _open_bracket(e: _Error) -> str | None:
    """`tags: [a, b` left open, or a `:` inside the brackets."""
    match = re.search(r"flow (sequence|mapping)", e.context)
    if match is None or e.opened is None:
        return None
    kind, closer = FLOW["[" if match.group(1) == "sequence" else "{"]
    return (
        f"the {kind} `{e.char(e.opened)}` opened on line {e.line(e.opened)} is not closed by a `{closer}` "
        "where YAML expects it; put the value in quotes if the brackets are text"
    )


def _directive(e: _Error) -> str | None:
    if "directive" not in e.context:
        return None
    return f"`%` at the start of line {e.line(e.at)} starts a YAML directive; put the key in quotes"


def _block_scalar(e: _Error) -> str | None:
    if "block scalar" not in e.context or e.opened is None:
        return None
    return (
        f"`{e.char(e.opened)}` on line {e.line(e.opened)} starts a block of text, and must end its line "
        "(the text goes on the lines below, indented)"
    )


def _duplicate_anchor(e: _Error) -> str | None:
    if "duplicate anchor" not in e.context or e.opened is None:
        return None
    return f"line {e.line(e.at)} sets an anchor already set on line {e.line(e.opened)}; use another name"


def _unknown_type(e: _Error) -> str | None:
    if "could not determine a constructor" not in e.problem:
        return None
    tag = re.match(r"!\S*", e.body[e.at :])
    return (
        f"`{tag.group() if tag else '!'}` on line {e.line(e.at)} asks YAML for a type it does not know; "
        "put the value in quotes"
    )


def _another_document(e: _Error) -> str | None:
    if "single document" not in e.context:
        return None
    return f"a second YAML document starts on line {e.line(e.at)}; a frontmatter holds one"


_WORDS = (
    _alias_bomb,
    _tab_or_character,
    _second_colon,
    _unhashable,
    _no_colon,
    _stray,
    _not_an_item,
    _alias_or_anchor,
    _undefined_alias,
    _open_quote,
    _open_bracket,
    _directive,
    _block_scalar,
    _duplicate_anchor,
    _unknown_type,
    _another_document,
)


def bad_value(node: Any, exc: Exception, body: str, first_line: int) -> Explained:
    """A value YAML reads but cannot build (`date: 2021-02-30`), found in the node graph ``node``; ``exc`` is
    what building it raised. No mark comes with such an error, so the scalar is looked for."""
    import yaml

    reason = (str(exc).splitlines() or [type(exc).__name__])[0]
    for scalar in scalars(node):
        if not scalar.tag.endswith(":timestamp"):
            continue
        try:
            yaml.SafeLoader("").construct_yaml_timestamp(scalar)
        except (ValueError, OverflowError):
            at = scalar.start_mark.index
            line = first_line + body.count("\n", 0, at)
            return Explained(
                f"`{scalar.value}` on line {line} is no date ({reason}); put it in quotes to keep it as text", at
            )
    return Explained(reason, 0)


def scalars(node: Any, keys: bool = True) -> list[Any]:
    """Every scalar of a YAML node graph (mapping keys too, unless ``keys`` is false), in document order; an
    alias's node once (`&r [*r]` would loop)."""
    import yaml

    found, stack, seen = [], [node], set()
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, yaml.MappingNode):
            stack.extend(part for pair in reversed(item.value) for part in reversed(pair if keys else pair[1:]))
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(reversed(item.value))
        else:
            found.append(item)
    return found
