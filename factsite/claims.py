"""Turn one claim file into a `Claim`, checking it against the config and the articles."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from typing import Any

from . import markdown, misquote, passages
from .computed import load_checks
from .errors import ContentError
from .model import Article, Claim, Config, Evidence, Passage, Update
from .schema import validate
from .sources import Document, Key, parse_yaml


def load_claim(
    shown: str, text: str, claim_id: str, article_slug: str, config: Config, articles: Mapping[str, Article]
) -> tuple[Claim | None, list[ContentError]]:
    doc, errors = parse_yaml(shown, text)
    if doc is None:
        return None, errors
    errors = validate(doc, "claim")
    if errors or not isinstance(doc.data, dict):
        return None, errors or [
            doc.error(
                (),
                "a claim file must be a mapping of fields",
                "start from a claim made with `python build.py new`",
            )
        ]
    data = doc.data
    errors += _check_status_and_topics(doc, config)
    errors += _check_links(doc)
    passage = _anchor(doc, ("passage",), articles[article_slug], data["passage"], errors)
    evidence = tuple(_evidence(doc, i, item, articles, errors) for i, item in enumerate(data["evidence"]))
    checks, check_errors = load_checks(doc)
    errors += check_errors
    if errors or passage is None:
        return None, errors
    return Claim(
        id=claim_id,
        article=article_slug,
        claim=data["claim"],
        passage=passage,
        claimant=data["claimant"],
        status=data["status"],
        summary=data["summary"],
        explanation=data["explanation"],
        evidence=evidence,
        checked_on=dt.date.fromisoformat(data["checked_on"]),
        topics=tuple(data["topics"]),
        updates=tuple(Update(dt.date.fromisoformat(u["date"]), u["note"]) for u in data.get("updates", [])),
        source_path=shown,
        checks=checks,
    ), []


def _check_status_and_topics(doc: Document, config: Config) -> list[ContentError]:
    errors = []
    statuses = [s.id for s in config.statuses]
    if doc.data["status"] not in statuses:
        errors.append(
            doc.error(
                ("status",),
                f"unknown status '{doc.data['status']}'",
                _did_you_mean(doc.data["status"], statuses),
            )
        )
    topics = [t.slug for t in config.topics]
    for i, topic in enumerate(doc.data["topics"]):
        if topic not in topics:
            errors.append(
                doc.error(
                    ("topics", i),
                    f"unknown topic '{topic}'",
                    _did_you_mean(topic, topics) + " (topics are defined in site.toml)",
                )
            )
    return errors


def _did_you_mean(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1)
    return f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(known)}"


def _check_links(doc: Document) -> list[ContentError]:
    """Only http(s) links may come from content: in evidence and in the explanation."""
    errors = []
    for i, item in enumerate(doc.data["evidence"]):
        for field in ("url", "archived_url"):
            if field in item and not markdown.is_allowed_link(item[field]):
                errors.append(
                    doc.error(
                        ("evidence", i, field),
                        f"'{item[field]}' is not an http(s) link",
                        "give the full address, starting with https://",
                    )
                )
    line, col = doc.at(("explanation",))
    for link in markdown.links(doc.data["explanation"]):
        if not markdown.is_allowed_link(link.href):
            errors.append(
                ContentError(
                    doc.path,
                    line + link.line,
                    col,
                    f"explanation: link '{link.href}' is not an http(s) link",
                    "link to a full https:// address; cite other articles under evidence",
                )
            )
    return errors


def _anchor(
    doc: Document, key: Key, article: Article, selector: dict[str, Any], errors: list[ContentError]
) -> Passage | None:
    """Find the quote in the article, or explain why it cannot be found."""
    quote, prefix, suffix = selector["quote"], selector.get("prefix"), selector.get("suffix")
    found = passages.find(article.blocks, quote, prefix, suffix)
    if len(found) == 1:
        return Passage(quote, prefix, suffix, found[0])
    where = f"article '{article.slug}'"
    if found:
        errors.append(
            doc.error(
                (*key, "quote"),
                f"the quote occurs {len(found)} times in {where}",
                "add a `prefix` (the words just before it) or a `suffix` (just after) "
                "that tells the places apart",
            )
        )
    elif passages.find(article.blocks, quote):
        errors.append(
            doc.error(
                key,
                f"the quote is in {where}, but not with this prefix and suffix",
                "copy the prefix and suffix exactly from the text around the quote",
            )
        )
    else:
        errors.append(doc.error((*key, "quote"), *misquote.explain(article.blocks, quote, where)))
    return None


def _evidence(
    doc: Document, i: int, item: dict[str, Any], articles: Mapping[str, Article], errors: list[ContentError]
) -> Evidence:
    passage = None
    if "article" in item:
        slug = item["article"]
        if slug not in articles:
            errors.append(
                doc.error(
                    ("evidence", i, "article"),
                    f"there is no article '{slug}'",
                    _did_you_mean(slug, sorted(articles)),
                )
            )
        else:
            passage = _anchor(doc, ("evidence", i), articles[slug], item, errors)
    date = dt.date.fromisoformat(item["date"]) if "date" in item else None
    fields = {k: v for k, v in item.items() if k not in ("date", "prefix", "suffix")}
    return Evidence(**fields, date=date, passage=passage)
