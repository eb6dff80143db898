"""The tool's version, as far as the output is concerned: what a saved build state and a built site
are bound to (state.py, incremental.py). SOURCE_DATE_EPOCH is part of it: it sets the time of every
file a build writes, so a site built with another value is another site (a full build)."""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path

# The libraries whose versions shape the output: the templates' engine, Markdown (and the URL
# normaliser it links with), YAML, the schemas (and the libraries that resolve and check them), the
# sentence splitter of the coverage page, and Pagefind with its index rewriter. Every library these
# need is here too (tests/test_output_safety.py checks it).
LIBRARIES = (
    "jinja2",
    "markupsafe",
    "markdown-it-py",
    "mdurl",
    "pyyaml",
    "jsonschema",
    "jsonschema-specifications",
    "referencing",
    "rpds-py",
    "attrs",
    "syntok",
    "regex",
    "idna",
    "babel",
    "pagefind-bin",
    "cbor2",
)


def tool_version() -> str:
    """A digest (32 hex digits) of Python's version, this package's code and schemas, the versions
    of the LIBRARIES (read once per process), and SOURCE_DATE_EPOCH (read on every call)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return hashlib.blake2b(f"{_code_version()}\0{epoch}".encode(), digest_size=16).hexdigest()


@functools.cache
def _code_version() -> str:
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
