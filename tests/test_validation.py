"""Every kind of content error is reported as path:line:col with a hint, all in one run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factsite.load.content import load_site
from tests.sitekit import CLAIM, VALID, Write, errors_of, only_error


def test_the_sample_site_is_valid(site_root: Path) -> None:
    site = load_site(site_root)
    assert [a.slug for a in site.articles] == ["city-budget", "river-bridge"]
    assert len(site.claims) == 3


def test_yaml_syntax_error_names_line_and_column(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID.replace("claimant: the-article", 'claimant: "the-article'))
    error = only_error(site_root)
    assert (error.path, error.line, error.col) == (CLAIM, 4, 11)
    assert "invalid YAML" in error.message
    assert error.hint


def test_a_quote_containing_colon_space_must_be_quoted(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID.replace("claimant: the-article", "claimant: Mayor: said so"))
    error = only_error(site_root)
    assert (error.line, error.col) == (4, 16)
    assert error.hint == 'put the whole value in double quotes: claimant: "Mayor: said so"'


def test_a_file_that_is_not_a_mapping(site_root: Path, write: Write) -> None:
    write(CLAIM, "- just\n- a list\n")
    error = only_error(site_root)
    assert (error.line, error.col) == (1, 1)
    assert "mapping" in error.message


@pytest.mark.parametrize("text", ["", "\n\n  \n"])
def test_an_empty_file(site_root: Path, write: Write, text: str) -> None:
    write(CLAIM, text)
    error = only_error(site_root)
    assert (error.path, error.line, error.col) == (CLAIM, 1, 1)
    assert "empty" in error.message


def test_a_file_that_is_not_utf8(site_root: Path) -> None:
    path = site_root / CLAIM
    path.write_bytes(VALID.replace("the-article", "La d\xe9p\xeache").encode("latin-1"))
    error = only_error(site_root)
    assert (error.line, error.col) == (4, 15)
    assert "UTF-8" in error.message


def test_a_missing_field_is_reported_at_the_mapping(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID.replace("summary: Not checked.\n", ""))
    error = only_error(site_root)
    assert (error.line, error.col) == (1, 1)
    assert "missing required field 'summary'" in error.message


def test_an_unknown_field_suggests_the_known_one(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID.replace("summary:", "sumary:"))
    missing, unknown = errors_of(site_root)
    assert str(missing).startswith(f"{CLAIM}:1:1: the file: missing required field 'summary'")
    assert str(unknown).startswith(f"{CLAIM}:6:1: unknown field 'sumary'")
    assert "did you mean 'summary'?" in unknown.hint


def test_an_unknown_nested_field(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID.replace("  quote: Spending", "  qoute: Spending"))
    errors = errors_of(site_root)
    assert {(e.line, e.col) for e in errors} >= {(3, 3)}
    assert any("unknown field 'qoute' in passage" in e.message for e in errors)


def test_a_wrong_type(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID.replace("topics: [budget]", "topics: budget"))
    error = only_error(site_root)
    assert (error.line, error.col) == (10, 9)
    assert error.message == "topics must be a list, not text"


@pytest.mark.parametrize(
    ("bad", "message", "hint"),
    [
        (
            "2024-02-30",
            "'2024-02-30' does not exist: February 2024 has 29 days",
            "check the day and the month",
        ),
        (
            "2026-02-30",
            "'2026-02-30' does not exist: February 2026 has 28 days",
            "check the day and the month",
        ),
        ("2024-13-01", "'2024-13-01' has no month 13", "the month comes second"),
        ("06/03/2024", "'06/03/2024' is not a date", "write dates as YYYY-MM-DD"),
        ("2024-03-06 10:00:00", "'2024-03-06 10:00:00' has a time in it", "write the date alone, YYYY-MM-DD"),
        ('"2024-3-6"', '"2024-3-6" is not a date', "write dates as YYYY-MM-DD"),
    ],
)
def test_a_bad_date_says_what_is_wrong_with_it(
    site_root: Path, write: Write, bad: str, message: str, hint: str
) -> None:
    write(CLAIM, VALID.replace("checked_on: 2024-03-06", f"checked_on: {bad}"))
    error = only_error(site_root)
    assert (error.line, error.col) == (9, 13)
    assert error.message == f"checked_on: {message}"
    assert hint in error.hint


def test_an_unknown_status(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID.replace("status: unverified", "status: inacurate"))
    error = only_error(site_root)
    assert (error.line, error.col, error.message) == (5, 9, "unknown status 'inacurate'")
    assert "did you mean 'inaccurate'?" in error.hint


def test_an_unknown_topic(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID.replace("topics: [budget]", "topics: [budget, bugdet2000]"))
    error = only_error(site_root)
    assert (error.line, error.col) == (10, 18)
    assert "unknown topic 'bugdet2000'" in error.message


def test_a_claim_folder_without_its_article(site_root: Path, write: Write) -> None:
    write("content/claims/city-budgte/x.yaml", VALID)
    error = only_error(site_root)
    assert error.path == "content/claims/city-budgte"
    assert "no article 'city-budgte'" in error.message
    assert "city-budget" in error.hint


def test_a_passage_that_is_not_in_the_article_points_at_the_word_that_differs(
    site_root: Path, write: Write
) -> None:
    write(CLAIM, VALID.replace("  quote: Spending on roads fell.", "  quote: Spending on streets fell."))
    error = only_error(site_root)
    assert (error.line, error.col) == (3, 10)
    assert error.message == "the quote is not in article 'city-budget'"
    assert error.hint == (
        "where the quote has 'streets', the article has 'roads' "
        "(the article: Spending on roads fell. Spending on roads…)"
    )


def test_an_ambiguous_passage_asks_for_a_prefix_or_suffix(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID.replace("  quote: Spending on roads fell.", "  quote: Spending on roads fell"))
    error = only_error(site_root)
    assert (error.line, error.col) == (3, 10)
    assert "occurs 2 times" in error.message
    assert "prefix" in error.hint and "suffix" in error.hint


def test_a_prefix_that_does_not_fit(site_root: Path, write: Write) -> None:
    write(
        CLAIM,
        VALID.replace(
            "  quote: Spending on roads fell.", '  quote: Spending on roads fell\n  prefix: "Nope "'
        ),
    )
    error = only_error(site_root)
    assert "not with this prefix and suffix" in error.message


def test_evidence_passages_are_checked_too(site_root: Path, write: Write) -> None:
    text = VALID.replace("evidence: []", "evidence:\n  - article: river-bridge\n    quote: cost 3 million")
    write(CLAIM, text)
    error = only_error(site_root)
    assert (error.line, error.col) == (10, 12)
    assert "not in article 'river-bridge'" in error.message


@pytest.mark.parametrize(
    "href", ["javascript:alert(1)", "ftp://example.org/x", "/etc/passwd", "mailto:a@b.c"]
)
def test_links_in_explanations_must_be_http(site_root: Path, write: Write, href: str) -> None:
    text = VALID.replace(
        "explanation: Nothing cited.", f"explanation: |\n  First paragraph.\n\n  See [this]({href})."
    )
    write(CLAIM, text)
    error = only_error(site_root)
    assert (error.line, error.col) == (10, 14)  # the link's target, on its own line
    assert "is not an http(s) link" in error.message


def test_evidence_urls_must_be_http(site_root: Path, write: Write) -> None:
    text = VALID.replace("evidence: []", "evidence:\n  - title: A report\n    url: javascript:alert(1)")
    write(CLAIM, text)
    error = only_error(site_root)
    assert (error.line, error.col) == (10, 10)


def test_evidence_urls_may_be_http_or_https_and_the_hints_say_both(site_root: Path, write: Write) -> None:
    evidence = "evidence:\n  - title: A report\n    url: http://example.org/report\n    archived_url: {}"
    write(CLAIM, VALID.replace("evidence: []", evidence.format("https://archive.example.org/r")))
    load_site(site_root)
    write(CLAIM, VALID.replace("evidence: []", evidence.format("ftp://archive.example.org/r")))
    assert only_error(site_root).hint == "give the full address, starting with http:// or https://"


def test_the_organisation_url_hint_says_http_or_https_as_its_check_does(site_root: Path) -> None:
    path = site_root / "site.toml"
    path.write_text(path.read_text().replace('url = "https://checks.example.org/"', 'url = "ftp://x.org/"'))
    (error,) = [e for e in errors_of(site_root) if "organization.url" in e.message]
    assert error.hint == "The organisation's http(s) address, starting with http:// or https://."


def test_a_path_that_escapes_content_is_refused(site_root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(VALID)
    os.symlink(outside, site_root / "content/claims/city-budget/linked.yaml")
    error = only_error(site_root)
    assert error.path == "content/claims/city-budget/linked.yaml"
    assert "outside content/" in error.message


def test_billion_laughs_fails_fast(site_root: Path, write: Write) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    write(CLAIM, "\n".join(lines) + "\n")
    error = only_error(site_root)
    assert (error.line, error.col) == (1, 5)
    assert "anchors and aliases" in error.message


def test_a_repeated_field(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID + "status: accurate\n")
    error = only_error(site_root)
    assert (error.line, error.message) == (11, "the field 'status' appears twice")


def test_a_wrongly_named_file(site_root: Path, write: Write) -> None:
    write("content/claims/city-budget/Bad Name.yaml", VALID)
    write("content/claims/city-budget/notes.yml", VALID)
    messages = sorted(str(e) for e in errors_of(site_root))
    assert messages[0].startswith(
        "content/claims/city-budget/Bad Name.yaml:1:1: 'Bad Name' is not a valid name"
    )
    assert messages[1].startswith("content/claims/city-budget/notes.yml:1:1: unexpected file")


def test_article_front_matter_errors(site_root: Path, write: Write) -> None:
    write(
        "content/articles/broken.md",
        "---\ntitle: A\npublished: 2024-13-01\nurl: ftp://x.org/a\n---\n\nText.\n",
    )
    errors = errors_of(site_root)
    assert [(e.line, e.col) for e in errors] == [(3, 12), (4, 6)]


def test_an_article_without_front_matter(site_root: Path, write: Write) -> None:
    write("content/articles/plain.md", "Just text.\n")
    assert "no front matter" in only_error(site_root).message


def test_site_toml_unknown_key_and_wrong_type(site_root: Path) -> None:
    path = site_root / "site.toml"
    text = path.read_text().replace('language = "en"', 'language = "en"\ntheme = "dark"')
    path.write_text(text.replace("rating = 5", 'rating = "five"'))
    notice, theme, rating = errors_of(site_root)
    assert [str(e).split(": ", 1)[0] for e in (theme, rating)] == ["site.toml:5:1", "site.toml:26:10"]
    assert "unknown field 'theme'" in theme.message
    assert rating.message == "statuses[0].rating must be a whole number, not text"
    assert rating.hint == "write a whole number in digits"
    assert "checked without their statuses and topics" in notice.message


def test_a_status_colour_too_light_for_white_text(site_root: Path) -> None:
    path = site_root / "site.toml"
    path.write_text(path.read_text().replace('color = "#1a7f37"', 'color = "#7ddc8a"'))
    error = only_error(site_root)
    assert (error.path, error.line) == ("site.toml", 24)
    assert "contrast of 1.68:1, below 4.5:1" in error.message


def test_site_toml_syntax_error(site_root: Path) -> None:
    path = site_root / "site.toml"
    path.write_text(path.read_text().replace('language = "en"', "language = en"))
    notice, error = errors_of(site_root)
    assert (error.path, error.line, error.col) == ("site.toml", 4, 12)
    assert error.message == "invalid TOML: Invalid value"
    assert "text in double quotes" in error.hint
    assert (notice.path, notice.line) == ("site.toml", 1)


def test_every_error_of_a_run_is_reported_together(site_root: Path, write: Write) -> None:
    write("content/claims/city-budget/one.yaml", VALID.replace("status: unverified", "status: nope"))
    write("content/claims/city-budget/two.yaml", VALID.replace("summary:", "sumary:"))
    write("content/claims/river-bridge/three.yaml", "claim: [unclosed\n")
    errors = errors_of(site_root)
    assert sorted({e.path for e in errors}) == [
        "content/claims/city-budget/one.yaml",
        "content/claims/city-budget/two.yaml",
        "content/claims/river-bridge/three.yaml",
    ]
