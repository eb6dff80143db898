"""`build.py changes BASE`: what a pull request does to the published verdicts, in Markdown.

The site at git revision BASE is taken out of the repository (`git archive`,
no network, the working tree untouched) into a temporary folder, and both it
and the working tree are read by the same loader. review.py compares them; this
module prints the summary a reviewer reads, adds it to the GitHub Actions job
summary when there is one, and exits 1, naming file:line:column, when a
correction was skipped (review.Skipped).
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from ..check.review import Skipped, compare
from ..errors import ContentError, ContentErrors, UsageError, printable
from ..load.content import load_site
from ..load.sources import parse_yaml
from ..model import Site
from . import changes_text, reporting


def run_changes(root: Path, base: str, fmt: str | None = None) -> int:
    """Print the review of the working tree against `base`; 0, or 1 when a correction was skipped."""
    try:
        head = load_site(root)
    except ContentErrors as exc:  # reported by the caller as for `check`; the comment says so
        _publish(changes_text.unloadable(base, len(exc.errors)))
        raise
    since, before = site_at(root, base)
    review = compare(before, head, since, dt.datetime.now(dt.UTC).date())
    errors = [skipped_error(root, s) for s in review.skipped]
    _publish(changes_text.markdown(review, head.config, base, errors))
    for error in errors:
        print(reporting.format_error(error, fmt or reporting.default_format(), root), file=sys.stderr)
    return 1 if errors else 0


def _publish(text: str) -> None:
    """The summary in full to the job summary; on stdout, cut to fit a pull-request comment."""
    print(changes_text.comment(text), end="")
    reporting.append_summary(text)


def site_at(root: Path, base: str) -> tuple[dt.date, Site | None]:
    """The date of revision `base` and the site at it (None if it had no site.toml there).

    UsageError when `base` is no revision of the repository holding `root`, or its site does not load.
    """
    top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    inside = Path(root).resolve().relative_to(top.resolve()).as_posix()
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}", what=base).decode().strip()
    since = dt.date.fromisoformat(_git(root, "log", "-1", "--format=%cs", commit).decode().strip())
    with tempfile.TemporaryDirectory(prefix="factsite-base-") as folder:
        _extract(_git(top, "archive", "--format=tar", commit), inside, Path(folder))
        site_root = Path(folder) / inside
        if not (site_root / "site.toml").is_file():
            return since, None
        try:
            return since, load_site(site_root)
        except ContentErrors as exc:
            first = exc.errors[0]
            raise UsageError(
                f"the site at {printable(base)} does not load ({len(exc.errors)} error(s), the first: "
                f"{first.path}:{first.line}: {first.message}); compare with a revision that passes `check`"
            ) from None


def _extract(tree: bytes, inside: str, folder: Path) -> None:
    """Only what loading reads (`site.toml`, `content/`) of the site at `inside`, into `folder`.

    Links are skipped, never followed or made again: a repository may hold links to absolute
    paths (node_modules), and a link under content/ the loader refuses in the working tree anyway.
    """
    prefix = "" if inside == "." else f"{inside}/"
    wanted = (f"{prefix}site.toml", f"{prefix}content/")
    with tarfile.open(fileobj=io.BytesIO(tree)) as archive:
        for member in archive:
            name = member.name.removeprefix("./")
            if (member.isfile() or member.isdir()) and (name == wanted[0] or name.startswith(wanted[1])):
                member.name = name
                archive.extract(member, folder, filter="data")  # no path leads out of the folder


def _git(where: Path, *args: str, what: str = "") -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(where), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("`changes` needs git, which is not installed or not on PATH") from None
    if done.returncode != 0:
        if what:
            raise UsageError(f"'{printable(what)}' is not a revision of this repository (try origin/main)")
        reason = done.stderr.decode(errors="replace").strip().splitlines()
        raise UsageError(f"git {args[0]} failed: {reason[-1] if reason else 'no message'}")
    return done.stdout


def skipped_error(root: Path, skipped: Skipped) -> ContentError:
    """Where the skipped correction belongs: the claim file's field (path:line:column)."""
    claim = skipped.claim
    path = root / claim.source_path
    if not skipped.field or not path.is_file():  # deleted: the message says so
        return ContentError(claim.source_path, 1, 1, skipped.message, skipped.hint)
    doc, _ = parse_yaml(claim.source_path, path.read_text("utf-8"))
    if doc is None:
        return ContentError(claim.source_path, 1, 1, skipped.message, skipped.hint)
    return doc.error(skipped.field, skipped.message, skipped.hint, on_key=True)
