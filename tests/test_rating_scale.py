"""ClaimReview bestRating and worstRating come from the scale's declared bounds, not the ratings in use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from factsite.check.conflicts import status_conflicts
from factsite.cli.main import main
from factsite.errors import ContentErrors
from factsite.load.content import load_site
from factsite.render.structured import rating

STATUSES = """
[[statuses]]
id = "accurate"
label = "Accurate"
meaning = "Supported by the evidence."
color = "#1a7f37"
rating = 4

[[statuses]]
id = "inaccurate"
label = "Inaccurate"
meaning = "Contradicted by the evidence."
color = "#cf222e"
rating = 2

[[statuses]]
id = "unverified"
label = "Unverified"
meaning = "Could not be checked."
color = "#57606a"
"""


def with_scale(site_root: Path, scale: str = "", statuses: str = STATUSES) -> Path:
    """The sample site with `statuses` instead of its own and a [rating_scale] table, if given."""
    config = (site_root / "site.toml").read_text("utf-8")
    head = config.split("[[statuses]]", 1)[0]
    (site_root / "site.toml").write_text(head + scale + statuses, "utf-8")
    return site_root


def review(site_root: Path, key: str = "city-budget/budget-rose-by-a-third") -> dict[str, Any]:
    out = site_root.parent / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    page = (out / "claims" / key / "index.html").read_text("utf-8")
    data: dict[str, Any] = json.loads(page.split('type="application/ld+json">')[1].split("</script>")[0])
    return data


def test_a_scale_using_only_4_and_2_publishes_the_default_bounds_5_and_1(site_root: Path) -> None:
    found = review(with_scale(site_root))["reviewRating"]
    assert (found["ratingValue"], found["bestRating"], found["worstRating"]) == (4, 5, 1)


def test_declared_bounds_are_published(site_root: Path) -> None:
    found = review(with_scale(site_root, "[rating_scale]\nbest = 10\nworst = 0\n\n"))["reviewRating"]
    assert (found["ratingValue"], found["bestRating"], found["worstRating"]) == (4, 10, 0)


def test_adding_a_status_does_not_change_other_claims_markup(site_root: Path) -> None:
    before = review(with_scale(site_root))
    extra = '\n[[statuses]]\nid = "true"\nlabel = "True"\nmeaning = "All."\ncolor = "#0a5c2a"\nrating = 5\n'
    after = review(with_scale(site_root, statuses=STATUSES + extra))
    assert after == before


def test_a_rating_outside_the_bounds_is_an_error_at_its_line(site_root: Path) -> None:
    with_scale(site_root, "[rating_scale]\nbest = 3\n\n")
    with pytest.raises(ContentErrors) as caught:
        load_site(site_root)
    (error,) = caught.value.errors
    text = (site_root / "site.toml").read_text("utf-8").splitlines()
    assert text[error.line - 1] == "rating = 4"
    assert error.message == "statuses[0].rating: 4 is outside the rating scale, 1 to 3"
    assert "[rating_scale]" in error.hint


def test_best_must_be_above_worst(site_root: Path) -> None:
    with_scale(site_root, "[rating_scale]\nbest = 1\nworst = 1\n\n")
    with pytest.raises(ContentErrors) as caught:
        load_site(site_root)
    messages = [e.message for e in caught.value.errors]
    assert "rating_scale: best (1) must be greater than worst (1)" in messages


def test_a_status_that_is_no_verdict_gives_no_numbers(site_root: Path) -> None:
    config = load_site(with_scale(site_root, "[rating_scale]\nbest = 4\nworst = 2\n\n")).config
    assert rating(config, "unverified") == {"@type": "Rating", "alternateName": "Unverified"}
    assert rating(config, "inaccurate")["worstRating"] == 2


def test_computed_checks_still_hold_the_top_rating_in_use_to_its_word(site_root: Path) -> None:
    """The best rating in use (4 here, below the bound 5) still may not carry a contradiction."""
    path = with_scale(site_root) / "content/claims/city-budget/budget-rose-by-a-third.yaml"
    checks = "checks:\n  - kind: sum\n    items: [100, 200]\n    stated: 400\n"
    path.write_text(path.read_text("utf-8") + checks, "utf-8")
    (error,) = status_conflicts(load_site(site_root))
    assert error.message.startswith("computed check 'sum' contradicts the status 'accurate'")
