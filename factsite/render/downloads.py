"""Every claim as downloadable data: a JSON DataFeed of ClaimReviews (claims with a verdict), and a CSV.

The CSV follows OWASP's advice on CSV injection
(https://owasp.org/www-community/attacks/CSV_Injection) in full: every cell is
quoted, quotes inside a cell are doubled, and a cell that a spreadsheet would
read as a formula starts with a single quote (see `spreadsheet_safe`).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Callable

from ..build.memo import Memo, Same
from ..model import Claim, Site
from ..text import weblinks
from . import groups
from .structured import claim_url, data_feed, feed_item, has_verdict

CSV_COLUMNS = (
    "id",
    "url",
    "claim",
    "status",
    "status_label",
    "rating",
    "summary",
    "claimant",
    "claimant_key",
    "claimant_kind",
    "as_reported",
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
# What makes a spreadsheet read a cell as a formula: OWASP's list (=, +, -, @, tab, carriage
# return, line feed), their full-width and small forms, and NUL (OWASP ASVS 1.2.10); also
# after leading spaces, which spreadsheets may trim, and after single quotes, so that the
# quote this module adds can always be told from one the value starts with.
FORMULA = re.compile(r"'*[\t\r\n\0]|'*\s*[=+\-@＝＋－＠﹦﹢﹣﹫]")
NUMBER = re.compile(r"-[0-9]+(\.[0-9]+)?")  # a negative number is a value, not a formula


def claims_json(site: Site, url: str, memo: Memo | None = None) -> bytes:
    """The DataFeed as JSON; with a memo, each claim's item is serialised once (see `_item_json`),
    and each article's items are joined once, while its claims stay the same."""
    memo = Memo() if memo is None else memo
    feed = data_feed(site, url, items=False, newest=next(iter(groups.newest(site, memo, 1)), None))
    found = [part for part in _per_article(memo, site, "json", _article_json) if part]
    if not found:
        return (_dumps({**feed, "dataFeedElement": []}) + "\n").encode("utf-8")
    items = b",\n    ".join(found)
    text = _dumps({**feed, "dataFeedElement": [ITEMS]})
    head, tail = text.split(_dumps(ITEMS))
    return head.encode("utf-8") + items + (tail + "\n").encode("utf-8")


def _per_article(
    memo: Memo, site: Site, name: str, make: Callable[[Memo, Site, tuple[Claim, ...]], bytes]
) -> list[bytes]:
    """`make` for each article with claims, remembered while its claims stay the same."""
    found = []
    for article in site.articles:
        if claims := site.claims_of(article.slug):
            found.append(memo.last(article, name, claims, functools.partial(make, memo, site, claims)))
    return found


def _article_json(memo: Memo, site: Site, claims: tuple[Claim, ...]) -> bytes:
    """The items of one article's claims with a verdict; empty when none has one."""
    rated = (c for c in claims if has_verdict(site.config, c))
    return ",\n    ".join(_item_json(memo, site, claim) for claim in rated).encode("utf-8")


ITEMS = "\0items\0"  # where the items go: a string JSON cannot hold unescaped, so it cannot clash


def _dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2)


def _item_json(memo: Memo, site: Site, claim: Claim) -> str:
    """One item as `_dumps` writes it two levels deep: JSON escapes newlines in strings,
    so every line break is layout, and indenting each line gives the same text."""
    article = site.article(claim.article)
    return memo.get(
        claim, ("json", Same(article)), lambda: _dumps(feed_item(site, claim)).replace("\n", "\n    ")
    )


def spreadsheet_safe(value: str) -> str:
    """The cell for `value`: with a single quote before it when a spreadsheet would run it as a
    formula (`FORMULA`), so that the spreadsheet shows it as text. `spreadsheet_value` undoes it."""
    if FORMULA.match(value) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def spreadsheet_value(cell: str) -> str:
    """The value a cell of the CSV stands for: the cell without the quote `spreadsheet_safe` added."""
    if cell.startswith("'") and FORMULA.match(cell[1:]) and not NUMBER.fullmatch(cell[1:]):
        return cell[1:]
    return cell


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
        claim.claimant.name,
        claim.claimant.key,
        claim.claimant.kind,
        "true" if claim.as_reported else "false",
        claim.passage.quote,
        article.slug,
        article.title,
        article.publisher or "",
        article.published.isoformat() if article.published else "",
        weblinks.normalise(article.url) if article.url else "",
        claim.checked_on.isoformat(),
        claim.last_changed.isoformat(),
        ";".join(claim.topics),
    ]
    return [spreadsheet_safe(cell) for cell in row]


def claims_csv(site: Site, memo: Memo | None = None) -> bytes:
    """RFC 4180 CSV (CRLF line ends, every cell quoted), UTF-8, one claim a row in reading order;
    a memo keeps the rows."""
    memo = Memo() if memo is None else memo
    rows = _per_article(memo, site, "csv", _article_csv)
    return b"".join([_csv_line(list(CSV_COLUMNS)).encode("utf-8"), *rows])


def _article_csv(memo: Memo, site: Site, claims: tuple[Claim, ...]) -> bytes:
    return "".join(_row_text(memo, site, claim) for claim in claims).encode("utf-8")


def _row_text(memo: Memo, site: Site, claim: Claim) -> str:
    article = site.article(claim.article)
    return memo.get(claim, ("csv", Same(article)), lambda: _csv_line(csv_row(site, claim)))


def _csv_line(row: list[str]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerow(row)
    return out.getvalue()
