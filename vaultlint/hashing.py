"""BLAKE2b, the one hash vaultlint uses, without loading OpenSSL."""

# `import hashlib` loads OpenSSL's libcrypto for the hashes it offers besides (3 ms of every run's start, a
# check of one note included); its blake2b is CPython's own, from _blake2, whatever OpenSSL has.
try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it: hashlib's, whatever it is
    from hashlib import blake2b

__all__ = ["blake2b"]
