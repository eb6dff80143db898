"""Render a whole site on every core: worker processes forked once the plan is made (`rendering`).

A full build renders thousands of independent pages: an article's page, its
claims' pages and its coverage page need only the model. `rendering` forks the
workers after planning, so each inherits the model, the templates and the plan
once (copy-on-write: nothing is pickled), then sends them chunks of a few
articles' pages, by number, and gets their bytes back, which it hands on as
they come for the writer to write (writer.write_site): no process holds every
page at once. The site-wide pages (lists, feeds, downloads) go first, in
chunks of their own: nothing they make is kept from one chunk to the next
(Memo.scratch), and the bytes of all of them at once were tens of megabytes. The
pages of the coverage summary need every article's coverage, which the workers
make as they render each article's coverage page: they send back with the
article's pages only the figures that its row shows (coverage.CoverageFigures,
a few bytes, not every sentence), and this process renders the summary last.

Pages are pure functions of the model, so the bytes are those of rendering in
one process (tests/test_pool.py). A template that fails in a worker raises its
ContentError, found there from the traceback (design.render_error); a worker
that dies (killed, out of memory) stops the build with `WorkerFailure` (exit 3).
On any error, Ctrl-C or `kill`, the workers are killed before the error goes on;
a worker whose parent is gone (`kill -9`) exits by itself.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .. import urls
from ..check.coverage import CoverageFigures
from ..errors import ContentErrors
from ..failures import Failure
from ..model import Site
from ..render.design import render_error
from ..render.pages import renderer
from ..render.pieces import Parts
from ..render.spec import PageSpec
from .memo import Memo

POOL_FROM = 500  # pages: a build of fewer renders them in-process, where a pool costs more than it saves
ARTICLES_PER_CHUNK = 8  # about 100 pages of 10-claim articles: a chunk's bytes are a megabyte or two
SITE_WIDE_PER_CHUNK = 50  # site-wide pages: lists of 100 items, data files of megabytes (downloads)
PER_CORE = 4  # the most workers a core gets, whatever --jobs asks
WINDOW = 3  # chunks sent per worker at a time: what waits to be written stays a few megabytes
Page = tuple[str, bytes]  # (output path, bytes)
Found = tuple[str, int, int]  # an article's CoverageFigures, by its slug: (slug, covered, worthy)
Progress = Callable[[str, int, int], None]


class WorkerFailure(Failure):
    """A worker process stopped without an answer: killed, or out of memory."""

    hint = "run the build again; if it fails again, build in one process with --jobs 1"


@dataclass(frozen=True)
class Job:
    """What every worker inherits: the model, the plan, and what renders it."""

    site: Site
    specs: tuple[PageSpec, ...]  # the pages to render, numbered by their place
    env: jinja2.Environment
    reuse: Memo  # the builder's (memo.py): each worker uses its own copy, and forgets what each chunk made
    templates: tuple[Path, ...]  # the template folders, to name a failing template's file and line
    root: Path


def cpu_count() -> int:
    """The cores this process may run on (its affinity), at least 1."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers(jobs: int | None, pages: int) -> int:
    """How many worker processes render `pages` pages: `jobs` if given, at most PER_CORE a core (more
    would only share the same cores, and `--jobs 99999` must not fork 99,999 processes); else one per
    core when there are POOL_FROM pages or more. 1 means this process renders them, with no pool.
    Without `fork` (not Linux), always 1: a worker could not inherit the model."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if jobs is None:
        return cpu_count() if pages >= POOL_FROM else 1
    return min(jobs, PER_CORE * cpu_count())


@contextmanager
def rendering(job: Job, jobs: int, progress: Progress) -> Iterator[Iterator[Page]]:
    """The pages of `job.specs` as (path, bytes), rendered by `jobs` worker processes, or in this
    process when `jobs` is 1, told to `progress` as they come. Leaving the block stops the workers."""
    if jobs <= 1:
        yield _in_process(job, progress)
        return
    gc.freeze()  # the model is shared with the workers: their collector never walks (and copies) it
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(jobs, context, initializer=_start, initargs=(job, os.getpid()))
    try:
        yield _pooled(pool, job, jobs, progress)
    except BaseException:
        _kill(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _in_process(job: Job, progress: Progress) -> Iterator[Page]:
    render = renderer(job.site, job.env, job.reuse)
    for done, spec in enumerate(job.specs):
        progress("rendering", done, len(job.specs))
        yield spec.path, render(spec)
    progress("rendering", len(job.specs), len(job.specs))


def _pooled(pool: ProcessPoolExecutor, job: Job, jobs: int, progress: Progress) -> Iterator[Page]:
    """Send the chunks, a few per worker at a time; the pages of each as it comes back; the
    coverage summary, rendered here, last."""
    site_wide, per_article, summary = chunks(job)
    waiting = deque([*((part, ()) for part in _site_wide_chunks(job, site_wide)), *per_article])
    running: set[Future[tuple[list[Page], list[Found]]]] = set()
    found: list[Found] = []
    done, total = 0, len(job.specs)
    while waiting or running:
        with _signals_held(), _answers():  # the first submit forks the workers
            while waiting and len(running) < WINDOW * jobs:
                running.add(pool.submit(_render_chunk, *waiting.popleft()))
        with _stops_noted() as stopped:  # Ctrl-C or `kill` while waiting: acted on here, not lost
            finished, running = wait(running, timeout=POLL, return_when=FIRST_COMPLETED)
        if stopped:
            signal.raise_signal(stopped[0])  # now the build's own handler stops it, in this code
        for future in finished:
            pages, coverage = _result(future)
            found += coverage
            done += len(pages)
            progress("rendering", done, total)
            yield from pages
    yield from _render_here(job, summary, found)
    progress("rendering", total, total)


def _site_wide_chunks(job: Job, site_wide: list[int]) -> list[list[int]]:
    """The site-wide pages in chunks: each data file alone (the downloads are megabytes each, held
    in the worker and again in this process as its answer is read), the other pages
    SITE_WIDE_PER_CHUNK at a time."""
    data = [[i] for i in site_wide if job.specs[i].data is not None]
    pages = [i for i in site_wide if job.specs[i].data is None]
    return [*data, *(pages[n : n + SITE_WIDE_PER_CHUNK] for n in range(0, len(pages), SITE_WIDE_PER_CHUNK))]


STOPS = {signal.SIGINT, signal.SIGTERM}  # Ctrl-C and `kill`
POLL = 0.2  # seconds between looks for a stop while the workers render


@contextmanager
def _stops_noted() -> Iterator[list[int]]:
    """Note Ctrl-C and `kill` in the list given, instead of raising: the exception that the
    build's handlers raise could come inside concurrent.futures' own code while it waits, which
    may swallow it, and the build went on (seen under load). The caller re-raises the signal once
    the wait is over. Outside the main thread, where handlers cannot be set, nothing changes."""
    noted: list[int] = []
    try:
        before = {stop: signal.signal(stop, lambda number, frame: noted.append(number)) for stop in STOPS}
    except ValueError:  # not the main thread
        yield noted
        return
    try:
        yield noted
    finally:
        for stop, handler in before.items():
            signal.signal(stop, handler)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and `kill` back until the block ends: Python drops the KeyboardInterrupt that
    one raises in its handlers around a fork (os.register_at_fork), and the build would go on."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _result(
    future: Future[tuple[list[Page], list[Found]]],
) -> tuple[list[Page], list[Found]]:
    with _answers():
        return future.result()


@contextmanager
def _answers() -> Iterator[None]:
    """A pool whose worker died, found when a chunk's answer is read or the next chunk is sent:
    WorkerFailure, exit 3."""
    try:
        yield
    except BrokenProcessPool as exc:
        raise WorkerFailure(
            "a worker process rendering pages stopped without an answer (killed, or out of memory)"
        ) from exc


def _render_here(job: Job, indices: list[int], found: list[Found]) -> Iterator[Page]:
    """Render the pages of `indices` in this process, knowing each article's coverage as `found`."""
    parts = Parts(job.site, job.reuse)
    for slug, covered, worthy in found:
        parts.known_figures(CoverageFigures(job.site.article(slug), covered, worthy))
    render = renderer(job.site, job.env, job.reuse)
    for i in indices:
        yield job.specs[i].path, render(job.specs[i])


Chunk = tuple[list[int], tuple[str, ...]]  # the numbers of some pages, and the slugs of their articles


def chunks(job: Job) -> tuple[list[int], list[Chunk], list[int]]:
    """The pages by number: the site-wide ones; chunks of ARTICLES_PER_CHUNK articles' own pages
    (the article's, its claims', its coverage page), in plan order; and the pages of the coverage
    summary, which need every article's coverage."""
    slugs = [a.slug for a in job.site.articles]
    folders = {f(s): s for s in slugs for f in (urls.article, urls.coverage, _claims_folder)}
    site_wide: list[int] = []
    summary: list[int] = []
    of: dict[str, list[int]] = {}
    for i, spec in enumerate(job.specs):
        slug = folders.get("/".join(spec.path.split("/", 2)[:2]) + "/")
        if slug is not None:
            of.setdefault(slug, []).append(i)
        else:
            (summary if urls.in_list(urls.COVERAGE, spec.path) else site_wide).append(i)
    listed = [s for s in slugs if s in of]
    groups = [listed[n : n + ARTICLES_PER_CHUNK] for n in range(0, len(listed), ARTICLES_PER_CHUNK)]
    return site_wide, [([i for s in g for i in of[s]], tuple(g)) for g in groups], summary


def _claims_folder(slug: str) -> str:
    """The folder of an article's claims' pages, e.g. 'claims/some-article/'."""
    return f"{urls.CLAIMS}{slug}/"


# In a worker: what it inherited, set up once by `_start`.
_job: Job | None = None
_render: Callable[[PageSpec], bytes] | None = None


def _start(job: Job, parent: int) -> None:
    """Set a new worker up: the job, its renderer; Ctrl-C and `kill` left to the parent, which stops
    the workers itself; and a watch that ends the worker when the parent is gone."""
    global _job, _render
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not main.py's, inherited: it would raise
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)  # held while the parent forked (_signals_held)
    _job, _render = job, renderer(job.site, job.env, job.reuse)
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)  # the parent is gone: nobody waits for these pages


def _render_chunk(indices: list[int], slugs: Sequence[str]) -> tuple[list[Page], list[Found]]:
    """In a worker: the pages of `indices`, and the coverage figures of the articles `slugs` (made
    while rendering their coverage pages); a template's failure as its ContentError."""
    assert _job is not None and _render is not None
    job, render = _job, _render
    with job.reuse.scratch():  # what the chunk made is forgotten after it (memo.py)
        try:
            pages = [(job.specs[i].path, render(job.specs[i])) for i in indices]
        except Exception as exc:
            error = render_error(exc, job.templates, job.root)  # it needs this traceback: not sent back
            if error is None:
                raise
            raise ContentErrors([error]) from None
        parts = Parts(job.site, job.reuse)
        found = [parts.coverage_figures(job.site.article(slug)) for slug in slugs]
    return pages, [(f.article.slug, f.covered, f.worthy) for f in found]  # the article: the parent's


def _kill(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers now, and wait for them: none outlives the build."""
    processes = list((pool._processes or {}).values())  # where the standard library keeps them
    for process in processes:
        process.kill()
    for process in processes:
        process.join()
