"""The `changes` summary as Markdown, as a reviewer reads it in a pull request (review.py says what).

Content is untrusted: every text from it is escaped, so that a claim cannot add
links, images or HTML to the comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from fractions import Fraction

from .. import urls
from ..check.coverage import percent
from ..check.review import Change, Review
from ..errors import ContentError
from ..model import Claim, Config
from ..render.structured import absolute

MARKER = "<!-- factsite-changes -->"  # the workflow finds and updates the comment that carries it
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")


def text(value: str) -> str:
    """Content text made inert in Markdown: one line, every special character escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(value.split()))


def code(value: str) -> str:
    """Content text for a code span: one line, no backtick to end it early."""
    return " ".join(value.split()).replace("`", "'")


def markdown(review: Review, config: Config, base: str, errors: Sequence[ContentError]) -> str:
    """The whole summary: a headline, then a section for each kind of change there is."""
    parts = [MARKER, f"## What this change does to readers (compared with `{code(base)}`)", ""]
    parts += _problems(errors, review)
    parts += _section("Ratings changed", [_rating(ch, config) for ch in review.ratings])
    parts += _section("Published", [_item(ch.claim, config) for ch in review.published])
    parts += _section("Withdrawn", [_withdrawn(ch, config) for ch in review.withdrawn])
    parts += _section("Summaries changed", [_summary(ch, config) for ch in review.summaries])
    parts += _section("Evidence changed", [_item(ch.claim, config) for ch in review.evidence])
    parts += _section("Still in draft (not published)", [_draft(c) for c in review.drafts])
    parts += _section("Articles added", [f"`{code(slug)}`" for slug in review.articles])
    parts += [_coverage(*review.coverage)]
    if not any((review.ratings, review.published, review.withdrawn, review.summaries, review.evidence)):
        parts.insert(3, "No published verdict changes.\n")
    return "\n".join(parts) + "\n"


def _problems(errors: Sequence[ContentError], review: Review) -> list[str]:
    lines = [
        f"- `{code(e.path)}:{e.line}:{e.col}`: {_ours(e.message)}.<br>Fix: {_ours(e.hint)}." for e in errors
    ]
    found = _section("Corrections missing: this check fails", lines)
    flags = [f"{_item(c, None)}: {_reviewer(c)}" for c in review.unreviewed]
    return found + _section("Needs a second pair of eyes", flags)


def _ours(message: str) -> str:
    """A message of this tool (its `code` spans kept), escaped where it quotes content."""
    return re.sub(r"([\\\[\]<>|~&])", r"\\\1", " ".join(message.split()))


def _section(title: str, lines: Iterable[str]) -> list[str]:
    items = [f"- {line}" if not line.startswith("- ") else line for line in lines]
    return [f"### {title} ({len(items)})", "", *items, ""] if items else []


def _link(claim: Claim, config: Config | None) -> str:
    title = text(claim.claim or claim.passage.quote)
    if config is None:
        return f"**{title}**"
    return f"[{title}]({absolute(config, urls.claim(claim.article, claim.id))})"


def _item(claim: Claim, config: Config | None) -> str:
    return f"{_link(claim, config)} (`{code(claim.key)}`)"


def _label(config: Config, status: str) -> str:
    found = [s.label for s in config.statuses if s.id == status]
    return text(found[0] if found else status)


def _rating(change: Change, config: Config) -> str:
    before, after = change.before, change.after
    assert before is not None and after is not None
    ratings = f"**{_label(config, before.status)} → {_label(config, after.status)}**"
    return f"{ratings}: {_item(after, config)}{_notes(change)}"


def _summary(change: Change, config: Config) -> str:
    before, after = change.before, change.after
    assert before is not None and after is not None
    was, now = text(before.summary), text(after.summary)
    return f"{_item(after, config)}<br>was: {was}<br>now: {now}{_notes(change)}"


def _notes(change: Change) -> str:
    """The `updates:` entries the change adds, as readers will read them."""
    before, after = change.before, change.after
    assert before is not None and after is not None
    added = [u for u in after.updates if u not in before.updates]
    return "".join(f"<br>logged {u.date.isoformat()}: {text(u.note)}" for u in added)


def _withdrawn(change: Change, config: Config) -> str:
    after = change.after
    if after is None or after.withdrawn is None:
        return f"{_item(change.claim, None)}: the file was deleted"
    return f"{_item(after, config)}<br>note: {text(after.withdrawn.note)}"


def _draft(claim: Claim) -> str:
    return f"{_link(claim, None)}: `{code(claim.source_path)}`"


def _reviewer(claim: Claim) -> str:
    if claim.reviewed_by is None:
        return "newly published with no `reviewed_by`"
    return f"its reviewer is its checker (`{code(claim.reviewed_by)}`)"


def _coverage(before: Fraction | None, after: Fraction) -> str:
    was = percent(before) if before is not None else "no site"
    return f"**Coverage** of check-worthy sentences: {was} → {percent(after)}\n"
