"""The vault as files and names: discovery, ignore files, the vault index, link resolution, URL identity, writing."""
