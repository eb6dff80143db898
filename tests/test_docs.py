"""The documentation keeps up with the code."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from factsite.load.schema import load_schema
from tests.conftest import REPO


def keys(schema: dict[str, Any], prefix: str = "") -> Iterator[str]:
    for name, sub in schema.get("properties", {}).items():
        if sub.get("type") == "object":
            yield from keys(sub, f"{prefix}{name}.")
        elif sub.get("type") == "array" and sub.get("items", {}).get("type") == "object":
            yield from keys(sub["items"], f"{prefix}{name}[].")
        else:
            yield prefix + name


def test_every_site_toml_key_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    missing = [key for key in keys(load_schema("site")) if f"`{key}`" not in readme]
    assert missing == []


def test_the_readme_starts_with_the_build_and_test_commands() -> None:
    lines = (REPO / "README.md").read_text("utf-8").splitlines()
    commands = [line.split("#")[0].strip() for line in lines[:8] if line.startswith("make ")]
    assert commands == ["make site", "make test"]


def test_every_claimant_field_and_kind_is_documented_for_contributors() -> None:
    guide = (REPO / "CONTRIBUTING.md").read_text("utf-8")
    schema = load_schema("claimant")
    missing = [key for key in keys(schema) if f"`{key}`" not in guide]
    missing += [kind for kind in schema["properties"]["kind"]["enum"] if f"`{kind}`" not in guide]
    assert missing == []


def test_the_readme_lists_every_module_with_its_first_docstring_line() -> None:
    """The README's folder listing is the code's: a module added, moved or renamed shows there."""
    import ast

    readme = (REPO / "README.md").read_text("utf-8")
    package = REPO / "factsite"
    for path in sorted(package.rglob("*.py")):
        if path.name == "__init__.py" and path.parent == package:
            continue
        first = (ast.get_docstring(ast.parse(path.read_text("utf-8"))) or "").split("\n")[0]
        name = path.parent.name + "/" if path.name == "__init__.py" else path.name
        assert f"{name}" in readme and first in readme, f"{path.relative_to(REPO)}: {first}"
