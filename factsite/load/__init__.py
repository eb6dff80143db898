"""Load: the only readers of site.toml and content/. Files in, an immutable `Site` (model.py) or every
`ContentError` out.
"""
