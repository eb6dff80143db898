"""The command line: `python build.py [build|check|new|linkcheck|coverage|serve] ...`.

The core raises; this module decides what the user sees and the exit status:
0 on success, 1 on content errors, 2 on usage errors.

Each command imports what it needs when it runs: a build with nothing to do
(state.py) answers before Jinja, the YAML parser or the schemas are loaded.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import editor_cli, reporting
from .errors import ContentErrors, UsageError

if TYPE_CHECKING:
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
    check = commands.add_parser("check", help="check all content and build nothing")
    check.add_argument(
        "--format",
        choices=reporting.FORMATS,
        help="how to print errors: text (path:line:col: message) or github (annotations on the "
        "lines of a pull request); default: github inside GitHub Actions, text elsewhere",
    )
    for sub in (build, check):
        sub.add_argument("--warn", action="store_true", help=WARN_HELP)
    editor_cli.add_commands(commands)
    report = commands.add_parser("coverage", help="list the check-worthy sentences that no claim covers yet")
    report.add_argument(
        "--min",
        type=_percent,
        metavar="PERCENT",
        help="fail (exit 1) when an article's coverage is below PERCENT, e.g. --min 80",
    )
    serve = commands.add_parser("serve", help="build, serve the site and rebuild it as files change")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: %(default)s)")
    return top


WARN_HELP = "report computed checks that contradict a claim's status as warnings, not errors"


def _percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"'{text}' is not a percentage from 0 to 100")
    return value


def main(argv: Sequence[str] | None = None, default_root: Path | None = None) -> int:
    args = parser(default_root or Path.cwd()).parse_args(argv)
    command = args.command or "build"
    warn = getattr(args, "warn", False)
    try:
        if command == "check":
            return check(args.root, args.format, warn)
        if command in ("new", "linkcheck"):
            return editor_cli.run(command, args)
        if command == "coverage":
            return report_coverage(args.root, args.min)
        if command == "serve":
            from .serve import serve

            return serve(args.root, args.host, args.port)
        return build(args.root, getattr(args, "out", None) or args.root / "_site", warn)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _load(root: Path, fmt: str | None = None, warn: bool = False) -> Site | None:
    from .computed import as_warning, status_conflicts
    from .content import load_site

    try:
        site = load_site(root)
        conflicts = status_conflicts(site)
        if conflicts and not warn:
            raise ContentErrors(conflicts)
    except ContentErrors as exc:
        _report(exc, root, fmt)
        return None
    for conflict in sorted(conflicts):
        print(as_warning(conflict), file=sys.stderr)
    return site


def _report(exc: ContentErrors, root: Path, fmt: str | None = None) -> None:
    reporting.print_errors(exc.errors, fmt, root)
    print(f"{len(exc.errors)} error(s); nothing was built.", file=sys.stderr)


def check(root: Path, fmt: str | None = None, warn: bool = False) -> int:
    site = _load(root, fmt, warn)
    if site is None:
        return EXIT_CONTENT
    print(f"ok: {len(site.articles)} articles, {len(site.claims)} claims, no errors")
    return EXIT_OK


def build(root: Path, out: Path, warn: bool = False) -> int:
    """Build incrementally: only what changed since the last build into `out` is redone (incremental.py)."""
    from . import state

    started = time.perf_counter()
    if state.up_to_date(root, out):
        print(f"{out} is up to date: nothing changed ({time.perf_counter() - started:.2f}s)")
        return EXIT_OK
    from .computed import as_warning, status_conflicts
    from .search import SearchIndexError
    from .state import open_builder, save_builder

    builder = open_builder(root, out)
    builder.warn = warn
    try:
        report = builder.build()
    except ContentErrors as exc:
        save_builder(builder)
        _report(exc, root)
        return EXIT_CONTENT
    except SearchIndexError as exc:
        save_builder(builder)
        print(f"error: {exc}; the build is incomplete and is redone by the next one.", file=sys.stderr)
        return EXIT_CONTENT
    if report.planned:
        save_builder(builder)  # with nothing to do, the saved state is still right
    seconds = time.perf_counter() - started
    site = report.site
    for conflict in sorted(status_conflicts(site)) if site is not None else ():
        print(as_warning(conflict), file=sys.stderr)
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


def report_coverage(root: Path, minimum: float | None) -> int:
    from . import coverage

    site = _load(root, warn=True)
    if site is None:
        return EXIT_CONTENT
    found = coverage.report(site)
    print(coverage.format_report(found), end="")
    short = coverage.below(found, minimum) if minimum is not None else []
    for item in short:
        print(
            f"error: {item.article.slug}: coverage {coverage.percent(item.share)} is below {minimum:g}%",
            file=sys.stderr,
        )
    return EXIT_CONTENT if short else EXIT_OK
