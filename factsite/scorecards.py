"""What claimant pages show: each claimant's claims by rating, and the counts per rating (the scorecard).

Pure functions of the model, called when a page is rendered (render.py plans
the pages). The claims come grouped per article (groups.py), so that after an
edit only the edited article's groups are made again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from . import groups
from .model import Claim, Claimant, Config

KIND_HEADINGS = {
    "person": "People",
    "organization": "Organisations",
    "publication": "The articles themselves",
}


def claimant_path(claimant: Claimant) -> str:
    """The site path of a claimant's page, e.g. 'claimants/thomas-decker/'."""
    return f"claimants/{claimant.key}/"


@dataclass(frozen=True)
class Row:
    """One claimant in the index: who, and how many claims of each rating (only ratings it has)."""

    claimant: Claimant
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def counts(config: Config, claims: Iterable[Claim]) -> dict[str, int]:
    """Claims per rating, in the scale's order, leaving out ratings with none: {"accurate": 3, ...}."""
    found = Counter(c.status for c in claims)
    return {s.id: found[s.id] for s in config.statuses if found[s.id]}


def claimant_context(config: Config, claimant: Claimant, runs: list[tuple[Claim, ...]]) -> dict[str, Any]:
    """A claimant page's variables: its claims in reading order, grouped by rating in the scale's order."""
    claims = groups.joined(runs)
    by_status = {s.id: tuple(c for c in claims if c.status == s.id) for s in config.statuses}
    return {
        "claimant": claimant,
        "claims": claims,
        "by_status": {s: found for s, found in by_status.items() if found},
        "counts": counts(config, claims),
        "reported": sum(c.as_reported for c in claims),
    }


def index_context(
    config: Config, claimants: tuple[Claimant, ...], found: list[groups.Groups]
) -> dict[str, Any]:
    """The claimants index: every claimant with its counts, in sections by kind (people first)."""
    per_key = groups.by_claimant(found)
    rows = [Row(c, counts(config, groups.joined(per_key.get(c.key, [])))) for c in claimants]
    sections = [
        (kind, heading, [r for r in rows if r.claimant.kind == kind])
        for kind, heading in KIND_HEADINGS.items()
    ]
    return {"sections": [s for s in sections if s[2]], "total": len(claimants)}
