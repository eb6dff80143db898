"""The corrections a change owes readers (review.py finds the changes; this says what is missing).

Rules: a published claim whose rating, summary or subject (claim, claimant,
passage) changes, or whose withdrawal is reversed, gains a NEW `updates:`
entry dated from the base revision's date to today (UTC); the `updates:` log
is append-only; a published claim, or a withdrawal notice, may not disappear;
a verdict withdrawn by the change is dated on or after the base revision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Claim, Update


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
    field: tuple[str | int, ...]  # the key in the claim file, e.g. ("status",), ("updates", 0); () if deleted
    message: str
    hint: str


Window = tuple[dt.date, dt.date]  # the first and last date a new entry may carry: base date, today


@dataclass(frozen=True)
class Due:
    """The changes that need a new `updates:` entry, by kind."""

    ratings: tuple[Change, ...]
    summaries: tuple[Change, ...]
    subjects: tuple[Change, ...]
    restored: tuple[Change, ...]


_WHAT = {"ratings": "rating", "summaries": "summary", "subjects": "claim, claimant or passage"}
_WHERE = {"ratings": "status", "summaries": "summary", "subjects": "claim"}


def skipped(
    due: Due, gone: list[Change], notices: list[Change], kept: list[Change], window: Window
) -> Iterator[Skipped]:
    """Every correction left out, each naming the claim file's key it belongs at."""
    for kind in ("ratings", "summaries", "subjects"):
        for change in getattr(due, kind):
            if not _logged(change, window):
                what = f"the published {_WHAT[kind]} changed{_shown(change, kind)}"
                yield _unlogged(change, what, _WHERE[kind], window)
    for change in due.restored:
        if not _logged(change, window):
            yield _unlogged(change, "a withdrawn verdict is published again", "status", window)
    yield from _gone(gone, window)
    yield from (_notice_deleted(ch.claim) for ch in notices if ch.after is None)
    for change in kept:
        yield from _rewritten(change, window)


def _shown(change: Change, kind: str) -> str:
    before, after = change.before, change.after
    assert before is not None and after is not None
    return f" ({before.status} → {after.status})" if kind == "ratings" else ""


def _added(change: Change) -> list[Update]:
    before, after = change.before, change.after
    assert before is not None and after is not None
    return [u for u in after.updates if u not in before.updates]


def _logged(change: Change, window: Window) -> bool:
    """Whether the claim gained an `updates:` entry dated within `window`."""
    return any(window[0] <= u.date <= window[1] for u in _added(change))


def _unlogged(change: Change, what: str, key: str, window: Window) -> Skipped:
    after = change.after
    assert after is not None
    return Skipped(
        after,
        (key,),
        f"{what}, but `updates:` has no new entry for it",
        f"add a new entry to `updates:` dated from {window[0].isoformat()} to {window[1].isoformat()} "
        "(the day you make the change), with one sentence on what changed and why: readers are told "
        "of every correction",
    )


def _gone(gone: list[Change], window: Window) -> Iterator[Skipped]:
    for change in gone:
        after = change.after
        if after is None:
            yield Skipped(
                change.claim,
                (),
                "a published claim's file was deleted: its page would disappear without a word to readers",
                "restore the file and add `withdrawn:` with the `date` and a `note` saying why the verdict "
                "is withdrawn; its page then becomes a notice",
            )
        elif after.draft:
            yield Skipped(
                after,
                ("draft",),
                "a published claim was made a draft again: it would vanish from the site without a word",
                "remove `draft: true`; to take the verdict back, add `withdrawn:` with a date and a note",
            )
        elif after.withdrawn is not None and after.withdrawn.date < window[0]:
            yield Skipped(
                after,
                ("withdrawn",),
                "the verdict is withdrawn by this change, but `withdrawn:` is dated before it",
                f"date the withdrawal {window[0].isoformat()} or later: the day readers are told",
            )


def _notice_deleted(claim: Claim) -> Skipped:
    return Skipped(
        claim,
        (),
        "a withdrawn claim's file was deleted: its withdrawal notice would disappear without a word",
        "restore the file: the notice is where readers learn why the verdict was taken back",
    )


def _rewritten(change: Change, window: Window) -> Iterator[Skipped]:
    """The base's entries kept as they were (append-only), and no new entry dated in the future."""
    before, after = change.before, change.after
    assert before is not None and after is not None
    for i, entry in enumerate(before.updates):
        if entry not in after.updates:
            yield Skipped(
                after,
                ("updates", i) if i < len(after.updates) else ("updates",),
                f"the `updates:` entry of {entry.date.isoformat()} was changed, re-dated or removed",
                "the corrections log is append-only: restore the entry as it was and add a new one "
                "saying what changed",
            )
    for i, entry in enumerate(after.updates):
        if entry not in before.updates and entry.date > window[1]:
            yield Skipped(
                after,
                ("updates", i),
                f"the new `updates:` entry is dated {entry.date.isoformat()}, in the future",
                f"date it the day you make the change ({window[1].isoformat()} or earlier)",
            )
