"""Validate parsed documents against the JSON Schemas shipped in this package.

The schemas are the single description of each file format: validation uses
them, and editors' YAML language servers use the same files for completion.
This module turns jsonschema's errors into messages an editor can act on.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from .errors import ContentError
from .sources import Document

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "object": "a mapping of fields",
    "array": "a list",
    "boolean": "true or false",
}


@cache
def load_schema(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def validate(doc: Document, name: str) -> list[ContentError]:
    """Every schema problem in `doc`, each at the line of the value at fault."""
    errors: list[ContentError] = []
    for error in _validator(name).iter_errors(doc.data):
        errors.extend(_explain(doc, error))
    return errors


def _field(key: tuple[str | int, ...]) -> str:
    parts = [f"[{k}]" if isinstance(k, int) else f".{k}" for k in key]
    return "".join(parts).lstrip(".") or "the file"


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    for json_type, python_type in (
        ("boolean", bool),
        ("integer", int),
        ("number", float),
        ("string", str),
        ("array", list),
        ("object", dict),
    ):
        if isinstance(value, python_type):
            return _TYPE_NAMES[json_type]
    return type(value).__name__


def _explain(doc: Document, error: jsonschema.ValidationError) -> list[ContentError]:
    key = tuple(error.absolute_path)
    where = _field(key)
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    instance: Any = error.instance
    expected: Any = error.validator_value
    if error.validator == "required":
        missing = [name for name in expected if name not in (instance or {})]
        return [
            doc.error(key, f"{where}: missing required field '{name}'", f"add a line '{name}: ...'")
            for name in missing
        ]
    if error.validator == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        return [_unknown_field(doc, key, name, known) for name in instance if name not in known]
    if error.validator == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        expected = " or ".join(_TYPE_NAMES.get(str(name), str(name)) for name in wanted)
        hint = "put text in quotes" if expected == "text" else ""
        return [doc.error(key, f"{where} must be {expected}, not {_kind(error.instance)}", hint)]
    if error.validator == "format" and error.validator_value == "date":
        return [
            doc.error(
                key,
                f"{where}: '{error.instance}' is not a valid date",
                "write dates as YYYY-MM-DD, for example 2019-07-15",
            )
        ]
    if error.validator == "minLength":
        return [doc.error(key, f"{where} must not be empty")]
    if error.validator == "maxLength":
        return [
            doc.error(
                key,
                f"{where} is longer than {error.validator_value} characters",
                "keep it to one line; the explanation holds the detail",
            )
        ]
    if error.validator == "pattern":
        hint = schema.get("description", f"it must match {error.validator_value}")
        return [doc.error(key, f"{where}: '{error.instance}' is not in the expected form", hint)]
    if error.validator == "enum":
        known = [str(choice) for choice in expected]
        close = difflib.get_close_matches(str(instance), known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(known)}"
        return [doc.error(key, f"{where}: '{instance}' is not one of the choices", hint)]
    if error.validator == "uniqueItems":
        return [doc.error(key, f"{where} lists the same item twice", "remove the repeated item")]
    return [doc.error(key, f"{where}: {error.message}")]


def _unknown_field(doc: Document, key: tuple[str | int, ...], name: str, known: list[str]) -> ContentError:
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(known)}"
    where = f" in {_field(key)}" if key else ""
    return doc.error((*key, name), f"unknown field '{name}'{where}", hint, on_key=True)
