"""Read `site.toml` into a `Config`; unknown keys and wrong types are errors.

TOML types its values itself (text is always in quotes), so no value is retyped
here; messages quote a value as the file writes it where its line shows it.
Nesting deeper than `MAX_DEPTH` and characters that HTML and XML do not allow
are errors at their line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import ContentError
from ..model import SHARDS_AUTO, Config, LinkcheckSettings, Organization, Person, Repository, Status, Topic
from ..text import characters, weblinks
from . import tomlsource
from .loader import name_problem
from .schema import validate
from .sources import MAX_DEPTH, Document, Key, decode, field_name


def load_config(path: Path, shown: str = "site.toml") -> tuple[Config | None, list[ContentError]]:
    """The site's `Config`, or None and every error of site.toml."""
    config, _, errors = read_config(path, shown)
    return config, errors


def read_config(
    path: Path, shown: str = "site.toml", raw: bytes | None = None
) -> tuple[Config | None, Config | None, list[ContentError]]:
    """(the config, what claims are checked against, the errors), from `raw` if given (the file's
    bytes, already read), else from the file.

    When site.toml has errors, the second is a stand-in holding its ratings and
    topics if those parts are valid, else None; it is for checking claims only
    and is never rendered.
    """
    if not path.is_file():
        hint = "run the command from the site's folder, or pass --root"
        return None, None, [ContentError(shown, 1, 1, "site.toml is missing", hint)]
    text, errors = decode(shown, path.read_bytes() if raw is None else raw)
    if text is None:
        return None, None, errors
    data, syntax = _parse(shown, text)
    if data is None:
        return None, None, errors + syntax
    doc, problems = validate(Document(shown, data, *tomlsource.positions(text)), "site")
    errors += (
        problems + _check_unique(doc) + _check_contrast(doc) + _check_patterns(doc) + _check_characters(doc)
    )
    places = {(e.line, e.col) for e in errors}  # one error per value: the schema's, when it has one
    later = _check_urls(doc) + _check_rating_scale(doc) + _check_shards(doc)
    errors += [e for e in later if (e.line, e.col) not in places]
    if errors:
        return None, _stand_in(data), errors
    config = _build(doc.data)
    return config, config, []


def _parse(shown: str, text: str) -> tuple[dict[str, Any] | None, list[ContentError]]:
    deep = tomlsource.deep_line(text)
    if deep is not None:
        return None, [
            ContentError(
                shown,
                *deep,
                f"arrays, tables and dotted keys are nested more than {MAX_DEPTH} levels deep here",
                "site.toml needs two levels at most: check the brackets [ ] and { } and the dots in keys",
            )
        ]
    try:
        return tomllib.loads(text), []
    except tomllib.TOMLDecodeError as exc:
        return None, [tomlsource.syntax_error(shown, text, exc)]


_STUB = {
    "title": "-",
    "description": "-",
    "base_url": "https://example.invalid/",
    "language": "en",
    "organization": {"name": "-", "url": "https://example.invalid/"},
}


def _stand_in(data: dict[str, Any]) -> Config | None:
    """A Config with only site.toml's ratings and topics, when they are valid; the rest is filler."""
    stub: dict[str, Any] = {**_STUB, **{k: data[k] for k in ("statuses", "topics", "people") if k in data}}
    doc, errors = validate(Document("site.toml", stub), "site")
    return None if errors or _check_unique(doc) else _build(doc.data)


def _check_characters(doc: Document) -> list[ContentError]:
    """Every key and text value must hold only characters HTML and XML allow."""
    errors = []
    for key, text in _strings(doc.data, ()):
        found = next(characters.forbidden(text), None)
        if found is not None:
            errors.append(
                doc.error(
                    key,
                    f"{field_name(key)} holds {characters.describe(found.group())}, "
                    "which HTML and XML do not allow",
                    "remove it, or the escape (such as \\u0001) that writes it",
                    on_key=True,
                )
            )
    return errors


def _strings(value: Any, key: Key) -> Iterator[tuple[Key, str]]:
    if isinstance(value, dict):
        for name, item in value.items():
            yield (*key, name), name
            yield from _strings(item, (*key, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*key, i))
    elif isinstance(value, str):
        yield key, value


def _build(data: dict[str, Any]) -> Config:
    org = data["organization"]
    return Config(
        title=data["title"],
        description=data["description"],
        base_url=data["base_url"],
        language=data["language"],
        organization=Organization(org["name"], org["url"]),
        topics=tuple(Topic(t["slug"], t["label"], t["description"]) for t in data["topics"]),
        statuses=tuple(
            Status(s["id"], s["label"], s["meaning"], s["color"], s.get("rating")) for s in data["statuses"]
        ),
        repository=Repository(**data["repository"]) if "repository" in data else None,
        contact=data.get("contact"),
        linkcheck=_linkcheck(data.get("linkcheck", {})),
        best_rating=data.get("rating_scale", {}).get("best", DEFAULT_SCALE["best"]),
        worst_rating=data.get("rating_scale", {}).get("worst", DEFAULT_SCALE["worst"]),
        people=tuple(Person(key, **fields) for key, fields in sorted(data.get("people", {}).items())),
        page_size=data.get("page_size", PAGE_SIZE),
        search_shards=data.get("search", {}).get("shards", 1),
    )


def _linkcheck(table: dict[str, Any]) -> LinkcheckSettings:
    return LinkcheckSettings(**{**table, "exclude": tuple(table.get("exclude", ()))})


def _check_patterns(doc: Document) -> list[ContentError]:
    """Exclude patterns must compile; lychee would only fail later, without a line number."""
    errors = []
    table = doc.data.get("linkcheck")
    patterns = table.get("exclude", []) if isinstance(table, dict) else []
    for i, pattern in enumerate(patterns if isinstance(patterns, list) else []):
        try:
            re.compile(pattern if isinstance(pattern, str) else "")
        except re.error as exc:
            errors.append(
                doc.error(
                    ("linkcheck", "exclude", i),
                    f"linkcheck.exclude: {doc.written(('linkcheck', 'exclude', i), pattern)} "
                    f"is not a valid regular expression ({exc})",
                    r"escape dots and other special characters, e.g. '^https://example\.org/'",
                )
            )
    return errors


def _check_urls(doc: Document) -> list[ContentError]:
    """The addresses in site.toml that no output could carry (see weblinks.py)."""
    errors = []
    for key in (("base_url",), ("organization", "url"), ("repository", "url")):
        table = doc.data.get(key[0]) if len(key) > 1 else doc.data
        value = table.get(key[-1]) if isinstance(table, dict) else None
        shown = doc.written(key, value)  # as the file writes it
        if isinstance(value, str) and (bad := weblinks.problem(value)):
            errors.append(doc.error(key, f"{'.'.join(key)}: {shown} {bad.reason}", bad.hint))
        elif key == ("base_url",) and isinstance(value, str) and re.search(r"[?#]", value):
            hint = "give the address of the site's home page, ending in '/'"
            errors.append(doc.error(key, f"base_url: {shown} has a query or a fragment", hint))
    people = doc.data.get("people")
    for key, person in people.items() if isinstance(people, dict) else ():
        if found := name_problem(key, "person key"):
            errors.append(doc.error(("people", key), f"people: {found[0]}", found[1], on_key=True))
        url = person.get("url") if isinstance(person, dict) else None
        if isinstance(url, str) and (bad := weblinks.problem(url)):
            where = ("people", key, "url")
            message = f"people.{key}.url: {doc.written(where, url)} {bad.reason}"
            errors.append(doc.error(where, message, bad.hint))
    contact = doc.data.get("contact")
    if isinstance(contact, str) and (bad := weblinks.address_problem(contact)):
        shown = doc.written(("contact",), contact)
        errors.append(doc.error(("contact",), f"contact: {shown} {bad.reason}", bad.hint))
    return errors


PAGE_SIZE = 100  # list items a page shows by default: a few hundred kilobytes of HTML a page
DEFAULT_SCALE = {"best": 5, "worst": 1}  # ClaimReview's own defaults for bestRating and worstRating


def _check_rating_scale(doc: Document) -> list[ContentError]:
    """The scale's bounds are declared ([rating_scale], or 1 to 5); every rating lies within them."""
    table = doc.data.get("rating_scale")
    table = table if isinstance(table, dict) else {}  # a wrong type is the schema's error
    scale = {**DEFAULT_SCALE, **table}
    best, worst = scale["best"], scale["worst"]
    if not (type(best) is int and type(worst) is int):
        return []
    if worst >= best:
        where = ("rating_scale", "best") if "best" in table else ("rating_scale", "worst")
        message = f"rating_scale: best ({best}) must be greater than worst ({worst})"
        return [doc.error(where, message, "the best rating is the highest number, e.g. best = 5, worst = 1")]
    errors = []
    for i, status in enumerate(doc.data.get("statuses", [])):
        rating = status.get("rating") if isinstance(status, dict) else None
        if type(rating) is int and not worst <= rating <= best:
            errors.append(
                doc.error(
                    ("statuses", i, "rating"),
                    f"statuses[{i}].rating: {rating} is outside the rating scale, {worst} to {best}",
                    f"use a rating from {worst} to {best}, or declare other bounds under [rating_scale]",
                )
            )
    return errors


SHARD_COUNTS = (1, 2, 4, 8, 16, 32)  # [search] shards: powers of two, up to search/shards.py's MAX_SHARDS


def _check_shards(doc: Document) -> list[ContentError]:
    """[search] shards is a power of two from 1 to 32, or "auto"; a wrong type is the schema's error."""
    table = doc.data.get("search")
    value = table.get("shards", 1) if isinstance(table, dict) else 1
    if value == SHARDS_AUTO or (type(value) is int and value in SHARD_COUNTS):
        return []
    if type(value) is not int and not isinstance(value, str):
        return []
    key = ("search", "shards")
    shown = doc.written(key, value) if isinstance(value, str) else str(value)
    message = f"search.shards: {shown} is not a number of search shards"
    hint = 'give a power of two from 1 to 32 (1, 2, 4, 8, 16 or 32), or "auto" for one per 32 articles'
    return [doc.error(key, message, hint)]


def _check_unique(doc: Document) -> list[ContentError]:
    errors = []
    for table, field in (("topics", "slug"), ("statuses", "id")):
        seen: set[str] = set()
        for i, item in enumerate(doc.data.get(table, [])):
            value = item.get(field) if isinstance(item, dict) else None
            if not isinstance(value, str):
                continue
            if value in seen:
                errors.append(
                    doc.error(
                        (table, i, field),
                        f"{table}: {doc.written((table, i, field), value)} is defined twice",
                        f"give each entry of [[{table}]] its own {field}",
                    )
                )
            seen.add(value)
    return errors


MIN_CONTRAST = 4.5  # WCAG AA for normal text: badges draw white text on the status colour


def _check_contrast(doc: Document) -> list[ContentError]:
    errors = []
    for i, status in enumerate(doc.data.get("statuses", [])):
        color = status.get("color") if isinstance(status, dict) else None
        if isinstance(color, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", color):
            ratio = contrast_with_white(color)
            if ratio < MIN_CONTRAST:
                errors.append(
                    doc.error(
                        ("statuses", i, "color"),
                        f"statuses[{i}].color: white text on {color} has a contrast of {ratio:.2f}:1, "
                        f"below {MIN_CONTRAST}:1",
                        "choose a darker colour",
                    )
                )
    return errors


def contrast_with_white(color: str) -> float:
    """The WCAG contrast ratio of white on `color` (#rrggbb)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else float(((c + 0.055) / 1.055) ** 2.4)

    r, g, b = (channel(int(color[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)
