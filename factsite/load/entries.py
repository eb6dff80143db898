"""One rule for every entry of every folder the tool reads: content/…, templates/ and static/.

An entry is read when it is a plain file or a folder, or a symbolic link to one
that stays inside its tree (`content/` for content, `templates/` or `static/`
for the design). Anything else is a content error at `path:1:1` with a hint,
never a crash and never skipped in silence: a link that makes a loop, a link
that leads to no file, a link that leads outside its tree, and what is neither
a file nor a folder (a named pipe, a device, a socket), which reading would
hang on or copy into the site.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

Problem = tuple[str, str]  # the message and the hint

LOOP = "this link makes a loop"
_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def problem(path: Path, base: Path) -> Problem | None:
    """What keeps `path`, an entry inside the resolved folder `base`, from being read; None if nothing.

    A link is followed to its end: outside `base`, to no file, around a loop,
    or to a folder holding it, it is refused. Raises OSError only for what the
    environment refuses (a folder that may not be searched): that is not content's
    fault. An entry gone since its folder was listed has no problem: it is not read.
    """
    try:
        if path.is_symlink():
            return _link_problem(path, base)
        return _kind_problem(path.lstat().st_mode)
    except FileNotFoundError:
        return None


def _link_problem(path: Path, base: Path) -> Problem | None:
    aim = Path(os.path.realpath(path))
    replace = f"replace the link with the {'folder' if aim.is_dir() else 'file'} itself"
    if not aim.is_relative_to(base):
        return f"this link leads outside {base.name}/", replace
    try:
        target = Path(os.path.realpath(path, strict=True))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return LOOP, "replace the link with the file itself, or remove it"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return "this link leads to no file", "replace the link with the file itself, or remove it"
        raise
    if target.is_dir() and Path(os.path.realpath(path.parent)).is_relative_to(target):
        return f"{LOOP}: it leads to a folder holding it", "remove the link"
    return _kind_problem(target.stat().st_mode, "this link leads to ")


def _kind_problem(mode: int, lead: str = "this is ") -> Problem | None:
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = _KINDS.get(stat.S_IFMT(mode), "a special file")
    return (
        f"{lead}{kind}, not a plain file or folder",
        "remove it, or put a plain file in its place: only plain files and folders are read",
    )
