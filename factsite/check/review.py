"""What a change does to readers: two loads of a site compared claim by claim (`build.py changes`).

`compare(before, after, since)` is pure: it takes the site at the base revision
(None when there was none) and the working tree's, both as the loader gives
them (drafts and withdrawn verdicts included), and says what readers will see
change. It also finds the corrections a change skips: a published claim whose
rating or summary changes must gain an `updates:` entry dated `since` (the base
revision's date) or later, and a published claim may not simply disappear.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from ..load.drafts import as_published
from ..model import Claim, Site
from . import coverage


@dataclass(frozen=True)
class Change:
    """One claim that changed for readers: `before` and `after` as loaded (None where absent)."""

    before: Claim | None
    after: Claim | None

    @property
    def claim(self) -> Claim:
        found = self.after or self.before
        assert found is not None
        return found


@dataclass(frozen=True)
class Skipped:
    """A correction the change leaves out: which claim, which field of it, and what is missing."""

    claim: Claim  # as it is now, or as it was when it was deleted
    field: str  # "status", "summary" or "withdrawn"; "" for a deleted file
    message: str
    hint: str


@dataclass(frozen=True)
class Review:
    published: tuple[Change, ...]  # new, or drafts no more
    withdrawn: tuple[Change, ...]  # published before; withdrawn (or deleted) now
    drafts: tuple[Claim, ...]  # in draft now
    ratings: tuple[Change, ...]  # published both times, with another status
    summaries: tuple[Change, ...]  # published both times, with another summary
    evidence: tuple[Change, ...]  # published both times, with other evidence
    articles: tuple[str, ...]  # slugs of the articles added
    coverage: tuple[Fraction | None, Fraction]  # the share of check-worthy sentences claimed, in percent
    skipped: tuple[Skipped, ...]  # corrections left out: `changes` fails
    unreviewed: tuple[Claim, ...]  # newly published without a reviewer other than its checker


def compare(before: Site | None, after: Site, since: dt.date) -> Review:
    """The review of the change from `before` to `after`; `since` is the date the change starts from."""
    old = {c.key: c for c in before.claims} if before else {}
    new = {c.key: c for c in after.claims}
    both = [Change(old[k], new[k]) for k in new if k in old and _live(old[k]) and _live(new[k])]
    published = tuple(Change(old.get(k), c) for k, c in new.items() if _live(c) and not _live(old.get(k)))
    gone = [Change(c, new.get(k)) for k, c in old.items() if _live(c) and not _live(new.get(k))]
    withdrawn = tuple(ch for ch in gone if not (ch.after and ch.after.draft))
    ratings = tuple(ch for ch in both if _get(ch.before).status != _get(ch.after).status)
    summaries = tuple(ch for ch in both if _get(ch.before).summary != _get(ch.after).summary)
    return Review(
        published=published,
        withdrawn=withdrawn,
        drafts=tuple(c for c in after.claims if c.draft),
        ratings=ratings,
        summaries=summaries,
        evidence=tuple(ch for ch in both if _get(ch.before).evidence != _get(ch.after).evidence),
        articles=tuple(a.slug for a in after.articles if not before or a.slug not in _slugs(before)),
        coverage=(_coverage(before) if before else None, _coverage(after)),
        skipped=tuple(_skipped(ratings, summaries, gone, since)),
        unreviewed=tuple(ch.claim for ch in published if not _reviewed(ch.claim)),
    )


def _live(claim: Claim | None) -> bool:
    """Published and listed: neither a draft nor withdrawn."""
    return claim is not None and not claim.draft and claim.withdrawn is None


def _get(claim: Claim | None) -> Claim:
    assert claim is not None
    return claim


def _slugs(site: Site) -> set[str]:
    return {a.slug for a in site.articles}


def _reviewed(claim: Claim) -> bool:
    return claim.reviewed_by is not None and claim.reviewed_by != claim.checked_by


def _coverage(site: Site) -> Fraction:
    """The share of the site's check-worthy sentences that published claims cover, in percent."""
    found = coverage.report(as_published(site))
    total = sum(len(a.sentences) for a in found)
    return Fraction(sum(a.covered for a in found) * 100, total) if total else Fraction(100)


def _skipped(
    ratings: tuple[Change, ...], summaries: tuple[Change, ...], gone: list[Change], since: dt.date
) -> list[Skipped]:
    found = []
    for field, changes in (("status", ratings), ("summary", summaries)):
        found += [_unlogged(ch, field, since) for ch in changes if not _logged(ch, since)]
    for change in gone:
        if change.after is None:
            found.append(_deleted(change.claim))
        elif change.after.draft:
            found.append(_redrafted(change.after))
        elif change.after.withdrawn is not None and change.after.withdrawn.date < since:
            found.append(_withdrawn_before(change.after, since))
    return found


def _logged(change: Change, since: dt.date) -> bool:
    """Whether the claim gained an `updates:` entry dated `since` or later."""
    before, after = _get(change.before), _get(change.after)
    added = [u for u in after.updates if u not in before.updates]
    return any(u.date >= since for u in added)


def _unlogged(change: Change, field: str, since: dt.date) -> Skipped:
    what = "rating" if field == "status" else "summary"
    before, after = _get(change.before), _get(change.after)
    shown = f" ({before.status} → {after.status})" if field == "status" else ""
    return Skipped(
        after,
        field,
        f"the published {what} changed{shown}, but `updates:` has no new entry for it",
        f"add an entry to `updates:` dated {since.isoformat()} or later, with one sentence on what "
        "changed and why: readers are told of every correction",
    )


def _deleted(claim: Claim) -> Skipped:
    return Skipped(
        claim,
        "",
        "a published claim was deleted: its page would disappear without a word to readers",
        "restore the file and add `withdrawn:` with the `date` and a `note` saying why the verdict "
        "is withdrawn; its page then becomes a notice",
    )


def _redrafted(claim: Claim) -> Skipped:
    return Skipped(
        claim,
        "draft",
        "a published claim was made a draft again: it would vanish from the site without a word",
        "remove `draft: true`; to take the verdict back, add `withdrawn:` with a date and a note",
    )


def _withdrawn_before(claim: Claim, since: dt.date) -> Skipped:
    return Skipped(
        claim,
        "withdrawn",
        "the verdict is withdrawn by this change, but `withdrawn:` is dated before it",
        f"date the withdrawal {since.isoformat()} or later: the day readers are told",
    )
