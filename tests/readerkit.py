"""Shared by the reader-feature tests: the sample site with one more article and
two more claims (tests/reader_extra/), built once, and a local web server that
serves it under the base URL's subpath."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from factsite.cli import main

SAMPLE = Path(__file__).parent / "sample"
SUBPATH = "/sub/"  # the path of base_url in tests/sample/site.toml

EXTRA = Path(__file__).parent / "reader_extra"  # one more article, with a URL, and two claims on it


def make_reader_site(root: Path) -> Path:
    """Copy tests/sample/ to `root` and add tests/reader_extra/ to it."""
    shutil.copytree(SAMPLE, root)
    shutil.copytree(EXTRA, root, dirs_exist_ok=True)
    return root


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reader site, built once for the session (with its search index)."""
    base = tmp_path_factory.mktemp("reader")
    root = make_reader_site(base / "site")
    out = base / "out"
    assert main(["--root", str(root), "build", "--out", str(out)]) == 0
    return out


class SubpathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site under SUBPATH, as a project site would be, and nothing else."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUBPATH):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path[len(SUBPATH) :])

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    handler = functools.partial(SubpathHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUBPATH}"
    finally:
        server.shutdown()
        server.server_close()
