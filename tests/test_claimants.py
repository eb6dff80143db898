"""Claimants: declared once in content/claimants/, named by key in claims, each with a page and scorecard."""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.build.loadcache import ContentCache
from factsite.build.scan import CONTENT_TOPS, scan
from factsite.cli.main import main
from factsite.errors import ContentError, ContentErrors
from factsite.load.content import load_site
from factsite.load.messages import choices_hint
from factsite.load.schema import load_schema
from tests.htmlparse import elements, find_all, text_of

Write = Callable[[str, str], Path]
ROADS = "content/claims/city-budget/roads-fell-again.yaml"  # claimant: {key: city-council, as_reported: true}
BRIDGE = "content/claims/river-bridge/ninety-days.yaml"  # claimant: the-article
COUNCIL = "content/claimants/city-council.yaml"
PERSON = "name: Jane Roe\nkind: person\nrole: Mayor of the city\n"
ICE = "name: U.S. Immigration and Customs Enforcement (ICE)\nkind: organization\nrole: A federal agency\n"


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
    assert error.hint.startswith("did you mean `claimant: the-article`? Or declare it in")


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        (
            '"Thomas Decker, ICE New York Field Office Director (as reported)"',
            "{key: thomas-decker, as_reported: true}",
        ),
        ('"Thomas  DECKER (As Reported by the Daily News)"', "{key: thomas-decker, as_reported: true}"),
        ('"Thomas Decker, ICE New York Field Office Director"', "thomas-decker"),
        ('"ICE (as reported)"', "{key: ice, as_reported: true}"),
        ('"U.S. Immigration and Customs Enforcement (ICE), as reported"', "{key: ice, as_reported: true}"),
    ],
)
def test_a_leftover_free_text_claimant_gets_the_key_whose_name_it_holds(
    site_root: Path, write: Write, written: str, suggested: str
) -> None:
    write("content/claimants/thomas-decker.yaml", "name: Thomas Decker\nkind: person\nrole: Director\n")
    write("content/claimants/ice.yaml", ICE)
    replace(site_root, write, BRIDGE, "claimant: the-article", f"claimant: {written}")
    (error,) = errors_of(site_root)
    assert error.message.startswith("unknown claimant")
    assert error.hint.startswith(f"did you mean `claimant: {suggested}`?")


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
        (PERSON + "wikidata: q42\n", 4, 11, "is not in the expected form", "wikidata: Q42"),
        (PERSON + "wikidata: https://www.wikidata.org/wiki/Q42\n", 4, 11, "expected form", "wikidata: Q42"),
        (PERSON + "wikidata: http://www.wikidata.org/entity/Q7\n", 4, 11, "expected form", "wikidata: Q7"),
        (PERSON + "url: ftp://example.org/\n", 4, 6, "is not an http(s) link", "http:// or https://"),
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
    assert error.hint.startswith("rename it to jane-roe.yaml: ")


def test_a_badly_named_claimant_file_gets_a_claimant_key_as_its_example(
    site_root: Path, write: Write
) -> None:
    write("content/claimants/Xy.yaml", PERSON)
    (error,) = errors_of(site_root)
    assert error.hint == (
        "rename it to xy.yaml: use lowercase letters, digits and single hyphens, "
        "e.g. thomas-decker (the file name is the key claims use)"
    )


def test_a_claimant_may_have_an_http_address(site_root: Path, write: Write) -> None:
    write("content/claimants/jane-roe.yaml", PERSON + "url: http://example.org/jane\n")
    replace(site_root, write, BRIDGE, "claimant: the-article", "claimant: jane-roe")
    claims = {c.id: c for c in load_site(site_root).claims}
    assert claims["ninety-days"].claimant.url == "http://example.org/jane"


def test_the_claimant_schema_says_http_or_https_as_the_check_does() -> None:
    description = load_schema("claimant")["properties"]["url"]["description"]
    assert "http(s)" in description and "http:// or https://" in description


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("content/claimants/sub/alice.yaml", PERSON),
        ("content/claimants/alice.yml", PERSON),
        ("content/claimants/alice.txt", PERSON),
        ("content/articles/sub/other.md", "---\ntitle: Other\n---\n\nText.\n"),
        ("content/pages/sub/about.md", "---\ntitle: About\n---\n\nText.\n"),
        ("content/claims/city-budget/sub/extra.yaml", "claim: x\n"),
    ],
)
def test_a_file_in_a_subfolder_or_of_another_kind_is_an_error_not_ignored(
    site_root: Path, write: Write, path: str, text: str
) -> None:
    write(path, text)
    (error,) = errors_of(site_root)
    parent = path.rpartition("/")[0]
    if "/sub/" in path:
        folder = parent.removesuffix("/sub")
        assert error.path == parent and error.message == f"a folder inside {folder}/ is not read"
        assert error.hint.startswith(f"move its files into {folder}/ itself")
    else:
        assert error.path == path and error.message.startswith("unexpected file: expected a '.yaml' file")


# Editors' mistakes in declaring claimants


@pytest.mark.parametrize(
    ("name", "alone"),
    [
        ("Thomas Decker (as reported)", "Thomas Decker"),
        ("Thomas Decker (AS  Reported)", "Thomas Decker"),
        ("Thomas Decker (as reported by the Daily News)", "Thomas Decker"),
        ("Thomas Decker, as reported by the Daily News", "Thomas Decker"),
        ("Thomas Decker as\u00a0reported", "Thomas Decker"),
    ],
)
def test_as_reported_in_a_claimant_name_is_an_error_pointing_to_the_attribution(
    site_root: Path, write: Write, name: str, alone: str
) -> None:
    write("content/claimants/thomas-decker.yaml", f'name: "{name}"\nkind: person\nrole: Director\n')
    (error,) = errors_of(site_root)
    assert (error.path, error.line, error.col) == ("content/claimants/thomas-decker.yaml", 1, 7)
    assert "says how a claim reaches us, not who the claimant is" in error.message
    assert error.hint == (
        f"write `name: {alone}`, and mark each claim that reports the claimant's words with "
        "`claimant: {key: thomas-decker, as_reported: true}`"
    )


def test_as_reported_in_a_role_is_an_error_too(site_root: Path, write: Write) -> None:
    write("content/claimants/jane-roe.yaml", PERSON.replace("Mayor of the city", "Mayor (as reported)"))
    (error,) = errors_of(site_root)
    assert (error.line, error.col) == (3, 7) and error.hint.startswith("write `role: Mayor`")


@pytest.mark.parametrize("name", ["Jane Roe", "jane  roe", "JANE ROE", " Jane\tRoe "])
def test_two_claimants_with_the_same_name_are_an_error_at_the_second_file(
    site_root: Path, write: Write, name: str
) -> None:
    write("content/claimants/jane-roe.yaml", PERSON)
    write("content/claimants/roe-jane.yaml", PERSON.replace("Jane Roe", f'"{name}"'))
    (error,) = errors_of(site_root)
    assert (error.path, error.line, error.col) == ("content/claimants/roe-jane.yaml", 1, 7)
    assert "as claimant 'jane-roe' (content/claimants/jane-roe.yaml)" in error.message
    assert "delete this file and name 'jane-roe' in its claims" in error.hint


def test_names_are_compared_in_one_unicode_form(site_root: Path, write: Write) -> None:
    write("content/claimants/zoe.yaml", PERSON.replace("Jane Roe", "Zo\u00eb Roe"))  # ë, one character
    write("content/claimants/zoe-roe.yaml", PERSON.replace("Jane Roe", "Zoe\u0308 Roe"))  # e + diaeresis
    (error,) = errors_of(site_root)
    assert error.path == "content/claimants/zoe-roe.yaml" and "as claimant 'zoe'" in error.message


@pytest.mark.parametrize("empty", [False, True])
def test_no_claimants_at_all_is_one_error_naming_the_folder(site_root: Path, empty: bool) -> None:
    shutil.rmtree(site_root / "content/claimants")
    if empty:
        (site_root / "content/claimants").mkdir()
    (error,) = errors_of(site_root)
    assert error.path == "content/claimants"
    where = "content/claimants/ declares no claimants" if empty else "there is no content/claimants/"
    assert error.message == f"{where}, but every claim names its claimant"
    assert error.hint.startswith("add content/claimants/<key>.yaml for each claimant the claims name")
    with pytest.raises(ContentErrors) as cached:  # the incremental loader says the same
        ContentCache(site_root).load(scan(site_root, CONTENT_TOPS))
    assert cached.value.errors == (error,)


def test_an_empty_list_of_choices_reads_as_english(site_root: Path, write: Write) -> None:
    toml = (site_root / "site.toml").read_text("utf-8")
    start, end = toml.index("[[topics]]"), toml.index("[[statuses]]")
    write(
        "site.toml", toml[:start].replace('language = "en"\n', 'language = "en"\ntopics = []\n') + toml[end:]
    )
    hints = {e.hint for e in errors_of(site_root)}
    assert "There are no topics in site.toml" in hints
    assert (
        choices_hint("x", [], "claimants in content/claimants/")
        == "There are no claimants in content/claimants/"
    )
    assert choices_hint("budgte", ["budget"], "topics in site.toml") == (
        "did you mean 'budget'? The topics in site.toml are: budget"
    )


# Pages


def test_each_claimant_has_a_page_with_its_claims_grouped_by_rating(built: Path) -> None:
    page = built / "claimants/city-council/index.html"
    assert [h.text for h in find_all(page, "h1")] == ["The city council"]
    sections = find_all(page, "section", class_="claimant-rating")
    assert [s.attrs["aria-labelledby"] for s in sections] == ["rating-unverified"]
    links = [a.attrs["href"] for a in find_all(page, "a", class_="claim-item-title")]
    assert links == ["../../claims/city-budget/roads-fell-again/index.html"]


def test_the_scorecard_counts_every_rating_in_the_scales_order(built: Path) -> None:
    page = built / "claimants/jane-roe/index.html"
    assert [h.text for h in find_all(page, "h2", id="scorecard-heading")] == ["Scorecard"]
    assert "1 claim checked, as an article reports it." in text_of(page)
    rows = [e for e in elements(page) if e.tag == "li" and e.attrs.get("class", "") in ("", "none")]
    counts = [(r.attrs["data-status"], r.text.split()[-1]) for r in rows if "data-status" in r.attrs]
    assert counts == [("accurate", "0"), ("inaccurate", "1"), ("unverified", "0")]
    (bar,) = find_all(page, "div", class_="status-bar")
    assert bar.attrs["aria-label"] == "Ratings of the claims by Jane Roe: 1 inaccurate"


def test_claims_without_a_verdict_are_listed_not_drawn_as_a_scorecard(built: Path) -> None:
    page = built / "claimants/city-council/index.html"
    assert [h.text for h in find_all(page, "h2", id="scorecard-heading")] == ["Claims checked"]
    assert "1 claim, as an article reports it, without a verdict: 1 unverified." in text_of(page)
    html = page.read_text("utf-8")
    assert 'class="status-bar"' not in html and 'class="scorecard-list"' not in html
    card = next(
        li for li in find_all(built / "claimants/index.html", "li", class_="card") if "council" in li.text
    )
    assert "1 claim, none with a verdict" in " ".join(card.text.split())


def claim_items(page: Path) -> list[str]:
    return re.findall(r'<li class="claim-item".*?</li>', page.read_text("utf-8"), re.S)


@pytest.mark.parametrize(
    "path",
    ["claimants/jane-roe/index.html", "claimants/city-council/index.html", "status/inaccurate/index.html"],
)
def test_claims_under_their_ratings_heading_do_not_show_the_rating_again(built: Path, path: str) -> None:
    items = claim_items(built / path)
    assert items and all('class="badge' not in item for item in items)


@pytest.mark.parametrize(
    "path", ["claimants/the-article/index.html", "topics/budget/index.html", "index.html"]
)
def test_claims_listed_otherwise_show_their_rating(built: Path, path: str) -> None:
    items = claim_items(built / path)
    assert items and all('class="badge' in item for item in items)


def test_the_publication_itself_is_shown_article_by_article_not_as_one_track_record(
    site_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    page = out / "claimants/the-article/index.html"
    headings = [" ".join(h.text.split()) for h in find_all(page, "h2")]
    assert headings == [
        "Claims made in the articles’ own voice",
        "City budget grows by a third",
        "River bridge reopens",
    ]
    text = text_of(page)
    assert "2 claims from 2 articles, each a separate publication" in text
    assert "Publishers, where the articles name them: The Sample Gazette; 1 article names none." in text
    sections = find_all(page, "section", class_="claimant-article")
    assert [s.attrs["aria-labelledby"] for s in sections] == ["article-city-budget", "article-river-bridge"]
    bars = [b.attrs["aria-label"] for b in find_all(page, "div", class_="status-bar")]
    assert bars == [  # one per article, none adding up the articles
        "Ratings of the claims this article makes in its own voice: 1 accurate",
        "Ratings of the claims this article makes in its own voice: 1 inaccurate",
    ]
    card = next(
        li for li in find_all(out / "claimants/index.html", "li", class_="card") if "article" in li.text
    )
    assert "2 claims in 2 articles The Sample Gazette; 1 article names no publisher" in " ".join(
        card.text.split()
    )
    publications = (out / "claimants/index.html").read_text("utf-8").split('id="kind-publication"')[1]
    assert 'class="status-bar"' not in publications and 'class="counts"' not in publications


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


def test_a_claimant_without_claims_is_not_published_and_check_warns(
    site_root: Path, write: Write, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write("content/claimants/jane-roe.yaml", PERSON)
    assert main(["--root", str(site_root), "check"]) == 0
    warning = (
        "content/claimants/jane-roe.yaml:1:1: warning: no claim names claimant 'jane-roe', "
        "so it is not published\n    hint: name it in a claim (`claimant: jane-roe`), "
        "or delete the file if no claim needs it\n"
    )
    assert capsys.readouterr().err == warning
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    assert warning in capsys.readouterr().err
    assert not (out / "claimants/jane-roe").exists()
    assert "jane-roe" not in (out / "sitemap.xml").read_text("utf-8")
    assert "Jane Roe" not in text_of(out / "claimants/index.html")
    assert '<ul class="counts">\n</ul>' not in (out / "claimants/index.html").read_text("utf-8")


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
