"""Keep a `Builder` between runs of `build.py`, so that a build with no change does almost no work.

The state lives in ROOT/.factsite-cache/<folder>/, one folder per output
folder, in three files: `inputs.pickle` (the input signatures of a complete
build, enough to tell that nothing changed without loading the builder or the
libraries it needs), `index.pickle` (the builder: signatures and the page map,
read when something changed) and `content.pickle` (the loaded content, read
when content changed). It is thrown away when the tool's code or its libraries change, or
when the output folder is not the one the state describes.

Pickles run code when read, and the site's folder may come from an untrusted
pull request, so each file carries an HMAC made with a key kept outside the
site, in the user's cache folder: a file this machine did not write is ignored.

Before a build writes pages in place it deletes the index and the input
signatures: if the build is
interrupted while writing, the next run finds no state and rebuilds everything
into a fresh folder, so a half-updated site never passes for an up-to-date one.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .scan import CONTENT_TOPS, Snapshot, scan

if TYPE_CHECKING:
    from .incremental import Builder
    from .loadcache import ContentCache

CACHE = ".factsite-cache"
INPUTS, INDEX, CONTENT = "inputs.pickle", "index.pickle", "content.pickle"
_LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "pyyaml", "jsonschema", "idna")


def cache_folder(root: Path, out: Path) -> Path:
    name = hashlib.blake2b(str(out.resolve()).encode(), digest_size=8).hexdigest()
    return root.resolve() / CACHE / name


def up_to_date(root: Path, out: Path) -> bool:
    """Whether the last build into `out` was complete and no input changed since: a scan of the
    inputs, compared with their saved signatures.

    Never when an input folder holds a symbolic link, a pipe, a device or a socket: the scan does
    not follow links nor read such files, so only the builder can tell what they are (and refuse
    them, entries.py).
    """
    saved = _read(cache_folder(root, out) / INPUTS)
    if (
        not isinstance(saved, dict)
        or saved.get("version") != tool_version()
        or saved.get("out") != _identity(out)
    ):
        return False
    snapshots = saved.get("snapshots")
    if not isinstance(snapshots, tuple) or len(snapshots) != 3:
        return False
    tops = (CONTENT_TOPS, ("",), ("",))
    for snapshot, top in zip(snapshots, tops, strict=True):
        tree = scan(snapshot.base, top) if isinstance(snapshot, Snapshot) else None
        if tree is None or tree.links or snapshot.changes(tree):
            return False
    return True


def open_builder(root: Path, out: Path) -> Builder:
    """The saved builder for this root and output folder, or a new one."""
    from .incremental import Builder

    folder = cache_folder(root, out)
    saved = _read(folder / INDEX)
    if not isinstance(saved, dict) or saved.get("version") != tool_version():
        return _new(root, out, folder)
    builder = saved.get("builder")
    if not isinstance(builder, Builder) or saved.get("out") != _identity(out):
        return _new(root, out, folder)
    _attach(builder, folder)
    return builder


def save_builder(builder: Builder) -> None:
    folder = cache_folder(builder.root, builder.out)
    folder.mkdir(parents=True, exist_ok=True)
    if builder.loaded_cache() is not None:
        _write(folder / CONTENT, builder.loaded_cache())
    version, out = tool_version(), _identity(builder.out)
    _write(folder / INDEX, {"version": version, "out": out, "builder": builder})
    if builder.complete():
        snapshots = (builder.inputs, builder.templates, builder.static)
        _write(folder / INPUTS, {"version": version, "out": out, "snapshots": snapshots})
    else:
        (folder / INPUTS).unlink(missing_ok=True)


def _new(root: Path, out: Path, folder: Path) -> Builder:
    from .incremental import Builder

    builder = Builder(root, out)
    _attach(builder, folder)
    return builder


def _attach(builder: Builder, folder: Path) -> None:
    from .loadcache import ContentCache

    def restore() -> ContentCache | None:
        cache = _read(folder / CONTENT)
        return cache if isinstance(cache, ContentCache) else None

    def forget() -> None:
        (folder / INPUTS).unlink(missing_ok=True)
        (folder / INDEX).unlink(missing_ok=True)

    builder.restore = restore
    builder.before_write = forget


def _identity(out: Path) -> tuple[int, int] | None:
    try:
        stat = out.stat()
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)


def _read(path: Path) -> Any:
    """A pickle this machine wrote, or None when it is missing, unsigned or unreadable."""
    key = _key()
    try:
        data = path.read_bytes()
    except OSError:
        return None
    mac, payload = data[:32], data[32:]
    if key is None or not hmac.compare_digest(mac, hmac.digest(key, payload, "sha256")):
        return None
    try:
        return pickle.loads(payload)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None


def _write(path: Path, value: object) -> None:
    key = _key()
    if key is None:
        return
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(hmac.digest(key, payload, "sha256") + payload)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _key() -> bytes | None:
    """This user's signing key, made on first use; None if it cannot be stored (then nothing is cached)."""
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(home) / "factsite" / "state-key"
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as file:
                file.write(secrets.token_bytes(32))
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None


def tool_version() -> str:
    """A digest of this package's code and schemas, and of the libraries that shape the output."""
    import importlib.metadata

    package = Path(__file__).resolve().parent
    digest = hashlib.blake2b(sys.version.encode() + str(package).encode(), digest_size=16)
    for path in sorted([*package.glob("*.py"), *package.glob("*.json")]):
        digest.update(path.name.encode() + path.read_bytes())
    for name in _LIBRARIES:
        digest.update(f"{name}={importlib.metadata.version(name)}".encode())
    return digest.hexdigest()
