"""Read `site.toml` into a `Config`; unknown keys and wrong types are errors."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from . import urls
from .errors import ContentError
from .model import Config, LinkcheckSettings, Organization, Repository, Status, Topic
from .schema import validate
from .sources import Document, Key, decode


def load_config(path: Path, shown: str = "site.toml") -> tuple[Config | None, list[ContentError]]:
    if not path.is_file():
        return None, [
            ContentError(
                shown, 1, 1, "site.toml is missing", "run the command from the site's folder, or pass --root"
            )
        ]
    text, errors = decode(shown, path.read_bytes())
    if text is None:
        return None, errors
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, col = _decode_error_position(str(exc))
        return None, [ContentError(shown, line, col, f"invalid TOML: {str(exc).split(' (at')[0]}")]
    doc = Document(shown, data, _positions(text, data))
    errors = validate(doc, "site")
    errors += _check_unique(doc)
    errors += _check_contrast(doc)
    errors += _check_patterns(doc)
    errors += _check_urls(doc) + _check_rating_scale(doc)
    if errors:
        return None, errors
    return _build(data), []


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
                    f"linkcheck.exclude: '{pattern}' is not a valid regular expression ({exc})",
                    r"escape dots and other special characters, e.g. '^https://example\.org/'",
                )
            )
    return errors


def _check_urls(doc: Document) -> list[ContentError]:
    """The addresses in site.toml that no output could carry (see urls.py)."""
    errors = []
    for key in (("base_url",), ("organization", "url"), ("repository", "url")):
        table = doc.data.get(key[0]) if len(key) > 1 else doc.data
        value = table.get(key[-1]) if isinstance(table, dict) else None
        if isinstance(value, str) and (bad := urls.problem(value)):
            errors.append(doc.error(key, f"{'.'.join(key)}: '{value}' {bad.reason}", bad.hint))
        elif key == ("base_url",) and isinstance(value, str) and re.search(r"[?#]", value):
            hint = "give the address of the site's home page, ending in '/'"
            errors.append(doc.error(key, f"base_url: '{value}' has a query or a fragment", hint))
    contact = doc.data.get("contact")
    if isinstance(contact, str) and (bad := urls.address_problem(contact)):
        errors.append(doc.error(("contact",), f"contact: '{contact}' {bad.reason}", bad.hint))
    return errors


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
                        f"{table}: '{value}' is defined twice",
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


def _decode_error_position(message: str) -> tuple[int, int]:
    found = re.search(r"line (\d+), column (\d+)", message)
    return (int(found.group(1)), int(found.group(2))) if found else (1, 1)


def _positions(text: str, data: dict[str, Any]) -> dict[Key, tuple[int, int]]:
    """Best-effort line numbers for TOML keys, which tomllib does not report.

    Finds `[table]` and `[[array]]` headers and `key =` lines, which covers the
    flat layout site.toml uses.
    """
    positions: dict[Key, tuple[int, int]] = {}
    prefix: Key = ()
    counts: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if header := re.fullmatch(r"\[\[\s*([\w.-]+)\s*\]\]", stripped):
            name = header.group(1)
            counts[name] = counts.get(name, -1) + 1
            prefix = (name, counts[name])
            positions[prefix] = (number, 1)
        elif header := re.fullmatch(r"\[\s*([\w.-]+)\s*\]", stripped):
            prefix = (header.group(1),)
            positions[prefix] = (number, 1)
        elif key := re.match(r"\s*([\w-]+)\s*=", line):
            positions[(*prefix, key.group(1))] = (number, key.start(1) + 1)
    return positions
