"""Claimants: declared once in content/claimants/, named by key in claims, each with a page and scorecard."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.cli import main
from factsite.content import load_site
from factsite.errors import ContentError, ContentErrors
from tests.htmlparse import elements, find_all, text_of

Write = Callable[[str, str], Path]
ROADS = "content/claims/city-budget/roads-fell-again.yaml"  # claimant: {key: city-council, as_reported: true}
BRIDGE = "content/claims/river-bridge/ninety-days.yaml"  # claimant: the-article
COUNCIL = "content/claimants/city-council.yaml"
PERSON = "name: Jane Roe\nkind: person\nrole: Mayor of the city\n"


def errors_of(root: Path) -> tuple[ContentError, ...]:
    with pytest.raises(ContentErrors) as caught:
        load_site(root)
    return caught.value.errors


def replace(root: Path, write: Write, path: str, old: str, new: str) -> None:
    text = (root / path).read_text("utf-8")
    assert old in text, (path, old)
    write(path, text.replace(old, new, 1))


@pytest.fixture
def built(site_root: Path, write: Write, tmp_path: Path) -> Path:
    """The sample site with a person as the claimant of the river-bridge claim."""
    write("content/claimants/jane-roe.yaml", PERSON)
    replace(site_root, write, BRIDGE, "claimant: the-article", "claimant: {key: jane-roe, as_reported: true}")
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    return out


# Declared once, named by key


def test_a_claim_names_its_claimant_by_key_and_gets_the_declared_claimant(site_root: Path) -> None:
    site = load_site(site_root)
    claims = {c.id: c for c in site.claims}
    council = claims["roads-fell-again"].claimant
    assert (council.key, council.name, council.kind) == ("city-council", "The city council", "organization")
    assert council.source_path == COUNCIL
    assert claims["budget-rose-by-a-third"].claimant is claims["ninety-days"].claimant  # declared once
    assert [c.key for c in site.claimants] == ["the-article", "city-council"]  # by name


def test_as_reported_is_an_attribution_not_part_of_the_name(site_root: Path) -> None:
    claims = {c.id: c for c in load_site(site_root).claims}
    assert claims["roads-fell-again"].as_reported
    assert claims["roads-fell-again"].claimant.name == "The city council"
    assert not claims["budget-rose-by-a-third"].as_reported


def test_an_unknown_claimant_is_an_error_with_a_did_you_mean(site_root: Path, write: Write) -> None:
    replace(site_root, write, BRIDGE, "claimant: the-article", "claimant: the-artcle")
    (error,) = errors_of(site_root)
    assert (error.path, error.line, error.col) == (BRIDGE, 4, 11)
    assert error.message == "unknown claimant 'the-artcle'"
    assert error.hint.startswith("did you mean 'the-article'?")
    assert "content/claimants/<key>.yaml" in error.hint


def test_an_unknown_key_in_the_mapping_form_is_reported_at_the_key(site_root: Path, write: Write) -> None:
    replace(site_root, write, ROADS, "key: city-council", "key: city-counsil")
    (error,) = errors_of(site_root)
    assert (error.path, error.line, error.col) == (ROADS, 6, 17)
    assert "did you mean 'city-council'?" in error.hint


def test_free_text_from_before_keys_points_to_the_key(site_root: Path, write: Write) -> None:
    replace(site_root, write, BRIDGE, "claimant: the-article", "claimant: The article")
    (error,) = errors_of(site_root)
    assert error.message == "unknown claimant 'The article'"
    assert "did you mean 'the-article'?" in error.hint


def test_the_publication_itself_cannot_be_as_reported(site_root: Path, write: Write) -> None:
    replace(
        site_root, write, BRIDGE, "claimant: the-article", "claimant: {key: the-article, as_reported: true}"
    )
    (error,) = errors_of(site_root)
    assert error.path == BRIDGE and "is the publication itself" in error.message
    assert "without as_reported" in error.hint


def test_a_claimant_of_the_wrong_type_names_both_forms(site_root: Path, write: Write) -> None:
    replace(site_root, write, BRIDGE, "claimant: the-article", "claimant: [ice, the-article]")
    (error,) = errors_of(site_root)
    assert error.message == "claimant must be text or a mapping of fields, not a list"


def test_an_unquoted_number_is_read_as_a_key_as_written(site_root: Path, write: Write) -> None:
    replace(site_root, write, BRIDGE, "claimant: the-article", "claimant: 042")
    (error,) = errors_of(site_root)
    assert error.message == "unknown claimant '042'"


@pytest.mark.parametrize(
    ("text", "line", "col", "message", "hint"),
    [
        (PERSON.replace("person", "organisation"), 2, 7, "'organisation' is not one of", "'organization'"),
        (PERSON + "wikidata: q42\n", 4, 11, "is not in the expected form", "Wikidata item id"),
        (PERSON + "wikidata: Q0\n", 4, 11, "is not in the expected form", "Wikidata item id"),
        (PERSON + 'wikidata: "Q42\\n"\n', 4, 11, "has a line break in it", "write it on one line"),
        (PERSON + "wikidata: Q42x\n", 4, 11, "is not in the expected form", "Q"),
        (PERSON + "url: javascript:alert(1)\n", 4, 6, "is not an http(s) link", "https://"),
        (PERSON.replace("role: Mayor of the city\n", ""), 1, 1, "missing required field 'role'", "role:"),
        (PERSON + "title: Mayor\n", 4, 1, "unknown field 'title'", "known fields"),
    ],
)
def test_a_claimant_file_error_names_its_line_and_column_with_a_hint(
    site_root: Path, write: Write, text: str, line: int, col: int, message: str, hint: str
) -> None:
    write("content/claimants/jane-roe.yaml", text)
    (error,) = errors_of(site_root)
    assert (error.path, error.line, error.col) == ("content/claimants/jane-roe.yaml", line, col)
    assert message in error.message and hint in error.hint


def test_claims_of_a_broken_claimant_file_get_no_second_error(site_root: Path, write: Write) -> None:
    write(COUNCIL, "name: The city council\nkind: council\nrole: x\n")
    replace(site_root, write, BRIDGE, "status: inaccurate", "status: inacurate")
    errors = errors_of(site_root)
    assert [(e.path, e.line) for e in errors] == [(COUNCIL, 2), (BRIDGE, 5)]  # all in one run


def test_a_claimant_file_name_is_its_key(site_root: Path, write: Write) -> None:
    write("content/claimants/Jane_Roe.yaml", PERSON)
    (error,) = errors_of(site_root)
    assert error.path == "content/claimants/Jane_Roe.yaml" and "not a valid name" in error.message


# Pages


def test_each_claimant_has_a_page_with_its_claims_grouped_by_rating(built: Path) -> None:
    page = built / "claimants/city-council/index.html"
    assert [h.text for h in find_all(page, "h1")] == ["The city council"]
    sections = find_all(page, "section", class_="claimant-rating")
    assert [s.attrs["aria-labelledby"] for s in sections] == ["rating-unverified"]
    links = [a.attrs["href"] for a in find_all(page, "a", class_="claim-item-title")]
    assert links == ["../../claims/city-budget/roads-fell-again/index.html"]
    assert "1 claim checked, as an article reports it." in text_of(page)


def test_the_scorecard_counts_every_rating_in_the_scales_order(built: Path) -> None:
    page = built / "claimants/the-article/index.html"
    rows = [e for e in elements(page) if e.tag == "li" and e.attrs.get("class", "") in ("", "none")]
    counts = [(r.attrs["data-status"], r.text.split()[-1]) for r in rows if "data-status" in r.attrs]
    assert counts == [("accurate", "1"), ("inaccurate", "0"), ("unverified", "0")]
    (bar,) = find_all(page, "div", class_="status-bar")
    assert bar.attrs["aria-label"] == "Ratings of the claims by The article: 1 accurate"


def test_the_index_lists_every_claimant_by_kind_with_counts(built: Path) -> None:
    page = built / "claimants/index.html"
    assert [h.text for h in find_all(page, "h2")] == ["People", "Organisations", "The articles themselves"]
    names = [h.text.strip() for h in find_all(page, "h3")]
    assert names == ["Jane Roe", "The city council", "The article"]
    text = text_of(page)
    assert "1 claim checked" in text and "1 inaccurate" in text and "1 unverified" in text


def test_a_claim_page_links_its_claimant_with_role_and_attribution(built: Path) -> None:
    page = built / "claims/river-bridge/ninety-days/index.html"
    links = find_all(page, "a", class_="claimant-link")
    assert {a.attrs["href"] for a in links} == {"../../../claimants/jane-roe/index.html"}
    assert "Claimant: Jane Roe, Mayor of the city, as reported by the article." in text_of(page)
    publication = built / "claims/city-budget/budget-rose-by-a-third/index.html"
    assert "Claimant: The article (The Sample Gazette)." in text_of(publication)


def test_claimant_pages_are_in_the_navigation_and_the_sitemap(built: Path) -> None:
    links = find_all(built / "index.html", "a")
    assert "claimants/index.html" in {a.attrs["href"] for a in links}
    sitemap = (built / "sitemap.xml").read_text("utf-8")
    for key in ("", "jane-roe/", "city-council/", "the-article/"):
        assert f"<loc>https://checks.example.org/sub/claimants/{key}</loc>" in sitemap


def test_claimant_pages_need_no_javascript(built: Path) -> None:
    for page in (built / "claimants").rglob("*.html"):
        assert "<script" not in page.read_text("utf-8"), page


def test_a_claimant_without_claims_still_has_a_page(site_root: Path, write: Write, tmp_path: Path) -> None:
    write("content/claimants/jane-roe.yaml", PERSON)
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    assert "No claims yet." in text_of(out / "claimants/jane-roe/index.html")


def test_the_csv_download_gives_the_claimant_key_kind_and_attribution(built: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((built / "downloads/claims.csv").read_text("utf-8"))))
    found = {r["id"]: (r["claimant"], r["claimant_key"], r["claimant_kind"], r["as_reported"]) for r in rows}
    assert found["river-bridge/ninety-days"] == ("Jane Roe", "jane-roe", "person", "true")
    assert found["city-budget/budget-rose-by-a-third"] == (
        "The article",
        "the-article",
        "publication",
        "false",
    )
