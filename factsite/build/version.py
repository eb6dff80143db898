"""The tool's version, as far as the output is concerned: what a saved build state and a built site
are bound to (state.py, incremental.py)."""

from __future__ import annotations

import functools
import hashlib
import sys
from pathlib import Path

# The libraries whose versions shape the output: the templates' engine, Markdown, YAML, the
# schemas, the sentence splitter of the coverage page, and Pagefind with its index rewriter.
LIBRARIES = (
    "jinja2",
    "markupsafe",
    "markdown-it-py",
    "pyyaml",
    "jsonschema",
    "syntok",
    "regex",
    "idna",
    "babel",
    "pagefind-bin",
    "cbor2",
)


@functools.cache
def tool_version() -> str:
    """A digest (32 hex digits) of Python's version, this package's code and schemas, and the
    versions of the LIBRARIES. Read once per process."""
    import importlib.metadata

    package = Path(__file__).resolve().parents[1]
    digest = hashlib.blake2b(sys.version.encode() + str(package).encode(), digest_size=16)
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.json")]):
        digest.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name} missing".encode())
    return digest.hexdigest()
