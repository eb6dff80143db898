"""The command line: `python build.py [build|check|new|linkcheck] ...`.

The core raises; this module decides what the user sees and the exit status:
0 on success, 1 on content errors, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from . import editor_cli, reporting
from .content import load_site
from .errors import ContentErrors, UsageError
from .model import Site
from .render import STATIC, render_site
from .write import write_site

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
    check = commands.add_parser("check", help="check all content and build nothing")
    check.add_argument(
        "--format",
        choices=reporting.FORMATS,
        help="how to print errors: text (path:line:col: message) or github (annotations on the "
        "lines of a pull request); default: github inside GitHub Actions, text elsewhere",
    )
    editor_cli.add_commands(commands)
    return top


def main(argv: Sequence[str] | None = None, default_root: Path | None = None) -> int:
    args = parser(default_root or Path.cwd()).parse_args(argv)
    command = args.command or "build"
    try:
        if command == "check":
            return check(args.root, args.format)
        if command in ("new", "linkcheck"):
            return editor_cli.run(command, args)
        return build(args.root, getattr(args, "out", None) or args.root / "_site")
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _load(root: Path, fmt: str | None = None) -> Site | None:
    try:
        return load_site(root)
    except ContentErrors as exc:
        reporting.print_errors(exc.errors, fmt, root)
        print(f"{len(exc.errors)} error(s); nothing was built.", file=sys.stderr)
        return None


def check(root: Path, fmt: str | None = None) -> int:
    site = _load(root, fmt)
    if site is None:
        return EXIT_CONTENT
    print(f"ok: {len(site.articles)} articles, {len(site.claims)} claims, no errors")
    return EXIT_OK


def build(root: Path, out: Path) -> int:
    started = time.perf_counter()
    site = _load(root)
    if site is None:
        return EXIT_CONTENT
    pages = render_site(site)
    write_site(pages, STATIC, out)
    seconds = time.perf_counter() - started
    print(
        f"built {len(pages)} pages from {len(site.articles)} articles and "
        f"{len(site.claims)} claims into {out} in {seconds:.2f}s"
    )
    return EXIT_OK
