"""The persistent cache's pieces: a safe, versioned JSON codec of facts, findings and notes (codec.py)."""
