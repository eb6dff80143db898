"""Every claim as downloadable data: a JSON DataFeed of ClaimReviews, and a CSV."""

from __future__ import annotations

import csv
import io
import json

from .model import Claim, Site
from .structured import claim_url, data_feed

CSV_COLUMNS = (
    "id",
    "url",
    "claim",
    "status",
    "status_label",
    "rating",
    "summary",
    "claimant",
    "quote",
    "article",
    "article_title",
    "article_publisher",
    "article_published",
    "article_url",
    "checked_on",
    "last_changed",
    "topics",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def claims_json(site: Site, url: str) -> bytes:
    text = json.dumps(data_feed(site, url), sort_keys=True, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def spreadsheet_safe(value: str) -> str:
    """Keep a cell from being read as a formula by spreadsheets (OWASP's CSV injection advice).

    A leading '-' before a digit is a negative number, not a formula, and is kept.
    """
    if value.startswith(FORMULA_STARTS) and not (value[:1] == "-" and value[1:2].isdigit()):
        return "'" + value
    return value


def csv_row(site: Site, claim: Claim) -> list[str]:
    article = site.article(claim.article)
    status = site.config.status(claim.status)
    row = [
        claim.key,
        claim_url(site.config, claim),
        claim.claim,
        status.id,
        status.label,
        "" if status.rating is None else str(status.rating),
        claim.summary,
        claim.claimant,
        claim.passage.quote,
        article.slug,
        article.title,
        article.publisher or "",
        article.published.isoformat() if article.published else "",
        article.url or "",
        claim.checked_on.isoformat(),
        claim.last_changed.isoformat(),
        ";".join(claim.topics),
    ]
    return [spreadsheet_safe(cell) for cell in row]


def claims_csv(site: Site) -> bytes:
    """RFC 4180 CSV (CRLF line ends), UTF-8, one claim a row in reading order."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_row(site, claim) for claim in site.claims)
    return out.getvalue().encode("utf-8")
