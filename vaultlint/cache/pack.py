"""Many notes' findings in one cache file: one table of them all, read with one open and decoded at once.

A warm run of 10,000 unchanged notes read a findings file a note: 10,000 opens, JSON parses and table
decodes (2.1 s of a 9.6 s run under cProfile). A pack holds them all, each note's rows under its vault path with
the digest of its bytes and the path its findings name it by; what the pack says of a note is used only when
both are the note's as this run read it, and every offset lies inside its text (`PackEntry.reach`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

from vaultlint.cache import findings as findings_table
from vaultlint.cache.codec import FORMAT, SCHEMA, TABLE
from vaultlint.cache.errors import CacheFormatError, Uncacheable
from vaultlint.gcpause import gc_paused
from vaultlint.lazyre import lazy_compile
from vaultlint.model import Finding
from vaultlint.record import Record, frozen

_DIGEST_RE = lazy_compile(r"[0-9a-f]{32}")


@frozen(slots=True)
class PackEntry(Record):
    """A note's findings as a pack holds them."""

    digest: str  # of the bytes they were found in
    shown: str  # the path they name the note by
    reach: int  # their furthest offset: a text shorter than this is not the one they were found in
    findings: list[Finding]


def encode_pack(settings: str, notes: Iterable[tuple[str, str, str, Sequence[Finding]]]) -> dict[str, object]:
    """The findings of ``notes`` (vault path, digest, shown path, findings) found under ``settings``, as JSON
    values; Uncacheable when findings are not written as a table (`codec.TABLE`) or one cannot be cached."""
    if not TABLE:
        raise Uncacheable("findings are written as records: no pack")
    rows: list[list[object]] = []
    every: list[Finding] = []
    for rel, note_digest, shown, findings in notes:
        rows.append([rel, note_digest, shown, len(findings)])
        every.extend(findings)
    table = findings_table.encode(every)
    return {"format": FORMAT, "schema": SCHEMA, "settings": settings, "notes": rows, "findings": table}


@gc_paused()  # 150,000 findings and their parts: none of them garbage
def decode_pack(payload: object, settings: str) -> dict[str, PackEntry]:
    """What ``encode_pack`` wrote, by vault path; CacheFormatError for anything else, or when it was written
    under other ``settings``."""
    try:
        return _decode(payload, settings)
    except (TypeError, ValueError, IndexError) as exc:  # a value of the wrong kind met by a builtin
        raise CacheFormatError(f"pack: {str(exc)[:100]}") from None


def _decode(payload: object, settings: str) -> dict[str, PackEntry]:
    if not TABLE:
        raise CacheFormatError("findings are written as records: no pack")
    if type(payload) is not dict or payload.keys() != {"format", "schema", "settings", "notes", "findings"}:
        raise CacheFormatError("pack: expected an object of its five keys")
    if type(payload["format"]) is not int or payload["format"] != FORMAT or payload["schema"] != SCHEMA:
        raise CacheFormatError("pack: of another format")
    if payload["settings"] != settings:
        raise CacheFormatError("pack: found under other settings")
    rows, table = payload["notes"], payload["findings"]
    if type(rows) is not list or any(type(row) is not list or len(row) != 4 for row in rows):
        raise CacheFormatError("pack: expected a list of [path, digest, shown, count]")
    if not rows:
        return {}
    rels, digests, shown, counts = zip(*rows, strict=True)
    if set(map(type, rels + digests + shown)) != {str} or set(map(type, counts)) != {int} or min(counts) < 0:
        raise CacheFormatError("pack: expected strings and counts")
    if not all(map(_DIGEST_RE.fullmatch, digests)):
        raise CacheFormatError("pack: bad digest")
    findings = findings_table.decode(table, sys.maxsize)  # each note's offsets checked by its reach, when used
    if sum(counts) != len(findings):
        raise CacheFormatError("pack: counts of other findings than it holds")
    reach = findings_table.reaches(table)
    out: dict[str, PackEntry] = {}
    at = 0
    for rel, note_digest, path, count in zip(rels, digests, shown, counts, strict=True):
        end = at + count
        out[rel] = PackEntry(note_digest, path, max(reach[at:end], default=0), findings[at:end])
        at = end
    return out


def usable(packed: PackEntry | None, note_digest: str, shown: str, length: int) -> list[Finding] | None:
    """The findings ``packed`` holds for a note of ``note_digest`` with a text of ``length`` characters, naming
    it ``shown`` (found when it was shown otherwise: `renamed`); None when they are another's (another digest,
    or a text they do not fit in) or cannot be renamed."""
    if packed is None or packed.digest != note_digest or packed.reach > length:
        return None
    return packed.findings if packed.shown == shown else renamed(packed.findings, shown)


def renamed(findings: list[Finding], shown: str) -> list[Finding] | None:
    """A note's rules' ``findings`` naming it ``shown``: found when the vault was named in another form or from
    another working folder (`check .` inside it, `check vault` beside it), they are the same but for the path
    they name the note by. None when that is not all they say of it: a finding of another path, or one whose
    text holds the old path (a rule that wrote it in would write the new one): found again, never wrong."""
    if not findings or findings[0].path == shown and all(finding.path == shown for finding in findings):
        return findings
    old = findings[0].path
    out: list[Finding] = []
    for finding in findings:
        if finding.path != old or any(old in text for text in finding.texts()):
            return None
        f = finding
        out.append(Finding(f.code, f.name, shown, f.start, f.end, f.message, f.severity, f.fix, f.related))
    return out


__all__ = ["PackEntry", "decode_pack", "encode_pack", "renamed", "usable"]
