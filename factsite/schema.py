"""Validate parsed documents against the JSON Schemas shipped in this package.

The schemas are the single description of each file format: validation uses
them, and editors' YAML language servers use the same files for completion.
`validate` first types every unquoted YAML value by what its field holds (the
schema says; see `scalars`), then validates, and `messages` turns each of
jsonschema's errors into a message an editor can act on, with a hint.

A `pattern` is read as ECMA-262 reads it, as the JSON Schema standard says and
language servers do: `$` ends the value (Python's `$` would also let a final
line break through). Dates are `YYYY-MM-DD` and must exist.
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from .errors import ContentError
from .messages import explain
from .scalars import BOOLS, NULLS, Plain, core, read_number
from .sources import Document

_BASE = jsonschema.Draft202012Validator
_extend: Any = jsonschema.validators.extend  # untyped in jsonschema
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@cache
def load_schema(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate(doc: Document, name: str) -> tuple[Document, list[ContentError]]:
    """`doc` with its unquoted values typed by their fields, and every schema problem in it.

    Each problem is a `ContentError` at the line of the value at fault, quoting
    the value as the file writes it, with a hint.
    """
    typed = dataclasses.replace(doc, data=_typed(doc.data, _expected_types(doc.data, name)))
    errors: list[ContentError] = []
    for error in _validator(name).iter_errors(typed.data):
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


_SEEN: contextvars.ContextVar[dict[int, set[str]]] = contextvars.ContextVar("seen")


def _record(validator: Any, types: Any, instance: Any, schema: dict[str, Any]) -> Iterator[Any]:
    if isinstance(instance, Plain):
        expected = [types] if isinstance(types, str) else types
        _SEEN.get().setdefault(id(instance), set()).update(expected)
    return iter(())


_RECORDER = _extend(_BASE, validators={"type": _record})


@cache
def _recorder(name: str) -> Any:
    return _RECORDER(load_schema(name))


def _expected_types(data: Any, name: str) -> dict[int, set[str]]:
    """For each unquoted value (by id), the types the schema allows where it stands."""
    seen: dict[int, set[str]] = {}
    token = _SEEN.set(seen)
    try:
        for _ in _recorder(name).iter_errors(data):
            pass
    finally:
        _SEEN.reset(token)
    return seen


def _typed(value: Any, seen: dict[int, set[str]]) -> Any:
    if isinstance(value, dict):
        return {k: _typed(v, seen) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v, seen) for v in value]
    if isinstance(value, Plain):
        return as_type(value, seen.get(id(value), set()))
    return value


def as_type(text: str, types: set[str]) -> Any:
    """An unquoted value for a field of `types`: text as written, an exact number, or the core reading.

    Where a number is expected but the text is not one every YAML tool reads
    alike, the text is kept, and the type error explains it (`scalars.number_problem`).
    """
    if "string" in types:
        return None if text in NULLS else str(text)
    if types & {"number", "integer"}:
        number = read_number(text)
        return str(text) if number is None else number
    if "boolean" in types:
        return BOOLS.get(text, str(text))
    value = core(text)
    return str(value) if isinstance(value, str) else value
