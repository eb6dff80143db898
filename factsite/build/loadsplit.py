"""Load a site's claims on two cores: a forked helper loads the later claim folders.

Loading runs before the render workers fork (pool.py), one file after another,
while the other core idles. A build whose cache holds next to nothing (a clean
build) and that has many claim files forks a helper process once the scan is
done. Both processes run `load_site` through the same results seam
(loadcache.py): the helper makes the results of the claim folders from `first`
on, in its copy of the cache, and sends them back pickled; this process loads
everything else, and when it comes to the folder `first`, takes the helper's
results into its cache, where the same keys find them. So the claims, their
errors and their order are those of a load in one process: the loader's code
is the same, and each folder's result comes from the same key. If the helper
fails or dies, this process makes the results itself.

Measured at 1,000 articles x 10 claims: pickling the helper's half costs about a
tenth of loading it.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import signal
from collections.abc import Callable, Hashable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import ContentErrors
from ..load.content import load_site
from .pool import STOPS, cpu_count
from .scan import Tree

if TYPE_CHECKING:
    from .loadcache import ContentCache

T = TypeVar("T")
SPLIT_FROM = 2000  # claim files: below this, forking costs about what it saves
CLAIMS = "content/claims/"
Entries = dict[Hashable, Any]


class Helper:
    """A forked process making the results of the claim folders from `first` on (see above)."""

    def __init__(self, first: str, conn: Connection, process: BaseProcess) -> None:
        self.first, self.conn, self.process = first, conn, process
        self.taken = False

    def owns(self, name: str) -> bool:
        """Whether the folder `name` (as shown) is one the helper loads."""
        return name.startswith(CLAIMS) and name >= self.first

    def take(self) -> Entries:
        """The helper's results, once (a second call gives none); none if it failed or died."""
        if self.taken:
            return {}
        self.taken = True
        try:  # with no collection (loadcache.py): unpickling makes only live objects, 4x faster
            entries = self.conn.recv()
        except (EOFError, OSError):
            return {}
        return entries if isinstance(entries, dict) else {}

    def close(self) -> None:
        """Stop the helper if it still runs, and wait for it."""
        self.conn.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


def start(cache: ContentCache, tree: Tree) -> Helper | None:
    """A helper loading the later half of the claim files of `tree` into a copy of `cache`, or None
    when there are too few, `cache` already holds results (a build after another: most are kept),
    there is only one core, or no `fork`."""
    counts: dict[str, int] = {}
    for shown in tree.files:
        parts = shown.split("/")
        if shown.startswith(CLAIMS) and len(parts) == 4:
            counts["/".join(parts[:3])] = counts.get("/".join(parts[:3]), 0) + 1
    total = sum(counts.values())
    if (
        total < SPLIT_FROM
        or 10 * len(cache.entries) > total
        or cpu_count() < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return None
    first, before = "", 0
    for folder in sorted(counts):
        first, before = folder, before + counts[folder]
        if 2 * before >= total:
            break
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_help, args=(cache, first, max(counts), send, receive), daemon=True)
    held = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)  # as pool.py forks: Ctrl-C is the parent's
    try:
        process.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    send.close()
    return Helper(first, receive, process)


class _Done(Exception):
    """The helper has made the results of its last folder."""


def _help(cache: ContentCache, first: str, last: str, send: Connection, receive: Connection) -> None:
    """In the helper: load through `cache`, making only the claim folders from `first` to `last`;
    send the results made for them (None if the load failed for another reason than content).

    The parent's end of the pipe, which the fork copied, is closed first: if the parent is killed,
    the pipe has no reader left, and sending fails at once instead of waiting for ever while
    holding what the parent held (the build's lock)."""
    receive.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)
    gc.disable()  # a short life: what it makes is sent or freed at its end, and collections cost a tenth
    seam = _Later(cache, first, last)
    try:
        load_site(cache.root, seam)
    except (_Done, ContentErrors):
        pass
    except Exception:  # whatever it is, the parent loads these folders itself
        _send(send, None)
        return
    made = cache.entries.keys() - seam.before if seam.before is not None else set()
    _send(send, {key: cache.entries[key] for key in made})


def _send(send: Connection, results: dict[Hashable, Any] | None) -> None:
    """Send the results to the parent; nothing if it is gone (killed: the pipe has no reader)."""
    with contextlib.suppress(OSError):  # BrokenPipeError: the helper ends quietly, as the parent did
        send.send(results)


class _Later:
    """The helper's seam: `cache`, but a claim folder before `first` is left empty, unread, and the
    load stops after `last`. `before`: the results made before the first folder it loads."""

    def __init__(self, cache: ContentCache, first: str, last: str) -> None:
        self.cache, self.first, self.last = cache, first, last
        self.before: set[Hashable] | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.cache, name)

    def kept(self, name: str, depends: Callable[[str], bool], make: Callable[[], T]) -> T:
        if not name.startswith(CLAIMS):
            return make()
        if name < self.first:
            return ((), ())  # type: ignore[return-value]  # a folder's claims and errors: none
        if self.before is None:
            self.before = set(self.cache.entries)
        value = make()
        if name >= self.last:
            raise _Done
        return value
