"""Checks of the design: the templates and the static files, reported like content errors.

A template with a syntax error, or one that uses a name its page does not
have, is reported at its file and line (`templates/base.html:55:1`), by
`check` and by `build` alike. Nothing in `templates/` or `static/` may lead
outside its folder: a symbolic link there would copy a file from anywhere on
the machine into the published site, so it is refused as in `content/`.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from .. import theme
from ..errors import ContentError, ContentErrors, display_path, printable
from ..load import entries

if TYPE_CHECKING:
    from ..model import Site
    from .spec import PageSpec

SYNTAX_HINT = "see Jinja's template syntax: https://jinja.palletsprojects.com/en/stable/templates/"
UNCLOSED_HINT = "close every {% if %}, {% for %}, {% block %} and {% macro %} with its {% end… %} tag"
MISSING_HINT = "restore the template, or correct its name where it is extended, included or imported"
UNDEFINED_HINT = (
    "the page has no value of that name: check its spelling, or guard it with "
    "{% if name is defined %}; render.py lists what each page gets"
)


Folders = Path | Sequence[Path]  # a folder of templates, or folders laid over each other (theme.py)


def _folders(folders: Folders) -> tuple[Path, ...]:
    return (folders,) if isinstance(folders, Path) else tuple(folders)


def template_error(exc: jinja2.TemplateError, templates: Folders, root: Path) -> ContentError:
    """A Jinja error as a content error at the template's file and line.

    A syntax error carries its file and line; an error while rendering (an
    undefined name) has them in the traceback, where Jinja puts a frame for
    each template line it ran: the innermost one is where it failed.
    """
    file, line = _where(exc, templates)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        unclosed = any(w in (exc.message or "").lower() for w in ("end of template", "nesting mistake"))
        hint = UNCLOSED_HINT if unclosed else SYNTAX_HINT
        return ContentError(_shown(file, templates, root), line, 1, f"template syntax: {exc.message}", hint)
    if isinstance(exc, jinja2.TemplateNotFound):
        message, hint = f"template not found: {exc.name}", MISSING_HINT
    else:
        message = f"template: {exc.message or exc}"
        hint = UNDEFINED_HINT if isinstance(exc, jinja2.UndefinedError) else SYNTAX_HINT
    return ContentError(_shown(file, templates, root), line, 1, message, hint)


def _where(exc: jinja2.TemplateError, templates: Folders) -> tuple[str, int]:
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return exc.filename, exc.lineno
    frames = template_frames(exc, templates)
    if frames:  # the innermost template line, e.g. the {% include %} of a missing template
        return frames[-1]
    if isinstance(exc, jinja2.TemplateNotFound) and exc.name:
        return str(_folders(templates)[0] / exc.name), 1
    return str(_folders(templates)[0]), 1


def render_error(exc: Exception, templates: Folders, root: Path) -> ContentError | None:
    """Any exception raised while a template renders, as an error at the template's line; None for
    one that template code did not raise, or one of the machine (a full disk, no memory): failures.py.

    A division by zero, a filter given the wrong type, a template that includes
    itself: the template needs fixing, not the program. The line is the
    innermost line of template code in the traceback; for a recursion, the line
    where the template first renders itself again (its `{% include %}` or call).
    """
    if isinstance(exc, jinja2.TemplateError):
        return template_error(exc, templates, root)
    frames = template_frames(exc, templates)
    if not frames or isinstance(exc, OSError | MemoryError | ContentErrors):
        return None
    again = _renders_itself(frames) if isinstance(exc, RecursionError) else None
    file, line = again or frames[-1]
    shown = _shown(file, templates, root)
    if again:
        message = "template: this line renders itself without end (RecursionError)"
        return ContentError(shown, line, 1, message, LOOP_HINT.format(shown))
    message = f"template: {type(exc).__name__}: {printable(str(exc))}"
    return ContentError(shown, line, 1, message, RUNTIME_HINT.format(shown))


RUNTIME_HINT = "the template needs fixing at this line, not your content: {} fails here rendering a page"
LOOP_HINT = (
    "{} renders this line again while rendering it, directly or through other templates: "
    "remove the include, extends or macro call here that loops back"
)


def template_frames(exc: BaseException, templates: Folders) -> list[tuple[str, int]]:
    """The file and line of each frame of template code in `exc`'s traceback, outermost first.

    Jinja rewrites such frames to point at the template's source line and marks
    them (jinja2/debug.py: `__jinja_exception__` in their globals); any frame of a
    file inside `templates` is one too.
    """
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        inside = any(_inside(Path(code.co_filename), f) for f in _folders(templates))
        if "__jinja_exception__" in tb.tb_frame.f_globals or inside:
            frames.append((code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    return frames


def _renders_itself(frames: list[tuple[str, int]]) -> tuple[str, int] | None:
    """The template line that starts a recursion: the one just before the first line met twice."""
    seen = set()
    for before, frame in itertools.pairwise(frames):
        seen.add(before)
        if frame in seen:
            return before
    return None


def _inside(path: Path, folder: Path) -> bool:
    return path.is_absolute() and path.is_relative_to(folder)


def _shown(file: str, folders: Folders, root: Path) -> str:
    """A design file's path as the user would open it: from the site's folder, else from the tool's
    (the checkout, or site-packages: `factsite/theme/templates/…`), else from its folder's parent."""
    path = Path(os.path.abspath(file))
    if path.is_relative_to(os.path.abspath(root)):
        return display_path(path, root)
    if any(path.is_relative_to(f) for f in (theme.TEMPLATES, theme.STATIC)):
        return display_path(path, theme.SHOWN_FROM)
    inside = [f for f in _folders(folders) if path.is_relative_to(os.path.abspath(f))]
    return display_path(path, (inside or _folders(folders))[0].parent)


def template_syntax_errors(env: jinja2.Environment, templates: Folders, root: Path) -> list[ContentError]:
    """Compile every template of `env`, reporting each one that does not compile."""
    errors = []
    for name in env.list_templates(extensions=["html"]):
        if name.startswith(f"{theme.PREFIX}/"):  # the theme's, already listed under their own names
            continue
        try:
            env.get_template(name)
        except jinja2.TemplateError as exc:
            errors.append(template_error(exc, templates, root))
    return errors


def outside_links(folder: Path, root: Path) -> list[ContentError]:
    """Errors for each entry of `folder`, at any depth, that may not be read (entries.py): a link
    leading outside `folder`, to no file or around a loop; a pipe, device or socket."""
    if not os.path.lexists(folder):
        return []
    base = Path(os.path.realpath(folder))
    if problem := entries.problem(folder, base):
        return [ContentError(_shown(str(folder), folder, root), 1, 1, *problem)]
    errors = []
    for parent, folders, files in os.walk(folder):
        for name in sorted([*folders, *files]):
            problem = entries.problem(Path(parent) / name, base)
            if problem:
                shown = _shown(os.path.join(parent, name), folder, root)
                errors.append(ContentError(shown, 1, 1, *problem))
    return errors


def design_errors(templates: Folders, static: Folders, root: Path) -> list[ContentError]:
    """Every template that does not compile, and every link of templates/ or static/ that leads out;
    of the theme's and of the site's own (theme.py)."""
    from .pages import environment

    folders = (*_folders(templates), *_folders(static))
    errors = [error for folder in folders for error in outside_links(folder, root)]
    if errors:
        return errors  # a template may be one of the links: it is not read
    return template_syntax_errors(environment(templates), templates, root)


def sample_errors(site: Site, templates: Folders, root: Path) -> list[ContentError]:
    """Render one page of each template and data file in memory: the template errors they raise.

    `check` does this, so that an undefined name shows before `build`; a name used
    only on some pages of a template (in an `{% if %}`) is found by `build`.
    """
    from .pages import environment, plan_site, renderer

    first: dict[str, PageSpec] = {}
    for spec in plan_site(site):
        first.setdefault(spec.template or spec.path, spec)
    render = renderer(site, environment(templates))
    errors = []
    for spec in first.values():
        try:
            render(spec)
        except Exception as exc:
            error = render_error(exc, templates, root)
            if error is None:
                raise
            errors.append(error)
    return sorted(set(errors))
