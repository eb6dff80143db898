"""Re-index the search in the background, so that `serve` reloads the browser without waiting for it.

`serve` writes its changes into the site in place, so its index is made whole
(every shard, pagefind.refresh_search_index: about 20 s of CPU for 10,000
claims), not shard by shard as `build` does. `serve` writes the changed pages,
tells the browser to reload, then asks this indexer for a new index. One run at a time: a request made while
a run is going marks the index stale again, and the run is followed by one more,
however many requests came in meanwhile, so the last index always follows the
last edit. Each run makes the index in a new folder and swaps it in whole
(search.refresh_search_index), so the server never serves half an index.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class BackgroundIndexer:
    """Runs `index()` in a thread whenever `request()` is called, one run at a time, coalescing requests."""

    def __init__(self, index: Callable[[], None], failed: Callable[[Exception], None]) -> None:
        self._index, self._failed = index, failed
        self._lock = threading.Lock()
        self._stale = False
        self._thread: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()

    def request(self) -> None:
        """Ask for an index of the site as it is now; returns at once."""
        with self._lock:
            self._stale = True
            if self._thread is None:
                self._idle.clear()
                self._thread = threading.Thread(target=self._run, name="search-indexer", daemon=True)
                self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until no run is going or due; False if `timeout` passed first."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while self._take():
            try:
                self._index()
            except Exception as exc:  # reported, and redone on the next request
                self._failed(exc)

    def _take(self) -> bool:
        """Whether to run again: clears the stale mark, or ends the thread when there is none."""
        with self._lock:
            if self._stale:
                self._stale = False
                return True
            self._thread = None
            self._idle.set()
            return False
