"""Where a full build's memory goes: each process's resident memory at each phase of the build.

    python benchmarks/memory.py [--articles 1000] [--claims 10] [--jobs N] [--site DIR] [--out DIR] [--top N]

Generates a site of N articles x M claims (benchmarks/sitegen.py) in a new temporary
folder, or takes `--site`, and builds it from clean without search, in this process as
`python build.py build --no-search` does, printing the main process's RSS (resident
memory) and its peak so far (VmHWM, from /proc/self/status) after loading, checking
and planning, every 3,000 pages written, when rendering ends and around saving the
build state; then each worker's RSS after its first and last chunk of pages, and its
peak, and the peak of the child that saves the content meanwhile (presave.py). A worker's
RSS counts the memory it still shares with the main process (forked
after planning). With `--top N`, it also prints the N source lines that allocated most
of the Python memory still held after each phase (tracemalloc, which makes the build a
few times slower and its memory larger). With `--out DIR`, the site is built into DIR and
its build state is kept, for a next `build.py` to read (by default both are thrown away).
Linux only (/proc). It asserts nothing.

It measures by wrapping the build's own functions (incremental.Builder's phases,
pool.rendering and pool._render_chunk, main._save): a renamed one fails here first.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

from sitegen import generate  # noqa: E402

from factsite.build import incremental, pool, presave, state  # noqa: E402
from factsite.cli import main as cli  # noqa: E402

STARTED = time.perf_counter()
EVERY = 3000  # pages between two looks at the main process while the workers render


def status() -> dict[str, int]:
    """This process's VmRSS and VmHWM, in MB."""
    with open("/proc/self/status", encoding="ascii") as file:
        fields = dict(line.split(":", 1) for line in file if ":" in line)
    return {name: int(fields[name].split()[0]) // 1024 for name in ("VmRSS", "VmHWM")}


def show(phase: str, top: int) -> None:
    now = status()
    seconds = time.perf_counter() - STARTED
    print(f"[{seconds:6.1f} s] main, {phase:24s} RSS {now['VmRSS']:5d} MB, peak {now['VmHWM']:5d} MB")
    if top and tracemalloc.is_tracing():
        for stat in tracemalloc.take_snapshot().statistics("lineno")[:top]:
            frame = stat.traceback[0]
            print(f"{stat.size / 2**20:10.1f} MB {stat.count:9d}  {frame.filename}:{frame.lineno}")


def after(function: Callable[..., Any], phase: str, top: int) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        show(phase, top)
        return result

    return wrapped


def watch_rendering(top: int) -> None:
    """Look at the main process every EVERY pages it takes from the workers, and at the end."""
    rendering = pool.rendering

    @contextlib.contextmanager
    def watched(job: pool.Job, jobs: int, progress: pool.Progress) -> Iterator[Iterator[pool.Page]]:
        with rendering(job, jobs, progress) as pages:
            yield _counted(pages, top)

    setattr(incremental, "rendering", watched)  # noqa: B010 (not among its exports)


def _counted(pages: Iterator[pool.Page], top: int) -> Iterator[pool.Page]:
    for done, page in enumerate(pages, start=1):
        if done % EVERY == 0:
            show(f"{done} pages written", 0)
        yield page
    show("rendering done", top)


def watch_workers(log: Path) -> None:
    """Each worker appends its pid and memory after each chunk to `log` (the workers are forked, so
    they run this wrapper: pickle finds it under the original's name)."""
    render_chunk = pool._render_chunk

    @functools.wraps(render_chunk)
    def logged(indices: list[int], slugs: tuple[str, ...]) -> Any:
        answer = render_chunk(indices, slugs)
        now = status()
        with open(log, "a", encoding="ascii") as file:
            file.write(f"{os.getpid()} {len(indices)} {now['VmRSS']} {now['VmHWM']}\n")
        return answer

    pool._render_chunk = logged  # type: ignore[assignment]


def watch_content_saving(log: Path) -> None:
    """The child that saves the content while the site is written (presave.py) appends its pid and
    memory to `log` when it is done, as a worker does after each chunk."""
    write = presave.ContentBeside._write

    @functools.wraps(write)
    def logged(self: presave.ContentBeside, plan: Any, token: str) -> bool:
        answer = write(self, plan, token)
        now = status()
        with open(log, "a", encoding="ascii") as file:
            file.write(f"{os.getpid()} saver {now['VmRSS']} {now['VmHWM']}\n")
        return answer

    presave.ContentBeside._write = logged  # type: ignore[method-assign]


def report_workers(log: Path) -> None:
    by_pid: dict[str, list[list[str]]] = {}
    for line in log.read_text("ascii").splitlines() if log.is_file() else []:
        pid, *figures = line.split()
        by_pid.setdefault(pid, []).append(figures)
    for pid, chunks in by_pid.items():
        (pages, first, _), (_, last, peak) = chunks[0], chunks[-1]
        if pages == "saver":
            print(f"child {pid} that saved the content: RSS {last} MB when done; peak {peak} MB")
            continue
        print(
            f"worker {pid}: {len(chunks)} chunks; RSS {first} MB after its first ({pages} pages), "
            f"{last} MB after its last; peak {peak} MB"
        )
    if not by_pid:
        print("no worker: the pages were rendered in the main process (--jobs 1, or too few pages)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--claims", type=int, default=10)
    parser.add_argument("--jobs", type=int, help="worker processes (default: as a build chooses)")
    parser.add_argument("--site", type=Path, help="a site to build instead of a generated one")
    parser.add_argument("--out", type=Path, help="build into this folder and keep the build state")
    parser.add_argument("--top", type=int, default=0, help="print the N lines that allocated most")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="factsite-memory-") as scratch:
        site = args.site or Path(scratch) / "site"
        if args.site is None:
            generate(site, REPO / "tests" / "sample", args.articles, args.claims)
        if args.top:
            tracemalloc.start()
        log = Path(scratch) / "workers.log"
        for name, phase in (("_load", "loaded"), ("_check", "checked"), ("_plan", "planned")):
            setattr(incremental.Builder, name, after(getattr(incremental.Builder, name), phase, args.top))
        watch_rendering(args.top)
        watch_workers(log)
        watch_content_saving(log)
        watch_saving()
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        out = args.out or Path(scratch) / "out"
        try:
            code = cli.main(
                ["--root", str(site), "build", "--out", str(out), "--no-search", "--quiet", *jobs]
            )
        finally:
            if args.out is None:
                shutil.rmtree(state.cache_folder(site, out), ignore_errors=True)  # this build's state
        report_workers(log)
    return code


def watch_saving() -> None:
    save = cli._save

    def watched(builder: incremental.Builder, inputs_only: bool = False) -> None:
        show("before saving the state", 0)
        save(builder, inputs_only)
        show("state saved", 0)

    cli._save = watched


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
