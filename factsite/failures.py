"""Failures of the environment or of the program itself: one clear message, the traceback in a log.

A content error is the editor's to fix and is printed as `path:line:col`
(errors.py). Anything else that stops a command (a full disk, a folder it may
not write, a missing tool, a bug) is explained here in one message naming the
file, with a hint, and exits with status 3. The traceback goes to a log file,
ROOT/.factsite-error.log (or a new file in the temporary folder when that
cannot be written), never into the output site and never onto the terminal.

What only a failure needs (datetime, shutil, tempfile, traceback) is imported when one
happens: every command imports this module, and a build with nothing to do should start fast.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import command
from .errors import display_path, printable_lines

LOG_NAME = ".factsite-error.log"
PACKAGE = Path(__file__).resolve().parent
_HINTS = {
    errno.ENOSPC: "the disk is full: free some space and run the command again",
    errno.EDQUOT: "your disk quota is used up: free some space and run the command again",
    errno.EACCES: "you may not write or read there: check the folder's permissions, or choose another folder",
    errno.EPERM: "you may not write or read there: check the folder's permissions, or choose another folder",
    errno.EROFS: "the file system is read-only: choose a folder on a writable disk",
    errno.EMFILE: "too many files are open: close some programs and run the command again",
    errno.ENAMETOOLONG: "a file name is too long for this file system",
    errno.EADDRINUSE: "another program uses this port: choose another with --port",
    errno.EADDRNOTAVAIL: "this machine has no such address: use 127.0.0.1",
}


class Failure(Exception):
    """A failure of something outside the program (a tool, the disk), with a message that says it all."""

    hint = "run the command again; if it fails again, the log below says more"


def explain(exc: BaseException, root: Path) -> tuple[str, str]:
    """The message and the hint for a failure: what failed, on which file, and what to do."""
    if isinstance(exc, Failure):
        return str(exc), exc.hint
    import shutil

    copied = exc.args[0] if isinstance(exc, shutil.Error) and exc.args else None
    if isinstance(copied, list) and copied and isinstance(copied[0], tuple) and len(copied[0]) == 3:
        source, target, why = copied[0]  # copytree's list of the files it could not copy
        number = re.search(r"\[Errno (\d+)\]", str(why))
        return f"cannot copy {source} to {target}: {why}", hint_for(int(number[1]) if number else None)
    if isinstance(exc, OSError) and exc.errno is not None:
        where = _file(exc, root)
        return f"{where or 'a system call failed'}: {exc.strerror or exc}", hint_for(exc.errno)
    place = code_place(exc, root)
    return (
        f"internal error: {type(exc).__name__}: {exc}" + (f" (at {place})" if place else ""),
        f"this is a bug in {command.program()}, not a problem of your content: "
        "please report it with the log below",
    )


def hint_for(number: int | None) -> str:
    """What to do about an OSError of this errno."""
    return _HINTS.get(number or 0, "check the file and the disk, then run the command again")


@contextmanager
def about(path: Path) -> Iterator[None]:
    """Name `path` in an OSError raised inside the block that names no file (a failed write or close)."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None:
            exc.filename = str(path)
        raise


def _file(exc: OSError, root: Path) -> str:
    named = (exc.filename, exc.filename2)
    names = [n for n in named if isinstance(n, (str, bytes, os.PathLike))]  # not a descriptor's number
    return " and ".join(display_path(Path(os.fsdecode(n)), root) for n in names)


def code_place(exc: BaseException, root: Path) -> str:
    """Where the failure happened: the innermost template line, else the innermost line of factsite."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    templates = [f for f in frames if f.filename.endswith(".html")]
    own = [f for f in frames if Path(f.filename).resolve().is_relative_to(PACKAGE)]
    if not (templates or own):
        return ""
    chosen = (templates or own)[-1]
    return f"{display_path(Path(chosen.filename), PACKAGE.parent)}:{chosen.lineno}"


def report(exc: BaseException, root: Path, after: str = "") -> Path | None:
    """Print the failure in one message (then `after`, e.g. what was left as it was); log the traceback."""
    message, hint = explain(exc, root)
    log = write_log(exc, root)
    print(f"error: {printable_lines(message)}\n    hint: {hint}", file=sys.stderr)
    if after:
        print(f"    {after}", file=sys.stderr)
    if log is None:
        import traceback

        print("    the log could not be written anywhere; the details follow:", file=sys.stderr)
        traceback.print_exception(exc, file=sys.stderr)
    else:
        print(f"    the details are in {log}", file=sys.stderr)
    return log


def write_log(exc: BaseException, root: Path) -> Path | None:
    """Write the traceback to ROOT/.factsite-error.log, or else to a new temporary file; its path, or None."""
    text = log_text(exc)
    for opened in (_open_in_root, _open_temporary):
        try:
            descriptor, path = opened(root)
        except OSError:
            continue
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as log:
                log.write(text)
        except OSError:
            continue
        return path
    return None


def _open_in_root(root: Path) -> tuple[int, Path]:
    # O_NOFOLLOW: the site's folder may come from an untrusted pull request, and a link planted
    # there must not turn this write into one over another file.
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
    return os.open(root / LOG_NAME, flags, 0o644), root / LOG_NAME


def _open_temporary(root: Path) -> tuple[int, Path]:
    import tempfile

    descriptor, name = tempfile.mkstemp(prefix="factsite-error-", suffix=".log")
    return descriptor, Path(name)


def log_text(exc: BaseException) -> str:
    """The log: when, which command, which Python, and the full traceback."""
    import datetime as dt
    import traceback

    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    lines = [
        f"{command.program()} failed at {when}",
        f"command: {' '.join(sys.argv)}",
        f"python: {sys.version.split()[0]} on {sys.platform}",
        "",
        *traceback.format_exception(exc),
    ]
    return "\n".join(lines) + "\n"
