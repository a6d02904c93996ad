"""Runs the rules over notes and vaults: check, fix and suppress, in worker processes when it pays."""
