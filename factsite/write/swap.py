"""Put a new site in place of the old one in one step, and tidy up after builds that were killed.

A build writes the new site into a staging folder beside the output
(`.NAME.staging-XXXXXXXX`), then swaps. On Linux, renameat2(RENAME_EXCHANGE)
exchanges the two folders in one step: there is no moment with no site or a
mixed one, whenever the build is killed. Where the system cannot exchange, the
old folder is renamed aside (`.NAME.old`) and the new one renamed in; a build
killed between the two leaves `.NAME.old` and no NAME, and the next build puts
it back before it starts (`recover`).

A mount point cannot be renamed. When the output is one, the staging folder is
made inside it (`.factsite-staging-XXXXXXXX`), and its entries are swapped in one
by one after a journal (`.factsite-journal`) lists them; a build killed during
the swap leaves the journal, and the next one completes the swap first.

shutil, tempfile and json are imported in the functions that use them: a build with nothing to
do imports this module and never needs them (about 8 ms of start-up in all, failures.py's too).
"""

from __future__ import annotations

import errno
import functools
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .outputs import MARKER

RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100
UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}
INSIDE = ".factsite-"  # the prefix of the build's own entries inside a mount point
JOURNAL, TRASH = f"{INSIDE}journal", f"{INSIDE}trash"


@dataclass(frozen=True)
class Place:
    """Where the builds of `out` stage, lock and swap: beside it, or inside it when it is a mount point."""

    out: Path
    inside: bool

    @property
    def folder(self) -> Path:
        return self.out if self.inside else self.out.parent

    @property
    def prefix(self) -> str:
        return INSIDE if self.inside else f".{self.out.name}."

    @property
    def lock(self) -> Path:
        return self.folder / f"{self.prefix}lock"

    @property
    def aside(self) -> Path:
        return self.folder / f"{self.prefix}old"

    @property
    def spare(self) -> Path:
        return self.folder / f"{self.prefix}spare"


def place(out: Path) -> Place:
    out = out.resolve()
    return Place(out, is_mount_point(out))


def is_mount_point(path: Path) -> bool:
    """Whether `path` is a mount point, a bind mount of a folder of the same file system included."""
    if os.path.ismount(path):
        return True
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as table:
            points = {_unescape(line.split()[4]) for line in table if len(line.split()) > 4}
    except OSError:
        return False
    return str(path) in points


def _unescape(field: str) -> str:
    r"""A path as /proc/self/mountinfo writes it, with \040 for a space and so on."""
    if "\\" not in field:
        return field
    return field.encode().decode("unicode_escape").encode("latin-1").decode("utf-8", "replace")


def new_staging(where: Place) -> Path:
    """A new, empty staging folder for the next site of `where.out` (mode 755)."""
    import tempfile

    where.folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{where.prefix}staging-", dir=where.folder))  # see `_named`
    staging.chmod(0o755)
    return staging


def swap_in(where: Place, staging: Path, keep: Path | None = None) -> None:
    """Put the complete site in `staging` in place of `where.out`. The old site is deleted, or,
    given `keep`, moved there (but from a mount point)."""
    if where.inside:
        _swap_entries(where, staging)
        return
    if not os.path.lexists(where.out):
        os.rename(staging, where.out)
        return
    old = staging if exchange(staging, where.out) else _swap_aside(where, staging)
    if keep is None:
        remove(old)
    elif old != keep:
        os.rename(old, keep)


def exchange(a: Path, b: Path) -> bool:
    """Exchange two paths in one step (Linux's renameat2); False where the system cannot."""
    call = _renameat2()
    if call is None:
        return False
    if call(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    import ctypes  # here: loading it is ~5 ms, and a build with nothing to do swaps nothing

    number = ctypes.get_errno()
    if number in UNSUPPORTED:
        return False
    raise OSError(number, os.strerror(number), str(a), None, str(b))


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    import ctypes

    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    call.restype = ctypes.c_int
    return call


def _swap_aside(where: Place, staging: Path) -> Path:
    """Swap by two renames; a build killed between them is put right by `recover`. Where the old
    site is now."""
    import tempfile

    aside = where.aside
    if ours(aside):
        remove(aside)
    if os.path.lexists(aside):  # something else is in the way: a folder of another name
        aside = Path(tempfile.mkdtemp(prefix=f"{aside.name}-", dir=where.folder))
    os.rename(where.out, aside)
    try:
        os.rename(staging, where.out)
    except BaseException:
        os.rename(aside, where.out)
        raise
    return aside


def ours(path: Path) -> bool:
    """Whether `path` is a real folder (not a link) holding a build's marker."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode) and stat.S_ISREG(os.lstat(path / MARKER).st_mode)
    except OSError:
        return False


def remove(path: Path) -> None:
    """Delete a folder of the build's own, never following a link; what cannot be deleted is left."""
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _swap_entries(where: Place, staging: Path) -> None:
    """Swap the entries of a mount point for those of `staging`, inside it, after writing the journal."""
    names = set(site_entries(staging)) | set(site_entries(where.out))
    plan = [(n, _inode(staging / n)) for n in sorted(names, key=lambda n: (n == MARKER, n))]  # None: to go
    _write_journal(where.out, {"staging": staging.name, "plan": plan})
    note = _roll_forward(where.out)
    if note is not None:  # the journal just written is not there as written
        raise OSError(errno.EIO, f"the swap's journal was changed while it was written ({note})")


def site_entries(folder: Path) -> list[str]:
    """The entries of a site's folder, without those a build keeps there when it is a mount point."""
    return [name for name in os.listdir(folder) if not name.startswith(INSIDE) or name == MARKER]


def _inode(path: Path) -> int | None:
    try:
        return os.lstat(path).st_ino
    except FileNotFoundError:
        return None


def _write_journal(out: Path, journal: dict[str, object]) -> None:
    import json
    import tempfile

    descriptor, partial = tempfile.mkstemp(prefix=f"{JOURNAL}-", dir=out)  # see `recover`
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(journal, file)
    os.replace(partial, out / JOURNAL)


def _roll_forward(out: Path) -> str | None:
    """Complete the swap the journal in `out` describes, if any, entry by entry; then delete the old.
    A journal that cannot be followed is deleted: why, in one line (None if there was none to set aside)."""
    journal = _read_journal(out)
    if isinstance(journal, str) or journal is None:
        return journal
    staging, plan = out / journal[0], journal[1]
    for name, inode in plan:
        if inode is None:
            _throw_away(out / name, staging)
        elif _inode(staging / name) == inode:  # not swapped in yet
            _put_in(staging / name, out / name, staging)
    os.unlink(out / JOURNAL)
    remove(staging)
    return None


def _put_in(new: Path, target: Path, staging: Path) -> None:
    if not os.path.lexists(target):
        os.rename(new, target)
    elif not exchange(new, target):
        _throw_away(target, staging)
        os.rename(new, target)


def _throw_away(target: Path, staging: Path) -> None:
    if os.path.lexists(target):
        (staging / TRASH).mkdir(exist_ok=True)
        os.rename(target, staging / TRASH / target.name)


Plan = list[tuple[str, int | None]]


def _read_journal(out: Path) -> tuple[str, Plan] | str | None:
    """The staging folder and the plan of the journal in `out`; None without one. One that is not a
    plain file, does not parse, names an entry that is not a plain name in `out` or a staging folder
    that is not there is deleted, not followed: then why, in one line."""
    import json

    try:
        descriptor = os.open(out / JOURNAL, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError:  # a link planted in its place: removed, not followed
        return _set_aside(out, "is not a plain file")
    try:
        with os.fdopen(descriptor, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise ValueError("not a plain file")
            journal = json.loads(file.read(1 << 20))
        staging, plan = journal["staging"], [(n, i) for n, i in journal["plan"]]
    except (OSError, ValueError, KeyError, TypeError):
        return _set_aside(out, "cannot be read as a journal")
    named = isinstance(staging, str) and _named(staging, f"{INSIDE}staging", "")
    if not (named and _is_folder(out / staging)):
        return _set_aside(out, "names no staging folder of a build that is there")
    if not all(_plain_name(n) and (i is None or type(i) is int) for n, i in plan):
        return _set_aside(out, "names entries that are not in the output folder")
    return staging, plan


def _plain_name(name: object) -> bool:
    """Whether `name` names an entry of a site's folder: no "/", not "." or "..", no NUL, not empty,
    and not one of the build's own entries (the lock, the journal, staging folders), but the marker."""
    if not isinstance(name, str) or name in ("", ".", "..") or "/" in name or "\0" in name:
        return False
    return not name.startswith(INSIDE) or name == MARKER


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _set_aside(out: Path, why: str) -> str:
    """Delete the journal in `out` that cannot be followed; the note that says so."""
    _unlink_entry(out / JOURNAL)
    return f"note: {out / JOURNAL} {why}; it was removed, not followed"


def _unlink_entry(path: Path) -> None:
    import shutil

    try:
        os.unlink(path)
    except IsADirectoryError:
        shutil.rmtree(path, ignore_errors=True)
    except FileNotFoundError:
        pass


def recover(where: Place) -> list[str]:
    """Put right what a killed build left: complete an interrupted swap, delete staging folders
    and files half written. A note for each thing set aside rather than followed (a bad journal)."""
    notes = [note for note in [_roll_forward(where.out) if where.inside else None] if note]
    names = os.listdir(where.folder) if where.folder.is_dir() else []
    asides = [where.folder / n for n in names if _named(n, where.aside.name, "?") and ours(where.folder / n)]
    if asides and not where.inside and not os.path.lexists(where.out):
        os.rename(asides.pop(), where.out)  # killed between the two renames of `_swap_aside`
    stale = [where.folder / n for n in names if _named(n, f"{where.prefix}staging", "")]
    for folder in [*asides, *stale]:
        if stat.S_ISDIR(os.lstat(folder).st_mode):
            remove(folder)
    inside = os.listdir(where.out) if where.out.is_dir() else []
    for name in inside:
        if _named(name, MARKER, "") or _named(name, JOURNAL, ""):  # cut short while written
            _unlink_entry(where.out / name)
    return notes


def _named(name: str, stem: str, optional: str) -> bool:
    """Whether `name` is `stem` followed by "-" and mkdtemp's 8 random characters (which may be
    left out when `optional` is "?")."""
    return re.fullmatch(rf"{re.escape(stem)}(-[a-z0-9_]{{8}}){optional}", name) is not None
