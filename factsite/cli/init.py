"""`factsite init DIR`: start a new desk's site, ready to check, build and publish.

Writes the files of `factsite/scaffold/`: a `site.toml` with the rating scale
explained, an example article and claim (made up, and saying so), the
claimant they name, a methodology page to rewrite, the GitHub workflows that
check, build and publish the site, a CONTRIBUTING.md for its editors and a
`requirements.txt` that pins this version of factsite. The design is not
copied: the site uses the theme installed with factsite, and overrides a file
of it by putting one of the same name in its own `templates/` or `static/`.

A folder that is not empty is refused, unless `--force`: then the scaffold's
files replace those of the same name, and nothing else is touched.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from pathlib import Path

from .. import __version__, theme
from ..errors import UsageError, printable

SCAFFOLD = Path(__file__).resolve().parents[1] / "scaffold"
DOT = "dot-"  # a scaffold file named dot-x is written as .x (package data leaves out hidden files)
VERSION = "__VERSION__"  # replaced in requirements.txt by this factsite's version


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = commands.add_parser(
        "init",
        help="write a new site into a folder: site.toml, an example article and claim, workflows",
        description="Write a minimal site into FOLDER: site.toml with the rating scale explained, an "
        "example article and claim, the methodology page, the GitHub workflows and CONTRIBUTING.md. "
        "Then `factsite build` in FOLDER builds it.",
    )
    init.add_argument("folder", type=Path, metavar="FOLDER", help="a new or empty folder")
    init.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that is not empty, replacing files of the same names",
    )


def run(args: argparse.Namespace) -> int:
    written = init_site(args.folder, args.force)
    print(f"wrote {len(written)} files into {args.folder}:")
    for path in written:
        print(f"  {path}")
    print(
        f"next: cd {printable(str(args.folder))} && factsite check && factsite build "
        "(or factsite serve to see it as you edit)\n"
        f"the design comes from {theme.TEMPLATES} and {theme.STATIC}: a file of the same name in "
        "the site's templates/ or static/ replaces one of them"
    )
    return 0


def init_site(folder: Path, force: bool = False) -> list[str]:
    """Write the scaffold into `folder` (made if missing); the paths written, relative to it.

    Raises UsageError when `folder` is a file, or is not empty and `force` is not given, or when a
    file to write, or a folder on its way, is a symbolic link (it would lead the write elsewhere).
    """
    _make_folder(folder)
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise UsageError(
            f"{folder} is not empty: name a new or empty folder, or add --force to write the "
            "example site into it (files of the same names are replaced)"
        )
    files = dict(_scaffold())
    for name in files:
        _refuse_links(folder, name)
    for name, data in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return list(files)


def _make_folder(folder: Path) -> None:
    """Make `folder` (and its parents) if missing; UsageError, naming why, when it cannot be made or used."""
    if folder.is_symlink() and not folder.exists():
        raise UsageError(
            f"{folder} is a symbolic link to nothing ({os.readlink(folder)}): name a new or empty folder"
        )
    for place in (folder, *folder.parents):
        if os.path.lexists(place) and not place.is_dir():
            where = "" if place == folder else f", so {folder} cannot be made inside it"
            raise UsageError(f"{place} is a file, not a folder{where}: name a new or empty folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            f"cannot make the folder {folder}: {exc.strerror or exc}; name a folder you may write in"
        ) from exc


def _scaffold() -> Iterator[tuple[str, bytes]]:
    """Each file of the scaffold: its path in the new site, and its bytes."""
    for source in sorted(SCAFFOLD.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts or source.suffix == ".py":
            continue
        parts = source.relative_to(SCAFFOLD).parts
        name = "/".join("." + p.removeprefix(DOT) if p.startswith(DOT) else p for p in parts)
        data = source.read_bytes()
        if name == "requirements.txt":
            data = data.replace(VERSION.encode(), __version__.encode())
        yield name, data


def _refuse_links(folder: Path, name: str) -> None:
    path = folder
    for part in name.split("/"):
        path = path / part
        if path.is_symlink():
            raise UsageError(f"{path} is a symbolic link: factsite init writes no file through one")
