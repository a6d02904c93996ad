"""Settings: vaultlint.toml / pyproject.toml read and validated, rule selection, edits to a config file."""
