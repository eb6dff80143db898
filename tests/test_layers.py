"""The folder listing is the pipeline: load → check → render → write, with build, search and cli
at the edge. These tests read every module's imports (ast) and fail on one that crosses a layer."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "factsite"
STAGES = ("text", "load", "check", "render", "write")
EDGE = ("build", "search", "cli")
SHARED = ("theme",)  # where the theme's templates and static files are: used by every stage that needs them
DATA = ("scaffold",)  # the files `factsite init` writes: no code


def modules() -> Iterator[Path]:
    yield from sorted(PACKAGE.rglob("*.py"))


def layer(path: Path) -> str:
    """The subpackage a module is in, or '' for the shared top-level modules (errors, model, urls)."""
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 and parts[0] not in SHARED else ""


def imported(path: Path) -> Iterator[tuple[int, str]]:
    """(line, 'factsite.x.y') for every import of this package, relative ones resolved."""
    here = ["factsite", *path.relative_to(PACKAGE).with_suffix("").parts]
    package = here[:-1]  # a module's package; for __init__.py, the package itself
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            if module.startswith("factsite"):
                for alias in node.names:
                    yield node.lineno, f"{module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("factsite"):
                    yield node.lineno, alias.name


def crossings(forbidden: tuple[str, ...], within: tuple[str, ...]) -> list[str]:
    found = []
    for path in modules():
        if layer(path) not in within or path.name == "__main__.py":  # `python -m factsite` runs the cli
            continue
        for line, name in imported(path):
            parts = name.split(".")
            if len(parts) > 1 and parts[1] in forbidden:
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
    return found


def test_every_module_is_in_a_layer_of_the_pipeline() -> None:
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top <= {"__init__", "__main__", "command", "errors", "failures", "model", "urls"}
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == {*STAGES, *EDGE, *SHARED, *DATA}
    assert [p for folder in DATA for p in (PACKAGE / folder).rglob("*.py")] == []


def test_the_stages_never_import_build_cli_or_search() -> None:
    assert crossings(EDGE, ("", *STAGES)) == []


@pytest.mark.parametrize(
    ("stage", "later"),
    [
        ("text", ("load", "check", "render", "write")),
        ("load", ("check", "render", "write")),
        ("check", ("render", "write")),
        ("render", ("write",)),
        ("", STAGES),
    ],
)
def test_a_stage_never_imports_a_later_one(stage: str, later: tuple[str, ...]) -> None:
    assert crossings(later, (stage,)) == []


def test_only_build_knows_the_memo() -> None:
    users = {str(p.relative_to(PACKAGE)) for p in modules() for _, n in imported(p) if "memo" in n.split(".")}
    assert {u for u in users if not u.startswith("build/")} == set()


def reuse_callers(path: Path) -> bool:
    """Whether a module imports the cache interface (render/reuse.py) or calls `last`/`get` on a
    reuse or memo object."""
    if any(name.startswith("factsite.render.reuse.") for _, name in imported(path)):
        return True
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"last", "get"}
        ):
            target = ast.unparse(node.func.value).lower()
            if "reuse" in target or "memo" in target:
                return True
    return False


def test_at_most_two_modules_outside_build_call_the_cache_interface() -> None:
    users = {str(p.relative_to(PACKAGE)) for p in modules() if layer(p) != "build" and reuse_callers(p)}
    users.discard("render/reuse.py")  # the interface itself
    assert len(users) <= 2, users
    assert users == {"render/pages.py", "render/pieces.py"}


def test_a_feature_module_takes_no_memo_or_reuse() -> None:
    """Feeds, downloads, sitemap, structured data, coverage, checks, groups: plain functions of the model."""
    features = ["render/feeds.py", "render/downloads.py", "render/sitemap.py", "render/structured.py"]
    features += [
        "render/groups.py",
        "render/reader.py",
        "check/coverage.py",
        "check/conflicts.py",
        "load/computed.py",
    ]
    for name in features:
        tree = ast.parse((PACKAGE / name).read_text("utf-8"))
        arguments = {
            a.arg for n in ast.walk(tree) if isinstance(n, ast.arguments) for a in (*n.args, *n.kwonlyargs)
        }
        assert not arguments & {"memo", "reuse"}, name
        assert not reuse_callers(PACKAGE / name), name
