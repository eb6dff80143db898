"""What a change does to readers: two loads of a site compared claim by claim (`build.py changes`).

`compare(before, after, since)` is pure: it takes the site at the base revision
(None when there was none) and the working tree's, both as the loader gives
them (drafts and withdrawn verdicts included), and says what readers will see
change. It also finds the corrections a change skips: a published claim whose
rating (as readers see it: label and ClaimReview value), summary, claim, claimant
or passage changes, or whose withdrawal is reversed, must gain a NEW `updates:`
entry dated from `since` (the base revision's date) to `today`; the log is
append-only (an entry of the base changed or removed is an error); and neither a
published claim nor a withdrawal notice may simply disappear.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from ..load.drafts import as_published
from ..model import Claim, Config, Site
from . import coverage
from .due import Change, Skipped, skipped
from .due import Due as _Due

__all__ = ["Change", "Review", "Skipped", "compare"]


@dataclass(frozen=True)
class Review:
    published: tuple[Change, ...]  # new, or drafts no more
    withdrawn: tuple[Change, ...]  # published before; withdrawn (or deleted) now
    drafts: tuple[Claim, ...]  # in draft now
    ratings: tuple[Change, ...]  # published both times, rated otherwise as readers see it
    summaries: tuple[Change, ...]  # published both times, with another summary
    subjects: tuple[Change, ...]  # published both times, another claim, claimant or passage
    texts: tuple[Change, ...]  # published both times, another explanation or `checked_on`
    evidence: tuple[Change, ...]  # published both times, with other evidence
    restored: tuple[Change, ...]  # withdrawn before, published now
    notices: tuple[Change, ...]  # withdrawn both times with another note or date, or deleted now
    articles: tuple[str, ...]  # slugs of the articles added
    coverage: tuple[Fraction | None, Fraction]  # the share of check-worthy sentences claimed, in percent
    skipped: tuple[Skipped, ...]  # corrections left out: `changes` fails
    unreviewed: tuple[Claim, ...]  # newly published without a reviewer other than its checker
    base_config: Config | None = None  # site.toml at the base: the rating labels readers saw


def compare(before: Site | None, after: Site, since: dt.date, today: dt.date) -> Review:
    """The review of the change from `before` to `after`; entries are due dated `since` to `today`."""
    old = {c.key: c for c in before.claims} if before else {}
    new = {c.key: c for c in after.claims}
    both = [Change(old[k], new[k]) for k in new if k in old and _live(old[k]) and _live(new[k])]
    published = tuple(Change(old.get(k), c) for k, c in new.items() if _live(c) and not _live(old.get(k)))
    gone = [Change(c, new.get(k)) for k, c in old.items() if _live(c) and not _live(new.get(k))]
    seen = _Seen(before.config if before else after.config, after.config)
    due = _Due(
        ratings=tuple(ch for ch in both if seen.rating(ch)),
        summaries=_differ(both, "summary"),
        subjects=tuple(ch for ch in both if _subject(_get(ch.before)) != _subject(_get(ch.after))),
        restored=tuple(ch for ch in published if ch.before and ch.before.withdrawn is not None),
    )
    return Review(
        published=published,
        withdrawn=tuple(ch for ch in gone if not (ch.after and ch.after.draft)),
        drafts=tuple(c for c in after.claims if c.draft),
        ratings=due.ratings,
        summaries=due.summaries,
        subjects=due.subjects,
        texts=_differ(both, "explanation", "checked_on"),
        evidence=_differ(both, "evidence"),
        restored=due.restored,
        notices=tuple(_notices(old, new)),
        articles=tuple(a.slug for a in after.articles if not before or a.slug not in _slugs(before)),
        coverage=(_coverage(before) if before else None, _coverage(after)),
        skipped=tuple(skipped(due, gone, _notices(old, new), _kept(old, new), (since, today))),
        unreviewed=tuple(ch.claim for ch in published if not _reviewed(ch.claim)),
        base_config=before.config if before else None,
    )


@dataclass(frozen=True)
class _Seen:
    """The rating scale at the base and now: a rating as readers see it is its label and value."""

    before: Config
    after: Config

    def rating(self, change: Change) -> bool:
        """Whether readers see another rating (a status id renamed, label and value kept, is none)."""
        return _shown(self.before, _get(change.before).status) != _shown(
            self.after, _get(change.after).status
        )


def _shown(config: Config, status: str) -> tuple[str, int | None]:
    found = [(s.label, s.rating) for s in config.statuses if s.id == status]
    return found[0] if found else (status, None)


def _subject(claim: Claim) -> tuple[str, str, str]:
    """What the verdict is about: the claim as worded, who made it, the passage quoted."""
    return claim.claim, claim.claimant.key, claim.passage.quote


def _differ(changes: list[Change], *fields: str) -> tuple[Change, ...]:
    return tuple(ch for ch in changes if any(getattr(ch.before, f) != getattr(ch.after, f) for f in fields))


def _notices(old: dict[str, Claim], new: dict[str, Claim]) -> list[Change]:
    """Withdrawal notices rewritten (note or date) or deleted with their file."""
    found = []
    for key, claim in old.items():
        now = new.get(key)
        rewritten = now is None or (now.withdrawn is not None and now.withdrawn != claim.withdrawn)
        if claim.withdrawn is not None and not claim.draft and rewritten:
            found.append(Change(claim, now))
    return found


def _kept(old: dict[str, Claim], new: dict[str, Claim]) -> list[Change]:
    """Every claim in both revisions: their `updates:` logs are append-only."""
    return [Change(old[k], new[k]) for k in new if k in old]


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
