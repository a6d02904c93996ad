"""The help texts of the command line: its description and each command's epilog of examples."""

DESCRIPTION = """\
Lint an Obsidian-style Markdown vault against its house conventions:
entry format, kinds/tags/labels vocabularies, duplicate links, wiki links,
embeds, headings and block ids that must resolve, Markdown hygiene.
"""


EPILOG = """\
examples:
  vaultlint check seeds/                       check every note under seeds/
  vaultlint check "notes/My note.md"           report one note (the vault around it is still found)
  vaultlint check . --select ENT --output-format concise
  vaultlint check . --select WIK               only links between notes (Obsidian's resolution)
  vaultlint fix seeds/                         show the safe fixes as a diff; --write applies them
  vaultlint check . --output-format sarif      for GitHub code scanning (also json, github)
  vaultlint init                               write a starter vaultlint.toml from the vault's vocabulary
  vaultlint baseline                           record today's findings; then only new ones fail
  vaultlint suppress --write                   or silence them with a comment on each line
  vaultlint rules                              list every rule
  vaultlint rule ENT001                        show a rule's manual

Configuration lives in [tool.vaultlint] of pyproject.toml, or in vaultlint.toml /
.vaultlint.toml, found by walking up from the checked path. A config's `root` and
`baseline` stay inside its folder: one outside it is said with --root or --baseline.
Exit status (check): 0 no problems, 1 problems found, 2 usage, config or read error.
As a pre-commit hook: ids `vaultlint` and `vaultlint-fix` (see README).
"""


CHECK_EPILOG = """\
examples:
  vaultlint check .                            every note under the working folder
  vaultlint check . --statistics               a count per rule (with --output-format json: in the report)
  vaultlint check . --show-fixes               under each finding, what its fix would change
  vaultlint check . --diff                     the fixes as a diff, as `vaultlint fix` shows them

Selectors (for --select, --extend-select, --ignore) are codes (ENT001),
names (entry-syntax), code prefixes (ENT) or ALL, comma separated. --select
replaces the config's selection; --extend-select and --ignore adjust it. The
more specific selector wins, as in ruff: `--select ENT003 --ignore ENT` keeps
ENT003, `--ignore ALL --select WIK` runs only the WIK rules.

Suppress a finding in a note with
  <!-- vaultlint-disable-next-line ENT003 -->   or   %% vaultlint-disable-next-line ENT003 %%
  <!-- vaultlint-disable FMT001 --> ... <!-- vaultlint-enable FMT001 -->
"""


FIX_EPILOG = """\
examples:
  vaultlint fix seeds/                         show what would change, as a diff (nothing is written)
  vaultlint fix seeds/ > fixes.patch           the same, as a patch for `git apply`
  vaultlint fix --write .                      write the safe fixes
  vaultlint fix --write --unsafe-fixes .       also the unsafe ones (review the diff first)
  vaultlint fix --write --select ENT003,FMT001 .   only these rules' fixes
  vaultlint fix --format --write .             also normalize with mdformat
  vaultlint fix --show-fixes .                 the diff, then each note's fixes by rule

Before any note is written, a guard checks that every URL, wiki link, tag, block id,
heading and list item is still there, that the frontmatter parses to the same data and
that fixing again changes nothing; a note that fails, that is read-only, or that
changed on disk meanwhile is left as it was and named on stderr. Line endings, BOM and
permissions are kept; notes that do not change are never touched.
Exit status: 0 nothing to fix (or, with --write, no problem left), 1 changes to make
(or, with --write, problems left), 2 usage, config or read error, or a note left unfixed.
"""


BASELINE_EPILOG = """\
examples:
  vaultlint baseline .                         record every current finding in .vaultlint-baseline.json
  vaultlint check --baseline .vaultlint-baseline.json .   report only findings that are not in it
  vaultlint baseline "notes/A.md"              update the entries of one note, keep the others

When the config names no baseline, `baseline = ".vaultlint-baseline.json"` is added to it (one
line, the rest of the file as it was), so that `vaultlint check` and the pre-commit hook block
only new problems; with -o, or without a config file, the line to add is printed instead. Run
`vaultlint baseline` again after fixing old findings, to drop them.
Exit status: 0 written, 2 usage, config or read error.
"""


SUPPRESS_EPILOG = """\
examples:
  vaultlint suppress notes/                    show the comments that would be added, as a diff
  vaultlint suppress --write --select WIK001 notes/   silence today's broken links, nothing else

Each comment names the codes it silences, so new problems of other rules on the
line still show, and `grep -rn vaultlint-disable` lists what is left to clean up.
A finding with a safe fix gets no comment: `vaultlint fix --write` removes the
problem, where a comment would keep it (run it first, or after). Some lines
cannot hold a comment without changing the note: code blocks, HTML
and %% blocks, display math, headings (links use their names), blank lines,
rules, table delimiter rows, a line ending in a backslash break. Those
findings are listed; record them with `vaultlint baseline` instead.
Every note is checked by the same guard as `fix` before it is written.
"""
