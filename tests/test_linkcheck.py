"""`build.py linkcheck`: every link of the built site, and outside URLs only when asked."""

from __future__ import annotations

import contextlib
import shutil
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from factsite.cli import linkcheck
from factsite.cli.main import main
from factsite.load.content import load_site
from factsite.render import pages as render
from factsite.write.writer import write_site

REPO = Path(__file__).resolve().parent.parent


def build(root: Path, out: Path) -> None:
    assert main(["--root", str(root), "build", "--out", str(out)]) == 0


def build_with_templates(root: Path, out: Path, change: tuple[str, str, str]) -> None:
    """Build with a copy of the templates in which one template has one change."""
    templates = out.parent / "templates"
    shutil.copytree(render.TEMPLATES, templates)
    name, old, new = change
    text = (templates / name).read_text("utf-8")
    assert old in text
    (templates / name).write_text(text.replace(old, new), "utf-8")
    write_site(render.render_site(load_site(root), render.environment(templates)), render.STATIC, out)


def linkcheck_cli(root: Path, out: Path, *extra: str) -> int:
    return main(["--root", str(root), "linkcheck", "--out", str(out), *extra])


def test_the_sample_site_has_no_broken_links(site_root: Path, tmp_path: Path) -> None:
    build(site_root, tmp_path / "out")
    report = linkcheck.check(
        linkcheck.Options(site=tmp_path / "out", base_url="https://checks.example.org/sub/")
    )
    assert report.broken == ()
    assert report.total > 100


def test_the_seed_site_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(REPO, tmp_path / "out")
    assert linkcheck_cli(REPO, tmp_path / "out") == 0
    assert "no broken links" in capsys.readouterr().out


def test_a_broken_template_link_names_the_page_and_link(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    build_with_templates(
        site_root, out, ("claims.html", "{% extends", "<a href=\"{{ href('nowhere/') }}\">x</a>{% extends")
    )
    assert linkcheck_cli(site_root, out) == 1
    err = capsys.readouterr().err
    assert (
        "claims/index.html:1:10: broken link to nowhere/index.html: there is no such file in the site" in err
    )
    assert "1 broken link(s)" in err


def test_a_missing_anchor_names_the_page_and_link(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    build_with_templates(site_root, out, ("claim.html", "'#claim-' ~ claim.id", "'#claim-of-' ~ claim.id"))
    assert linkcheck_cli(site_root, out) == 1
    err = capsys.readouterr().err
    page = "claims/city-budget/roads-fell-again/index.html"
    target = "articles/city-budget/index.html#claim-of-roads-fell-again"
    assert f"{page}:" in err
    assert (
        f"broken link to {target}: there is no element with id 'claim-of-roads-fell-again' on that page"
        in err
    )
    assert err.count("there is no element with id") == 3  # one per claim page


def test_a_missing_asset_is_named_on_every_page(site_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(site_root, out)
    (out / "static" / "style.css").unlink()
    report = linkcheck.check(linkcheck.Options(site=out, base_url="https://checks.example.org/sub/"))
    pages = {b.page for b in report.broken if b.target == "static/style.css"}
    assert "index.html" in pages and "claims/city-budget/roads-fell-again/index.html" in pages
    assert len(pages) == len(list(out.rglob("*.html")))


def test_root_relative_links_must_stay_under_the_base_path(site_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    links = '<a href="/sub/claims/index.html#main">fine</a><a href="/static/style.css">not under /sub/</a>'
    build_with_templates(site_root, out, ("home.html", "{% extends", links + "{% extends"))
    report = linkcheck.check(linkcheck.Options(site=out, base_url="https://checks.example.org/sub/"))
    assert [(b.page, b.target) for b in report.broken] == [("index.html", "/static/style.css")]


def test_canonical_links_are_checked_as_local_pages(site_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_with_templates(
        site_root, out, ("home.html", "{% extends", "<a href=\"{{ canonical('gone/') }}\">x</a>{% extends")
    )
    report = linkcheck.check(linkcheck.Options(site=out, base_url="https://checks.example.org/sub/"))
    assert [(b.page, b.target) for b in report.broken] == [("index.html", "gone")]


def test_without_a_built_site_it_says_to_build(site_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert linkcheck_cli(site_root, site_root / "_site") == 2
    assert "run `python build.py build` first" in capsys.readouterr().err


# Outside URLs, against a server on 127.0.0.1 that this test starts.


class Handler(BaseHTTPRequestHandler):
    hits: ClassVar[Counter[str]] = Counter()

    def do_GET(self) -> None:
        Handler.hits[self.path] += 1
        if self.path == "/ok":
            self._answer(200, b"<p id='here'>fine</p>")
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(3)
            self._answer(200, b"too late")
        else:
            self._answer(404, b"not found")

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the checker gave up on /slow
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    Handler.hits = Counter()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def linked_site(site_root: Path, write: object, server: str) -> Path:
    """The sample site with a page linking to the local server, and example.org excluded."""
    write(
        "content/pages/links.md",
        "---\ntitle: Links\n---\n\n"
        + "".join(  # type: ignore[operator]
            f"- [{path}]({server}/{path})\n" for path in ("ok", "moved", "missing", "slow")
        ),
    )
    config = (site_root / "site.toml").read_text("utf-8")
    settings = "\n[linkcheck]\nexclude = ['^https://([a-z]+\\.)?example\\.org/']\ntimeout = 1\nretries = 0\n"
    (site_root / "site.toml").write_text(config + settings, "utf-8")
    build(site_root, site_root / "_site")
    return site_root


def test_outside_urls_are_not_checked_by_default(
    linked_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert linkcheck_cli(linked_site, linked_site / "_site") == 0
    assert sum(Handler.hits.values()) == 0


def test_external_mode_reports_404s_and_timeouts(
    linked_site: Path, server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert linkcheck_cli(linked_site, linked_site / "_site", "--external") == 1
    out, err = capsys.readouterr()
    broken = sorted(line for line in err.splitlines() if "broken link to" in line)
    assert len(broken) == 2, err
    assert (
        broken[0].startswith("links/index.html:")
        and f"{server}/missing: " in broken[0]
        and "404" in broken[0]
    )
    assert broken[1].startswith("links/index.html:") and f"{server}/slow: no answer within 1 s" in broken[1]
    assert f"links/index.html: note: {server}/moved redirects to {server}/ok" in out
    assert Handler.hits["/ok"] >= 1 and Handler.hits["/missing"] == 1


def test_a_second_run_takes_good_results_from_the_cache(
    linked_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    linkcheck_cli(linked_site, linked_site / "_site", "--external")
    first = Counter(Handler.hits)
    assert (linked_site / ".cache" / "linkcheck" / ".lycheecache").is_file()
    linkcheck_cli(linked_site, linked_site / "_site", "--external")
    assert Handler.hits["/ok"] == first["/ok"]
    assert Handler.hits["/missing"] == first["/missing"] + 1  # failures are always checked again
    assert "from the cache" in capsys.readouterr().err


def test_the_report_is_written_as_markdown(linked_site: Path, server: str, tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    summary = tmp_path / "summary.md"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GITHUB_STEP_SUMMARY", str(summary))
        linkcheck_cli(linked_site, linked_site / "_site", "--external", "--report", str(report))
    text = report.read_text("utf-8")
    assert text.startswith("### All links, including outside URLs: 2 broken link(s)")
    assert "| `links/index.html` |" in text and f"{server}/missing" in text
    assert summary.read_text("utf-8").strip() == text.strip()


def test_lychee_is_told_the_settings(tmp_path: Path) -> None:
    options = linkcheck.Options(
        site=tmp_path,
        base_url="https://a.example/x/",
        external=True,
        exclude=("^https://skip\\.me/",),
        timeout=7,
        retries=1,
        concurrency=3,
        cache_dir=tmp_path / "cache",
    )
    args = linkcheck.command(options, tmp_path)
    pairs = {args[i]: args[i + 1] for i in range(len(args) - 1) if args[i].startswith("--")}
    assert pairs["--timeout"] == "7" and pairs["--max-retries"] == "1" and pairs["--max-concurrency"] == "3"
    assert pairs["--exclude"] == "^https://skip\\.me/"
    assert "--cache" in args and "--offline" not in args
    assert "--offline" in linkcheck.command(
        linkcheck.Options(site=tmp_path, base_url="https://a.example/"), tmp_path
    )
