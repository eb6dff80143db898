"""`build.py serve`, started as a user would, on a free port of 127.0.0.1."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from factsite.build.incremental import Builder
from factsite.cli.serve import BuildWatcher, OverlayHandler
from factsite.failures import LOG_NAME
from factsite.load.content import load_site
from factsite.render.pages import render_site

REPO = Path(__file__).parent.parent
CLAIM = "content/claims/city-budget/roads-fell-again.yaml"
CLAIM_PAGE = "claims/city-budget/roads-fell-again/"
LIVERELOAD = re.compile(rb'<script type="text/javascript">\(function\(\)\{var s=document.*?</script>', re.S)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_for(check: Callable[[], bool], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("the server did not get there in time")
        time.sleep(0.2)


@pytest.fixture
def server(site_root: Path, tmp_path: Path) -> Iterator[str]:
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--root", str(site_root), "serve", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path / "xdg-cache")},
    )
    base = f"http://127.0.0.1:{port}/"

    def up() -> bool:
        try:
            return get(base)[0] == 200 and b"Not built yet" not in get(base)[1]
        except OSError:
            return False

    try:
        wait_for(up, timeout=30)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def page(base: str, path: str) -> bytes:
    status, body = get(base + path)
    assert status == 200, (path, status)
    return body


def shows(base: str, path: str, text: str) -> Callable[[], bool]:
    return lambda: get(base + path)[0] == 200 and text.encode() in get(base + path)[1]


def test_serves_on_localhost_with_livereload(server: str, tmp_path: Path) -> None:
    assert server.startswith("http://127.0.0.1:")
    assert b"livereload.js" in page(server, "")
    assert "Serving on http://127.0.0.1:" in (tmp_path / "serve.log").read_text()


def test_a_saved_claim_shows_on_its_page(
    server: str, write: Callable[[str, str], Path], site_root: Path
) -> None:
    text = (site_root / CLAIM).read_text("utf-8")
    write(CLAIM, text.replace("status: unverified", "status: accurate"))
    wait_for(shows(server, CLAIM_PAGE, "<title>Accurate: "))
    assert b"Spending on roads fell again" in page(server, "status/accurate/")


def test_a_broken_file_shows_an_overlay_until_fixed(
    server: str, write: Callable[[str, str], Path], site_root: Path
) -> None:
    text = (site_root / CLAIM).read_text("utf-8")
    write(CLAIM, text.replace("status: unverified", "status: unverifed"))
    where = f"{CLAIM}:7:9: unknown status &#39;unverifed&#39;"
    wait_for(shows(server, "", where))
    body = page(server, CLAIM_PAGE)
    assert where.encode() in body and b'id="factsite-errors"' in body
    assert b"<title>Unverified: " in body  # the last good site is still served
    write(CLAIM, text.replace("status: unverified", "status: inaccurate"))
    wait_for(shows(server, CLAIM_PAGE, "<title>Inaccurate: "))
    assert b"factsite-errors" not in page(server, CLAIM_PAGE)


def test_new_and_deleted_claims_appear_and_vanish(
    server: str, write: Callable[[str, str], Path], site_root: Path
) -> None:
    write(
        "content/claims/river-bridge/repair-cost.yaml",
        "claim: The repairs cost 2.5 million dollars.\n"
        "passage:\n  quote: the repairs cost 2.5 million dollars\n"
        "claimant: city-council\nstatus: accurate\nsummary: The contract says so.\n"
        "explanation: See the contract.\nevidence: []\nchecked_on: 2024-06-03\ntopics: [transport]\n",
    )
    wait_for(shows(server, "claims/river-bridge/repair-cost/", "The repairs cost 2.5 million dollars."))
    assert b"repair-cost/index.html" in page(server, "articles/river-bridge/")
    (site_root / "content/claims/river-bridge/ninety-days.yaml").unlink()
    wait_for(lambda: get(server + "claims/river-bridge/ninety-days/")[0] == 404)
    assert b"ninety-days" not in page(server, "articles/river-bridge/")
    assert b"ninety-days" not in page(server, "claims/")


def test_no_page_is_left_stale(server: str, write: Callable[[str, str], Path], site_root: Path) -> None:
    text = (site_root / CLAIM).read_text("utf-8")
    write(CLAIM, text.replace("summary: No record", "summary: Still no record"))
    article = (site_root / "content/articles/city-budget.md").read_text("utf-8")
    write("content/articles/city-budget.md", article.replace("2024-03-05", "2023-03-05"))
    wait_for(shows(server, "articles/city-budget/", "5 March 2023"))
    for path, data in render_site(load_site(site_root)).items():
        served = LIVERELOAD.sub(b"", page(server, path.removesuffix("index.html")))
        assert served == data, path


def replace(site_root: Path, path: str, text: str) -> None:
    """Save as many editors do: write a new file beside the old one, then rename it over."""
    partial = site_root / f"{path}.partial~"
    partial.write_text(text, "utf-8")
    partial.replace(site_root / path)


def test_files_saved_by_renaming_are_seen(server: str, site_root: Path) -> None:
    toml = (site_root / "site.toml").read_text("utf-8")
    replace(site_root, "site.toml", toml.replace('title = "Sample Checks"', 'title = "Renamed Checks"'))
    wait_for(shows(server, CLAIM_PAGE, "Renamed Checks"))
    text = (site_root / CLAIM).read_text("utf-8")
    replace(site_root, CLAIM, text.replace("status: unverified", "status: inaccurate"))
    wait_for(shows(server, CLAIM_PAGE, "<title>Inaccurate: "))
    assert b"Renamed Checks" in page(server, "status/inaccurate/")


def raw_status(base: str, request: bytes) -> tuple[int, bytes]:
    """Send a request line as bytes, as no HTTP library would: the status and the body."""
    host, port = base.removeprefix("http://").strip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(b"GET " + request + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


MALFORMED = [
    b"/%00",
    b"/index.html%00.css",
    b"/a\x00b",
    b"/%01",
    b"/%0a",
    b"/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    b"/..%2f..%2f..%2fetc/passwd",
    b"/../../../etc/passwd",
    b"//etc/passwd",
    b"/static/../../../../etc/passwd",
    b"/%ff%fe",
    b"/\xff\xfe",
    b"/%zz",
    b"/" + b"a" * 5000,
    b"/" + b"a/" * 3000,
]


def test_malformed_requests_get_a_4xx_without_a_traceback(server: str, tmp_path: Path) -> None:
    for request in MALFORMED:
        status, body = raw_status(server, request)
        assert status in (400, 403, 404), (request, status)
        assert b"root:" not in body and b"Traceback" not in body
    assert raw_status(server, b"/")[0] == 200  # and the server still serves
    log = (tmp_path / "serve.log").read_text()
    assert "Traceback" not in log and "Uncaught exception" not in log


CONTROLS = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]  # C0, DEL and C1


def test_any_control_character_in_the_decoded_path_gets_400(server: str) -> None:
    for code in CONTROLS:
        encoded = urllib.parse.quote(chr(code)).encode()  # U+0085 is /%C2%85: UTF-8, percent-encoded
        for request in (b"/" + encoded, b"/claims/" + encoded + b"/index.html", b"/index.html" + encoded):
            assert raw_status(server, request)[0] == 400, (hex(code), request)
    assert raw_status(server, b"/%c2%a0")[0] == 404  # U+00A0, a no-break space, is no control: not found


def test_a_deeply_nested_file_shows_an_overlay_and_serving_goes_on(
    server: str, write: Callable[[str, str], Path], site_root: Path, tmp_path: Path
) -> None:
    deep = "content/claims/city-budget/deep.yaml"
    write(deep, "claim: x\ntopics: " + "[" * 600 + "]" * 600 + "\n")
    wait_for(shows(server, CLAIM_PAGE, 'id="factsite-errors"'))
    body = page(server, CLAIM_PAGE)
    assert b"<title>Unverified: " in body  # the last good site
    assert b"deep.yaml" in body or b"internal error" in body
    (site_root / deep).unlink()
    wait_for(lambda: b"factsite-errors" not in page(server, CLAIM_PAGE))
    assert "Traceback" not in (tmp_path / "serve.log").read_text()


def test_any_failure_of_a_build_shows_an_overlay_pointing_to_its_log(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(OverlayHandler, "errors", ())
    said: list[str] = []
    watcher = BuildWatcher(Builder(site_root, tmp_path / "out"), said.append)
    real = watcher.builder.build

    def broken(changed: object = None) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(watcher.builder, "build", broken)
    assert watcher.rebuild() == "*"
    (shown,) = OverlayHandler.errors
    assert shown.startswith("internal error: RuntimeError: boom (at ")
    assert f"the details are in {site_root / LOG_NAME}" in shown and shown in said[-1]
    assert "Traceback" in (site_root / LOG_NAME).read_text() and "Traceback" not in said[-1]
    monkeypatch.setattr(watcher.builder, "build", real)
    assert watcher.rebuild() == "*"
    assert OverlayHandler.errors == ()


def test_a_port_in_use_is_one_clear_error(site_root: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, str(REPO / "build.py"), "--root", str(site_root), "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            env={"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path / "xdg-cache")},
            check=False,
        )
    assert result.returncode == 3
    assert f"error: cannot serve on http://127.0.0.1:{port}: Address already in use" in result.stderr
    assert "hint: another program uses this port: choose another with --port" in result.stderr
    assert "Traceback" not in result.stderr
