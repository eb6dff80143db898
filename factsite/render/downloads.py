"""Every claim as downloadable data: a JSON DataFeed of ClaimReviews (claims with a verdict), and a CSV.

The CSV follows OWASP's advice on CSV injection
(https://owasp.org/www-community/attacks/CSV_Injection) in full: every cell is
quoted, quotes inside a cell are doubled, and a cell that a spreadsheet would
read as a formula starts with a single quote (see `spreadsheet_safe`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable

from ..model import Article, Claim, Site
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


Part = Callable[[Site, Article], bytes]  # an article's items or rows


def claims_json(site: Site, url: str, newest: Claim | None = None, items: Part | None = None) -> bytes:
    """The DataFeed as compact JSON with one item a line (`_dumps`), `newest` the most recently changed
    claim (found here if not given); `items` makes each article's (`article_json`, or in pieces.py
    the same bytes reused while its claims stay the same)."""
    if newest is None:
        newest = next(iter(groups.newest(groups.groups(site), 1)), None)
    feed = data_feed(site, url, items=False, newest=newest)
    each = items or article_json
    found = [part for a in site.articles if (part := each(site, a))]
    if not found:
        return (_dumps({**feed, "dataFeedElement": []}) + "\n").encode("utf-8")
    text = _dumps({**feed, "dataFeedElement": [ITEMS]})
    head, tail = text.split(_dumps(ITEMS))
    parts = [head.encode("utf-8"), b"\n"]
    for part in found:
        parts += (part, b",\n")
    parts[-1] = b"\n"  # after the last item, no comma
    return b"".join([*parts, (tail + "\n").encode("utf-8")])  # one copy of megabytes, not three


def article_json(site: Site, article: Article) -> bytes:
    """The items of one article's claims with a verdict, a line each; empty when none has one."""
    rated = (c for c in site.claims_of(article.slug) if has_verdict(site.config, c))
    return ",\n".join(_dumps(feed_item(site, claim)) for claim in rated).encode("utf-8")


ITEMS = "\0items\0"  # where the items go: a string JSON cannot hold unescaped, so it cannot clash


def _dumps(value: object) -> str:
    """Compact JSON, keys sorted, so that the same content gives the same bytes: the file is for
    programs, and indenting it made it half again as large (README, Performance). JSON escapes
    line breaks inside strings, so each item stays on one line."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


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


def claims_csv(site: Site, rows: Part | None = None) -> bytes:
    """RFC 4180 CSV (CRLF line ends, every cell quoted), UTF-8, one claim a row in reading order;
    `rows` makes each article's (`article_csv`, or in pieces.py the same bytes reused)."""
    each = rows or article_csv
    return b"".join([_csv_line(list(CSV_COLUMNS)).encode("utf-8"), *(each(site, a) for a in site.articles)])


def article_csv(site: Site, article: Article) -> bytes:
    """The rows of one article's claims."""
    return "".join(_csv_line(csv_row(site, c)) for c in site.claims_of(article.slug)).encode("utf-8")


def _csv_line(row: list[str]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerow(row)
    return out.getvalue()
