"""Render: pure functions from a `Site` to pages (path -> bytes). Never reads content, never writes,
never imports build/.
"""
