"""vaultlint: a linter and normalizer for Obsidian-style Markdown vaults."""

__version__ = "0.1.0"
