"""Mark claimed passages in an article's text as HTML.

Passages may overlap. The text is cut at every passage boundary; each piece
links to the shortest passage that covers it, so links never nest.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from ..model import Block, Claim


def highlighted(
    block: Block, claims: Sequence[Claim], link: Callable[[Claim], str], describe: Callable[[Claim], str]
) -> Markup:
    """The block's text with each claim's passage as a link to that claim."""
    mine = [c for c in claims if c.passage.anchor.block == block.index]
    cuts = sorted(
        {0, len(block.text)} | {c.passage.anchor.start for c in mine} | {c.passage.anchor.end for c in mine}
    )
    started: set[str] = set()
    out: list[str] = []
    for start, end in itertools.pairwise(cuts):
        text = escape(block.text[start:end])
        covering = [c for c in mine if c.passage.anchor.start <= start and c.passage.anchor.end >= end]
        for claim in mine:
            if claim.passage.anchor.start == start and claim.id not in started:
                started.add(claim.id)
                owner = min(covering, key=_length) if covering else None
                if owner is not claim:
                    out.append(f'<span class="anchor" id="claim-{escape(claim.id)}"></span>')
        if not covering:
            out.append(str(text))
            continue
        owner = min(covering, key=_length)
        ident = f' id="claim-{escape(owner.id)}"' if owner.passage.anchor.start == start else ""
        draft = owner.draft
        tag = DRAFT_TAG if draft and owner.passage.anchor.end == end else ""
        out.append(
            f'<a class="hl{" draft" if draft else ""}" data-status="{escape(owner.status)}"'
            f' href="{escape(link(owner))}"{ident}'
            f' title="{"DRAFT, not published: " if draft else ""}{escape(describe(owner))}">{text}{tag}</a>'
        )
    return Markup("".join(out))


DRAFT_TAG = '<span class="draft-tag">Draft</span>'  # a draft's mark, `build --drafts` and serve only


def _length(claim: Claim) -> int:
    return claim.passage.anchor.end - claim.passage.anchor.start


def marked(block: Block, claim: Claim) -> Markup:
    """The block's text with one claim's passage in <mark>, for the claim's own page."""
    anchor = claim.passage.anchor
    text = block.text
    return Markup("{}<mark>{}</mark>{}").format(
        text[: anchor.start], text[anchor.start : anchor.end], text[anchor.end :]
    )
