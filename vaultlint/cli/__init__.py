"""The `vaultlint` command line."""
