"""The version of this vaultlint (as pyproject.toml says; tests/test_readme.py keeps the two equal), and its build."""

__version__ = "0.1.0"


def build() -> str:
    """The word "compiled" when this install's scan was compiled by mypyc (setup.py), else "pure Python":
    `--version` says which, since a bug report or a speed figure depends on it. Asked of the files, not by
    importing the scan. (pathlib imported here: every run imports this module, a server's client included.)"""
    from importlib.machinery import EXTENSION_SUFFIXES
    from pathlib import Path

    scan = Path(__file__).parent / "parse" / "scan"
    return "compiled" if any((scan / f"tree{suffix}").is_file() for suffix in EXTENSION_SUFFIXES) else "pure Python"
