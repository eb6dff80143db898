"""The command line: `python build.py [build|check|serve] ...`.

The core raises; this module decides what the user sees and the exit status:
0 on success, 1 on content errors, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .content import load_site
from .errors import ContentErrors, UsageError
from .model import Site

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def parser(default_root: Path) -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="build.py", description="Build and check the fact-check site.")
    top.add_argument(
        "--root",
        type=Path,
        default=default_root,
        help="the site's folder, holding site.toml and content/ (default: %(default)s)",
    )
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="check the content and build the site (the default)")
    build.add_argument("--out", type=Path, help="where to write the site (default: ROOT/_site)")
    commands.add_parser("check", help="check all content and build nothing")
    serve = commands.add_parser("serve", help="build, serve the site and rebuild it as files change")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: %(default)s)")
    return top


def main(argv: Sequence[str] | None = None, default_root: Path | None = None) -> int:
    args = parser(default_root or Path.cwd()).parse_args(argv)
    command = args.command or "build"
    try:
        if command == "check":
            return check(args.root)
        if command == "serve":
            from .serve import serve

            return serve(args.root, args.host, args.port)
        return build(args.root, getattr(args, "out", None) or args.root / "_site")
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _load(root: Path) -> Site | None:
    try:
        return load_site(root)
    except ContentErrors as exc:
        _report(exc)
        return None


def _report(exc: ContentErrors) -> None:
    for error in exc.errors:
        print(error, file=sys.stderr)
    print(f"{len(exc.errors)} error(s); nothing was built.", file=sys.stderr)


def check(root: Path) -> int:
    site = _load(root)
    if site is None:
        return EXIT_CONTENT
    print(f"ok: {len(site.articles)} articles, {len(site.claims)} claims, no errors")
    return EXIT_OK


def build(root: Path, out: Path) -> int:
    """Build incrementally: only what changed since the last build into `out` is redone (incremental.py)."""
    from .state import open_builder, save_builder

    started = time.perf_counter()
    builder = open_builder(root, out)
    try:
        report = builder.build()
    except ContentErrors as exc:
        save_builder(builder)
        _report(exc)
        return EXIT_CONTENT
    if report.planned:
        save_builder(builder)  # with nothing to do, the saved state is still right
    seconds = time.perf_counter() - started
    site = report.site
    if site is None or not report.planned:
        print(f"{out} is up to date: nothing changed ({seconds:.2f}s)")
    elif report.full:
        print(
            f"built {len(report.rendered)} pages from {len(site.articles)} articles and "
            f"{len(site.claims)} claims into {out} in {seconds:.2f}s"
        )
    else:
        print(
            f"updated {out} in {seconds:.2f}s: rendered {len(report.rendered)} of {report.planned} pages, "
            f"wrote {len(report.written)}, removed {len(report.removed)}"
        )
    return EXIT_OK
