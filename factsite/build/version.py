"""The tool's version, as far as the output is concerned: what a saved build state and a built site
are bound to (state.py, incremental.py). SOURCE_DATE_EPOCH is part of it: it sets the time of every
file a build writes, so a site built with another value is another site (a full build).

Hashing the package's code took a no-change `python build.py` about 100 ms, so the version is kept
in the user's cache folder (~/.cache/factsite/tool-version-*, one file per copy of the tool), under
a key made of what the hash reads, by stat: every file's path, size, times and inode, and the names
(versions) of the installed distributions. The key changes whenever the code or a library does; a
file changed within the timestamps' granularity of the hash is not trusted (scan.py's racy rule):
then nothing is kept.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import time
from pathlib import Path

from .scan import SETTLE_NS

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
PACKAGE = Path(__file__).resolve().parents[1]
KEPT = "tool-version"


def tool_version() -> str:
    """A digest (32 hex digits) of Python's version, this package's code and schemas, the versions
    of the LIBRARIES (read once per process), and SOURCE_DATE_EPOCH (read on every call)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return hashlib.blake2b(f"{_code_version()}\0{epoch}".encode(), digest_size=16).hexdigest()


@functools.cache
def _code_version() -> str:
    """The digest of the code and the libraries: kept under its key (see above), else computed."""
    key, settled = _key()
    kept = _kept()
    if kept is not None and kept[0] == key:
        return kept[1]
    version = _hashed()
    if settled:
        _keep(key, version)
    return version


def _hashed() -> str:
    """The digest of Python's version, the package's path, code and schemas, and LIBRARIES' versions."""
    import importlib.metadata

    digest = hashlib.blake2b(sys.version.encode() + str(PACKAGE).encode(), digest_size=16)
    for path in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.json")]):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + path.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name} missing".encode())
    return digest.hexdigest()


def _key() -> tuple[str, bool]:
    """What `_hashed` reads, by stat (32 hex digits); and whether every file has settled (scan.py)."""
    digest = hashlib.blake2b(f"{sys.version}\0{PACKAGE}\0{sys.path}".encode(), digest_size=16)
    newest = 0
    for folder, folders, names in os.walk(PACKAGE):
        folders.sort()
        for name in sorted(n for n in names if n.endswith((".py", ".json"))):
            info = os.stat(os.path.join(folder, name))
            newest = max(newest, info.st_mtime_ns, info.st_ctime_ns)
            stat = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
            digest.update(f"{folder}/{name}\0{stat}\0".encode())
    for entry in sys.path:  # an installed, removed or upgraded library renames its .dist-info
        digest.update(f"{entry}\0{_distributions(entry)}\0".encode())
    return digest.hexdigest(), newest < time.time_ns() - SETTLE_NS


def _distributions(folder: str) -> list[str]:
    try:
        return sorted(n for n in os.listdir(folder or ".") if n.endswith((".dist-info", ".egg-info")))
    except OSError:
        return []


def _path() -> Path:
    """Where the version is kept: a file for each copy of the tool (its folder) and Python, so that
    two checkouts, or two virtual environments, do not push each other's out on every run."""
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    copy = hashlib.blake2b(f"{sys.executable}\0{PACKAGE}".encode(), digest_size=8).hexdigest()
    return Path(home) / "factsite" / f"{KEPT}-{copy}"


def _kept() -> tuple[str, str] | None:
    """The key and version kept, if any can be read."""
    try:
        key, version = _path().read_text("ascii").split()
    except (OSError, ValueError, UnicodeError):
        return None
    return key, version


def _keep(key: str, version: str) -> None:
    """Keep the version under its key, in one step; a cache that cannot be written keeps nothing."""
    import tempfile  # here: a build with nothing to do imports this module, and rarely keeps

    path = _path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, partial = tempfile.mkstemp(prefix=f".{KEPT}-", dir=path.parent)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(f"{key} {version}\n")
        os.replace(partial, path)
    except OSError:
        return
