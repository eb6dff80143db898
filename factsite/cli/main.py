"""The command line: `factsite [build|check|new|linkcheck|coverage|changes|serve|init] ...`, also run
as `python -m factsite` and, in this repository, as `python build.py`.

The core raises; this module decides what the user sees and the exit status:
0 on success, 1 on content errors, 2 on usage errors, 3 when the environment
or the program itself failed (a full disk, a folder it may not write, a missing
tool, a bug): then one message names the file and the traceback goes to a log
(failures.py). No command prints a traceback.

Each command imports what it needs when it runs: a build with nothing to do
(state.py) answers before Jinja, the YAML parser or the schemas are loaded.
"""

from __future__ import annotations

import argparse
import atexit
import errno
import functools
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .. import command as command_name
from .. import failures, theme
from ..errors import ContentError, ContentErrors, UsageError, printable, printable_lines
from ..load import entries
from . import editor as editor_cli
from . import init as init_cli
from . import reporting
from .progress import Progress, peak_memory

if TYPE_CHECKING:
    from ..build.incremental import Builder, Report
    from ..build.state import Verdict
    from ..model import Site

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_FAILURE = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # the shell's status for a command stopped by Ctrl-C
PACKAGE = Path(__file__).resolve().parents[1]
TOOL_FOLDERS = (theme.TEMPLATES, theme.STATIC, PACKAGE)  # the tool's own: never a place to build into


def parser(default_root: Path, prog: str = "build.py") -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog=prog, description="Build and check the fact-check site.")
    top.add_argument(
        "--root",
        type=Path,
        default=default_root,
        help="the site's folder, holding site.toml and content/ (default: %(default)s)",
    )
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="check the content and build the site (the default)")
    build.add_argument("--out", type=Path, help="where to write the site (default: ROOT/_site)")
    build.add_argument(
        "--drafts", action="store_true", help="publish draft claims too, marked DRAFT, for a preview"
    )
    build.add_argument("--no-search", action="store_true", help=NO_SEARCH_HELP)
    build.add_argument("--jobs", type=_jobs, metavar="N", help=JOBS_HELP)
    build.add_argument(
        "--quiet", action="store_true", help="print errors and warnings only: no progress, no summary"
    )
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
    init_cli.add_command(commands)
    report = commands.add_parser("coverage", help="list the check-worthy sentences that no claim covers yet")
    report.add_argument(
        "--min",
        type=_percent,
        metavar="PERCENT",
        help="fail (exit 1) when an article's coverage is below PERCENT, e.g. --min 80",
    )
    changes = commands.add_parser(
        "changes",
        help="summarise, in Markdown, what the working tree changes for readers since git revision BASE",
        description="Compare the site at git revision BASE with the working tree: claims published, "
        "withdrawn or in draft, ratings, summaries and evidence changed, articles added, coverage. "
        "Exits 1 when a published rating or summary changed without a new `updates:` entry.",
    )
    changes.add_argument("base", metavar="BASE", help="a git revision, e.g. origin/main or HEAD~1")
    changes.add_argument("--format", choices=reporting.FORMATS, help="how to print skipped corrections")
    serve = commands.add_parser("serve", help="build, serve the site and rebuild it as files change")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default: %(default)s)")
    serve.add_argument("--no-search", action="store_true", help=NO_SEARCH_HELP)
    return top


WARN_HELP = "report computed checks that contradict a claim's status as warnings, not errors"
NO_SEARCH_HELP = (
    "skip the search index (Pagefind), for drafts and quick looks: the site's search page says "
    "search is not built, until a build without --no-search makes it"
)
JOBS_HELP = (
    "render a full build's pages in N worker processes (at most 4 a core); 1 renders them in this one "
    "(default: $FACTSITE_JOBS, else one per core when there are 500 pages or more)"
)
NO_SEARCH_NOTE = (
    "note: the search index was not built (--no-search): the site's search page says so; "
    "build without --no-search to make it"
)


def _percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"'{printable(text)}' is not a percentage from 0 to 100")
    return value


def _jobs(text: str) -> int:
    if not text.isdecimal() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{printable(text)}' is not a number of processes from 1")
    return int(text)


def _port(text: str) -> int:
    if not text.isdecimal() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{printable(text)}' is not a port number from 1 to 65535")
    return int(text)


def entry(prog: str = "factsite", default_root: Path | None = None) -> NoReturn:
    """The `factsite` command (pyproject.toml [project.scripts]; the site is the working folder), and
    `python build.py` (the site is the script's folder): run `main`, then exit with its status."""
    status = main(default_root=default_root, prog=prog)
    if threading.active_count() > 1:  # Python waits for them (serve's search indexer) before exiting
        sys.exit(status)
    atexit._run_exitfuncs()  # what Python runs at exit, but for freeing every object one by one:
    for stream in (sys.stdout, sys.stderr):  # ~10 ms of a build with nothing to do (README)
        try:
            if stream is not None:  # None: started with the descriptor closed (`>&-`)
                stream.flush()
        except (OSError, ValueError):  # output nobody can read: a full disk, a closed pipe
            status = status or EXIT_FAILURE
    os._exit(status)


def main(argv: Sequence[str] | None = None, default_root: Path | None = None, prog: str = "build.py") -> int:
    """Run one command; its exit status. Never raises, but for argparse's own exits (--help, status 2)."""
    command_name.record(prog)
    args = parser(default_root or Path.cwd(), prog).parse_args(argv)
    command = args.command or "build"
    previous = _on_sigterm(_interrupt)  # `kill` is Ctrl-C: a build undoes its writes
    try:
        return run(command, args)
    except UsageError as exc:
        print(f"error: {printable_lines(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"interrupted. {_left_as_it_was(command, args)}".strip(), file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the output went to a program that stopped reading, e.g. `| head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CONTENT
    except Exception as exc:  # the environment or a bug: one message, the traceback in a log
        failures.report(exc, args.root, _left_as_it_was(command, args))
        return EXIT_FAILURE
    finally:
        _on_sigterm(previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _on_sigterm(handler: Any) -> Any:
    """Set the SIGTERM handler, where Python lets one be set (in the main thread); the one before."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, handler) if handler is not None else None


def run(command: str, args: argparse.Namespace) -> int:
    for flag, given in _given_paths(args):
        check_length(flag, given)
    if command == "init":
        return init_cli.run(args)  # makes a site: there is none to check yet
    check_root(args.root)
    warn = getattr(args, "warn", False)
    if command == "check":
        return check(args.root, args.format, warn)
    if command in ("new", "linkcheck"):
        return editor_cli.run(command, args)
    if command == "coverage":
        return report_coverage(args.root, args.min)
    if command == "changes":
        return report_changes(args.root, args.base, args.format)
    from ..write.writer import source_date_epoch

    source_date_epoch()  # a malformed value stops the build before it starts
    if command == "serve":
        from .serve import serve

        return serve(args.root, args.host, args.port, search=not args.no_search)
    return build(args.root, _out(args), warn, _options(args))


def _options(args: argparse.Namespace) -> Options:
    """The build's options; `python build.py` with no command builds with the defaults."""
    flag = functools.partial(getattr, args)
    jobs = flag("jobs", None)
    if jobs is None and os.environ.get(JOBS_VARIABLE):
        jobs = _jobs_of(os.environ[JOBS_VARIABLE])
    return Options(
        search=not flag("no_search", False),
        quiet=flag("quiet", False),
        drafts=flag("drafts", False),
        jobs=jobs,
    )


JOBS_VARIABLE = "FACTSITE_JOBS"


def _jobs_of(text: str) -> int:
    """The FACTSITE_JOBS variable's number of processes; UsageError when it is not one."""
    try:
        return _jobs(text)
    except argparse.ArgumentTypeError:
        raise UsageError(
            f"{JOBS_VARIABLE} is '{printable(text)}', which is not a number of processes: set it to a "
            f"whole number from 1, e.g. 2, or unset it (`unset {JOBS_VARIABLE}`)"
        ) from None


def _out(args: argparse.Namespace) -> Path:
    out: Path = getattr(args, "out", None) or args.root / "_site"
    return out


def _given_paths(args: argparse.Namespace) -> list[tuple[str, Path]]:
    """The paths given on the command line (or by default), with their option: --root, --out, ..."""
    return [(f"--{name}", value) for name, value in sorted(vars(args).items()) if isinstance(value, Path)]


def check_length(flag: str, path: Path) -> None:
    """Raise UsageError when `path` is longer than the system allows (a name of each folder, or the
    whole), before anything looks at it: the system would refuse it with ENAMETOOLONG."""
    longest_name, longest_path = _limits()
    shown = printable(str(path))
    for name in path.parts:
        if len(os.fsencode(name)) > longest_name:
            raise UsageError(
                f"{flag} {shown}: the name '{printable(name)}' is {len(os.fsencode(name))} bytes long, "
                f"longer than the {longest_name} bytes a file or folder name may have; choose a shorter name"
            )
    if len(os.fsencode(os.path.abspath(path))) >= longest_path:
        raise UsageError(
            f"{flag} {shown}: the path is {len(os.fsencode(os.path.abspath(path)))} bytes long, longer "
            f"than the {longest_path - 1} bytes a path may have; choose a shorter path"
        )


def _limits() -> tuple[int, int]:
    """The longest file name and path (in bytes, the final NUL of a path included) the system takes."""
    try:
        return os.pathconf("/", "PC_NAME_MAX"), os.pathconf("/", "PC_PATH_MAX")
    except (OSError, ValueError):
        return 255, 4096


def check_root(root: Path) -> None:
    """Raise UsageError unless `root` is a site's folder, before anything is read or written."""
    if os.path.isfile(root):
        raise UsageError(f"--root {root} is a file, not a folder; name the folder that holds site.toml")
    if not root.is_dir():
        raise UsageError(f"--root {root}: there is no such folder; name the folder that holds site.toml")
    if not os.path.lexists(root / "site.toml"):
        raise UsageError(
            f"{root} holds no site.toml: run the command from the site's folder, or name it with --root"
        )
    found = entries.problem(root / "site.toml", Path(os.path.realpath(root)))
    if found is not None:
        raise UsageError(f"{root / 'site.toml'}: {_nowhere(root / 'site.toml') or found[0]}; {found[1]}")


def _nowhere(link: Path) -> str | None:
    """What a link that leads to nothing does (wherever it points): to no file, or around a loop."""
    try:
        os.stat(link)
    except OSError as exc:
        return entries.LOOP if exc.errno == errno.ELOOP else "this link leads to no file"
    return None


def _left_as_it_was(command: str, args: argparse.Namespace) -> str:
    """What a failed or interrupted command did not touch."""
    if command == "build":
        out = _out(args)
        try:
            there = out.exists()
        except OSError:  # a path the system refuses: nothing could be written there
            there = False
        return f"The site in {out} was left as it was." if there else f"Nothing was written to {out}."
    return "No claim file was written." if command == "new" else ""


def _load(
    root: Path, fmt: str | None = None, warn: bool = False, more: Iterable[ContentError] = ()
) -> Site | None:
    """The site, or None after printing its errors and the `more` errors found elsewhere."""
    from ..check.conflicts import status_conflicts
    from ..load.content import load_site

    try:
        site = load_site(root)
    except ContentErrors as exc:
        _report(ContentErrors([*exc.errors, *more]), root, fmt)
        return None
    conflicts = status_conflicts(site)
    errors = [*more, *([] if warn else conflicts)]
    if errors:
        _report(ContentErrors(errors), root, fmt)
        return None
    _warn(site, conflicts)
    return site


def _warn(site: Site, conflicts: Iterable[ContentError]) -> None:
    """Print what does not stop a command: the computed checks `--warn` lets through, and the
    claimants no claim names (they are not published)."""
    from ..check.conflicts import as_warning
    from ..load.claimants import unused

    for warning in [*sorted(conflicts), *unused(site)]:
        print(as_warning(warning), file=sys.stderr)


def _report(exc: ContentErrors, root: Path, fmt: str | None = None) -> None:
    reporting.print_errors(exc.errors, fmt, root)
    print(f"{len(exc.errors)} error(s); nothing was built.", file=sys.stderr)


def check(root: Path, fmt: str | None = None, warn: bool = False) -> int:
    """Check the content and the design: every template compiles, and one page of each renders."""
    from ..load.drafts import as_published, drafts_of
    from ..render.design import design_errors, sample_errors

    folders = theme.design(root)
    site = _load(root, fmt, warn, design_errors(folders.templates, folders.static, root))
    if site is None:
        return EXIT_CONTENT
    samples = sample_errors(site, folders.templates, root)
    if samples:
        _report(ContentErrors(samples), root, fmt)
        return EXIT_CONTENT
    _print_drafts(site)
    shown = as_published(site)
    drafts, withdrawn = len(drafts_of(site)), len(shown.withdrawn)
    more = [f"{n} {what}" for n, what in ((drafts, "draft(s)"), (withdrawn, "withdrawn")) if n]
    print(f"ok: {len(site.articles)} articles, {len(shown.claims)} claims{_also(more)}, no errors")
    return EXIT_OK


def _also(parts: list[str]) -> str:
    return f" (and {', '.join(parts)})" if parts else ""


def _print_drafts(site: Site) -> None:
    """Drafts are not errors: each is named, with what publishing it takes."""
    from ..load.drafts import drafts_of

    for claim in drafts_of(site):
        print(
            f"draft: {claim.source_path}: not published; remove `draft: true` when it is complete",
            file=sys.stderr,
        )


@dataclass(frozen=True)
class Options:
    """How `build` runs: with the search index or not; quietly (errors and warnings only) or not;
    with drafts or not."""

    search: bool = True
    quiet: bool = False
    drafts: bool = False  # publish drafts too, marked DRAFT: a preview (load/drafts.py)
    jobs: int | None = None  # worker processes of a full build; None: one per core if many pages (pool.py)


def build(root: Path, out: Path, warn: bool = False, options: Options = Options()) -> int:
    """Build incrementally: only what changed since the last build into `out` is redone (incremental.py).

    One build of `out` at a time (buildlock.py): a second one waits. Each first puts right what a
    killed build left (swap.recover), then asks the saved state whether anything changed (state.py).
    """
    from ..build.buildlock import build_lock
    from ..build.cachedir import CACHE
    from ..build.state import look
    from ..write.swap import place, recover
    from ..write.writer import check_out

    started = time.perf_counter()
    own = [root / theme.TEMPLATES_FOLDER, root / theme.STATIC_FOLDER]
    check_out(out, root, [root / "content", root / "site.toml", *own, *TOOL_FOLDERS, root / CACHE])
    with build_lock(out, lambda text: print(text, file=sys.stderr, flush=True)):
        for note in recover(place(out)):
            print(note, file=sys.stderr)
        if options.drafts:
            return _build_drafts(root, out, (warn, options), started)
        verdict = look(root, out)
        if verdict.up_to_date:
            if not options.quiet:
                print(f"{out} is up to date: nothing changed ({time.perf_counter() - started:.2f}s)")
            return EXIT_OK
        return _rebuild(root, out, (warn, options), verdict, started)


def _rebuild(root: Path, out: Path, how: tuple[bool, Options], verdict: Verdict, started: float) -> int:
    from ..build.state import open_builder

    warn, options = how
    shown = Progress(sys.stdout, options.quiet)
    builder, note = open_builder(root, out, verdict.note is None, lambda later: print(later, file=sys.stderr))
    for line in sorted({n for n in (verdict.note, note) if n}):
        print(line, file=sys.stderr)
    builder.warn, builder.no_search, builder.progress = warn, not options.search, shown
    builder.jobs = options.jobs
    try:
        report: Report = builder.build(scanned=verdict.scanned, whole=verdict.whole)
    except ContentErrors as exc:
        shown.clear()
        _save(builder)
        _report(exc, root)
        return EXIT_CONTENT
    except failures.Failure:
        shown.clear()
        _save(builder)  # what changed is redone by the next build
        raise
    shown.clear()
    if report.planned or report.indexed or verdict.scanned is None:
        _save(builder)
    else:  # nothing to redo (a new empty folder): what the next build checks first is saved alone
        _save(builder, inputs_only=True)
    _finish(report, out, options, time.perf_counter() - started)
    return EXIT_OK


def _finish(report: Report, out: Path, options: Options, seconds: float) -> None:
    """Print the warnings, a note if the search was not built, and the summary."""
    from ..check.conflicts import status_conflicts

    if report.site is not None:
        _warn(report.site, status_conflicts(report.site))
    if report.search_stale and not options.search:
        print(NO_SEARCH_NOTE, file=sys.stderr)
    if not options.quiet:
        print(f"{_summary(report, out, seconds)}; {peak_memory()}")


def _build_drafts(root: Path, out: Path, how: tuple[bool, Options], started: float) -> int:
    """A whole build with the drafts, never saved: a preview; the next plain build builds everything."""
    from ..build.incremental import Builder
    from ..build.state import forget
    from ..check.conflicts import status_conflicts
    from ..load.drafts import drafts_of

    warn, options = how
    forget(root, out)
    builder = Builder(root, out)
    builder.drafts, builder.warn, builder.no_search = True, warn, not options.search
    builder.jobs = options.jobs
    try:
        report = builder.build()
    except ContentErrors as exc:
        _report(exc, root)
        return EXIT_CONTENT
    assert report.site is not None
    _warn(report.site, status_conflicts(report.site))
    if not options.search:
        print(NO_SEARCH_NOTE, file=sys.stderr)
    if not options.quiet:
        print(_summary(report, out, time.perf_counter() - started))
        drafts = len(drafts_of(report.site))
        print(f"with {drafts} draft claim(s), marked DRAFT: a preview, not for publishing")
    return EXIT_OK


def _save(builder: Builder, inputs_only: bool = False) -> None:
    """Save the builder for the next run (state.py), or what a build with nothing to do checks
    alone; a failure to do so only costs that run time."""
    from ..build.state import save_builder, save_inputs

    try:
        (save_inputs if inputs_only else save_builder)(builder)
    except OSError as exc:
        message, _ = failures.explain(exc, builder.root)
        print(
            f"warning: the build state was not saved ({message}); the next build starts anew",
            file=sys.stderr,
        )


def _summary(report: Report, out: Path, seconds: float) -> str:
    site = report.site
    if report.indexed:
        return f"indexed the search of {out} in {seconds:.2f}s; no page changed"
    if site is None or not report.planned:
        return f"{out} is up to date: nothing changed ({seconds:.2f}s)"
    if report.full:
        return (
            f"built {len(report.rendered)} pages from {len(site.articles)} articles and "
            f"{len(site.claims)} claims into {out} in {seconds:.2f}s"
        )
    return (
        f"updated {out} in {seconds:.2f}s: rendered {len(report.rendered)} of {report.planned} pages, "
        f"wrote {len(report.written)}, removed {len(report.removed)}"
    )


def report_coverage(root: Path, minimum: float | None) -> int:
    from ..check import coverage
    from ..load.drafts import as_published

    site = _load(root, warn=True)
    if site is None:
        return EXIT_CONTENT
    found = coverage.report(as_published(site))  # drafts cover nothing until published
    print(coverage.format_report(found), end="")
    short = coverage.below(found, minimum) if minimum is not None else []
    for item in short:
        print(
            f"error: {item.article.slug}: coverage {coverage.percent(item.share)} is below {minimum:g}%",
            file=sys.stderr,
        )
    return EXIT_CONTENT if short else EXIT_OK


def report_changes(root: Path, base: str, fmt: str | None) -> int:
    """`changes BASE` (changes.py); the working tree's content errors first, as `check` prints them."""
    from .changes import run_changes

    try:
        return run_changes(root, base, fmt)
    except ContentErrors as exc:
        _report(exc, root, fmt)
        return EXIT_CONTENT
