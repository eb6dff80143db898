"""The compiled validator only ever says "valid" where jsonschema does: it can skip work, never an error."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from factsite.load import compiled, schema, sources
from tests.conftest import SAMPLE

ODD_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    Decimal("1.5"),
    Decimal("2"),
    "",
    " ",
    "x" * 5000,
    "2024-02-30",
    "2024-02-29",
    "2023-02-29",
    "https://example.org/",
    "javascript:alert(1)",
    "Q42\n",
    "Q42",
    "a\n",
    [],
    ["x", "x"],
    [1],
    {},
    {"title": "t"},
]


def sample_documents() -> list[tuple[str, Any]]:
    found = []
    for path in sorted(SAMPLE.rglob("content/**/*")):
        if path.suffix not in (".yaml", ".md"):
            continue
        kind = {"claims": "claim", "claimants": "claimant", "articles": "article", "pages": "page"}
        name = kind[path.relative_to(SAMPLE / "content").parts[0]]
        text = path.read_text("utf-8")
        if path.suffix == ".md":
            front, _ = sources.split_front_matter(str(path), text)
            assert front is not None
            text = front.yaml_text
        doc, errors = sources.parse_yaml(str(path), text)
        assert doc is not None and not errors
        found.append((name, schema.validate(doc, name)[0].data))
    return found


def mutations(data: Any) -> list[Any]:
    """The data with, in turn, each value (to two levels) replaced by each odd value, or removed."""
    changed = []
    for key in list(data):
        for value in [*ODD_VALUES, ...]:
            copied = copy.deepcopy(data)
            if value is ...:
                del copied[key]
            else:
                copied[key] = value
            changed.append(copied)
        inner = data[key]
        items = inner if isinstance(inner, list) else [inner]
        for i, item in enumerate(items):
            if isinstance(item, dict):
                for sub in mutations(item)[:: 3 if len(item) > 4 else 1]:
                    copied = copy.deepcopy(data)
                    if isinstance(inner, list):
                        copied[key][i] = sub
                    else:
                        copied[key] = sub
                    changed.append(copied)
    return changed


def full_errors(name: str, data: Any) -> list[Any]:
    return list(schema._validator(name).iter_errors(data))


def test_sample_files_pass_both() -> None:
    documents = sample_documents()
    assert {name for name, _ in documents} == set(compiled.COMPILED)
    for name, data in documents:
        assert compiled.passes(name, data) and not full_errors(name, data)


@pytest.mark.parametrize("kind", compiled.COMPILED)
def test_whatever_the_compiled_validator_passes_jsonschema_passes(kind: str) -> None:
    tried = passed = 0
    for name, data in sample_documents():
        if name != kind:
            continue
        for changed in mutations(data):
            tried += 1
            if compiled.passes(name, changed):
                passed += 1
                assert not full_errors(name, changed), changed
            else:
                assert full_errors(name, changed), changed  # and it refuses only what is wrong
    assert tried > 20 and 0 < passed < tried


def test_site_toml_is_left_to_jsonschema() -> None:
    assert not compiled.passes("site", {})
