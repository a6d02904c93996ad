"""display's escaping, now that its patterns are compiled on first use: the same text for every code point."""

from __future__ import annotations

import re

from vaultlint import display

# The patterns as display compiled them at import before; the answers they gave are the reference.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
SURROGATE = re.compile("[\ud800-\udfff]")


def test_every_code_point_is_shown_as_before() -> None:
    """Each code point, alone and between letters: `visible`, `decodable`, `in_json` and `has_control` say
    what the eager patterns said (a text str.isprintable passes holds nothing either pattern matches)."""
    escape = display._escape
    for code in range(0x110000):
        for text in (f"a{chr(code)}b", f"é{chr(code)}"):  # ASCII around it, and not
            assert display.visible(text) == CONTROL.sub(escape, text), hex(code)
            assert display.decodable(text) == SURROGATE.sub(escape, text), hex(code)
            assert display.has_control(text) is (CONTROL.search(text) is not None), hex(code)
    document = "".join(chr(code) for code in range(0xD780, 0xE080))
    assert display.in_json(document) == SURROGATE.sub(lambda m: escape(m).replace("\\", "\\\\"), document)
