"""Turn one claim file into a `Claim`, checking it against the config and the articles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .. import command
from ..errors import ContentError, printable
from ..model import Article, Claim, Claimant, Config, Evidence, Passage, Update
from ..text import markdown, misquote, passages, weblinks
from . import positions
from .claimants import attribution
from .computed import load_checks
from .messages import choices_hint
from .schema import validate
from .sources import Document, Key, parse_yaml
from .stated import with_origins


def load_claim(
    shown: str,
    text: str,
    claim_id: str,
    article_slug: str,
    config: Config | None,
    articles: Mapping[str, Article | None],
    claimants: Mapping[str, Claimant | None],
) -> tuple[Claim | None, list[ContentError]]:
    """One claim file's text checked and turned into a `Claim`, or None and its errors.

    `config` None (site.toml has errors) leaves out the check of its status and
    topics; an article mapped to None exists but could not be read, so passages
    in it are not looked for (its own errors say why) and no `Claim` is made.
    `claimants` as in `claimants.attribution`.
    """
    doc, errors = parse_yaml(shown, text)
    if doc is None:
        return None, errors
    doc, errors = validate(doc, "claim")
    if errors or not isinstance(doc.data, dict):
        return None, errors or [
            doc.error(
                (),
                "a claim file must be a mapping of fields",
                f"start from a claim made with `{command.named('new')}`",
            )
        ]
    data = doc.data
    errors += _check_status_and_topics(doc, config) + _check_people(doc, config) if config else []
    errors += _check_links(doc, text) + _check_history(doc)
    article = articles.get(article_slug)
    passage = _anchor(doc, ("passage",), article, data["passage"], errors) if article else None
    evidence = tuple(_evidence(doc, i, item, articles, errors) for i, item in enumerate(data["evidence"]))
    claimant, as_reported, claimant_errors = _attribution(doc, claimants)
    errors += claimant_errors
    checks, check_errors = load_checks(doc)
    checks, origin_errors = with_origins(doc, checks, article) if article else (checks, [])
    errors += check_errors + origin_errors
    if (
        errors
        or passage is None
        or claimant is None
        or any(e.article and e.passage is None for e in evidence)
    ):
        return None, errors
    return Claim(
        id=claim_id,
        article=article_slug,
        claim=data["claim"],
        passage=passage,
        claimant=claimant,
        status=data["status"],
        summary=data["summary"],
        explanation=data["explanation"],
        evidence=evidence,
        checked_on=dt.date.fromisoformat(data["checked_on"]),
        topics=tuple(data["topics"]),
        updates=tuple(sorted((_update(u) for u in data.get("updates", [])), key=lambda u: u.date)),
        source_path=shown,
        checks=checks,
        as_reported=as_reported,
        draft=data.get("draft", False),
        withdrawn=_update(data["withdrawn"]) if "withdrawn" in data else None,
        checked_by=data.get("checked_by"),
        reviewed_by=data.get("reviewed_by"),
    ), []


UNNAMED = Claimant("", "Not yet named", "organization", "", "")  # a draft's empty `claimant: ""`


def _attribution(
    doc: Document, claimants: Mapping[str, Claimant | None]
) -> tuple[Claimant | None, bool, list[ContentError]]:
    """`claimants.attribution`, but a draft may leave its claimant empty (UNNAMED) until it is known."""
    if doc.data.get("draft") and doc.data["claimant"] == "":
        return UNNAMED, False, []
    return attribution(doc, claimants, _claimant_hint)


def _check_history(doc: Document) -> list[ContentError]:
    """A draft was never published, so it has no withdrawal; no update predates the check it follows."""
    errors = []
    if doc.data.get("draft") and "withdrawn" in doc.data:
        errors.append(
            doc.error(
                ("withdrawn",),
                "a draft was never published, so it cannot be withdrawn",
                "delete the file; or, if the claim was published, remove `draft: true`",
                on_key=True,
            )
        )
    checked_on = dt.date.fromisoformat(doc.data["checked_on"])
    for i, entry in enumerate(doc.data.get("updates", [])):
        date = dt.date.fromisoformat(entry["date"])
        if date < checked_on:
            errors.append(
                doc.error(
                    ("updates", i, "date"),
                    f"an update is dated {date}, before the claim was checked ({checked_on})",
                    "an update follows the published check: date it on or after `checked_on` "
                    "(or fix `checked_on`)",
                )
            )
    return errors


def _update(entry: Mapping[str, str]) -> Update:
    return Update(dt.date.fromisoformat(entry["date"]), entry["note"])


def _check_people(doc: Document, config: Config) -> list[ContentError]:
    """`checked_by` and `reviewed_by` name people of site.toml [people], by key."""
    keys = [p.key for p in config.people]
    errors = []
    for field in ("checked_by", "reviewed_by"):
        key = doc.data.get(field)
        if key is not None and key not in keys:
            hint = choices_hint(key, keys, "people in site.toml [people]")
            errors.append(doc.error((field,), f"unknown person {doc.written((field,))}", hint))
    return errors


def _check_status_and_topics(doc: Document, config: Config) -> list[ContentError]:
    errors = []
    statuses = [s.id for s in config.statuses]
    if doc.data["status"] not in statuses:
        errors.append(
            doc.error(
                ("status",),
                f"unknown status {doc.written(('status',))}",
                choices_hint(doc.data["status"], statuses, "ratings in site.toml"),
            )
        )
    topics = [t.slug for t in config.topics]
    for i, topic in enumerate(doc.data["topics"]):
        if topic not in topics:
            errors.append(
                doc.error(
                    ("topics", i),
                    f"unknown topic {doc.written(('topics', i))}",
                    choices_hint(topic, topics, "topics in site.toml"),
                )
            )
    return errors


def _check_links(doc: Document, text: str) -> list[ContentError]:
    """Only http(s) links that every output can carry (weblinks.py): in evidence and in the explanation
    (whose links are reported where each is written in `text`, the file)."""
    errors = []
    for i, item in enumerate(doc.data["evidence"]):
        for field in ("url", "archived_url"):
            if field in item and (bad := weblinks.problem(item[field])):
                key = ("evidence", i, field)
                errors.append(doc.error(key, f"{doc.written(key)} {bad.reason}", bad.hint))
    explanation = doc.data["explanation"]
    for link in markdown.links(explanation):
        if bad := weblinks.problem(link.href):
            errors.append(
                ContentError(
                    doc.path,
                    *positions.in_file(text, doc.at(("explanation",)), explanation, link.line, link.col),
                    f"explanation: link '{printable(link.written)}' {bad.reason}",
                    f"{bad.hint}; cite other articles under evidence",
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
    where = f"article '{printable(article.slug)}'"
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
    doc: Document,
    i: int,
    item: dict[str, Any],
    articles: Mapping[str, Article | None],
    errors: list[ContentError],
) -> Evidence:
    passage = None
    if "article" in item:
        slug = item["article"]
        article = articles.get(slug)
        if slug not in articles:
            errors.append(
                doc.error(
                    ("evidence", i, "article"),
                    f"there is no article {doc.written(('evidence', i, 'article'))}",
                    choices_hint(slug, sorted(articles), "articles"),
                )
            )
        elif article is not None:
            passage = _anchor(doc, ("evidence", i), article, item, errors)
    date = dt.date.fromisoformat(item["date"]) if "date" in item else None
    fields = {k: v for k, v in item.items() if k not in ("date", "prefix", "suffix")}
    return Evidence(**fields, date=date, passage=passage)


def _claimant_hint(key: str, known: list[str]) -> str:
    return choices_hint(key, known, "claimants in content/claimants/")
