"""The only package that reads Markdown: each note parsed once into facts (marko, its Obsidian extension)."""
