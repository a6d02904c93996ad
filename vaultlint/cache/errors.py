"""The two ways a cache payload fails: it cannot be read back (CacheFormatError), or cannot be written (Uncacheable)."""

from __future__ import annotations


class CacheFormatError(ValueError):
    """A payload that is not one this vaultlint wrote: wrong shape, type, key, value or version. Ignore it."""


class Uncacheable(ValueError):
    """A value the cache does not hold (frontmatter data that refers to itself, nests too deep, or is too big)."""
