"""A full build renders its pages in worker processes (`--jobs`, build/pool.py): the same bytes as one
process, pages streamed to the writer, template errors as content errors, a dead worker as a failure,
and no worker left behind when the build is stopped."""

from __future__ import annotations

import os
import runpy
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from factsite.build import pool
from factsite.build.incremental import Builder
from factsite.build.memo import Memo
from factsite.check import coverage
from factsite.cli.main import EXIT_CONTENT, EXIT_FAILURE, EXIT_USAGE, main
from factsite.load.content import load_site
from factsite.render.pages import environment, plan_site, renderer
from factsite.write.writer import write_site
from tests.conftest import REPO

SITEGEN = runpy.run_path(str(REPO / "benchmarks" / "sitegen.py"))  # the benchmarks' site generator


def build(root: Path, out: Path, *options: str) -> int:
    return main(["--root", str(root), "build", "--out", str(out), "--no-search", "--quiet", *options])


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    """A generated site of 20 articles of 3 claims: three chunks of articles, and the site-wide pages."""
    root = tmp_path / "generated"
    SITEGEN["generate"](root, REPO / "tests" / "sample", 20, 3)
    return root


@pytest.mark.parametrize("which", ["sample", "generated"])
def test_two_workers_build_the_same_bytes_as_one_process(
    which: str, site_root: Path, generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site_root if which == "sample" else generated
    monkeypatch.setattr(pool, "SITE_WIDE_PER_CHUNK", 3)  # the site-wide pages in many chunks
    one, two = tmp_path / "one", tmp_path / "two"
    assert build(root, one, "--jobs", "1") == 0
    assert build(root, two, "--jobs", "2") == 0
    ours, theirs = files(one), files(two)
    assert ours.keys() == theirs.keys()
    assert [p for p in ours if ours[p] != theirs[p]] == []


def test_each_page_goes_to_one_chunk_and_an_article_s_pages_stay_together(generated: Path) -> None:
    site = load_site(generated)
    specs = tuple(plan_site(site))
    job = pool.Job(site, specs, environment(), Memo(), (), generated)
    site_wide, per_article, summary = pool.chunks(job)
    numbers = site_wide + summary + [i for chunk, _ in per_article for i in chunk]
    assert sorted(numbers) == list(range(len(specs)))
    assert [specs[i].path for i in summary] == ["coverage/index.html"]
    assert len(per_article) == 3 and per_article[0][1] == tuple(a.slug for a in site.articles[:8])
    first, (one, eighth) = {specs[i].path for i in per_article[0][0]}, (site.articles[0], site.articles[7])
    assert f"articles/{one.slug}/index.html" in first and f"coverage/{eighth.slug}/index.html" in first
    assert f"claims/{one.slug}/claim-02/index.html" in first
    assert "claims/index.html" in {specs[i].path for i in site_wide}


def paged(root: Path, size: int) -> None:
    """Give the site's lists `size` items a page (site.toml `page_size`)."""
    toml = (root / "site.toml").read_text(encoding="utf-8")
    (root / "site.toml").write_text(f"page_size = {size}\n{toml}", encoding="utf-8")


def test_every_page_of_the_coverage_summary_is_rendered_last_from_the_workers_figures(tmp_path: Path) -> None:
    root = tmp_path / "generated"
    SITEGEN["generate"](root, REPO / "tests" / "sample", 25, 2)
    paged(root, 10)  # 25 articles, 10 rows a page: the summary has 3 pages
    site = load_site(root)
    specs = tuple(plan_site(site))
    _, _, summary = pool.chunks(pool.Job(site, specs, environment(), Memo(), (), root))
    expected = ["coverage/index.html", "coverage/page/2/index.html", "coverage/page/3/index.html"]
    assert [specs[i].path for i in summary] == expected
    one, two = tmp_path / "one", tmp_path / "two"
    assert build(root, one, "--jobs", "1") == 0
    assert build(root, two, "--jobs", "2") == 0
    assert [(one / path).read_bytes() == (two / path).read_bytes() for path in expected] == [True] * 3
    last = coverage.article_coverage(site.articles[-1], site.claims_of(site.articles[-1].slug))
    row = f"{last.covered} of {len(last.sentences)}</span>"
    assert row.encode() in (two / expected[-1]).read_bytes()


def test_a_worker_sends_back_the_figures_of_its_articles_coverage_not_their_sentences(
    generated: Path,
) -> None:
    site = load_site(generated)
    specs = tuple(plan_site(site))
    job = pool.Job(site, specs, environment(), Memo(), (), generated)
    _, per_article, _ = pool.chunks(job)
    pool._job, pool._render = job, renderer(site, job.env, job.reuse)
    try:
        pages, found = pool._render_chunk(*per_article[0])
    finally:
        pool._job = pool._render = None
    wanted = [coverage.article_coverage(a, site.claims_of(a.slug)) for a in site.articles[:8]]
    assert found == [(c.article.slug, c.covered, len(c.sentences)) for c in wanted]
    assert len(pages) == len(per_article[0][0])


def test_a_worker_keeps_nothing_that_a_chunk_made(generated: Path) -> None:
    site = load_site(generated)
    memo = Memo()
    specs = tuple(plan_site(site, memo))
    job = pool.Job(site, specs, environment(), memo, (), generated)
    site_wide, per_article, _ = pool.chunks(job)
    pool._job, pool._render = job, renderer(site, job.env, memo)

    def kept() -> dict[int, list[object]]:
        return {key: list(results) for key, (_, results) in memo._entries.items()}

    before = kept()
    try:
        for chunk in [(site_wide, ()), *per_article]:
            pool._render_chunk(*chunk)
            assert kept() == before
    finally:
        pool._job = pool._render = None


def test_within_scratch_a_memo_finds_what_it_made_and_forgets_it_after() -> None:
    memo, article, made = Memo(), object(), []

    def make(name: str) -> str:
        made.append(name)
        return name

    memo.get(article, "before", lambda: make("before"))
    with memo.scratch():
        assert memo.get(article, "before", lambda: make("again")) == "before"
        memo.last(article, "inside", 1, lambda: make("inside"))
        assert memo.last(article, "inside", 1, lambda: make("twice")) == "inside"
    assert memo.last(article, "inside", 1, lambda: make("after")) == "after"
    assert made == ["before", "inside", "after"]


def test_without_jobs_a_pool_is_used_only_for_many_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "cpu_count", lambda: 2)
    assert pool.workers(None, pool.POOL_FROM - 1) == 1
    assert pool.workers(None, pool.POOL_FROM) == 2
    assert pool.workers(3, 10) == 3 and pool.workers(1, 100_000) == 1


def test_the_writer_writes_each_page_as_it_comes(tmp_path: Path) -> None:
    out = tmp_path / "out"

    def pages() -> Iterator[tuple[str, bytes]]:
        for n in range(3):
            if n:  # the page before is in the new site already: nothing waits in memory
                staging = next(tmp_path.glob(".out.staging-*"))
                assert (staging / f"p{n - 1}/index.html").read_bytes() == b"page %d" % (n - 1)
            yield f"p{n}/index.html", b"page %d" % n

    write_site(pages(), None, out)
    assert {"p0/index.html", "p1/index.html", "p2/index.html"} <= files(out).keys()


def test_a_template_that_fails_in_a_worker_is_a_content_error_at_its_line(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site_root / "templates").mkdir()
    (site_root / "templates" / "claim.html").write_text("A claim\n{{ 1 // 0 }}\n", encoding="utf-8")
    assert build(site_root, tmp_path / "out", "--jobs", "2") == EXIT_CONTENT
    err = capsys.readouterr().err
    assert "templates/claim.html:2:1: template: ZeroDivisionError" in err
    assert not (tmp_path / "out").exists()


def dying_renderer(*args: object) -> Callable[[object], bytes]:
    """A worker's renderer that dies on its first page, as a worker killed or out of memory does."""
    os._exit(9)


def test_a_worker_that_dies_stops_the_build_with_exit_3_and_the_site_untouched(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert build(site_root, out, "--jobs", "1") == 0
    before = files(out)
    (site_root / "site.toml").write_text((site_root / "site.toml").read_text() + "\n", encoding="utf-8")
    monkeypatch.setattr(pool, "renderer", dying_renderer)  # the workers, forked after, inherit it
    assert build(site_root, out, "--jobs", "2") == EXIT_FAILURE
    assert "a worker process rendering pages stopped without an answer" in capsys.readouterr().err
    assert files(out) == before
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]


def test_a_huge_jobs_forks_no_more_than_a_few_workers_a_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "cpu_count", lambda: 2)
    assert pool.workers(99999, 12_000) == 2 * pool.PER_CORE
    assert pool.workers(3, 12_000) == 3
    assert pool.workers(None, 12_000) == 2 and pool.workers(None, 10) == 1


def test_jobs_must_be_a_number_of_processes(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        build(site_root, tmp_path / "out", "--jobs", "0")
    assert stop.value.code == EXIT_USAGE
    monkeypatch.setenv("FACTSITE_JOBS", "two")
    assert build(site_root, tmp_path / "out") == EXIT_USAGE
    assert "FACTSITE_JOBS is 'two'" in capsys.readouterr().err
    monkeypatch.setenv("FACTSITE_JOBS", "2")
    assert build(site_root, tmp_path / "out") == 0


# A build whose workers note their process ids, then render slowly: it is stopped meanwhile.
SLOW_BUILD = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
from factsite.build import pool
from factsite.build.incremental import Builder
from factsite.build.memo import Memo
from factsite.check import coverage
from factsite.cli.main import main
real = pool.renderer
def slow(*args):
    render = real(*args)
    Path({pids!r}, str(os.getpid())).touch()
    def page(spec):
        time.sleep(0.2)  # long enough that a loaded machine's signal comes before the last page
        return render(spec)
    return page
pool.renderer = slow
sys.exit(main(["--root", {root!r}, "build", "--out", {out!r}, "--no-search", "--quiet", "--jobs", "2"]))
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is dead: only its parent has not waited yet
        return stat.read().split(") ")[1][0] != "Z"


def wait_for(condition: Callable[[], bool], seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to tell a zombie")
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_a_build_stopped_meanwhile_leaves_no_worker_and_the_site_untouched(
    stop: signal.Signals, site_root: Path, tmp_path: Path
) -> None:
    out, pids = tmp_path / "out", tmp_path / "pids"
    pids.mkdir()
    assert build(site_root, out, "--jobs", "1") == 0
    before = files(out)
    (site_root / "site.toml").write_text((site_root / "site.toml").read_text() + "\n", encoding="utf-8")
    script = SLOW_BUILD.format(repo=str(REPO), pids=str(pids), root=str(site_root), out=str(out))
    build_process = subprocess.Popen([sys.executable, "-c", script], cwd=REPO)
    assert wait_for(lambda: len(list(pids.iterdir())) == 2)
    build_process.send_signal(stop)
    build_process.wait(timeout=30)
    workers = [int(p.name) for p in pids.iterdir()]
    assert wait_for(lambda: not any(alive(pid) for pid in workers))
    assert files(out) == before  # a killed build's staging folder beside it goes at the next build
    assert build_process.returncode == (-signal.SIGKILL if stop == signal.SIGKILL else 130)


def test_serve_s_builds_render_in_process_whatever_jobs_says(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started")

    monkeypatch.setattr(pool, "ProcessPoolExecutor", no_pool)
    builder = Builder(site_root, tmp_path / "served")
    builder.in_place, builder.no_search, builder.jobs = True, True, 2  # as serve.py sets it
    assert builder.build().full  # its memo keeps the pieces that serve's edits reuse
    other = Builder(site_root, tmp_path / "built")
    other.no_search, other.jobs = True, 2
    with pytest.raises(AssertionError, match="a pool was started"):
        other.build()
