"""The Pagefind search index: built with the site, deterministic, and a failure leaves the last site."""

from __future__ import annotations

import gzip
import json
import shutil
import sys
from pathlib import Path

import cbor2
import pytest

from factsite.cli.main import main
from factsite.model import SearchSettings
from factsite.search import pagefind as search
from factsite.search import stable_index
from tests.readerkit import EXTRA, make_reader_site


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def reader_root(tmp_path: Path) -> Path:
    return make_reader_site(tmp_path / "site")


def test_builds_are_byte_identical_including_the_index(reader_root: Path, tmp_path: Path) -> None:
    outs = [tmp_path / name for name in ("one", "two", "three")]
    for out in outs:
        assert main(["--root", str(reader_root), "build", "--out", str(out)]) == 0
    built = files(outs[0])
    assert any(path.startswith("pagefind/s00/filter/") for path in built)
    assert all(files(out) == built for out in outs[1:])


def test_filter_values_in_any_order_come_out_the_same(reader_root: Path, tmp_path: Path) -> None:
    """Pagefind lists filter values in a random order; the stabiliser must undo any order."""
    out = tmp_path / "out"
    assert main(["--root", str(reader_root), "build", "--out", str(out)]) == 0
    bundle = out / "pagefind/s00"
    expected = files(bundle)
    (filter_file,) = (bundle / "filter").iterdir()
    name, values = stable_index.read(filter_file)
    assert [v[0] for v in values] == ["Accurate", "Inaccurate", "Unverified"]
    shuffled = stable_index.SIGNATURE + cbor2.dumps([name, values[::-1]])
    filter_file.write_bytes(gzip.compress(shuffled))
    stable_index.stabilise(bundle)
    assert files(bundle) == expected


def test_an_index_in_an_unknown_format_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pagefind-entry.json").write_text('{"languages": {"en": {"hash": "en_1"}}}')
    (tmp_path / "pagefind.en_1.pf_meta").write_bytes(gzip.compress(b"something else"))
    with pytest.raises(stable_index.IndexFormatError, match="not a Pagefind data file"):
        stable_index.stabilise(tmp_path)


def test_index_holds_each_claim_and_article_page(reader_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(reader_root), "build", "--out", str(out)]) == 0
    listed = json.loads((out / "pagefind/shards.json").read_text(encoding="utf-8"))
    assert listed == {"setting": 1, "shards": ["s00/"]}
    entry = json.loads((out / "pagefind/s00/pagefind-entry.json").read_text(encoding="utf-8"))
    claims = 3 + len(list((EXTRA / "content/claims").rglob("*.yaml")))
    articles = 2 + len(list((EXTRA / "content/articles").glob("*.md")))
    assert entry["languages"]["en"]["page_count"] == claims + articles
    assert (out / "pagefind/s00/pagefind.js").is_file()
    assert not [name for name in search.UNUSED if (out / "pagefind/s00" / name).exists()]
    html = (out / "claims/nypd-detainers/nypd-received-2916-requests/index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-filter="status"' in html and "data-pagefind-body" in html


def broken_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'index exploded' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_executable", lambda: broken)


def test_a_first_build_whose_indexing_fails_writes_nothing(
    reader_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    broken_pagefind(tmp_path, monkeypatch)
    assert main(["--root", str(reader_root), "build", "--out", str(out)]) == 3
    assert "the Pagefind service stopped: index exploded" in capsys.readouterr().err
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_failed_reindexing_keeps_the_last_index_and_the_next_build_redoes_it(
    reader_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(reader_root), "build", "--out", str(out)]) == 0
    index = {k: v for k, v in files(out).items() if k.startswith("pagefind/")}
    (reader_root / "content/articles/river-bridge.md").write_text(
        "---\ntitle: Changed\n---\n\nThe river bridge reopened on June 1 after 90 days of repairs.\n"
    )
    with monkeypatch.context() as patch:
        broken_pagefind(tmp_path, patch)
        assert main(["--root", str(reader_root), "build", "--out", str(out)]) == 3
    assert "the Pagefind service stopped: index exploded" in capsys.readouterr().err
    assert {k: v for k, v in files(out).items() if k.startswith("pagefind/")} == index
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    assert main(["--root", str(reader_root), "build", "--out", str(out)]) == 0
    clean = tmp_path / "clean"
    shutil.rmtree(reader_root / ".factsite-cache", ignore_errors=True)
    assert main(["--root", str(reader_root), "build", "--out", str(clean)]) == 0
    assert files(out) == files(clean)


def test_missing_pagefind_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pagefind_bin", None)
    with pytest.raises(search.SearchIndexError, match="pagefind-bin"):
        search.index_search(tmp_path, SearchSettings("en"))
