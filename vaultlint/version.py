"""The version of this vaultlint (as pyproject.toml says; tests/test_readme.py keeps the two equal)."""

__version__ = "0.1.0"
