"""Validate parsed documents against the JSON Schemas shipped in this package.

The schemas are the single description of each file format: validation uses
them, and editors' YAML language servers use the same files for completion.
`validate` first types every unquoted YAML value by what its field holds (the
schema says; see `scalars`), then validates, and `messages` turns each of
jsonschema's errors into a message an editor can act on, with a hint.

A `pattern` is read as ECMA-262 reads it, as the JSON Schema standard says and
language servers do: `$` ends the value (Python's `$` would also let a final
line break through). Dates are `YYYY-MM-DD` and must exist.

Most files are valid: a compiled validator (compiled.py) says so first, and
only a file it refuses is validated again here for every error and its place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from ..errors import ContentError
from . import compiled
from .messages import explain
from .scalars import BOOLS, NULLS, Plain, core, read_number, shared
from .sources import Document

_BASE = jsonschema.Draft202012Validator
_extend: Any = jsonschema.validators.extend  # untyped in jsonschema
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@cache
def load_schema(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate(doc: Document, name: str) -> tuple[Document, list[ContentError]]:
    """`doc` with its unquoted values typed by their fields, and every schema problem in it.

    Each problem is a `ContentError` at the line of the value at fault, quoting
    the value as the file writes it, with a hint.
    """
    typed = dataclasses.replace(doc, data=_typed(name, [load_schema(name)], doc.data))
    if compiled.passes(name, typed.data):
        return typed, []
    found = list(_validator(name).iter_errors(typed.data))
    mistyped = {tuple(e.absolute_path) for e in found if e.validator == "type"}
    errors: list[ContentError] = []
    for error in found:  # a value of the wrong type has that one error, not one about its bounds too
        if error.validator == "type" or tuple(error.absolute_path) not in mistyped:
            errors.extend(explain(typed, error, name))
    return typed, errors


def is_date(text: str) -> bool:
    """Whether `text` is a date written YYYY-MM-DD that exists."""
    try:
        return bool(_DATE.fullmatch(text)) and bool(dt.date.fromisoformat(text))
    except ValueError:
        return False


@cache
def ecma_pattern(pattern: str) -> re.Pattern[str]:
    """A JSON Schema pattern (ECMA-262) for Python: `$` matches only at the very end.

    The schemas write `$` only as the final anchor (a test checks this).
    """
    return re.compile(re.sub(r"(?<!\\)\$", r"\\Z", pattern))


def _pattern(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    if isinstance(instance, str) and not ecma_pattern(pattern).search(instance):
        yield jsonschema.ValidationError(f"does not match {pattern}")


def _whole_number(checker: Any, instance: Any) -> bool:
    return isinstance(instance, int) and not isinstance(instance, bool)


_FORMATS = jsonschema.FormatChecker(formats=())
_FORMATS.checks("date")(lambda instance: not isinstance(instance, str) or is_date(instance))
_STRICT = _extend(
    _BASE,
    validators={"pattern": _pattern},
    type_checker=_BASE.TYPE_CHECKER.redefine("integer", _whole_number),
)


@cache
def _validator(name: str) -> Any:
    return _STRICT(load_schema(name), format_checker=_FORMATS)


def _typed(name: str, schemas: list[dict[str, Any]], value: Any) -> Any:
    """`value` with each unquoted scalar typed by the `type` of every subschema that applies to it.

    Follows the keywords that place a value in these schemas: local `$ref`s,
    `properties`, `items`, `allOf`, and `if`/`then`/`else` (the `if` decided
    by the validator itself).
    """
    applicable = [found for schema in schemas for found in _applicable(name, schema, value)]
    if isinstance(value, Plain):
        return as_type(value, {t for s in applicable for t in _types(s)})
    if isinstance(value, dict):
        return {
            k: _typed(name, [s["properties"][k] for s in applicable if k in s.get("properties", {})], v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        items = [s["items"] for s in applicable if isinstance(s.get("items"), dict)]
        return [_typed(name, items, v) for v in value]
    return value


def _applicable(name: str, schema: dict[str, Any], value: Any) -> Iterator[dict[str, Any]]:
    while "$ref" in schema:  # only local references: "#/$defs/..."
        schema = load_schema(name)["$defs"][schema["$ref"].rpartition("/")[2]]
    yield schema
    for sub in schema.get("allOf", []):
        yield from _applicable(name, sub, value)
    if "if" in schema:
        holds = _condition(schema["if"]).is_valid(value)
        branch = schema.get("then" if holds else "else")
        if branch is not None:
            yield from _applicable(name, branch, value)


_CONDITIONS: dict[int, Any] = {}


def _condition(schema: dict[str, Any]) -> Any:
    """A validator for the schema of an `if` (these have no references), made once per schema.

    Keyed by identity: the schemas are loaded once (`load_schema`) and kept.
    """
    if id(schema) not in _CONDITIONS:
        _CONDITIONS[id(schema)] = _STRICT(schema)
    return _CONDITIONS[id(schema)]


def _types(schema: dict[str, Any]) -> list[str]:
    types = schema.get("type", [])
    return [types] if isinstance(types, str) else list(types)


def as_type(text: str, types: set[str]) -> Any:
    """An unquoted value for a field of `types`: text as written, an exact number, or the core reading.

    Where a number is expected but the text is not one every YAML tool reads
    alike, the text is kept, and the type error explains it (`scalars.number_problem`).
    """
    if "string" in types:
        return None if text in NULLS else shared(text)
    if types & {"number", "integer"}:
        number = read_number(text)
        return shared(text) if number is None else number
    if "boolean" in types:
        return BOOLS.get(text, shared(text))
    value = core(text)
    return shared(value) if isinstance(value, str) else value
