"""Claimants: who makes claims, declared once each in content/claimants/<key>.yaml.

A claim names its claimant by key (`claimant: thomas-decker`), or by key with
its attribution (`claimant: {key: thomas-decker, as_reported: true}`): "as
reported" says how the claimant's words reach us, not who the claimant is.
This module reads claimant files (for content.load_site, through its `Loader`,
which gathers their errors), checks them against each other, and resolves a claim's
`claimant:` field.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ContentError, printable
from ..model import Claimant, Site
from ..text import weblinks
from .schema import validate
from .sources import Document, parse_yaml

if TYPE_CHECKING:
    from .loader import Loader

FOLDER = "claimants"  # under content/
QID = re.compile(r"Q[1-9][0-9]*")  # a Wikidata item id, matched whole
QID_INSIDE = re.compile(r"(?<![A-Za-z0-9])[Qq]([1-9][0-9]*)(?![A-Za-z0-9])")  # e.g. in a Wikidata address
AS_REPORTED = re.compile(r"\bas\s+reported\b", re.IGNORECASE)
# "(as reported)", "(as reported by the Daily News)", or ", as reported by …" to the end
AS_REPORTED_PART = re.compile(r"\s*\(\s*as\s+reported\b[^)]*\)|[\s,;:–—-]*\bas\s+reported\b.*", re.I | re.S)


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
    loader.check_slug(path, path.stem, "thomas-decker (the file name is the key claims use)", reserved=True)
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
    errors = [_with_qid_hint(doc, e) for e in errors]
    if errors or not isinstance(doc.data, dict):
        return None, errors or [
            doc.error((), "a claimant file must be a mapping of fields", "give at least name, kind and role")
        ]
    data = doc.data
    errors += _check_ids(doc, data) + _attribution_in_fields(doc, data, key)
    if errors:
        return None, errors
    fields = {name: data[name] for name in ("name", "kind", "role", "wikidata", "url") if name in data}
    return Claimant(key=key, source_path=shown, name_at=doc.at(("name",)), **fields), []


def _check_ids(doc: Document, data: dict[str, Any]) -> list[ContentError]:
    """The Wikidata id matched whole (a schema pattern may let a trailing newline through), and the URL."""
    errors = []
    if "wikidata" in data and not QID.fullmatch(data["wikidata"]):
        errors.append(
            doc.error(
                ("wikidata",),
                f"wikidata: {doc.written(('wikidata',))} is not a Wikidata item id",
                _qid_hint(data["wikidata"]),
            )
        )
    if "url" in data and (bad := weblinks.problem(data["url"])):
        errors.append(doc.error(("url",), f"url: {doc.written(('url',))} {bad.reason}", bad.hint))
    return errors


def _qid_hint(value: str) -> str:
    """How to write a Wikidata id, with the one `value` holds (an address, `q42`) where there is one."""
    found = QID_INSIDE.findall(value)
    if len(set(found)) == 1:
        return f"write the Wikidata item id alone, a capital Q and digits: wikidata: Q{found[0]}"
    return "give the Wikidata item id alone, a Q and digits, e.g. Q42"


def _with_qid_hint(doc: Document, error: ContentError) -> ContentError:
    """The schema's error on a `wikidata` text, with a hint that gives the id it holds."""
    value = doc.data.get("wikidata") if isinstance(doc.data, dict) else None
    if (
        not isinstance(value, str)
        or re.search(r"[\n\r]", value)
        or (error.line, error.col) != doc.at(("wikidata",))
    ):
        return error
    return ContentError(error.path, error.line, error.col, error.message, _qid_hint(value))


def _attribution_in_fields(doc: Document, data: dict[str, Any], key: str) -> list[ContentError]:
    """A name or role with "as reported" in it: that says how a claim reaches us, so it goes on the claim."""
    errors = []
    for field in ("name", "role"):
        if AS_REPORTED.search(data[field]):
            alone = " ".join(AS_REPORTED_PART.sub("", data[field]).split())
            write = f"write `{field}: {alone}`" if alone else f"write the {field} alone"
            errors.append(
                doc.error(
                    (field,),
                    f"{field}: {doc.written((field,))} says how a claim reaches us, not who the claimant is",
                    f"{write}, and mark each claim that reports the claimant's words with "
                    f"`claimant: {{key: {key}, as_reported: true}}`",
                )
            )
    return errors


def folded(name: str) -> str:
    """A name as compared with others: Unicode NFC, case folded, runs of whitespace as one space."""
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())
    return " ".join(text.split())


def declared_errors(loader: Loader, claimants: Mapping[str, Claimant | None]) -> None:
    """The checks of the claimants together: no name declared twice, and some declared if claims exist.

    Called by `content.load_site` after the claims are loaded, on every load.
    """
    loader.errors += same_names(claimants)
    folder = loader.content / FOLDER
    unreadable = os.path.lexists(folder) and not loader.readable(folder)  # its own error says why
    if not claimants and not unreadable and any((loader.content / "claims").glob("*/*.yaml")):
        where = (
            f"content/{FOLDER}/ declares no claimants"
            if folder.is_dir()
            else f"there is no content/{FOLDER}/"
        )
        loader.error(
            folder,
            f"{where}, but every claim names its claimant",
            f"add content/{FOLDER}/<key>.yaml for each claimant the claims name (the key is what "
            "`claimant:` names), with its name, kind and role",
        )


def same_names(claimants: Mapping[str, Claimant | None]) -> list[ContentError]:
    """A claimant declared twice, under two keys: an error at each later file (by key), naming the first.

    Names are the same when `folded` makes them equal ("Thomas  Decker", "thomas decker").
    """
    first: dict[str, Claimant] = {}
    errors = []
    for key in sorted(claimants):
        claimant = claimants[key]
        if claimant is None:
            continue
        other = first.setdefault(folded(claimant.name), claimant)
        if other is not claimant:
            errors.append(
                ContentError(
                    claimant.source_path,
                    *claimant.name_at,
                    f"'{claimant.name}' is already declared, as claimant '{other.key}' ({other.source_path})",
                    f"a claimant is declared once: delete this file and name '{other.key}' in its claims; "
                    "if they are two claimants, give each a name that tells them apart",
                )
            )
    return errors


def unused(site: Site) -> list[ContentError]:
    """Claimants that no claim names, as warnings: they are not published (no page, not in the index)."""
    named = {claim.claimant.key for claim in site.claims}
    return [
        ContentError(
            c.source_path,
            1,
            1,
            f"no claim names claimant '{c.key}', so it is not published",
            f"name it in a claim (`claimant: {c.key}`), or delete the file if no claim needs it",
        )
        for c in site.claimants
        if c.key not in named
    ]


def attribution(
    doc: Document, claimants: Mapping[str, Claimant | None], suggest: Callable[[str, list[str]], str]
) -> tuple[Claimant | None, bool, list[ContentError]]:
    """A claim's claimant and whether it is as reported, from its `claimant:` field.

    `claimants` maps every key with a file to its claimant, or to None when the
    file has errors of its own (reported there, not again here). With no
    claimants at all, `declared_errors` reports the missing folder once,
    instead of an error per claim. `suggest(name, known)` gives the did-you-mean hint.
    """
    value = doc.data["claimant"]
    key, where = (value["key"], ("claimant", "key")) if isinstance(value, dict) else (value, ("claimant",))
    as_reported = bool(value.get("as_reported", False)) if isinstance(value, dict) else False
    if not claimants:
        return None, as_reported, []
    if key not in claimants:
        hint = leftover_hint(key, claimants) or suggest(key, sorted(claimants))
        message = f"unknown claimant {doc.written(where)}"
        return None, as_reported, [doc.error(where, message, _declare_hint(key, hint))]
    claimant = claimants[key]
    if claimant is not None and claimant.kind == "publication" and as_reported:
        message = (
            f"{doc.written(where)} is the publication itself: it is not reported by the article, "
            "it is the article"
        )
        hint = f"write `claimant: {printable(key)}`, without as_reported"
        return None, as_reported, [doc.error(("claimant", "as_reported"), message, hint)]
    return claimant, as_reported, []


def leftover_hint(text: str, claimants: Mapping[str, Claimant | None]) -> str:
    """For free text from before claimants had keys ("Thomas Decker, ICE … (as reported)"): the
    `claimant:` field naming the claimant whose declared name, or key, the text holds; "" if none."""
    words = f"-{_words(text)}-"
    names = {k: _words(c.name) for k, c in claimants.items() if c}
    found = [(len(name), k) for k, name in names.items() if name and f"-{name}-" in words]
    found += [(len(k), k) for k in claimants if f"-{k}-" in words]
    if not found:
        return ""
    key = max(found)[1]
    field = f"{{key: {key}, as_reported: true}}" if AS_REPORTED.search(text) else key
    return f"did you mean `claimant: {field}`?"


def _words(text: str) -> str:
    """The words of `text`, folded and joined by hyphens: 'U.S. Customs' -> 'u-s-customs'."""
    return re.sub(r"[\W_]+", "-", folded(text)).strip("-")


def _declare_hint(key: str, suggestion: str) -> str:
    declare = f"declare it in content/{FOLDER}/<key>.yaml with its name, kind and role"
    if not suggestion:
        return declare
    return f"{suggestion} Or {declare}" if suggestion.endswith("?") else f"{suggestion}; or {declare}"
