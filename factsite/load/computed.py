"""A claim's computed checks, read from its file.

`load_checks` turns the `checks:` of a claim file (already valid against the
schema) into results, reporting inputs that cannot be computed at their
path:line:col. Holding them against the claim's status is a check of the
whole site: check/conflicts.py.
"""

from __future__ import annotations

import dataclasses

from ..errors import ContentError, printable
from ..model import CheckResult
from ..text.arithmetic import CheckInputError, compute
from .sources import Document


def load_checks(doc: Document) -> tuple[tuple[CheckResult, ...], list[ContentError]]:
    results: list[CheckResult] = []
    errors: list[ContentError] = []
    for i, item in enumerate(doc.data.get("checks", [])):
        try:
            result = compute(item)
        except CheckInputError as exc:
            key = ("checks", i, exc.field)
            raw = f"'{item.get(exc.field)}'"  # the value as checks.py quotes it: as the file writes it
            message = printable(str(exc)).replace(printable(raw), doc.written(key), 1)
            errors.append(doc.error(key, f"checks[{i}]: {message}", exc.hint))
            continue
        line, col = doc.at(("checks", i))
        results.append(dataclasses.replace(result, note=item.get("note"), line=line, col=col))
    return tuple(results), errors
