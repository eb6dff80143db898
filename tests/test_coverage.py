"""Claim coverage: check-worthy sentences, why each was picked, and which claims cover them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.check import coverage
from factsite.cli.main import main
from factsite.load.content import load_site
from tests.htmlparse import find_all

Write = Callable[[str, str], Path]

ARTICLE = """\
---
title: "Bridges closed, officials say"
---

Bridges closed, officials say

Officials said 12 bridges were closed on Monday. The river is wide. The majority of residents agreed.

Mayor Ann Lee said the plan works. It rained in the U.S. capital on Feb. 1 and again later.

READ MORE: COUNCIL VOTES 2 TO 1 ON THE BUDGET
"""

CLAIM = """\
claim: Officials said 12 bridges were closed.
passage:
  quote: 12 bridges were closed
claimant: city-council
status: unverified
summary: No record is cited.
explanation: The city's closure list would settle it.
evidence: []
checked_on: 2024-03-06
topics: [transport]
"""


@pytest.fixture
def bridges(site_root: Path, write: Write) -> Path:
    write("content/articles/bridges.md", ARTICLE)
    write("content/claims/bridges/twelve-bridges.yaml", CLAIM)
    return site_root


def bridges_coverage(root: Path) -> coverage.ArticleCoverage:
    return next(c for c in coverage.report(load_site(root)) if c.article.slug == "bridges")


def test_sentences_are_picked_for_stated_reasons(bridges: Path) -> None:
    found = {s.text: s.reasons for s in bridges_coverage(bridges).sentences}
    assert found == {
        "Officials said 12 bridges were closed on Monday.": (
            "a date: Monday",
            "a number: 12",
            "a reported statement: said (Officials)",
        ),
        "The majority of residents agreed.": ("a word of quantity: majority",),
        "Mayor Ann Lee said the plan works.": ("a reported statement: said (Mayor Ann Lee)",),
        "It rained in the U.S. capital on Feb. 1 and again later.": ("a date: Feb. 1",),
    }


def test_headlines_and_promotions_are_not_counted_and_say_why(bridges: Path) -> None:
    skipped = {s.text: why for s, why in bridges_coverage(bridges).skipped}
    assert set(skipped) == {"Bridges closed, officials say", "READ MORE: COUNCIL VOTES 2 TO 1 ON THE BUDGET"}
    assert "headline" in skipped["Bridges closed, officials say"]
    assert "capitals" in skipped["READ MORE: COUNCIL VOTES 2 TO 1 ON THE BUDGET"]


def test_a_claim_covers_the_sentences_its_passage_overlaps(bridges: Path) -> None:
    result = bridges_coverage(bridges)
    covered = [s.text for s in result.sentences if s.claims]
    assert covered == ["Officials said 12 bridges were closed on Monday."]
    assert (result.covered, len(result.sentences), coverage.percent(result.share)) == (1, 4, "25%")


def test_an_article_with_nothing_to_check_is_fully_covered(site_root: Path, write: Write) -> None:
    write("content/articles/calm.md", '---\ntitle: "Calm"\n---\n\nThe river is wide.\n')
    calm = next(c for c in coverage.report(load_site(site_root)) if c.article.slug == "calm")
    assert calm.sentences == ()
    assert calm.share == 100


def test_the_command_prints_each_unclaimed_sentence_with_its_reasons(
    bridges: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(bridges), "coverage"]) == 0
    out = capsys.readouterr().out
    assert "bridges: 1 of 4 check-worthy sentences covered (25%)" in out
    assert "content/articles/bridges.md:7: The majority of residents agreed." in out
    assert "      why: a word of quantity: majority" in out
    assert "Officials said 12 bridges" not in out
    assert "(not counted: set in capitals" in out
    assert out.rstrip().splitlines()[-1].startswith("all articles: ")


def test_min_fails_when_an_article_falls_below_it(bridges: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(bridges), "coverage", "--min", "25"]) == 0
    assert main(["--root", str(bridges), "coverage", "--min", "25.5"]) == 1
    assert "error: bridges: coverage 25% is below 25.5%" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["abc", "-1", "101"])
def test_min_must_be_a_percentage(bridges: Path, value: str) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--root", str(bridges), "coverage", "--min", value])
    assert caught.value.code == 2


def test_the_report_is_a_summary_and_a_page_per_article_for_editors(bridges: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(bridges), "build", "--out", str(out)]) == 0
    summary, page = out / "coverage/index.html", out / "coverage/bridges/index.html"
    for editors_only in (summary, page):
        assert find_all(editors_only, "meta", name="robots")[0].attrs["content"] == "noindex"
        assert "coverage/" not in (out / "sitemap.xml").read_text("utf-8")
    assert "bridges/index.html" in [a.attrs["href"] for a in find_all(summary, "a")]
    assert "Why:" not in summary.read_text("utf-8")  # the sentences are on the article's page
    items = [" ".join(li.text.split()) for li in find_all(page, "li") if li.text.strip().startswith("The ")]
    assert "The majority of residents agreed. Line 7. Why: a word of quantity: majority." in items
    links = [a.attrs["href"] for a in find_all(page, "a")]
    assert "../../articles/bridges/index.html#p-1" in links and "../index.html" in links
    methodology = [a.attrs["href"] for a in find_all(out / "methodology/index.html", "a")]
    assert "../coverage/index.html" in methodology
    navigation = [a.attrs["href"] for a in find_all(out / "index.html", "a") if "coverage" in a.attrs["href"]]
    assert navigation == []


def test_sentences_are_remembered_by_the_paragraph_text_alone(bridges: Path) -> None:
    """An edit elsewhere (a claim, the front matter) splits no paragraph into sentences again."""
    coverage.worthy_sentences.cache_clear()
    bridges_coverage(bridges)
    first = coverage.worthy_sentences.cache_info()
    bridges_coverage(bridges)  # a new load: new article objects, the same paragraph texts
    again = coverage.worthy_sentences.cache_info()
    assert again.misses == first.misses and again.hits > first.hits


def test_no_coverage_page_grows_with_the_archive(site_root: Path, tmp_path: Path) -> None:
    """Forty articles: the summary holds a row per article, each article's sentences are on its page."""
    body = " ".join(f"In 2024 the office counted {n} cases, officials said." for n in range(30))
    for a in range(40):
        article = f'---\ntitle: "Article {a}"\npublisher: "P"\npublished: 2024-01-02\n---\n\n{body}\n'
        (site_root / "content" / "articles" / f"gen-{a:02d}.md").write_text(article, "utf-8")
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out), "--no-search"]) == 0
    pages = sorted((out / "coverage").rglob("index.html"))
    assert len(pages) == 1 + 2 + 40  # the summary and each article's page (the sample has two)
    one = (out / "coverage/gen-00/index.html").stat().st_size
    summary = (out / "coverage/index.html").stat().st_size
    assert summary < 40 * one / 4  # a row per article, not its sentences
    assert max(p.stat().st_size for p in pages) < 2_000_000
