"""A rule's manual (its module docstring, written in a small reST dialect) as plain text and as Markdown."""

from __future__ import annotations

import re

_LITERAL = re.compile(r"``(.+?)``", re.DOTALL)
_TERM = re.compile(r"[\w-]+")  # an option name on a line of its own, its description indented below
_INDENT = 4  # docstring sections are indented by four spaces under their title


def plain(manual: str) -> str:
    """The manual as `vaultlint rule` prints it: reST ``literals`` in single backticks."""
    return manual.replace("``", "`")


def markdown(manual: str) -> str:
    """The manual as Markdown: titles become headings, ``literals`` code spans, `::` blocks fenced code.

    Indented reST text would be a code block in Markdown, so every paragraph is un-indented and joined
    to one line (which also keeps a literal that spans two lines in one code span).
    """
    lines = manual.splitlines()
    out = [_inline(lines[0])] if lines else []
    at = 1
    while at < len(lines):
        line = lines[at]
        if line and not line[0].isspace():
            out += ["", f"## {line.strip()}", ""]
            at += 1
        else:
            at = _body_block(lines, at, out)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def _body_block(lines: list[str], at: int, out: list[str]) -> int:
    """Render the paragraph, list item, option or literal block at ``lines[at]``; return where the next begins."""
    line = lines[at]
    if not line.strip():
        if out and out[-1]:
            out.append("")
        return at + 1
    indent = _indent(line)
    end = at + 1
    text = [line.strip()]
    while end < len(lines) and lines[end].strip() and _continues(text, lines[end], indent):
        text.append(lines[end].strip())
        end += 1
    joined = " ".join(text)
    if joined.endswith("::"):  # reST: "Example::" or a lone "::" introduces a literal block
        intro = joined[:-2].rstrip()
        if intro:
            out.append(_inline(intro + (":" if not intro.endswith(":") else "")))
        return _literal(lines, end, indent, out)
    if end < len(lines) and lines[end].strip() and _indent(lines[end]) > indent:  # an option and its description
        out.append(f"- {_code(joined) if _TERM.fullmatch(joined) else _inline(joined)}:")
        return end
    prefix = "  " if indent > _INDENT and not joined.startswith("- ") and out and out[-1].startswith("- ") else ""
    out.append(prefix + _inline(joined))
    return end


def _continues(text: list[str], line: str, indent: int) -> bool:
    """Whether ``line`` goes on the paragraph (or list item) so far; a literal left open always goes on."""
    if " ".join(text).count("``") % 2 == 1:
        return True
    if line.lstrip().startswith("- "):
        return False
    return _indent(line) == indent or (text[0].startswith("- ") and _indent(line) > indent)


def _literal(lines: list[str], at: int, indent: int, out: list[str]) -> int:
    """A fenced code block from the lines indented deeper than ``indent`` from ``at`` on."""
    block: list[str] = []
    while at < len(lines) and (not lines[at].strip() or _indent(lines[at]) > indent):
        block.append(lines[at])
        at += 1
    while block and not block[-1].strip():
        block.pop()
    while block and not block[0].strip():
        block.pop(0)
    depth = min((_indent(b) for b in block if b.strip()), default=0)
    out += ["", "```", *(b[depth:] for b in block), "```", ""]
    return at


def _inline(text: str) -> str:
    return _LITERAL.sub(lambda m: _code(m.group(1)), text)


def _code(content: str) -> str:
    """A Markdown code span holding ``content``: a fence longer than any backtick run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())
