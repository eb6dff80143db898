"""How content errors are shown: as `path:line:col: message` lines, or as GitHub annotations.

Inside GitHub Actions, errors become `::error file=...,line=...,col=...::` workflow
commands, which GitHub shows on the lines of a pull request. GitHub shows at most
10 annotations a step, so every error also goes to the job summary as a table.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from ..errors import ContentError

FORMATS = ("text", "github")


def default_format(environ: Mapping[str, str] = os.environ) -> str:
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


def format_error(error: ContentError, fmt: str, root: Path, environ: Mapping[str, str] = os.environ) -> str:
    if fmt == "text":
        return str(error)
    message = f"{error.message}\n{error.hint}" if error.hint else error.message
    return (
        f"::error file={_property(workspace_path(error.path, root, environ))},"
        f"line={error.line},col={error.col},title={_property('Content error')}::{_data(message)}"
    )


def workspace_path(path: str, root: Path, environ: Mapping[str, str] = os.environ) -> str:
    """The path relative to the checked-out repository, which is what annotations need."""
    workspace = environ.get("GITHUB_WORKSPACE")
    if not workspace:
        return path
    full = (root / path).resolve()
    try:
        return full.relative_to(Path(workspace).resolve()).as_posix()
    except ValueError:
        return path


def _data(text: str) -> str:
    """Escape a workflow command's message, as GitHub's actions/toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def summary_table(title: str, errors: Sequence[ContentError], root: Path) -> str:
    """A Markdown section listing every error, for the job summary."""
    rows = [
        f"| `{table_cell(workspace_path(e.path, root))}` | {e.line}:{e.col} "
        f"| {table_cell(e.message)} | {table_cell(e.hint)} |"
        for e in errors
    ]
    return "\n".join(
        [f"### {title}", "", "| File | Line:col | Problem | Hint |", "|---|---|---|---|", *rows, ""]
    )


def table_cell(text: str) -> str:
    """Text made safe for one cell of a Markdown table."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("|", "\\|").replace("`", "'").replace("\n", " ")


def append_summary(markdown: str, environ: Mapping[str, str] = os.environ) -> bool:
    """Add to the GitHub Actions job summary, when there is one; True if written."""
    target = environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    with open(target, "a", encoding="utf-8") as summary:
        summary.write(markdown + "\n")
    return True


def print_errors(
    errors: Iterable[ContentError], fmt: str | None, root: Path, out: TextIO | None = None
) -> None:
    """Print every error in `fmt` (chosen from the environment when None), and summarise them."""
    errors = list(errors)
    chosen = fmt or default_format()
    for error in errors:
        print(format_error(error, chosen, root), file=out or sys.stderr)
    append_summary(summary_table(f"Content check: {len(errors)} error(s)", errors, root))
