"""BLAKE2b, the one hash vaultlint uses, without loading OpenSSL."""

# `import hashlib` loads OpenSSL's libcrypto for the hashes it offers besides (3 ms of every run's start, a
# check of one note included); its blake2b is CPython's own, from _blake2, whatever OpenSSL has.
try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it: hashlib's, whatever it is
    from hashlib import blake2b

__all__ = ["blake2b", "digest"]


def digest(data: bytes) -> str:
    """A note's identity (the cache's key of it, what a write checks the file against): a 128-bit BLAKE2b of
    its bytes."""
    return blake2b(data, digest_size=16).hexdigest()
