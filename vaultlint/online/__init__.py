"""The online pass: whether a vault's web links still lead to their resources (asked for, never by default)."""
