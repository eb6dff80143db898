"""The theme: the templates and static files every site is built with, and a site's own that override them.

A site overrides the theme file by file, as Hugo and MkDocs themes allow: a
template in the site's own `templates/` (or a file in its `static/`) with the
name of one of the theme's is used instead of it; any other is added. So a
desk can change its footer (`templates/_footer.html`) or its colours
(`static/style.css`) and keep taking the rest from the tool.

Where the theme lies: an installed factsite (a wheel, `pip install .`)
carries it as package data, in this package's `templates/` and `static/`
(setup.py copies them in). A source checkout keeps it at the top of the
repository, where the desk's own site, in the same folder, uses it as its own.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGED = (HERE / "templates").is_dir()
BASE = HERE if PACKAGED else HERE.parents[1]  # the wheel's package data, or the source checkout
TEMPLATES = BASE / "templates"
STATIC = BASE / "static"
SHOWN_FROM = HERE.parents[1]  # theme files are named from here: the checkout, or site-packages
TEMPLATES_FOLDER, STATIC_FOLDER = "templates", "static"  # a site's own, beside its site.toml
PREFIX = "theme"  # a template named theme/NAME is the theme's NAME, even where the site overrides NAME


@dataclass(frozen=True)
class Design:
    """A site's design folders, each list with the site's own first: the first folder that holds a
    file of a name gives it."""

    templates: tuple[Path, ...]
    static: tuple[Path, ...]


def design(root: Path, templates: Path = TEMPLATES, static: Path = STATIC) -> Design:
    """The folders a site at `root` is built from: its own `templates/` and `static/`, when it has
    them, over the theme's `templates` and `static` (by default the tool's)."""
    return Design(
        layers(root / TEMPLATES_FOLDER, templates),
        layers(root / STATIC_FOLDER, static),
    )


def layers(own: Path, theme: Path) -> tuple[Path, ...]:
    """`own` over `theme`, or `theme` alone when they are one folder (this repository's own site).
    `own` need not exist: a folder made later is read on the next build."""
    if os.path.realpath(own) == os.path.realpath(theme):
        return (theme,)
    return (own, theme)


def first_file(folders: Sequence[Path], name: str) -> Path | None:
    """The file `name` (a path relative to each folder) from the first of `folders` that has it."""
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    return None
