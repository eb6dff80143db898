"""Drafts: `new` writes one, `check` passes it, `build` publishes it nowhere, and `build --drafts` and
`serve` show it marked Draft."""

from __future__ import annotations

import gzip
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from factsite.cli.main import main
from tests.test_serve import free_port, get, wait_for

DRAFT_ID = "repairs-cost-2-5-million-dollars"
DRAFT = f"content/claims/river-bridge/{DRAFT_ID}.yaml"
DRAFT_PAGE = f"claims/river-bridge/{DRAFT_ID}/index.html"


@pytest.fixture
def drafted(site_root: Path) -> Path:
    """The sample site with a draft made by `new`, its claim and summary filled in, not yet published."""
    assert (
        main(["--root", str(site_root), "new", "river-bridge", "the repairs cost 2.5 million dollars"]) == 0
    )
    path = site_root / DRAFT
    text = path.read_text("utf-8").replace('claim: ""', "claim: The repairs cost 2.5 million dollars.")
    path.write_text(text.replace('summary: ""', "summary: Not checked yet."), "utf-8")
    return site_root


def files(out: Path) -> dict[str, bytes]:
    """Every file of a built site, gzip-compressed ones (the search index) uncompressed."""
    found = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found[path.relative_to(out).as_posix()] = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    return found


def test_a_draft_made_by_new_passes_check(drafted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--root", str(drafted), "check"]) == 0
    out, err = capsys.readouterr()
    assert "ok: 2 articles, 3 claims (and 1 draft(s)), no errors" in out
    assert f"draft: {DRAFT}: not published; remove `draft: true` when it is complete" in err


def test_build_leaves_the_draft_out_of_every_output(drafted: Path, tmp_path: Path) -> None:
    """The site built with the draft is byte for byte the site built without it: pages, lists,
    feeds, downloads, sitemap, search index, coverage counts and JSON-LD alike."""
    with_draft, without = tmp_path / "with", tmp_path / "without"
    assert main(["--root", str(drafted), "build", "--out", str(with_draft)]) == 0
    built = files(with_draft)
    assert not any(DRAFT_ID.encode() in data for data in built.values())
    assert not any(b"Not checked yet" in data for data in built.values())
    (drafted / DRAFT).unlink()
    assert main(["--root", str(drafted), "build", "--out", str(without)]) == 0
    assert built.keys() == files(without).keys()
    differ = [p for p, data in files(without).items() if built[p] != data]
    assert differ == [".factsite-build"]  # the id of the inputs a build read (publish.py), not content


def test_build_drafts_shows_the_draft_marked_and_the_next_build_drops_it(
    drafted: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(drafted), "build", "--drafts", "--out", str(out)]) == 0
    page = (out / DRAFT_PAGE).read_text("utf-8")
    assert '<p class="draft-banner" role="note"' in page
    assert '<meta name="robots" content="noindex">' in page
    assert "application/ld+json" not in page  # no ClaimReview for a draft
    assert "The repairs cost 2.5 million dollars." in page
    assert "Explanation not yet written." in page and "<em>Not yet named</em>" in page
    article = (out / "articles/river-bridge/index.html").read_text("utf-8")
    assert f'class="hl draft" data-status="unverified" href="../../claims/river-bridge/{DRAFT_ID}/' in article
    assert '<span class="draft-tag">Draft</span></a>' in article
    assert main(["--root", str(drafted), "build", "--out", str(out)]) == 0  # the published site again
    assert not (out / DRAFT_PAGE).exists()
    assert DRAFT_ID not in (out / "articles/river-bridge/index.html").read_text("utf-8")


def test_publishing_means_removing_the_draft_line(drafted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = drafted / DRAFT
    path.write_text(path.read_text("utf-8").replace("draft: true", "draft: false"), "utf-8")
    capsys.readouterr()
    assert main(["--root", str(drafted), "check"]) == 1
    err = capsys.readouterr().err
    assert f"{DRAFT}:" in err and "explanation must not be empty" in err


@pytest.fixture
def served(drafted: Path, tmp_path: Path) -> Iterator[str]:
    port = free_port()
    repo = Path(__file__).resolve().parent.parent
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, str(repo / "build.py"), "--root", str(drafted), "serve", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path / "xdg-cache")},
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: _answers(base + DRAFT_PAGE), timeout=30)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _answers(url: str) -> bool:
    try:
        return get(url)[0] == 200
    except OSError:
        return False


def test_serve_shows_drafts_marked(served: str) -> None:
    status, page = get(served + DRAFT_PAGE)
    assert status == 200
    assert b'<p class="draft-banner" role="note"' in page
    status, article = get(served + "articles/river-bridge/index.html")
    assert b'class="hl draft"' in article
