"""Keep a `Builder` between runs of `build.py`: a build with no change does almost no work, and the
saved state can only make a build faster, never wrong.

The state lives in ROOT/.factsite-cache/<folder>/, one folder per output
folder (named after its path inside the site's folder, or its full path if
outside), in three files: `inputs.pickle` (`Recorded`: what a complete build
read and wrote, enough to tell that nothing changed without loading the builder
or the libraries it needs: the inputs' stats in one digest, checked by this
process, and the output files' stats in another, most of them checked by a
second process meanwhile, beside.py), `index.pickle` (the builder: digests and
the page map, read when something changed) and `content.pickle` (the loaded
content, with the list items rendered from it and the marks of the specs of the
pages last written: memo.py `pieces`). The folder also keeps the compiled
templates, one file each, signed and bound the same way (templatecache.py).

Each file is bound to the site's folder, the output folder and the tool's
version (version.py). A state made for another folder (a copied or moved
project, another site's cache renamed into this one), by another version, or
that is damaged, cannot be read or is not a folder, is set aside: the build
says why in one line and builds everything. Nothing changed only when every
input file's bytes have the digest recorded (scan.py), the output folder holds
the site the last build wrote (its id) and every file of that site is still
there as written (outputs.py).

Pickles run code when read, and the site's folder may come from an untrusted
pull request, so each file carries an HMAC made with a key kept outside the
site, in the user's cache folder: a file this machine did not write is set
aside too. The cache is read and written without following links (cachedir.py).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import hmac
import itertools
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from .. import command
from ..write.outputs import Manifest, as_written, build_id_of, seen_digest
from .beside import beside
from .cachedir import CACHE, CacheFolder, CacheUnusable
from .indexparts import builder_in_parts
from .parts import InParts, Whole, read_parts, write_parts
from .scan import CONTENT_TOPS, Fingerprint, Snapshot, Tree, fingerprint, settled, unchanged
from .version import tool_version

if TYPE_CHECKING:
    from .incremental import Builder, Trees
    from .loadcache import ContentCache
    from .memo import Memo

INPUTS, INDEX, CONTENT = "inputs.pickle", "index.pickle", "content.pickle"
MAC_SIZE = 32  # bytes of the HMAC-SHA256 that starts each file


@dataclass(frozen=True)
class Binding:
    """What a saved state is for: the site's folder, the output folder, the tool's version."""

    root: str
    out: str
    version: str


@dataclass(frozen=True)
class Verdict:
    """What the saved state says before a build: whether it is up to date, the inputs as just
    scanned (for the builder, when a state was found), why a state was set aside, and whether the
    output was found whole: the last site written, every file as written (the builder need not
    look again)."""

    up_to_date: bool
    scanned: Trees | None = None
    note: str | None = None
    whole: bool = False


class Saved:
    """The state saved for one site and output folder; `note` says, once, why some was set aside."""

    def __init__(self, root: Path, out: Path) -> None:
        self.root, self.out = root.resolve(), out.resolve()
        self.binding = Binding(str(self.root), str(self.out), tool_version())
        self.name = folder_name(self.root, self.out)
        self.note: str | None = None

    def get(self, name: str) -> Any:
        """The value saved under `name` for this binding; None if missing or set aside."""
        try:
            data = self._read(name)
        except CacheUnusable as exc:
            return self.set_aside(str(exc))
        if data is None:
            return None
        saved = _verify(data)
        if not isinstance(saved, tuple) or len(saved) != 2 or not isinstance(saved[0], Binding):
            return self.set_aside(self.damaged())
        if saved[0] != self.binding:
            return self.set_aside(_elsewhere(saved[0], self.binding, self._shown()))
        return saved[1]

    def _read(self, name: str) -> bytes | None:
        try:
            folder = CacheFolder.open(self.root, self.name, create=False)
        except OSError as exc:
            raise CacheUnusable(f"{self._shown()} cannot be opened ({exc.strerror})") from exc
        if folder is None:
            return None
        with folder:
            return folder.read(name)

    def put(self, values: list[tuple[str, object]]) -> None:
        """Save each value under its name, in this order; None removes it. Nothing is saved when the
        cache cannot be used (the note said so); OSError when a file cannot be written."""
        key = signing_key()
        try:
            folder = CacheFolder.open(self.root, self.name, create=True)
        except CacheUnusable:
            return
        if folder is None:
            return
        with folder:
            for name, value in values:
                if value is None or key is None:
                    folder.remove(name)
                    continue
                folder.write(name, functools.partial(_dump_signed, key, (self.binding, value)))

    def set_aside(self, why: str) -> None:
        """Note, unless a note was made already, why a saved value is not used."""
        self.note = self.note or f"note: {why}; building everything"
        return None

    def damaged(self) -> str:
        return f"the build state in {self._shown()} is damaged or was not written here"

    def _shown(self) -> str:
        return str(self.root / CACHE / self.name)


def cache_folder(root: Path, out: Path) -> Path:
    """Where the state of builds of `root` into `out` is saved."""
    return root.resolve() / CACHE / folder_name(root.resolve(), out.resolve())


def folder_name(root: Path, out: Path) -> str:
    """The cache folder of an output folder: named after its path inside the site's folder, if it
    is there (a moved project finds its state, and sets it aside with a note), else its full path."""
    shown = out.relative_to(root).as_posix() if out.is_relative_to(root) else str(out)
    return hashlib.blake2b(shown.encode(), digest_size=8).hexdigest()


def _elsewhere(found: Binding, wanted: Binding, shown: str) -> str:
    if found.root != wanted.root:
        return f"the build state in {shown} was made for the site in {found.root}, not this one"
    if found.out != wanted.out:
        return f"the build state in {shown} was made for the output folder {found.out}"
    return (
        f"the build state in {shown} was made by another version of {command.program()}, "
        "or another SOURCE_DATE_EPOCH"
    )


@dataclass(frozen=True)
class Recorded:
    """What `inputs.pickle` holds: what a complete build read and wrote, made to be checked fast."""

    inputs: bytes  # the inputs' Snapshot, pickled: unpickled only when the quick check fails
    design: tuple[Snapshot, Snapshot]  # the templates' and the static files'
    fingerprint: Fingerprint | None  # of the inputs' tree
    site_id: str  # of the site written (outputs.py)
    shares: tuple[bytes, bytes]  # the output's manifest, in two parts (`_shares`)


def look(root: Path, out: Path) -> Verdict:
    """Whether the last build into `out` was complete and nothing changed since: every input's
    digest as recorded, and the site it wrote still in `out`, whole.

    Quick when every input has the stat recorded (scan.unchanged); else every input is scanned, and
    a file whose stat changed but not its bytes (`touch`) is no change. Never when an input folder
    holds a symbolic link, a pipe, a device or a socket: the scan does not follow links nor read
    such files, so only the builder can tell what they are (and refuse them, entries.py).
    """
    saved = Saved(root, out)
    found = saved.get(INPUTS)
    if not isinstance(found, Recorded):
        return Verdict(False, None, saved.note)
    answer = beside(lambda: _whole(saved.out, found.shares[0]))  # on a second core, if there is one
    try:
        quick = _quick(saved.root, found.fingerprint)
        inputs = None if quick else _snapshot(found)
        scanned = None if inputs is None else inputs.scanned(CONTENT_TOPS)
        design = (found.design[0].scanned(("",)), found.design[1].scanned(("",)))
        there = _whole(saved.out, found.shares[1])
    finally:
        answered = answer()  # also when the scan failed: the child is waited for
    there = answered and there and build_id_of(saved.out) == found.site_id
    same = all(_same(s, t) for s, t in zip(found.design, design, strict=True))
    if quick and same and there:
        return Verdict(True, None, saved.note, True)
    if inputs is None or scanned is None:  # quick: the inputs are as the recorded tree has them
        inputs = _snapshot(found)
        scanned = inputs.tree
    same = same and (quick or _same(inputs, scanned))
    if same and there and scanned.stats != inputs.tree.stats:
        _settled(saved, found, inputs, scanned)
    return Verdict(same and there, (scanned, *design), saved.note, there)


def _quick(root: Path, recorded: Fingerprint | None) -> bool:
    """Whether the inputs are as `recorded`, and none read for want of a trusted stat has settled
    since: once one has, a full scan records its stat, and the next build need not read it."""
    if recorded is None or settled(root, recorded.racy):
        return False
    return unchanged(root, CONTENT_TOPS, recorded)


def _snapshot(found: Recorded) -> Snapshot:
    """The inputs' snapshot recorded (signed, so made by this version of the tool)."""
    inputs: Snapshot = pickle.loads(found.inputs)
    return inputs


def _settled(saved: Saved, found: Recorded, inputs: Snapshot, scanned: Tree) -> None:
    """Save the inputs' stats again when they changed but not the bytes (`touch`), or when files
    read because they had changed too recently to be trusted (scan.py's racy rule, e.g. just after
    a checkout) have settled since: else every build with nothing to do would read them again, as
    nothing else saves the state."""
    inputs.tree = scanned
    recorded = _recorded(inputs, found.design, found.site_id, found.shares)
    with contextlib.suppress(OSError):  # not saved: the next build reads them once more
        saved.put([(INPUTS, recorded)])


def _recorded_by(builder: Builder) -> Recorded | None:
    """What `look` checks of the site the builder last wrote; None if it wrote none."""
    written = builder.published.written
    if written is None:
        return None
    design = (builder.templates, builder.static)
    return _recorded(builder.inputs, design, written.id, _shares(written.manifest))


def _recorded(
    inputs: Snapshot, design: tuple[Snapshot, Snapshot], site_id: str, shares: tuple[bytes, bytes]
) -> Recorded:
    pickled = pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL)
    return Recorded(pickled, design, fingerprint(inputs.tree), site_id, shares)


# The share of the output check that the process checking the inputs makes too, after them: at
# 1,000 articles × 10 claims the inputs cost about 12,000 system calls and the output about 23,500
# lstats and a listing of each folder that holds folders, so each process makes about as many.
OWN_SHARE = 0.2


def _shares(manifest: Manifest) -> tuple[bytes, bytes]:
    """The manifest in two pickled parts, the second about `OWN_SHARE` of the lstat calls: kept in
    the state, so that each process reads only the part it checks (`look`). A part is its paths
    joined by NUL, which no path holds, and the digest of their `Seen` (outputs.as_written)."""
    paths = sorted(manifest)
    cut = _cut(paths, 1 - OWN_SHARE)
    parts = (paths[:cut], paths[cut:])
    theirs, mine = (pickle.dumps(("\0".join(part), seen_digest(manifest[p] for p in part))) for part in parts)
    return theirs, mine


def _cut(paths: list[str], share: float) -> int:
    """Where to cut sorted `paths` so that the part before holds `share` of the lstat calls: one
    per file, and one per folder where it is first reached."""
    costs, reached = [], {""}
    for path in paths:
        folder, cost = path.rpartition("/")[0], 1
        while folder not in reached:
            reached.add(folder)
            folder, cost = folder.rpartition("/")[0], cost + 1
        costs.append(cost)
    wanted, total = sum(costs) * share, 0
    for index, cost in enumerate(costs):
        total += cost
        if total >= wanted:
            return index + 1
    return len(paths)


def _whole(out: Path, part: object) -> bool:
    """Whether every file of a pickled part of the manifest (`_shares`) is in `out` as written."""
    try:
        paths, expected = pickle.loads(part) if isinstance(part, bytes) else (None, None)
    except (pickle.UnpicklingError, ValueError, TypeError, EOFError):
        return False
    if not isinstance(paths, str) or not isinstance(expected, bytes):
        return False
    return as_written(out, paths.split("\0") if paths else (), expected)


def _same(snapshot: Snapshot, tree: Tree) -> bool:
    old = snapshot.tree
    return not tree.links and (old.files, old.folders) == (tree.files, tree.folders)


def open_builder(
    root: Path, out: Path, trusted: bool = True, noted: Callable[[str], None] = lambda note: None
) -> tuple[Builder, str | None]:
    """The saved builder for this root and output folder, or a new one when there is none, or when
    the state is not `trusted` (a part of it was set aside); and why a saved one was set aside.
    `noted` is told why, if its content, read later (`restore`), is set aside."""
    from .incremental import Builder
    from .presave import ContentBeside
    from .templatecache import TemplateCache

    saved = Saved(root, out)
    builder = saved.get(INDEX) if trusted else None
    if not isinstance(builder, Builder):
        if builder is not None:  # signed and bound, but not a builder: another file's, renamed
            saved.set_aside(saved.damaged())
        builder = Builder(root, out)

    def restore() -> ContentCache | None:
        """The content, and the rendered pieces made of it, read back from its parts: an unchanged
        file's object is the memo's object again (memo.py, presave.py `SHARED`). The marks of the
        plan are kept only if the builder wrote the site they were saved for (presave.py)."""
        if not trusted:
            return None
        told = saved.note
        value = saved.get(CONTENT)
        found = _as_content(value)
        if value is not None and found is None:  # signed and bound, but not content: another file's
            saved.set_aside(saved.damaged())
        if saved.note is not None and saved.note != told:
            noted(saved.note)
        if found is None:
            return None
        cache, pieces, made_for, token = found
        if token is None or token != builder.published.id:
            pieces.forget_plan()
        builder.memo, builder.memo_of = pieces, made_for
        return cache

    builder.restore = restore
    builder.bytecode = TemplateCache(saved)
    builder.on_rendered = ContentBeside(builder, lambda: saved.put([(INPUTS, None)]), _writer(saved))
    return builder, saved.note


def _as_content(value: object) -> tuple[ContentCache, Memo, Any, Any] | None:
    """The saved content's four parts (presave.py), if `value` has their shape."""
    from .loadcache import ContentCache
    from .memo import Memo

    if not isinstance(value, tuple) or len(value) != 4:
        return None
    if not isinstance(value[0], ContentCache) or not isinstance(value[1], Memo):
        return None
    return value[0], value[1], value[2], value[3]


def _writer(saved: Saved) -> Callable[[object], None]:
    return lambda value: saved.put([(CONTENT, value)])


def save_builder(builder: Builder) -> None:
    """Save the builder, its loaded content (unless a second process saved it while the site was
    written: presave.py), and what it read and wrote if it is complete. Raises OSError when a file
    cannot be written."""
    from .presave import ContentBeside, content  # not on the way of a build with nothing to do

    complete = builder.complete() and builder.published.written is not None
    early = builder.on_rendered
    saved = early.wait() if isinstance(early, ContentBeside) else None  # saved while writing the site
    token = builder.published.id
    value = None if saved is not None and saved == token else content(builder, builder.specs.values(), token)
    state = Saved(builder.root, builder.out)
    state.put(
        [
            (INPUTS, None),  # removed first: a build killed while saving is not taken for complete
            *([] if value is None else [(CONTENT, value)]),
            (INDEX, builder_in_parts(builder)),
        ]
    )
    if complete:  # made once the builder is saved, not held while it is pickled
        state.put([(INPUTS, _recorded_by(builder))])


def save_inputs(builder: Builder) -> None:
    """Save only what a build with nothing to do checks (`look`), if the builder is complete: after
    a build that found nothing to redo, whose builder and content as saved are still right. Raises
    OSError when the file cannot be written."""
    recorded = _recorded_by(builder)
    if builder.complete() and recorded is not None:
        Saved(builder.root, builder.out).put([(INPUTS, recorded)])


def forget(root: Path, out: Path) -> None:
    """Remove the saved state of builds of `root` into `out`: the next build builds everything.

    A build that is not saved (`build --drafts`) calls it, so that the next saved one does not take
    that build's site for its own. Raises OSError when a file cannot be removed.
    """
    Saved(root, out).put([(INPUTS, None), (INDEX, None), (CONTENT, None)])


def _dump_signed(key: bytes, value: tuple[Binding, object], file: BinaryIO) -> None:
    """Write `value` pickled into `file`, after its HMAC-SHA256 made with `key` (what `_verify`
    reads); a value `InParts` (the content's) in parts, each with a pickler of its own (parts.py).
    The pickle is streamed through the HMAC into the file, never held whole in memory: the
    content's is tens of megabytes on a big site, and its copy was the build's peak."""
    start = file.tell()
    file.write(bytes(MAC_SIZE))  # the HMAC's place, filled in once the pickle is written
    signer = hmac.new(key, digestmod="sha256")
    binding, saved, signing = *value, _Signing(file, signer)
    if isinstance(saved, InParts):
        write_parts(signing, itertools.chain([(binding, saved.head)], saved.parts), saved.shared)
    else:
        write_parts(signing, [value], None)
    file.seek(start)
    file.write(signer.digest())


class _Signing:
    """A file to write into that passes every byte through an HMAC on the way."""

    def __init__(self, file: BinaryIO, signer: hmac.HMAC) -> None:
        self.file, self.signer = file, signer

    def write(self, data: bytes) -> int:
        self.signer.update(data)
        return self.file.write(data)


def _verify(data: bytes) -> Any:
    """The value of a pickle this machine signed, or None when it is unsigned or damaged."""
    key = signing_key()
    view = memoryview(data)  # not a copy of the pickle
    mac, payload = view[:MAC_SIZE], view[MAC_SIZE:]
    if key is None or not hmac.compare_digest(mac, hmac.digest(key, payload, "sha256")):
        return None
    try:
        return _unpickled(data)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def _unpickled(data: bytes) -> Any:
    """The value pickled after the HMAC, read with the garbage collector off, then moved out of its
    sight (`gc.freeze`, as the builder does after each build): the content is about 280,000 objects
    at 1,000 articles × 10 claims, none of them garbage, and the collector's passes while they were
    made took more than half the time of reading them (0.57 s, 0.24 s without). A (binding, `Whole`)
    is read with the parts that follow it (parts.py)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        parts = read_parts(data, MAC_SIZE)
        value = next(parts)
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], Whole):
            value = (value[0], value[1].assemble(parts))
        elif next(parts, None) is not None:
            raise ValueError("a state file of one value holds more")
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    return value


def signing_key() -> bytes | None:
    """This user's signing key, made on first use; None if it cannot be stored (then nothing is cached)."""
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(home) / "factsite" / "state-key"
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as file:
                file.write(os.urandom(32))
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None
