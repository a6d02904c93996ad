"""The class marko's inline parse makes links and emphasis with, made once for a parser's elements."""

# Apart from scan/inlines.py because it is a class made in a function (it closes over the parser's elements, as
# inline_parser.parse's own does), which mypyc does not compile; inlines.py is compiled (setup.py).

from __future__ import annotations

from typing import Any

from marko.inline import InlineElement
from marko.inline_parser import MatchObj


def link_or_emph(classes: dict[str, Any]) -> type[Any]:
    """The element class whose instances are the Link, Image, Emphasis or StrongEmphasis of ``classes`` that a
    match names, as inline_parser.parse defines it at each call."""

    class LinkOrEmph(InlineElement):
        parse_children = True

        def __new__(cls, match: MatchObj) -> Any:
            return classes[match.etype](match)

    return LinkOrEmph
