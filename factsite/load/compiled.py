"""A compiled validator (fastjsonschema) for the files every build reads many of.

fastjsonschema turns a schema into Python code once; that code checks a valid
claim many times faster than jsonschema walks the schema, but stops at the
first error and words it its own way. So it only answers "valid?": a file it
refuses is validated again by jsonschema (schema.py), which finds every error
and says where each is. It must never pass a file jsonschema refuses; the
compiled copy of each schema is made to read as jsonschema does here:

- patterns are ECMA-262's (`$` ends the value), as in schema.py;
- `date` is the format schema.py checks;
- whole numbers: fastjsonschema also takes 1.0 for an integer, but YAML values
  are never floats here (scalars.py reads numbers as int or Decimal, and a
  Decimal is refused, then validated again). site.toml, where TOML can give a
  float, is left to jsonschema: it is one file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

import fastjsonschema

COMPILED = ("claim", "article", "claimant", "page")  # schemas of YAML files; site.toml's is not
_DRAFT = "http://json-schema.org/draft-07/schema#"  # every keyword the schemas use means the same there


def passes(name: str, data: Any) -> bool:
    """Whether `data` is valid by schema `name`; False also when it may not be (then ask jsonschema)."""
    if name not in COMPILED:
        return False
    try:
        _compiled(name)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


@cache
def _compiled(name: str) -> Callable[[Any], Any]:
    from .schema import is_date, load_schema  # schema.py imports this module

    schema = {**_ecma(load_schema(name)), "$schema": _DRAFT}
    schema.pop("$id", None)  # references are local ("#/$defs/..."): nothing to look up elsewhere
    validate: Callable[[Any], Any] = fastjsonschema.compile(schema, formats={"date": is_date})
    return validate


def _ecma(value: Any) -> Any:
    """A copy of the schema with each `pattern`'s `$` made to match only at the very end."""
    if isinstance(value, dict):
        return {k: _ecma_pattern(v) if k == "pattern" else _ecma(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_ecma(v) for v in value]
    return value


def _ecma_pattern(pattern: Any) -> Any:
    return re.sub(r"(?<!\\)\$", r"\\Z", pattern) if isinstance(pattern, str) else _ecma(pattern)
