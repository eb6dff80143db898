"""`build.py serve`: build, serve on 127.0.0.1, rebuild on change and reload the browser.

A thin loop around `Builder` (incremental.py), on livereload's server. The
operating system says which files changed (watchfiles, on inotify), and the
builder looks at those alone and redoes only what they touch; nothing polls
the whole site. The search index is redone in the background after the
browser is told to reload (indexer.py). A content or template
error never stops the server: the last good site stays up, the errors are
printed, and every HTML page is served with an overlay listing them until the
file is fixed. The overlay exists only in served responses, never on disk. Any
other failure of a build (a bug, a full disk) is shown the same way, in one
line pointing to the log that holds its traceback (failures.py).

Requests are answered from the output folder only: a path with a NUL or
another control character once decoded (C0, DEL, or C1 from U+0080 to U+009F)
is refused with 400, one leading outside with 403 (Tornado's check), and a
file that cannot be read gives 404, never a traceback.
"""

from __future__ import annotations

import functools
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import watchfiles
from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from markupsafe import Markup
from tornado.ioloop import IOLoop
from tornado.web import HTTPError

from .. import failures, urls
from ..build.incremental import Builder
from ..errors import ContentErrors
from ..search.indexer import BackgroundIndexer
from ..search.pagefind import refresh_search_index
from ..write.writer import write_site

STEP_MS = 20  # how long a batch of changes waits for more: an editor's save can be several writes
UNSAFE_PATH = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1 controls: no site file has one
WAITING = b"<!doctype html><html><head><title>Not built yet</title></head><body></body></html>\n"


class OverlayHandler(StaticFileHandler):  # type: ignore[misc]
    """Serves the built site, adding the current errors to every HTML page.

    Each file is read whole, at once: the builder overwrites files in place
    (`replace_whole` in incremental.py) on this same thread, between requests,
    so a response read in chunks could mix two builds.
    """

    errors: ClassVar[tuple[str, ...]] = ()
    root: ClassVar[Path] = Path()  # the site's folder, where failures are logged

    def parse_url_path(self, url_path: str) -> str:
        if UNSAFE_PATH.search(url_path):
            raise HTTPError(400, "a control character in the path")
        path: str = super().parse_url_path(url_path)
        return path

    @classmethod
    def get_content(cls, abspath: str, start: int | None = None, end: int | None = None) -> Any:
        try:
            page = Path(abspath).read_bytes()
        except OSError:  # gone or unreadable since the request was checked
            raise HTTPError(404) from None
        if cls.errors and abspath.endswith(".html"):
            return with_overlay(page, cls.errors)
        return page[start:end]

    def log_exception(self, typ: Any, value: BaseException | None, tb: Any) -> None:
        """Tornado's report of a failed request: one line, the traceback in the log (failures.py)."""
        if value is None or isinstance(value, HTTPError):
            super().log_exception(typ, value, tb)
            return
        log = failures.write_log(value, self.root)
        print(f"error: {self.request.uri!r} failed: {value!r}; the details are in {log}", file=sys.stderr)

    def get_content_size(self) -> int:
        if self.errors and self.absolute_path.endswith(".html"):
            return len(self.get_content(self.absolute_path))
        size: int = super().get_content_size()
        return size


def with_overlay(page: bytes, errors: tuple[str, ...]) -> bytes:
    """The page with a box listing `errors` (lines of `path:line:col: message`) at the end of its body."""
    items = Markup("").join(Markup("<li><pre>{}</pre></li>").format(e) for e in errors)
    box = Markup(
        '<div id="factsite-errors" role="alert" style="position:fixed;inset:auto 1rem 1rem 1rem;'
        "max-height:60vh;overflow:auto;z-index:2147483647;background:#fff5f5;color:#1f2328;"
        'border:3px solid #cf222e;border-radius:8px;padding:1rem 1.25rem;font:14px/1.4 monospace">'
        '<strong style="color:#cf222e">The site was not rebuilt: fix these errors and save.</strong>'
        '<ul style="margin:.5rem 0 0;padding-left:1.25rem">{}</ul></div>'
    ).format(items)
    html = page.decode("utf-8")
    at = html.rfind("</body>")
    at = len(html) if at == -1 else at
    return (html[:at] + str(box) + html[at:]).encode("utf-8")


def describe(exc: Exception, root: Path) -> tuple[str, ...]:
    """Errors as the lines the terminal and the overlay show; any other failure is logged (failures.py)."""
    if isinstance(exc, ContentErrors):
        return tuple(str(e) for e in exc.errors)
    message, hint = failures.explain(exc, root)
    log = failures.write_log(exc, root)
    return (f"{message}\n    hint: {hint}\n    the details are in {log}",)


class BuildWatcher(Watcher):  # type: ignore[misc]
    """livereload's watcher, told of changes by the OS: each batch of changed paths is one build.

    `start` runs the watches in threads; each batch they see is added to
    `changed` and livereload's callback is scheduled on its event loop, which
    calls `examine` there, so builds never run in two threads at once.
    """

    def __init__(self, builder: Builder, say: Callable[[str], None]) -> None:
        super().__init__()
        self.builder = builder
        self.say = say
        builder.defer_search = True
        builder.in_place = True
        builder.replace_whole = False  # builds run on the server's thread: see OverlayHandler
        self.indexer = BackgroundIndexer(self._index, lambda exc: say("\n".join(describe(exc, builder.root))))
        self.changed: set[str] = set()
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def watched(self) -> list[Watch]:
        """`site.toml` is watched through its folder, so that an editor that saves by replacing
        the file is still seen."""
        builder = self.builder
        design = [f for f in (*builder.templates.folders, *builder.static.folders) if f.is_dir()]
        folders = [builder.root / "content", *design]
        return [Watch([builder.root], False, str(builder.root / "site.toml")), Watch(folders, True)]

    def start(self, callback: Callable[[], None]) -> bool:
        loop = IOLoop.current()

        def notify(paths: set[str]) -> None:
            with self.lock:
                self.changed |= paths
            loop.add_callback(callback)

        for what in self.watched():
            threading.Thread(target=what.run, args=(notify, self.stop), daemon=True).start()
        callback()  # takes livereload's own first entry, as its inotify watcher does
        return True  # livereload does not poll

    def _index(self) -> None:
        site = self.builder.site
        if site is not None:
            refresh_search_index(self.builder.out, site.config.search)

    def examine(self) -> tuple[str | None, float | None]:
        if self._changes:
            change: tuple[str | None, float | None] = self._changes.pop()
            return change
        with self.lock:
            changed, self.changed = self.changed, set()
        if not changed:
            return None, None
        reload = self.rebuild(changed)
        if reload:
            LiveReloadHandler.reload_waiters(reload)  # now, not after livereload's 3 s throttle
        return None, None

    def rebuild(self, changed: set[str] | None = None) -> str | None:
        """Build (after `changed` paths changed, or looking at all); return what browsers should
        reload ('*' for the page), or None if nothing changed."""
        started = time.perf_counter()
        try:
            report = self.builder.build(changed)
        except Exception as exc:  # whatever it is, the server stays up and shows it
            errors = describe(exc, self.builder.root)
            if errors != OverlayHandler.errors:
                OverlayHandler.errors = errors
                self.say("\n".join([*errors, f"{len(errors)} error(s); still serving the last good site."]))
                return "*"
            return None
        cleared, OverlayHandler.errors = bool(OverlayHandler.errors), ()
        if report.search_stale and not self.builder.no_search:
            self.indexer.request()  # runs while the browser reloads (indexer.py)
        if not (report.written or report.removed or report.static or report.full or cleared):
            return None
        ms = (time.perf_counter() - started) * 1000
        self.say(
            f"rebuilt in {ms:.0f} ms: rendered {len(report.rendered)} of {report.planned} pages, "
            f"wrote {len(report.written)}, removed {len(report.removed)}"
        )
        only_css = report.static and not (report.written or report.removed or cleared)
        return urls.static(report.static[0]) if only_css and report.static[0].endswith(".css") else "*"


@dataclass(frozen=True)
class Watch:
    """Folders to watch, into subfolders or not, and the one file to report, if only one."""

    folders: list[Path]
    recursive: bool
    only: str | None = None

    def run(self, notify: Callable[[set[str]], None], stop: threading.Event) -> None:
        """Call `notify` with the absolute paths of each batch of changes, until `stop` is set.

        Editors' backup and swap files are reported too: the builder ignores what is not an input.
        """
        folders = [f for f in self.folders if f.exists()]
        keep = None if self.only is None else functools.partial(_is, self.only)
        if folders:
            for changes in watchfiles.watch(
                *folders, recursive=self.recursive, watch_filter=keep, step=STEP_MS, stop_event=stop
            ):
                notify({path for _, path in changes})


def _is(wanted: str, change: watchfiles.Change, path: str) -> bool:
    return path == wanted


class ListenError(failures.Failure):
    """The server could not listen on the address asked for; `hint` follows the reason."""


def serve(root: Path, host: str, port: int, search: bool = True) -> int:
    """Build the site into a temporary folder, serve it on `host:port`, rebuild it as files change;
    without `search`, the search index is never made (the search page says so)."""
    out = Path(tempfile.mkdtemp(prefix="factsite-serve-"))
    builder = Builder(root, out)
    builder.drafts = True  # an editor sees drafts, marked DRAFT (drafts.py)
    builder.no_search = not search
    if not search:
        print("note: serving without a search index (--no-search): the search page says so", file=sys.stderr)
    watcher = BuildWatcher(builder, lambda text: print(text, file=sys.stderr, flush=True))
    OverlayHandler.root = watcher.builder.root
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        write_site({urls.output(urls.HOME): WAITING}, None, out)
        watcher.rebuild()
        server = Server(watcher=watcher)
        server.SFH = OverlayHandler
        server.watch(str(root))  # for livereload's own bookkeeping; BuildWatcher.start does the watching
        try:
            server.serve(port=port, host=host, root=str(out), restart_delay=0)
        except OSError as exc:
            failure = ListenError(f"cannot serve on http://{host}:{port}: {exc.strerror or exc}")
            failure.hint = failures.hint_for(exc.errno)
            raise failure from exc
    finally:
        watcher.stop.set()
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(out, ignore_errors=True)
    return 0
