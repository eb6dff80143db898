"""The templates compiled once, kept in the build state's folder: a new process (`python build.py`
after an edit) loads each one's code instead of compiling it again (18 templates, 0.1 to 0.25 s).

Jinja compiles a template's source to Python code; `TemplateCache` is its bytecode cache
(jinja2.BytecodeCache), one file per template in ROOT/.factsite-cache/<folder>/ (state.py's folder
for the output folder, read and written through cachedir.py: no link followed). Each file holds
Jinja's own record (a magic number with its bytecode format and Python's version, the digest of the
template's source, the code), under what it is bound to: the site's folder, the output folder and
the tool's version (state.py's `Binding`, which covers Python's, Jinja's and this package's code,
so the environment's options too), and the template's name and file. It starts with an HMAC made
with the state's key: `marshal`, like pickle, must not read bytes this machine did not write.

A file that is missing, unsigned, damaged, bound to something else, or whose source digest is not
the template's is not used: the template is compiled, and its file written anew. The cache can only
make a build faster: a file that cannot be read or written costs that compilation, nothing more.
"""

from __future__ import annotations

import contextlib
import hmac
import marshal

import jinja2

from .cachedir import CacheFolder, CacheUnusable
from .state import MAC_SIZE, Saved, signing_key

SUFFIX = ".template"  # a file per template: 'template-<Jinja's key of its name and file>.template'


class TemplateCache(jinja2.BytecodeCache):
    """The compiled templates of builds of one site into one output folder (see the module)."""

    def __init__(self, saved: Saved) -> None:
        self.saved = saved
        binding = saved.binding
        self.bound = (binding.root, binding.out, binding.version, jinja2.__version__)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Give `bucket` the code kept for its template, if a file for it can be trusted; Jinja
        then checks the record's format and that the source's digest is the template's."""
        key = signing_key()
        data = self._read(_file(bucket))
        if key is None or data is None or len(data) < MAC_SIZE:
            return
        mac, payload = data[:MAC_SIZE], data[MAC_SIZE:]
        if not hmac.compare_digest(mac, hmac.digest(key, payload, "sha256")):
            return
        try:
            bound, name, record = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return
        if bound == self.bound and name == bucket.key and isinstance(record, bytes):
            bucket.bytecode_from_string(record)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep the code just compiled for `bucket`'s template, signed; not kept when it cannot be."""
        key = signing_key()
        if key is None:
            return
        payload = marshal.dumps((self.bound, bucket.key, bucket.bytecode_to_string()))
        with contextlib.suppress(OSError, CacheUnusable):
            # Made only if missing: making it sweeps the partial files, and those of the state may
            # be being written meanwhile (presave.py, or another worker of a full build: pool.py).
            folder = CacheFolder.open(self.saved.root, self.saved.name, create=False)
            folder = folder or CacheFolder.open(self.saved.root, self.saved.name, create=True)
            if folder is not None:
                with folder:
                    folder.write(_file(bucket), hmac.digest(key, payload, "sha256") + payload)

    def _read(self, name: str) -> bytes | None:
        try:
            folder = CacheFolder.open(self.saved.root, self.saved.name, create=False)
            if folder is None:
                return None
            with folder:
                return folder.read(name)
        except (OSError, CacheUnusable):
            return None


def _file(bucket: jinja2.bccache.Bucket) -> str:
    return f"template-{bucket.key}{SUFFIX}"
