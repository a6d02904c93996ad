"""One config group's index: per note, its stamp and digest, and what its last check left (read strictly)."""

from __future__ import annotations

import itertools
import operator
import os
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar

from vaultlint.cache.codec import FORMAT, SCHEMA, CacheFormatError, json_parts, load_json
from vaultlint.gcpause import gc_paused
from vaultlint.record import Record, frozen

NEWLINES = ("\n", "\r\n")
# A file changed this recently may change again within its clock's granularity keeping its size and
# time: its stamp is not trusted next run (the note is hashed instead), as git treats "racy" entries.
RACY_SECONDS = 2.0


@frozen
class Entry(Record):
    """A note as the cache last saw it. What it holds besides goes in files of its own, named by its digest
    (Store.side_path): an index of 10,000 notes holding them all took seconds and 529 MiB to read, though a
    pre-commit run needs one note's findings, and a run where nothing changed needs no note's links."""

    size: int
    mtime_ns: int  # 0: not to be trusted (the note changed within a second of being read: hash it next time)
    digest: str
    newline: str
    bom: bool
    links: bool = False  # its links to notes and files are kept (codec.encode_links)
    outline: bool = False  # its headings, block ids and URLs are kept (codec.encode_outline)
    # Its text's length and whether it surely holds no suppression comment (`findings.suppress.unmarked`), as
    # read (-1: not known): what a warm run needs of a note its stamp vouches for, which it then does not read.
    length: int = -1
    plain: bool = False

    @staticmethod
    def trusted(mtime_ns: int) -> int:
        """The mtime to record for a file just read: 0 (never trusted) when it is too recent to vouch for it."""
        return 0 if time.time() - mtime_ns / 1e9 < RACY_SECONDS else mtime_ns

    def stamped(self, size: int, mtime_ns: int) -> bool:
        """Whether a file of this size and time is this note unchanged (without reading it)."""
        return self.mtime_ns != 0 and (size, mtime_ns) == (self.size, self.mtime_ns)


def _entry_init(
    self: Entry,
    size: int,
    mtime_ns: int,
    digest: str,
    newline: str,
    bom: bool,
    links: bool = False,
    outline: bool = False,
    length: int = -1,
    plain: bool = False,
) -> None:
    """Entry's __init__, its instance dict filled at once: the frozen dataclass's sets each field by
    object.__setattr__, twice as slow, and a run reads an entry for every note of the vault."""
    fields = self.__dict__
    fields["size"], fields["mtime_ns"], fields["digest"], fields["newline"] = size, mtime_ns, digest, newline
    fields["bom"], fields["links"], fields["outline"] = bom, links, outline
    fields["length"], fields["plain"] = length, plain


Entry.__init__ = _entry_init  # type: ignore[method-assign]


FIELDS = ("size", "mtime_ns", "digest", "newline", "bom", "links", "outline", "length", "plain")  # a journal row's

# The index file holds its entries a column at a time (`LAYOUT`): the notes' vault paths (sorted, each once), then
# their sizes, mtimes, digests and lengths, and one character a note for its newline and flags. A row a note
# (10,000 lists of 9 values) took three times as long to parse, and each row made an entry a run of one note
# never asks for: an entry is made from the columns when first asked for (`Entries`).
LAYOUT = "columns"  # an index without it (a row a note) is refused: written whole again
COLUMNS = ("paths", "sizes", "mtimes", "digests", "lengths", "flags")
# A note's newline and flags as one base-32 digit: 1 CRLF, 2 bom, 4 links, 8 outline, 16 plain.
FLAGS: dict[str, tuple[str, bool, bool, bool, bool]] = {
    char: (NEWLINES[bits & 1], bool(bits & 2), bool(bits & 4), bool(bits & 8), bool(bits & 16))
    for bits, char in enumerate("0123456789abcdefghijklmnopqrstuv")
}
_FLAG_OF = {flags: char for char, flags in FLAGS.items()}


ValueT = TypeVar("ValueT")


_NONE = object()


class Tracked(dict[str, ValueT]):
    """A dict that remembers the keys set or removed since it was made (``touched``), or that it was changed
    otherwise (``whole``): what a run changed of the index it read, for the journal (`cache.journal`)."""

    __slots__ = ("touched", "whole")

    def __init__(self, items: Mapping[str, ValueT] | Iterable[tuple[str, ValueT]] = ()) -> None:
        super().__init__(items)
        self.touched: set[str] = set()
        self.whole = False

    def __setitem__(self, key: str, value: ValueT) -> None:
        if key not in self.touched and dict.get(self, key, _NONE) == value:
            return  # set again as it was (a note stat'ed anew, unchanged): nothing for the journal to keep
        self.touched.add(key)
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self.touched.add(key)
        super().__delitem__(key)

    def pop(self, key: str, *default: Any) -> Any:
        self.touched.add(key)
        return super().pop(key, *default)

    # Any other change: not told key by key, so the whole index is written.
    def update(self, *args: Any, **kwargs: Any) -> None:
        self.whole = True
        super().update(*args, **kwargs)

    def setdefault(self, key: str, default: Any = None) -> Any:
        self.whole = True
        return super().setdefault(key, default)

    def popitem(self) -> tuple[str, ValueT]:
        self.whole = True
        return super().popitem()

    def clear(self) -> None:
        self.whole = True
        super().clear()


@frozen(slots=True)
class Columns(Record):
    """The entries of an index file as it holds them (`LAYOUT`), checked whole (`entries_of`)."""

    paths: list[str]
    sizes: list[int]
    mtimes: list[int]
    digests: list[str]
    lengths: list[int]
    flags: str


class Entries(Tracked[Entry]):
    """The index's entries by vault path, each made from the file's columns when first asked for: a run naming
    one note of a 10,000-note vault asks for a few, and compares the others' stamps a column at a time
    (`stamped`). Until made, a note's value in the dict itself is its place in the columns (an int): every
    method that gives values makes them first."""

    __slots__ = ("_columns", "merged")

    def __init__(
        self, items: Mapping[str, Entry] | Iterable[tuple[str, Entry]] = (), columns: Columns | None = None
    ) -> None:
        super().__init__(items)
        self._columns = columns
        self.merged: set[str] = set()  # the notes a journal gave (`merge`): their entries are not the columns'
        if columns is not None:
            places: dict[str, Entry | int] = self  # type: ignore[assignment]  # until made (`_made`)
            dict.update(places, zip(columns.paths, range(len(columns.paths)), strict=True))  # not `Tracked.update`

    def _made(self, key: str, at: int) -> Entry:
        columns = self._columns
        assert columns is not None  # an int is a place in them
        newline, bom, links, outline, plain = FLAGS[columns.flags[at]]
        size, mtime, length = columns.sizes[at], columns.mtimes[at], columns.lengths[at]
        entry = Entry(size, mtime, columns.digests[at], newline, bom, links, outline, length, plain)
        dict.__setitem__(self, key, entry)  # made, not changed: nothing for the journal
        return entry

    def __getitem__(self, key: str) -> Entry:
        value: Entry | int = dict.__getitem__(self, key)
        return self._made(key, value) if type(value) is int else value  # type: ignore[return-value]

    def get(self, key: str, default: Entry | None = None) -> Entry | None:  # type: ignore[override]
        value: Entry | int | None = dict.get(self, key)
        if value is None:
            return default
        return self._made(key, value) if type(value) is int else value  # type: ignore[return-value]

    def _every(self) -> None:
        """Make every entry not made yet."""
        if self._columns is not None:
            places: dict[str, Entry | int] = self  # type: ignore[assignment]
            for key, value in [(key, value) for key, value in dict.items(places) if type(value) is int]:
                self._made(key, value)

    def __setitem__(self, key: str, value: Entry) -> None:
        self.get(key)  # made: an entry set again as it was is no change (`Tracked`)
        super().__setitem__(key, value)

    def pop(self, key: str, *default: Any) -> Any:
        self.get(key)
        return super().pop(key, *default)

    def setdefault(self, key: str, default: Any = None) -> Any:
        self.get(key)
        return super().setdefault(key, default)

    def popitem(self) -> tuple[str, Entry]:
        self._every()
        return super().popitem()

    def items(self) -> Any:
        self._every()
        return super().items()

    def values(self) -> Any:
        self._every()
        return super().values()

    def copy(self) -> dict[str, Entry]:
        self._every()
        return dict(self)

    def __eq__(self, other: object) -> bool:
        self._every()
        if isinstance(other, Entries):
            other._every()
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]  # as a dict's

    def __repr__(self) -> str:
        self._every()
        return dict.__repr__(self)

    def merge(self, entries: Mapping[str, Entry], gone: Iterable[str]) -> None:
        """Put a journal's entries over these, and drop the notes it says are gone: the file's, not this run's
        changes (through dict's own methods: not ``touched``)."""
        dict.update(self, entries)
        for rel in gone:
            dict.pop(self, rel, None)
            self.merged.add(rel)
        self.merged.update(entries)

    def stamped(self, walked: Mapping[str, tuple[int, int]]) -> dict[str, str]:
        """The digest of each note whose entry's stamp is trusted (`Entry.stamped`) and is the one ``walked`` gives
        it (the walk's), by vault path: the columns compared whole, in C's loops (a loop of Python a note was a
        tenth of a pre-commit run's vault rules), then the entries changed since the file was read one by one."""
        columns = self._columns
        if columns is None or self.whole:
            return {rel: e.digest for rel, e in self.items() if _stamped(e, walked.get(rel))}
        paths = columns.paths
        same = map(operator.eq, map(walked.get, paths), zip(columns.sizes, columns.mtimes, strict=True))
        found = dict(itertools.compress(zip(paths, columns.digests, strict=True), same))
        if 0 in columns.mtimes:  # never trusted (changed within a moment of being read)
            for rel in itertools.compress(paths, map(operator.not_, columns.mtimes)):
                found.pop(rel, None)
        for rel in self.touched | self.merged:
            found.pop(rel, None)
            entry = self.get(rel)
            if entry is not None and _stamped(entry, walked.get(rel)):
                found[rel] = entry.digest
        return found


def _stamped(entry: Entry, walked: tuple[int, int] | None) -> bool:
    """`Entry.stamped` of the walk's stamp of its note, if the walk found it."""
    return walked is not None and entry.stamped(*walked)


class Index:
    """A run's working copy of the index: read at its start, written at its end when it changed.

    The file is two lines: the entries (and the vault state), then the vault rules' findings, parsed when first
    asked for. A run naming a note just edited (pre-commit's) has a vault state of its own: it never asks, and
    the findings of a 10,000-note vault (3.8 MB of the file's 5.3) took 40% of reading it."""

    def __init__(
        self,
        settings: str,
        notes: Entries | None = None,
        vault_state: str | None = None,
        vault_findings: dict[str, list[str]] | None = None,
        changed: bool = False,
    ) -> None:
        self.settings = settings  # what the findings were found under (rules, options, conventions, the day)
        self.notes = Entries() if notes is None else notes  # by vault path
        self.vault_state = vault_state  # the vault the vault rules last saw (its files, notes' digests, settings)
        self._rows: dict[str, list[str]] = {} if vault_findings is None else vault_findings
        self._raw: memoryview | None = None  # the findings' line as read (the file's bytes), not parsed yet
        self.changed = changed
        # The file's own id, new at each write ("": none read). A journal of the entries changed since names it
        # (`cache.journal`).
        self.id = ""
        self.journal: set[str] = set()  # the vault paths whose entries a journal gave
        # The vault state and findings as read (None: not read under these settings; the findings None: not
        # parsed): the journal keeps entries only, so a run that changed these, or the settings, writes it whole.
        self.read_vault: tuple[str | None, dict[str, list[str]] | None] | None = None

    @property
    def vault_findings(self) -> dict[str, list[str]]:
        """The vault rules' findings on each note reported under ``vault_state``, by vault path: [shown path,
        findings payload as JSON text], then RENAMABLE when their texts name no note by its shown path
        (`engine.cached.renamable`: a run naming the vault otherwise may rename them). Text: read as one string
        each, and parsed only for the notes a run reports (a 10,000-note vault's, parsed whole, took 80 MiB).
        Found damaged, none (each note's found again), and the index is written whole."""
        if self._raw is not None:
            raw, self._raw = self._raw, None
            try:
                rows: Tracked[list[str]] = Tracked(_vault_findings(_object(load_json(bytes(raw)), "vault findings")))
            except CacheFormatError:
                rows = Tracked()
                rows.whole = True
            self._rows = rows
            if self.read_vault is not None:
                self.read_vault = (self.read_vault[0], rows)
        return self._rows

    @vault_findings.setter
    def vault_findings(self, rows: dict[str, list[str]]) -> None:
        self._raw = None
        self._rows = rows

    def holds_other_state(self, state: str) -> bool:
        """Whether the index holds vault findings kept for another vault state than ``state`` (not parsed)."""
        if self.vault_state == state:
            return False
        if self._raw is not None:  # not parsed for this: none is the text `{}`
            return len(self._raw) != 2 or self._raw.tobytes() != b"{}"
        return bool(self._rows)

    def vault_changed(self) -> bool:
        """Whether the vault state or its findings changed since the index was read (or it was not read)."""
        if self.read_vault is None:
            return True
        state, rows = self.read_vault
        if self.vault_state != state:
            return True
        if self._raw is not None:  # never parsed: as read
            return False
        return self._rows is not rows or not isinstance(rows, Tracked) or bool(rows.touched) or rows.whole


def new_id() -> str:
    """An index file's id: what a journal names it by (random: never the same for two writes)."""
    return os.urandom(8).hex()


def index_of(data: bytes, settings: str) -> Index:
    """The index an index file's bytes hold (`index_text`), its vault findings kept only when they were found
    under ``settings`` (and parsed when first asked for).

    CacheFormatError for anything this codec did not write (its findings' line: when parsed).
    """
    # The findings' line a view of the bytes read: not copied (3.8 MB of 5.3 at 10,000 notes) unless parsed.
    end = data.find(b"\n")
    if end < 0 or not data.endswith(b"\n") or data.find(b"\n", end + 1) != len(data) - 1:  # two lines, each whole
        raise CacheFormatError("index: expected two lines")
    return index_from(load_json(data[:end]), settings, memoryview(data)[end + 1 : -1])


NO_ROWS = memoryview(b"{}")


@gc_paused()  # 10,000 entries, and the lists they are read from: no garbage among them
def index_from(payload: object, settings: str, rows: memoryview = NO_ROWS) -> Index:
    """The index of a file's first line's JSON values ``payload``, its findings' line ``rows`` (`index_of`).

    CacheFormatError for anything this codec did not write.
    """
    opened = _object(payload, "index")
    if opened.get("format") != FORMAT or opened.get("schema") != SCHEMA or opened.get("layout") != LAYOUT:
        raise CacheFormatError("an index of another format")
    if opened.keys() != {"format", "schema", "layout", "settings", "id", "notes", "vault"}:
        raise CacheFormatError("index: unexpected keys")
    index = Index(settings, entries_of(_object(opened["notes"], "notes")))
    index.id = _id(opened["id"])
    state = opened["vault"]
    if state is not None:
        _text(state)
    if opened["settings"] == settings:  # else its vault findings are gone, and the settings changed: written whole
        if state is not None:
            index.vault_state, index._raw = state, rows
        index.read_vault = (index.vault_state, None)
    return index


def index_text(index: Index) -> Iterator[str | bytes | memoryview]:
    """The text of ``index``'s file, in parts (`Store.write_parts`): the findings as read when never parsed."""
    state = index.vault_state
    head = {"format": FORMAT, "schema": SCHEMA, "layout": LAYOUT, "settings": index.settings, "id": index.id}
    yield from json_parts({**head, "notes": columns_of(index.notes), "vault": state})
    yield "\n"
    if state is None:
        yield "{}"
    elif index._raw is not None:
        yield index._raw
    else:
        yield from json_parts(index.vault_findings)
    yield "\n"


_ID_RE = re.compile(r"(?:[0-9a-f]{16})?")  # "": no journal names it


def _id(value: object) -> str:
    if type(value) is not str or not _ID_RE.fullmatch(value):
        raise CacheFormatError("index: bad id")
    return value


def columns_of(entries: Mapping[str, Entry]) -> dict[str, object]:
    """``entries`` as the index file holds them (`LAYOUT`); an entry of a newline or flag no digit says (none
    this writes) is left out: its note is read and hashed again next run, as one the index does not know."""
    made = sorted(entries.items())
    made = [(rel, e) for rel, e in made if (e.newline, e.bom, e.links, e.outline, e.plain) in _FLAG_OF]
    kept = [e for _, e in made]
    return {
        "paths": [rel for rel, _ in made],
        "sizes": [e.size for e in kept],
        "mtimes": [e.mtime_ns for e in kept],
        "digests": [e.digest for e in kept],
        "lengths": [e.length for e in kept],
        "flags": "".join([_FLAG_OF[e.newline, e.bom, e.links, e.outline, e.plain] for e in kept]),
    }


def entries_of(raw: dict[str, Any]) -> Entries:
    """The entries of an index file's columns ``raw`` (`LAYOUT`), checked a column at a time, as strictly as
    one entry at a time: CacheFormatError for anything `columns_of` did not write."""
    if raw.keys() != set(COLUMNS):
        raise CacheFormatError("index: unexpected columns")
    paths, sizes, mtimes, digests, lengths, flags = (raw[name] for name in COLUMNS)
    count = len(paths) if type(paths) is list else -1
    if type(flags) is not str or len(flags) != count:
        raise CacheFormatError("index: columns of different lengths")
    if any(type(column) is not list or len(column) != count for column in (sizes, mtimes, digests, lengths)):
        raise CacheFormatError("index: columns of different lengths")
    if not count:
        return Entries()
    if set(map(type, paths)) != {str} or set(map(type, digests)) != {str}:
        raise CacheFormatError("index: expected a string")
    if not all(map(operator.lt, paths, paths[1:])):  # as written: sorted, each once
        raise CacheFormatError("index: notes out of order")
    if set(map(type, sizes + mtimes + lengths)) != {int} or min(sizes) < 0 or min(mtimes) < 0 or min(lengths) < -1:
        raise CacheFormatError("index: expected a count")
    if not FLAGS.keys() >= set(flags):
        raise CacheFormatError("index: bad newline or flag")
    _digests(digests)
    return Entries(columns=Columns(paths, sizes, mtimes, digests, lengths, flags))


def _digests(digests: tuple[str, ...] | list[str]) -> None:
    """CacheFormatError unless each of ``digests`` (str all) is a digest: it names files, so nothing but the 32
    hex digits a digest is (32 each, and all lowercase hex together)."""
    if set(map(len, digests)) != {32}:
        raise CacheFormatError("index: bad digest")
    # bytes.fromhex reads ASCII hex digits of either case, and skips whitespace between pairs: a digit a half
    # byte (no whitespace), and as it lowercases (no uppercase). A regular expression took ten times as long.
    joined = "".join(digests)
    try:
        hexadecimal = len(bytes.fromhex(joined)) * 2 == len(joined) and joined == joined.lower()
    except ValueError:
        hexadecimal = False
    if not hexadecimal:
        raise CacheFormatError("index: bad digest")


def fields_of(e: Entry) -> list[object]:
    """An entry as the list a journal holds."""
    return [*_fields(e)]


def _fields(e: Entry) -> tuple[object, ...]:
    return (e.size, e.mtime_ns, e.digest, e.newline, e.bom, e.links, e.outline, e.length, e.plain)


def entries_from(raw: dict[str, Any]) -> dict[str, Entry]:
    """The entries of the notes ``raw`` holds by vault path, a journal's rows (`fields_of`), checked a column at
    a time as the index's are (`entries_of`)."""
    rows = list(raw.values())
    # The rows' types, then their lengths, as sets (a generator's test a row was half of this function's time).
    if not set(map(type, rows)) <= {list} or not set(map(len, rows)) <= {len(FIELDS)}:
        raise CacheFormatError(f"index: expected a list of {len(FIELDS)}")
    if not rows:
        return {}
    sizes, mtimes, digests, newlines, boms, links, outlines, lengths, plains = zip(*rows, strict=True)  # checked above
    if set(map(type, raw)) != {str} or set(map(type, digests)) != {str} or set(map(type, newlines)) != {str}:
        raise CacheFormatError("index: expected a string")
    if set(map(type, sizes + mtimes + lengths)) != {int} or min(sizes + mtimes) < 0 or min(lengths) < -1:
        raise CacheFormatError("index: expected a count")
    if not set(newlines) <= set(NEWLINES) or set(map(type, boms + links + outlines + plains)) != {bool}:
        raise CacheFormatError("index: bad newline or flag")
    _digests(digests)
    made = map(Entry, sizes, mtimes, digests, newlines, boms, links, outlines, lengths, plains)
    return dict(zip(raw, made, strict=True))


def _vault_findings(raw: dict[str, Any]) -> dict[str, list[str]]:
    """Each note's vault findings (by vault path): the path they name it by, and their payload as JSON text;
    checked a column at a time, as ``entries_from`` does."""
    rows = list(raw.values())
    if any(type(row) is not list or len(row) not in (2, 3) for row in rows):
        raise CacheFormatError("index: expected a list of 2 or 3")
    if rows and set(map(type, (*raw, *(text for row in rows for text in row)))) != {str}:
        raise CacheFormatError("index: expected a string")
    if any(len(row) == 3 and row[2] != RENAMABLE for row in rows):
        raise CacheFormatError("index: bad mark")
    return dict(raw)


# The mark of a note's vault findings that name no note by its shown path: true of them however it is shown.
RENAMABLE = "renamable"


def _object(value: object, what: str) -> dict[str, Any]:
    if type(value) is not dict:
        raise CacheFormatError(f"{what}: expected an object")
    return value


def _list(value: object, length: int) -> list[Any]:
    if type(value) is not list or len(value) != length:
        raise CacheFormatError(f"index: expected a list of {length}")
    return value


def _text(value: object) -> str:
    if type(value) is not str:
        raise CacheFormatError("index: expected a string")
    return value


def _count(value: object) -> int:
    if type(value) is not int or value < 0:
        raise CacheFormatError("index: expected a count")
    return value
