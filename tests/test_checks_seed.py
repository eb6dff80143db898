"""The seed claims that rest on arithmetic or dates carry computed checks that agree with their ratings."""

from __future__ import annotations

import pytest

from factsite.check.conflicts import status_conflicts
from factsite.load.content import load_site
from factsite.model import Site
from tests.conftest import REPO


@pytest.fixture(scope="module")
def site() -> Site:
    return load_site(REPO)


def test_no_computed_check_contradicts_a_rating(site: Site) -> None:
    assert [str(e) for e in status_conflicts(site)] == []


@pytest.mark.parametrize(
    ("key", "kinds", "consistent"),
    [
        ("ice-wanted-poster/majority-of-arrests-from-mexico", ["share"], [False]),
        ("nyc-440-released/ten-percent-committed-more-crime", ["percent-of", "share"], [False, False]),
        ("connecticut-detainer-arrest/nearly-two-months-after-release", ["span"], [False]),
        ("declined-detainer-report/vitiello-fox-news-monday", ["weekday"], [True]),
        ("declined-detainer-report/second-quarter-fiscal-2018", ["fiscal-quarter"], [True]),
        ("ice-wanted-poster/countries-list-names-brazil-twice", ["distinct", "sum"], [False, True]),
    ],
)
def test_the_examples_of_the_issue_are_computed(
    site: Site, key: str, kinds: list[str], consistent: list[bool]
) -> None:
    claim = next(c for c in site.claims if c.key == key)
    assert [c.kind for c in claim.checks] == kinds
    assert [c.consistent for c in claim.checks] == consistent
