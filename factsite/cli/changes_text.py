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
from ..model import Claim, Config, Evidence
from ..render.structured import absolute

MARKER = "<!-- factsite-changes -->"  # the workflow finds and updates the comment that carries it
LIMIT = 60_000  # characters of a comment body: GitHub refuses more than 65,536
_MENTION = re.compile(r"@(?=\w)")
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")


def text(value: str) -> str:
    """Content text made inert in Markdown: one line, every special character escaped."""
    return _quiet(_SPECIAL.sub(r"\\\1", " ".join(value.split())))


def _quiet(value: str) -> str:
    """No @mention that would notify anyone: a word joiner (U+2060) after each `@`."""
    return _MENTION.sub("@\u2060", value)


def code(value: str) -> str:
    """Content text for a code span: one line, no backtick to end it early."""
    return " ".join(value.split()).replace("`", "'")


def markdown(review: Review, config: Config, base: str, errors: Sequence[ContentError]) -> str:
    """The whole summary: a headline, then a section for each kind of change there is."""
    parts = [MARKER, f"## What this change does to readers (compared with `{code(base)}`)", ""]
    parts += _problems(errors, review)
    parts += _section("Ratings changed", [_rating(ch, config, review) for ch in review.ratings])
    parts += _section("Published", [_item(ch.claim, config) for ch in review.published])
    restored = [_restored(ch, config, review) for ch in review.restored]
    parts += _section("Published again after a withdrawal", restored)
    parts += _section("Withdrawn", [_withdrawn(ch, config) for ch in review.withdrawn])
    parts += _section("Withdrawal notices changed", [_notice(ch, config) for ch in review.notices])
    parts += _section("Summaries changed", [_summary(ch, config) for ch in review.summaries])
    parts += _section("Claim, claimant or passage changed", [_subject(ch, config) for ch in review.subjects])
    parts += _section("Explanation or checked date changed", [_texts(ch, config) for ch in review.texts])
    parts += _section("Evidence changed", [_evidence(ch, config) for ch in review.evidence])
    parts += _section("Still in draft (not published)", [_draft(c) for c in review.drafts])
    parts += _section("Articles added", [f"`{code(slug)}`" for slug in review.articles])
    parts += [_coverage(*review.coverage)]
    changed = (review.ratings, review.published, review.withdrawn, review.summaries, review.evidence)
    more = (review.subjects, review.texts, review.restored, review.notices)
    if not any(changed + more) and not errors:
        parts.insert(3, "No published verdict changes.\n")
    return "\n".join(parts) + "\n"


def comment(summary: str, limit: int = LIMIT) -> str:
    """The summary cut to fit a pull-request comment, saying how many list items were left out."""
    if len(summary) <= limit:
        return summary
    lines, kept, size = summary.splitlines(), [], 0
    for line in lines:
        if size + len(line) + 1 > limit - 300:  # room for the closing note
            break
        kept.append(line)
        size += len(line) + 1
    left = sum(1 for line in lines[len(kept) :] if line.startswith("- "))
    note = (
        f"**{left} more item(s) left out** to fit GitHub's comment limit: the full list is in this "
        "run's job summary and in the output of `build.py changes`."
    )
    return "\n".join([*kept, "", note]) + "\n"


def unloadable(base: str, errors: int) -> str:
    """The body when the working tree does not load: no comparison, the error count."""
    return (
        f"{MARKER}\n## What this change does to readers (compared with `{code(base)}`)\n\n"
        f"**The site does not load: {errors} error(s).** Run `python build.py check` and fix them; "
        "the comparison follows once it loads.\n"
    )


def _problems(errors: Sequence[ContentError], review: Review) -> list[str]:
    lines = [
        f"- `{code(e.path)}:{e.line}:{e.col}`: {_ours(e.message)}.<br>Fix: {_ours(e.hint)}." for e in errors
    ]
    found = _section("Corrections missing: this check fails", lines)
    flags = [f"{_item(c, None)}: {_reviewer(c)}" for c in review.unreviewed]
    return found + _section("Needs a second pair of eyes", flags)


def _ours(message: str) -> str:
    """A message of this tool (its `code` spans kept), escaped where it quotes content."""
    return _quiet(re.sub(r"([\\\[\]<>|~&])", r"\\\1", " ".join(message.split())))


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


def _rating(change: Change, config: Config, review: Review) -> str:
    before, after = change.before, change.after
    assert before is not None and after is not None
    was = _label(review.base_config or config, before.status)
    ratings = f"**{was} → {_label(config, after.status)}**"
    return f"{ratings}: {_item(after, config)}{_notes(change)}"


def _summary(change: Change, config: Config) -> str:
    before, after = change.before, change.after
    assert before is not None and after is not None
    was, now = text(before.summary), text(after.summary)
    return f"{_item(after, config)}<br>was: {was}<br>now: {now}{_notes(change)}"


def _subject(change: Change, config: Config) -> str:
    before, after = change.before, change.after
    assert before is not None and after is not None
    lines = [
        f"<br>{name} was: {text(str(was))}<br>{name} now: {text(str(now))}"
        for name, was, now in (
            ("claim", before.claim, after.claim),
            ("claimant", before.claimant.name, after.claimant.name),
            ("passage", before.passage.quote, after.passage.quote),
        )
        if was != now
    ]
    return f"{_item(after, config)}{''.join(lines)}{_notes(change)}"


def _texts(change: Change, config: Config) -> str:
    before, after = change.before, change.after
    assert before is not None and after is not None
    what = ["explanation rewritten"] if before.explanation != after.explanation else []
    if before.checked_on != after.checked_on:
        what.append(f"checked on {before.checked_on.isoformat()} → {after.checked_on.isoformat()}")
    return f"{_item(after, config)}: {'; '.join(what)}"


def _evidence(change: Change, config: Config) -> str:
    """Which sources were added, removed or changed (matched by title)."""
    before, after = change.before, change.after
    assert before is not None and after is not None
    was, now = {_source(e): e for e in before.evidence}, {_source(e): e for e in after.evidence}
    what = [f"added {text(t)}" for t in now if t not in was]
    what += [f"removed {text(t)}" for t in was if t not in now]
    what += [f"changed {text(t)}" for t in now if t in was and was[t] != now[t]]
    return f"{_item(after, config)}: {'; '.join(what) or 'sources reordered'}"


def _source(evidence: Evidence) -> str:
    return evidence.title or evidence.url or evidence.publisher or evidence.article or "an untitled source"


def _restored(change: Change, config: Config, review: Review) -> str:
    before, after = change.before, change.after
    assert before is not None and after is not None
    was, now = _label(review.base_config or config, before.status), _label(config, after.status)
    rated = f", rated **{was} → {now}**" if was != now else f", rated {now}"
    return f"{_item(after, config)}: its withdrawal is reversed{rated}{_notes(change)}"


def _notice(change: Change, config: Config) -> str:
    before, after = change.before, change.after
    assert before is not None and before.withdrawn is not None
    if after is None or after.withdrawn is None:
        return f"{_item(before, None)}: the file was deleted, and its notice page with it"
    was, now = before.withdrawn, after.withdrawn
    return (
        f"{_item(after, config)}<br>was: {was.date.isoformat()}: {text(was.note)}"
        f"<br>now: {now.date.isoformat()}: {text(now.note)}"
    )


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
