"""jsonschema's errors in an editor's words: what is wrong, where, and a hint for every kind.

Every keyword the schemas use has its own message here; a value is quoted as
the file writes it (`Document.written`), never re-serialised.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import jsonschema

from ..errors import ContentError, printable
from .scalars import number_problem, read_number
from .sources import Document, Key, field_name

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "object": "a mapping of fields",
    "array": "a list",
    "boolean": "true or false",
    "null": "empty",
}
_BOUNDS = {
    "minimum": "at least",
    "exclusiveMinimum": "more than",
    "maximum": "at most",
    "exclusiveMaximum": "less than",
}

Made = list[ContentError]


def explain(doc: Document, error: jsonschema.ValidationError, name: str) -> Made:
    """One jsonschema error of `doc` (validated against `name`.schema.json) as content errors."""
    key = tuple(error.absolute_path)
    if not key and error.validator == "type":
        return [_whole_file(doc, error, name)]
    handler = _HANDLERS.get(str(error.validator))
    if handler is not None:
        return handler(doc, key, error)
    if error.validator in _BOUNDS:
        return [_bound(doc, key, error)]
    return [
        doc.error(
            key,
            f"{field_name(key)} does not fit the format ({error.validator})",
            f"factsite/{name}.schema.json describes what this field holds",
        )
    ]


def _whole_file(doc: Document, error: jsonschema.ValidationError, name: str) -> ContentError:
    """A file (or front matter) that is not a mapping of fields: a list, a lone value."""
    what = "the front matter" if name in ("article", "page") else "the file"
    schema = error.schema if isinstance(error.schema, dict) else {}
    first = (schema.get("required") or ["title"])[0]
    return doc.error(
        (),
        f"{what} must be a mapping of fields, not {kind_of(error.instance)}",
        f"write one field per line, at the start of the line, as name: value (e.g. {first}: …); "
        "a line starting with '- ' is a list item, which belongs under a field",
    )


def _value(error: jsonschema.ValidationError) -> Any:
    """The schema's value for the keyword that failed (e.g. the list of required fields)."""
    return error.validator_value


def _required(doc: Document, key: Key, error: jsonschema.ValidationError) -> Made:
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [
        doc.error(key, f"{field_name(key)}: missing required field '{name}'", f"add a line '{name}: ...'")
        for name in _value(error)
        if name not in instance
    ]


def _additional(doc: Document, key: Key, error: jsonschema.ValidationError) -> Made:
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = sorted(schema.get("properties", {}))
    made = []
    for name in error.instance if isinstance(error.instance, dict) else {}:
        if name not in known:
            close = closest(name, known)
            hint = f"did you mean '{close}'?" if close else f"known fields: {', '.join(known)}"
            where = f" in {field_name(key)}" if key else ""
            unknown = f"unknown field '{printable(name)}'{where}"
            made.append(doc.error((*key, name), unknown, hint, on_key=True))
    return made


def kind_of(value: Any) -> str:
    """A value's type in words: 'text', 'a whole number', 'a list', 'empty'…"""
    if value is None:
        return "empty"
    for python_type, words in (
        (bool, "true or false"),
        (int, "a whole number"),
        ((float, Decimal), "a number"),
        (str, "text"),
        (list, "a list"),
        (dict, "a mapping of fields"),
        (dt.datetime, "a date and time"),
        (dt.date, "a date"),
        (dt.time, "a time"),
    ):
        if isinstance(value, python_type):
            return words
    return type(value).__name__


def _type(doc: Document, key: Key, error: jsonschema.ValidationError) -> Made:
    types = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    expected = " or ".join(_TYPE_NAMES.get(str(t), str(t)) for t in types)
    where, instance = field_name(key), error.instance
    written = doc.texts.get(key, "")
    if isinstance(instance, str) and {"number", "integer"} & set(types):
        if written.startswith(('"', "'")):
            digits = read_number(instance) is not None
            hint = f"write it without quotes: {instance}" if digits else f"write {expected} in digits"
            return [doc.error(key, f"{where} must be {expected}, not text", hint)]
        problem, hint = number_problem(instance)
        return [doc.error(key, f"{where}: {doc.written(key, instance)} {problem}", hint)]
    if types == ["integer"] and isinstance(instance, float | Decimal):
        return [_not_whole(doc, key, error, instance)]
    toml = _toml_hint(types, key) if doc.path.endswith(".toml") else None
    hint = toml or _type_hint(types, written, instance, key)
    return [doc.error(key, f"{where} must be {expected}, not {kind_of(instance)}", hint)]


def _not_whole(
    doc: Document, key: Key, error: jsonschema.ValidationError, value: float | Decimal
) -> ContentError:
    """A number where a whole number is due (5.0, 2.5, TOML's inf or nan): which one to write."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    example, shown = (schema.get("examples") or [1])[0], doc.written(key, value)
    if value != value or value in (float("inf"), float("-inf")):
        such = example
        read = "not a number" if value != value else "infinity"
        hint = f"TOML reads {shown} as {read}: write a whole number, such as {example}"
    elif value == int(value):
        such, hint = int(value), f"write {int(value)}, without the decimal point"
    else:
        such, hint = example, "write a whole number, without a decimal point"
    return doc.error(key, f"{field_name(key)} must be a whole number such as {such}, not {shown}", hint)


def _toml_hint(types: list[Any], key: Key) -> str | None:
    """The hint for a value of site.toml of the wrong type, in TOML's words; None if YAML's fit."""
    name = str(key[-1]) if key else "name"
    if "array" in types:
        return f'write a list in brackets: {name} = ["…", "…"]'
    if "object" in types:
        return f"write it as a table: [{field_name(key)}] on a line of its own, then its settings below"
    if "string" in types:
        return f'put the text in double quotes: {name} = "…"'
    return None


def _type_hint(types: list[Any], written: str, instance: Any, key: Key) -> str:
    name = str(key[-1]) if key and isinstance(key[-1], str) else "the field"
    if "string" in types and instance is None and written:
        shown = f"'{printable(written)}'"
        return f"YAML reads {shown} as no value: write the text, or put {shown} in double quotes to mean it"
    if instance is None:
        return "write the value after the colon, or remove the field if it is optional"
    if "array" in types:
        item = printable(written) if written and "\n" not in written else "..."
        return f"write a list: {name}: [{item}], or one '- item' per line below it"
    if "object" in types:
        return f"write the fields of {field_name(key)} on the lines below it, indented by two spaces"
    if "string" in types and isinstance(instance, list | dict):
        return "write the text after the colon, in double quotes if it contains ': ' or starts with [ or {"
    if "string" in types:
        return "put the text in double quotes"
    if "integer" in types and not isinstance(instance, bool) and isinstance(instance, float | Decimal):
        return "write a whole number, without a decimal point"
    return f"write {' or '.join(_TYPE_NAMES.get(str(t), str(t)) for t in types)}"


def date_problem(where: str, shown: str, text: str) -> tuple[str, str]:
    """Why `text` is not a date that exists: (message, hint)."""
    parts = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text)
    if parts is None:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ].*", text):
            return f"{where}: {shown} has a time in it", "write the date alone, YYYY-MM-DD"
        return f"{where}: {shown} is not a date", "write dates as YYYY-MM-DD, for example 2019-07-15"
    year, month, _ = (int(p) for p in parts.groups())
    if not 1 <= month <= 12:
        return (
            f"{where}: {shown} has no month {month}",
            "dates are written YYYY-MM-DD: the month comes second",
        )
    if year == 0:
        return f"{where}: {shown} is in year 0, which the calendar does not have", "check the year"
    days = calendar.monthrange(year, month)[1]
    return (
        f"{where}: {shown} does not exist: {calendar.month_name[month]} {year} has {days} days",
        "check the day and the month",
    )


def _format(doc: Document, key: Key, error: jsonschema.ValidationError) -> Made:
    message, hint = date_problem(field_name(key), doc.written(key, error.instance), str(error.instance))
    return [doc.error(key, message, hint)]


def _min_length(doc: Document, key: Key, error: jsonschema.ValidationError) -> Made:
    published = list(error.absolute_schema_path)[:1] == ["else"]  # claim.schema.json: not a draft
    hint = (
        "fill it in: a published claim is complete; while it is unfinished, mark it `draft: true`"
        if published
        else "fill it in, or remove the field if it is optional"
    )
    return [doc.error(key, f"{field_name(key)} must not be empty", hint)]


def _max_length(doc: Document, key: Key, error: jsonschema.ValidationError) -> Made:
    schema = error.schema if isinstance(error.schema, dict) else {}
    limit = error.validator_value
    hint = (
        f"shorten it to {limit} characters at most: it becomes part of page addresses"
        if "pattern" in schema  # an id, such as a topic's slug
        else "keep it to one line; the explanation holds the detail"
    )
    return [doc.error(key, f"{field_name(key)} is longer than {limit} characters", hint)]


def _pattern(doc: Document, key: Key, error: jsonschema.ValidationError) -> Made:
    schema = error.schema if isinstance(error.schema, dict) else {}
    where, shown = field_name(key), doc.written(key, error.instance)
    if re.search(r"[\n\r]", str(error.instance)):
        return [doc.error(key, f"{where}: {shown} has a line break in it", "write it on one line")]
    hint = schema.get("description") or f"it must match {error.validator_value}"
    return [doc.error(key, f"{where}: {shown} is not in the expected form", hint)]


def _enum(doc: Document, key: Key, error: jsonschema.ValidationError) -> Made:
    known = [str(choice) for choice in _value(error)]
    return [
        doc.error(
            key,
            f"{field_name(key)}: {doc.written(key, error.instance)} is not one of the choices",
            choices_hint(str(error.instance), known),
        )
    ]


def choices_hint(value: str, known: list[str], what: str = "choices") -> str:
    """'did you mean …? ' (when one is close) followed by every choice.

    `what` names the choices without an article, e.g. "topics in site.toml":
    'The topics in site.toml are: a, b', or 'There are no topics in site.toml'.
    """
    close = closest(value, known)
    listed = f"the {what} are: {', '.join(printable(k) for k in known)}" if known else f"there are no {what}"
    listed = listed[0].upper() + listed[1:]
    return f"did you mean '{printable(close)}'? {listed}" if close else listed


def closest(value: str, known: list[str]) -> str | None:
    """The one of `known` that `value` is most likely a misspelling of, or None: every
    "did you mean" of the tool asks here (difflib's ratio of at least 0.6)."""
    found = difflib.get_close_matches(value, known, n=1)
    return found[0] if found else None


def _const(doc: Document, key: Key, error: jsonschema.ValidationError) -> Made:
    value = error.validator_value
    return [doc.error(key, f"{field_name(key)} must be {value}", f"write {value}")]


def _unique(doc: Document, key: Key, error: jsonschema.ValidationError) -> Made:
    return [doc.error(key, f"{field_name(key)} lists the same item twice", "remove the repeated item")]


def _min_items(doc: Document, key: Key, error: jsonschema.ValidationError) -> Made:
    count = error.validator_value
    items = "item" if count == 1 else "items"
    return [
        doc.error(key, f"{field_name(key)} must list at least {count} {items}", "add the items, one per line")
    ]


def _bound(doc: Document, key: Key, error: jsonschema.ValidationError) -> ContentError:
    schema = error.schema if isinstance(error.schema, dict) else {}
    bound = f"{_BOUNDS[str(error.validator)]} {error.validator_value}"
    what = schema.get("description", "")
    hint = f"give a figure {bound}" + (f"; this is {what[0].lower()}{what[1:]}" if what else "")
    return doc.error(
        key, f"{field_name(key)} is {doc.written(key, error.instance)}, but must be {bound}", hint
    )


_HANDLERS: dict[str, Callable[[Document, Key, jsonschema.ValidationError], Made]] = {
    "required": _required,
    "additionalProperties": _additional,
    "type": _type,
    "format": _format,
    "minLength": _min_length,
    "maxLength": _max_length,
    "pattern": _pattern,
    "enum": _enum,
    "const": _const,
    "uniqueItems": _unique,
    "minItems": _min_items,
}
