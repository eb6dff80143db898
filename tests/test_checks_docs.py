"""docs/checks.md keeps up with the kinds of check and the words they understand."""

from __future__ import annotations

import jsonschema
import pytest

from factsite.load.schema import load_schema
from factsite.text.arithmetic import KINDS
from factsite.text.wording import FRACTIONS, PERCENT_WORDS, QUALIFIERS, SHARE_WORDS
from tests.conftest import REPO

DOC = (REPO / "docs/checks.md").read_text("utf-8")
WORDS = sorted(
    {w for q in QUALIFIERS for w in q.words}
    | {w for words, _, _ in SHARE_WORDS for w in words}
    | set(FRACTIONS)
    | set(PERCENT_WORDS)
)


@pytest.mark.parametrize("word", WORDS)
def test_every_word_the_checks_understand_is_documented(word: str) -> None:
    assert f"`{word}`" in DOC


def test_every_kind_is_documented_and_in_the_schema() -> None:
    defs = load_schema("claim")["$defs"]
    assert defs["check"]["properties"]["kind"]["enum"] == list(KINDS)
    for kind in KINDS:
        assert f"| `{kind}` |" in DOC
        assert f"check-{kind}" in defs


def test_every_input_of_every_kind_is_documented() -> None:
    defs = load_schema("claim")["$defs"]
    for kind in KINDS:
        row = next(line for line in DOC.splitlines() if line.startswith(f"| `{kind}` |"))
        inputs = set(defs[f"check-{kind}"]["properties"]) - {"kind", "note", "stated", "stated_by"}
        assert all(f"`{name}`" in row for name in inputs), kind
    assert all(f"`{name}`" in DOC for name in ("note", "stated", "stated_by"))  # common to every kind


def test_the_claim_schema_with_its_check_kinds_is_a_valid_json_schema() -> None:
    schema = load_schema("claim")
    jsonschema.validators.validator_for(schema).check_schema(schema)
