"""`python -m vaultlint`: the same as the `vaultlint` command."""

from vaultlint.cli.main import run

if __name__ == "__main__":
    run()
