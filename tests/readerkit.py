"""Shared by the reader-feature tests: the sample site with one more article and
two more claims (tests/reader_extra/), built once, and a local web server that
serves it under the base URL's subpath."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from factsite.cli.main import main

SAMPLE = Path(__file__).parent / "sample"
REPO = Path(__file__).parent.parent
SUBPATH = "/sub/"  # the path of base_url in tests/sample/site.toml

EXTRA = Path(__file__).parent / "reader_extra"  # one more article, with a URL, and two claims on it


def make_reader_site(root: Path) -> Path:
    """Copy tests/sample/ to `root` and add tests/reader_extra/ to it."""
    shutil.copytree(SAMPLE, root)
    shutil.copytree(EXTRA, root, dirs_exist_ok=True)
    return root


@pytest.fixture(scope="session")
def reader_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_reader_site(tmp_path_factory.mktemp("reader") / "site")


@pytest.fixture(scope="session")
def built_site(reader_root: Path) -> Path:
    """The reader site, built once for the session (with its search index)."""
    out = reader_root.parent / "out"
    assert main(["--root", str(reader_root), "build", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def built_real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own content, built into a temporary folder (never into _site/)."""
    out = tmp_path_factory.mktemp("real") / "out"
    assert main(["--root", str(REPO), "build", "--out", str(out)]) == 0
    return out


class SubpathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder under SUBPATH, as a project site is served, and nothing else."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUBPATH):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path[len(SUBPATH) :])

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at a free port; yield the URL of SUBPATH."""
    handler = functools.partial(SubpathHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUBPATH}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def real_site_url(built_real_site: Path) -> Iterator[str]:
    with serve(built_real_site) as url:
        yield url
