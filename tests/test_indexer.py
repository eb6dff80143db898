"""The background search indexer of `serve`: one run at a time, the last edit indexed, no half index."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from factsite.build.incremental import Builder
from factsite.cli.serve import BuildWatcher
from factsite.model import SearchSettings
from factsite.search import pagefind as search
from factsite.search.indexer import BackgroundIndexer
from tests.test_incremental import CLAIM, clean_build, edit, files


def test_requests_during_a_run_give_one_more_run() -> None:
    started, release = threading.Semaphore(0), threading.Event()
    runs: list[int] = []

    def index() -> None:
        runs.append(len(runs))
        started.release()
        release.wait(5)

    indexer = BackgroundIndexer(index, lambda exc: None)
    indexer.request()
    assert started.acquire(timeout=5)
    for _ in range(5):
        indexer.request()  # while the first run is going
    release.set()
    assert indexer.wait(5)
    assert runs == [0, 1]


def test_a_failed_run_is_reported_and_the_next_request_runs_again() -> None:
    failures: list[Exception] = []
    calls: list[str] = []

    def index() -> None:
        calls.append("run")
        if len(calls) == 1:
            raise search.SearchIndexError("boom")

    indexer = BackgroundIndexer(index, failures.append)
    indexer.request()
    assert indexer.wait(5)
    indexer.request()
    assert indexer.wait(5)
    assert calls == ["run", "run"] and [str(e) for e in failures] == ["boom"]


def test_a_reader_never_sees_half_an_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind writes its folder file by file; the served folder is swapped in only when complete."""
    out = tmp_path / "out"
    out.mkdir()
    names = [f"part-{i}" for i in range(20)]

    def slow_pagefind(site: Path, bundle: Path, language: str) -> None:
        bundle.mkdir(parents=True)
        for name in names:
            (bundle / name).write_text(str(time.monotonic()))
            time.sleep(0.002)

    monkeypatch.setattr(search, "_index_all", slow_pagefind)
    seen: list[int] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            count = served_files(out / search.BUNDLE)
            if count is not None:
                seen.append(count)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(5):
            search.refresh_search_index(out, SearchSettings("en"))
    finally:
        done.set()
        reader.join()
    assert seen and set(seen) == {len(names)}


def test_after_edits_the_index_comes_to_match_a_clean_build(site_root: Path, tmp_path: Path) -> None:
    builder = Builder(site_root, tmp_path / "out")
    watcher = BuildWatcher(builder, lambda text: None)
    watcher.rebuild()
    assert watcher.indexer.wait(60)
    for status in ("accurate", "inaccurate"):
        edit(
            site_root,
            CLAIM,
            "status: unverified" if status == "accurate" else "status: accurate",
            f"status: {status}",
        )
        assert watcher.rebuild() == "*"
    assert watcher.indexer.wait(60)
    assert files(builder.out) == clean_build(site_root, tmp_path / "clean")


def served_files(folder: Path) -> int | None:
    """How many files the folder at `folder` holds, or None if it was not there all the while we looked.

    The folder may be swapped out and deleted while it is listed; a listing counts
    only if the same folder is still the one at `folder` afterwards.
    """
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return None
    try:
        count = len(os.listdir(descriptor))
        still = os.stat(folder).st_ino == os.fstat(descriptor).st_ino
    except FileNotFoundError:
        return None
    finally:
        os.close(descriptor)
    return count if still else None
