"""Claimants: who makes claims, declared once each in content/claimants/<key>.yaml.

A claim names its claimant by key (`claimant: thomas-decker`), or by key with
its attribution (`claimant: {key: thomas-decker, as_reported: true}`): "as
reported" says how the claimant's words reach us, not who the claimant is.
This module reads claimant files (through content.py's `Loader`, which
gathers their errors) and resolves a claim's `claimant:` field.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import urls
from .errors import ContentError, printable
from .model import Claimant
from .schema import validate
from .sources import Document, parse_yaml

if TYPE_CHECKING:
    from .loader import Loader

FOLDER = "claimants"  # under content/
QID = re.compile(r"Q[1-9][0-9]*")  # a Wikidata item id, matched whole


def load_claimants(loader: Loader) -> dict[str, Claimant | None]:
    """Every claimant by key; None for a file whose errors keep it from loading (reported once, there)."""
    found = {
        path.stem: load_claimant_file(loader, path) for path in loader.files(loader.content / FOLDER, ".yaml")
    }
    return unread_or(loader, found)


class Unread(dict[str, Claimant | None]):
    """The claimants when content/claimants/ cannot be read: any key may exist, none is known."""

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> None:
        return None


def unread_or(loader: Loader, found: dict[str, Claimant | None]) -> dict[str, Claimant | None]:
    """`found`; or, when content/claimants/ exists but cannot be listed (its own error says why), `Unread`,
    so that claims are not told their claimants are undeclared."""
    folder = loader.content / FOLDER
    return Unread() if os.path.lexists(folder) and not loader.readable(folder) else found


def load_claimant_file(loader: Loader, path: Path) -> Claimant | None:
    """One file of content/claimants/; its errors go to the loader."""
    loader.check_slug(path, path.stem)
    text = loader.read(path)
    if text is None:
        return None
    claimant, errors = load_claimant(loader.shown(path), text, path.stem)
    loader.errors += errors
    return claimant


def load_claimant(shown: str, text: str, key: str) -> tuple[Claimant | None, list[ContentError]]:
    """The claimant of one file (its key is the file name), or the errors that keep it from loading."""
    doc, errors = parse_yaml(shown, text)
    if doc is None:
        return None, errors
    doc, errors = validate(doc, "claimant")
    if errors or not isinstance(doc.data, dict):
        return None, errors or [
            doc.error((), "a claimant file must be a mapping of fields", "give at least name, kind and role")
        ]
    data = doc.data
    errors += _check_ids(doc, data)
    if errors:
        return None, errors
    fields = {name: data[name] for name in ("name", "kind", "role", "wikidata", "url") if name in data}
    return Claimant(key=key, source_path=shown, **fields), []


def _check_ids(doc: Document, data: dict[str, Any]) -> list[ContentError]:
    """The Wikidata id matched whole (a schema pattern may let a trailing newline through), and the URL."""
    errors = []
    if "wikidata" in data and not QID.fullmatch(data["wikidata"]):
        errors.append(
            doc.error(
                ("wikidata",),
                f"wikidata: {doc.written(('wikidata',))} is not a Wikidata item id",
                "give the id alone, a Q and digits, e.g. Q42",
            )
        )
    if "url" in data and (bad := urls.problem(data["url"])):
        errors.append(doc.error(("url",), f"url: {doc.written(('url',))} {bad.reason}", bad.hint))
    return errors


def attribution(
    doc: Document, claimants: Mapping[str, Claimant | None], suggest: Callable[[str, list[str]], str]
) -> tuple[Claimant | None, bool, list[ContentError]]:
    """A claim's claimant and whether it is as reported, from its `claimant:` field.

    `claimants` maps every key with a file to its claimant, or to None when the
    file has errors of its own (reported there, not again here). `suggest(name,
    known)` gives the did-you-mean hint.
    """
    value = doc.data["claimant"]
    key, where = (value["key"], ("claimant", "key")) if isinstance(value, dict) else (value, ("claimant",))
    as_reported = bool(value.get("as_reported", False)) if isinstance(value, dict) else False
    if key not in claimants:
        hint = suggest(key, sorted(claimants))
        message = f"unknown claimant {doc.written(where)}"
        return None, as_reported, [doc.error(where, message, _declare_hint(hint))]
    claimant = claimants[key]
    if claimant is not None and claimant.kind == "publication" and as_reported:
        message = (
            f"{doc.written(where)} is the publication itself: it is not reported by the article, "
            "it is the article"
        )
        hint = f"write `claimant: {printable(key)}`, without as_reported"
        return None, as_reported, [doc.error(("claimant", "as_reported"), message, hint)]
    return claimant, as_reported, []


def _declare_hint(suggestion: str) -> str:
    declare = f"or declare it in content/{FOLDER}/<key>.yaml with its name, kind and role"
    return f"{suggestion}; {declare}" if suggestion else declare.removeprefix("or ")
