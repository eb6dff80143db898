"""A claim's computed checks: read them from its file, and hold them against its status.

`load_checks` turns the `checks:` of a claim file (already valid against the
schema) into results, reporting inputs that cannot be computed at their
path:line:col. `status_conflicts` finds claims whose rating the computed
working contradicts; the command line reports those as errors, or as warnings
with `--warn`.
"""

from __future__ import annotations

import dataclasses
import functools

from ..build.memo import Memo
from ..errors import ContentError, printable
from ..model import CheckResult, Claim, Config, Site
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


def status_conflicts(site: Site, memo: Memo | None = None) -> list[ContentError]:
    """Checks that contradict a claim's rating: see `claim_conflicts`; a memo keeps each article's."""
    memo = Memo() if memo is None else memo
    found = []
    for article in site.articles:
        claims = site.claims_of(article.slug)
        found += memo.last(article, "conflicts", claims, functools.partial(_conflicts, claims, site.config))
    return found


def _conflicts(claims: tuple[Claim, ...], config: Config) -> list[ContentError]:
    return [error for claim in claims for error in claim_conflicts(claim, config)]


def claim_conflicts(claim: Claim, config: Config) -> list[ContentError]:
    """A computed contradiction on a claim rated best, or none at all on one rated worst.

    Best and worst are the highest and lowest ClaimReview ratings that statuses in site.toml
    have (`accurate` and `inaccurate` on this site), whatever the scale's declared bounds;
    other ratings are left to judgement. Only checks of the article's own words
    (stated.py) can clear a claim rated worst: the desk's or a source's figures
    holding says nothing about the article.
    """
    status = config.status(claim.status)
    if status.rating is None or not claim.checks:
        return []
    if status.rating == config.highest_rating:
        return [_contradiction(claim, check, status.label) for check in claim.checks if not check.consistent]
    about_article = [check for check in claim.checks if check.stated_by in ("article", "")]
    if status.rating == config.lowest_rating and about_article and all(c.consistent for c in about_article):
        first = about_article[0]
        return [
            ContentError(
                claim.source_path,
                first.line,
                first.col,
                f"every computed check agrees with the article's words, but the status is "
                f"'{printable(claim.status)}'",
                "add the check that shows the contradiction, or reconsider the status",
            )
        ]
    return []


def _contradiction(claim: Claim, check: CheckResult, label: str) -> ContentError:
    return ContentError(
        claim.source_path,
        check.line,
        check.col,
        f"computed check '{check.kind}' contradicts the status '{printable(claim.status)}': "
        f"{check.working}, but the words are '{printable(check.stated)}' ({check.meaning})",
        f"correct the check's inputs, or rate the claim below {label} and explain the difference",
    )


def as_warning(error: ContentError) -> str:
    text = f"{error.path}:{error.line}:{error.col}: warning: {error.message}"
    return f"{text}\n    hint: {error.hint}" if error.hint else text
