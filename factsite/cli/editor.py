"""The editors' commands: `new` (start a claim file) and `linkcheck` (check the built site's links).

cli.py registers them with `add_commands` and runs them with `run`; like cli.py,
this layer turns the core's exceptions into messages and exit statuses. Like
cli.py, it imports what a command needs when the command runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .. import command, failures, urls
from ..errors import ContentErrors, UsageError, display_path
from . import reporting

if TYPE_CHECKING:
    from . import linkcheck

EXIT_OK, EXIT_FAILED = 0, 1
CACHE = Path(".cache") / "linkcheck"


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new = commands.add_parser(
        "new",
        help="start a claim file for a quote of an article",
        description="Write content/claims/ARTICLE/ID.yaml with the passage checked against the "
        "article, a fresh id, today's date and status unverified. Never overwrites a file.",
    )
    new.add_argument("article", help="the article's slug: its file name in content/articles/ without .md")
    new.add_argument("quote", help="the exact words of the article that make the claim, in quotes")
    new.add_argument("--prefix", help="the words just before the quote, when the quote occurs more than once")
    new.add_argument("--suffix", help="the words just after the quote, when the quote occurs more than once")
    new.add_argument("--id", dest="claim_id", help="the claim's id (default: made from the quote's words)")
    check = commands.add_parser(
        "linkcheck",
        help="check every link of the built site (run build first)",
        description="Check the links, assets and #fragments of every page of the built site. "
        "Outside URLs are checked only with --external.",
    )
    check.add_argument("--out", type=Path, help="the built site to check (default: ROOT/_site)")
    check.add_argument(
        "--external",
        action="store_true",
        help="also check outside URLs, with the timeout, retries and exclude list of site.toml [linkcheck]",
    )
    check.add_argument("--report", type=Path, help="also write the result as Markdown to this file")


def run(command: str, args: argparse.Namespace) -> int:
    if command == "new":
        return run_new(args)
    return run_linkcheck(args)


def run_new(args: argparse.Namespace) -> int:
    from .new import Selector, new_claim

    selector = Selector(args.quote, args.prefix, args.suffix)
    try:
        path = new_claim(args.root, args.article, selector, args.claim_id)
    except ContentErrors as exc:
        reporting.print_errors(exc.errors, "text", args.root)
        return EXIT_FAILED
    shown = display_path(path, args.root)
    print(f"wrote {shown}")
    print(
        "it is a draft: `check` passes and `build` publishes it nowhere (`serve` shows it).\n"
        "next: fill in claim, claimant, summary, explanation, evidence and topics, set the status,\n"
        f"then remove `draft: true` and run `{command.named('check')}` (CONTRIBUTING.md explains each field)"
    )
    return EXIT_OK


def run_linkcheck(args: argparse.Namespace) -> int:
    from ..load.config import load_config
    from . import linkcheck

    root: Path = args.root
    site: Path = args.out or root / "_site"
    config, errors = load_config(root / "site.toml", display_path(root / "site.toml", root))
    if config is None:
        reporting.print_errors(errors, None, root)
        return EXIT_FAILED
    if not (site / urls.output(urls.HOME)).is_file():
        raise UsageError(f"there is no built site in {site}: run `{command.named('build')}` first")
    cache = root / CACHE if args.external else None
    started = time.perf_counter()
    try:
        result = linkcheck.check(linkcheck.options_for(config, site, args.external, cache))
    except linkcheck.LinkcheckError as exc:  # lychee is missing or broke: not the user's doing (exit 3)
        raise failures.Failure(str(exc)) from exc
    seconds = time.perf_counter() - started
    for broken in result.broken:
        print(broken, file=sys.stderr)
    for redirect in result.redirects:
        print(f"{redirect.page}: note: {redirect.url} redirects to {redirect.final}")
    print(summary_line(result, seconds), file=sys.stderr if result.broken else sys.stdout)
    markdown = markdown_report(result, args.external)
    reporting.append_summary(markdown)
    if args.report:
        args.report.write_text(markdown + "\n", encoding="utf-8")
    return EXIT_FAILED if result.broken else EXIT_OK


def summary_line(result: linkcheck.Report, seconds: float) -> str:
    counts = f"{result.total} links checked, {result.cached} from the cache, {result.excluded} not checked"
    verdict = f"{len(result.broken)} broken link(s)" if result.broken else "no broken links"
    return f"{verdict}; {counts}, in {seconds:.2f}s"


def markdown_report(result: linkcheck.Report, external: bool) -> str:
    kind = "All links, including outside URLs" if external else "Links within the site"
    if not result.broken:
        return f"### {kind}: no broken links\n\n{result.total} links checked."
    cell = reporting.table_cell
    rows = [f"| `{b.page}` | {b.line}:{b.col} | {cell(b.target)} | {cell(b.reason)} |" for b in result.broken]
    lines = [f"### {kind}: {len(result.broken)} broken link(s)", "", "| Page | Line:col | Link | Problem |"]
    return "\n".join([*lines, "|---|---|---|---|", *rows])
