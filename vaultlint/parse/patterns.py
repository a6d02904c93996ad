"""The Obsidian syntax's patterns and the nesting bounds, one copy for the full parse and the outline scan."""

# The full parse (syntax.py, linkrefs.py, on marko) and the outline scan (scan/, which does not import marko)
# must read a note alike, so both take these from here; nothing here imports marko.

from __future__ import annotations

import re

# Leading YAML block: `---` on the first line, closed by `---` or `...`.
FRONTMATTER_RE = re.compile(r"---[ \t]*\n(?P<body>(?:.*\n)*?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
# A `%%` comment block: a line opening `%%` that does not close it on the same line.
COMMENT_BLOCK_RE = re.compile(r" {,3}%%(?![^\n]*%%)")
# marko's `[^label]:` allows any whitespace in the label and after the colon; a tab or a line break
# there makes marko 2.2.4 loop forever. Labels of words and spaces, spaces after: the same footnotes.
FOOTNOTE_DEF_RE = re.compile(r" {,3}\[\^([^\]\s]+(?: +[^\]\s]+)*)\]:[ ]*(?=\S| {4})")
# A GFM table's delimiter cell, anchored: marko 2.2.4's prefix match made `See also |` over a list a table.
CELL_DELIMITER_RE = re.compile(r":?-+:?$")

# `(?!\()`: `[[pdf]](url)` is a Markdown link around `[pdf]`, not a wiki link.
WIKILINK_RE = re.compile(r"(?P<bang>!?)\[\[(?P<body>[^\[\]\n]*)\]\](?!\()")
# Obsidian tags: letters, digits, `_`, `-`, `/`, not all digits; at the start, after a space,
# or right inside emphasis, strike-through or highlight markers (`**#tag**`, `==#tag==`).
# The lookbehind sees one character only; tagtext.tag_matches() checks the whole run before the `#`.
TAG_RE = re.compile(r"(?<![^\s*_~=])#(?P<name>(?!\d+(?![\w/-]))[\w/-]+)")
# `^block-id` at the end of a paragraph or list item.
BLOCK_ID_RE = re.compile(r"(?<!\S)\^(?P<id>[A-Za-z0-9-]+)[ \t]*(?=\n?\Z)")
# `%% hidden text %%` within a line or paragraph.
COMMENT_RE = re.compile(r"%%(?P<body>[\s\S]*?)%%")
# `$inline$` and `$$display$$` LaTeX; as in Obsidian (and Pandoc), `$` must hug its content and a closing `$`
# may not be followed by a digit, so "$5 and $10" stays text.
MATH_RE = re.compile(r"\$\$[\s\S]+?\$\$|(?<![\\$\w])\$(?![\s$])(?:[^$\n\\]|\\.)*?(?<!\s)\$(?![\d$])")
# `==highlighted==` text.
HIGHLIGHT_RE = re.compile(r"==(?=\S)(?P<body>[\s\S]*?\S)==")

# Containers deeper than this are read as text: marko recurses once a level and has no bound, and the joined
# prefix of many quotes and footnotes backtracks exponentially on a line that fails it (~0.1 s for 20 nested
# quotes); nothing real nests 32 lists or 12 quotes deep.
MAX_DEPTH = 64  # open containers: a list and its item count one each
MAX_FLEXIBLE = 12  # open quotes and footnote definitions
PAREN_DEPTH = 32  # parentheses a link destination may nest (more, and it is none): markdown-it's and cmark's bound
