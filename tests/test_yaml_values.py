"""Values keep the characters the editor wrote: no YAML 1.1 retyping, and messages quote them as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from factsite.load.content import load_site
from factsite.model import Claim
from tests.sitekit import CLAIM, VALID, Write, errors_of, only_error


def new_claim(root: Path) -> Claim:
    return next(c for c in load_site(root).claims if c.id == "new-claim")


def with_check(write: Write, check: str) -> None:
    write(CLAIM, VALID + "checks:\n  - " + check.replace("\n", "\n    ") + "\n")


def test_zip_codes_keep_their_leading_zeros(site_root: Path, write: Write) -> None:
    with_check(write, "kind: distinct\nitems: [02134, 02135, 02138]\nstated: three")
    (check,) = new_claim(site_root).checks
    assert check.inputs == (("items", "02134, 02135, 02138"),)
    assert check.working == "3 named, 3 different"


def test_numbers_with_a_leading_zero_are_refused_not_summed_as_octal(site_root: Path, write: Write) -> None:
    with_check(write, "kind: sum\nitems: [010, 020, 030]\nstated: '60'")
    errors = errors_of(site_root)
    assert [(e.line, e.col) for e in errors] == [(13, 13), (13, 18), (13, 23)]
    assert errors[0].message == (
        "checks[0].items[0]: '010' starts with a zero, which YAML 1.1 tools read as an octal number"
    )
    assert errors[0].hint == "write 10 without the leading zero"
    assert errors[2].hint == "write 30 without the leading zero"


def test_country_codes_are_not_read_as_true_or_false(site_root: Path, write: Write) -> None:
    with_check(write, "kind: distinct\nitems: [NO, SE, DK, no]\nstated: 3 countries")
    (check,) = new_claim(site_root).checks
    assert check.inputs == (("items", "NO, SE, DK, no"),)
    assert check.working == "4 named, 3 different; named more than once: NO"


@pytest.mark.parametrize(
    "written",
    ["yes", "no", "NO", "on", "Off", "y", "n", "true", "1:20", "2024-03-06", "2001-12-14t21:59:43.10-05:00",
     "1_000", ".inf", ".NaN", "0x1F", "0o17", "010", "1e3", "12.50", "+5", "-0", "0.10"],
)  # fmt: skip
def test_unquoted_text_is_read_as_written(site_root: Path, write: Write, written: str) -> None:
    write(CLAIM, VALID.replace("summary: Not checked.", f"summary: {written}"))
    assert new_claim(site_root).summary == written


def test_text_or_number_fields_keep_the_digits_as_written(site_root: Path, write: Write) -> None:
    with_check(write, "kind: distinct\nitems: [1.50, 1.5, +7, 1e3]")
    (check,) = new_claim(site_root).checks
    assert check.inputs == (("items", "1.50, 1.5, +7, 1e3"),)


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        ("0x1F", "'0x1F' is not a decimal number", "write the figure in decimal digits"),
        ("0o17", "'0o17' is not a decimal number", "write the figure in decimal digits"),
        ("1_000", "'1_000' has separators in it", "write 1000, without commas or underscores"),
        ("1,000", "'1,000' has separators in it", "write 1000, without commas or underscores"),
        ("1:20", "'1:20' is not a number: YAML 1.1 tools read it as base 60", "write the figure as one"),
        (".inf", "'.inf' is not a finite number", "write the figure itself"),
        ("-.inf", "'-.inf' is not a finite number", "write the figure itself"),
        (".nan", "'.nan' is not a finite number", "write the figure itself"),
        ("1e400", "'1e400' is beyond the figures a check works with", "between 10^-100 and 10^100"),
        ("1e-400", "'1e-400' is beyond the figures a check works with", "between 10^-100 and 10^100"),
        ("9" * 101, "'" + "9" * 59 + "…' is beyond the figures a check works with", "at most 100 digits"),
        ("00.5", "'00.5' starts with a zero", "write 0.5 without the leading zero"),
        ("yes", "'yes' is not a number", "write a figure in digits"),
        ("twenty", "'twenty' is not a number", "write a figure in digits"),
        ('"21"', "must be a number, not text", "write it without quotes: 21"),
        ("'twenty'", "must be a number, not text", "write a number in digits"),
    ],
)
def test_number_fields_refuse_what_yaml_tools_read_differently(
    site_root: Path, write: Write, written: str, message: str, hint: str
) -> None:
    with_check(write, f"kind: share\npart: {written}\nwhole: 54\nstated: the majority")
    error = only_error(site_root)
    assert (error.line, error.col) == (13, 11)
    assert error.message in (f"checks[0].part: {message}", f"checks[0].part {message}")
    assert hint in error.hint


@pytest.mark.parametrize(
    ("part", "whole", "working"),
    [
        ("0.1", "0.3", "0.1 ÷ 0.3 = 33.3%"),
        ("1e3", "4e3", "1,000 ÷ 4,000 = 25%"),
        ("21", "54.0", "21 ÷ 54 = 38.9%"),
        ("1.0e+30", "1.0e+31", "1,000,000,000,000,000,000,000,000,000,000 ÷ "
         "10,000,000,000,000,000,000,000,000,000,000 = 10%"),
    ],
)  # fmt: skip
def test_number_fields_read_the_digits_exactly(
    site_root: Path, write: Write, part: str, whole: str, working: str
) -> None:
    with_check(write, f"kind: share\npart: {part}\nwhole: {whole}\nstated: 10 percent")
    (check,) = new_claim(site_root).checks
    assert check.working == working


@pytest.mark.parametrize("written", ["~", "null", "NULL"])
def test_a_null_word_in_a_text_field_says_what_yaml_made_of_it(
    site_root: Path, write: Write, written: str
) -> None:
    write(CLAIM, VALID.replace("summary: Not checked.", f"summary: {written}"))
    error = only_error(site_root)
    assert (error.line, error.col, error.message) == (6, 10, "summary must be text, not empty")
    assert error.hint == (
        f"YAML reads '{written}' as no value: write the text, or put '{written}' in double quotes to mean it"
    )


def test_an_empty_text_field(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID.replace("summary: Not checked.", "summary:"))
    error = only_error(site_root)
    assert error.message == "summary must be text, not empty"
    assert error.hint == "write the value after the colon, or remove the field if it is optional"


def test_status_no_names_the_ratings_at_once(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID.replace("status: unverified", "status: no"))
    error = only_error(site_root)
    assert (error.line, error.col, error.message) == (5, 9, "unknown status 'no'")
    assert error.hint == "The ratings in site.toml are: accurate, inaccurate, unverified"


def test_a_misspelt_status_is_suggested_and_the_ratings_listed(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID.replace("status: unverified", "status: inacurate"))
    error = only_error(site_root)
    assert error.hint == (
        "did you mean 'inaccurate'? The ratings in site.toml are: accurate, inaccurate, unverified"
    )


def test_an_unknown_topic_lists_the_topics(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID.replace("topics: [budget]", "topics: [budget, yes]"))
    error = only_error(site_root)
    assert (error.line, error.col, error.message) == (10, 18, "unknown topic 'yes'")
    assert error.hint == "The topics in site.toml are: budget, transport"


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ('"n\\u006fpe"', '"n\\u006fpe"'),
        ("'no''pe'", "'no''pe'"),
        ("nope   # a comment", "'nope'"),
        ('"a\nb"', '"a b"'),
    ],
)
def test_messages_quote_the_value_as_the_file_writes_it(
    site_root: Path, write: Write, written: str, shown: str
) -> None:
    write(CLAIM, VALID.replace("status: unverified", f"status: {written}"))
    error = only_error(site_root)
    assert error.message == f"unknown status {shown}"


def test_evidence_links_are_quoted_as_written(site_root: Path, write: Write) -> None:
    text = VALID.replace("evidence: []", 'evidence:\n  - title: A report\n    url: "javascript:\\x61lert(1)"')
    write(CLAIM, text)
    error = only_error(site_root)
    assert error.message == '"javascript:\\x61lert(1)" is not an http(s) link'


def test_a_quoted_date_is_a_date_and_an_unquoted_title_is_text(site_root: Path, write: Write) -> None:
    path = site_root / "content/articles/city-budget.md"
    text = path.read_text("utf-8").replace('title: "City budget grows by a third"', "title: 2019")
    path.write_text(text.replace("published: 2024-03-05", 'published: "2024-03-05"'), "utf-8")
    article = load_site(site_root).article("city-budget")
    assert article.title == "2019"
    assert article.published is not None and article.published.isoformat() == "2024-03-05"


@pytest.mark.parametrize(
    ("setting", "message", "hint"),
    [
        ("title = 2019", "title must be text, not a whole number", "put the text in double quotes"),
        ("title = 1979-05-27", "title must be text, not a date", "put the text in double quotes"),
        ("title = true", "title must be text, not true or false", "put the text in double quotes"),
        ("title = [1]", "title must be text, not a list", 'put the text in double quotes: title = "…"'),
    ],
)
def test_site_toml_values_are_typed_by_toml_and_refused_with_a_hint(
    site_root: Path, setting: str, message: str, hint: str
) -> None:
    path = site_root / "site.toml"
    path.write_text(path.read_text("utf-8").replace('title = "Sample Checks"', setting), "utf-8")
    error = only_error(site_root)
    assert (error.path, error.line, error.col, error.message) == ("site.toml", 1, 9, message)  # the value
    assert hint in error.hint


def test_site_toml_messages_quote_values_as_written(site_root: Path) -> None:
    path = site_root / "site.toml"
    text = path.read_text("utf-8").replace(
        '"https://checks.example.org/sub/"', '"https://checks.example.org"'
    )
    path.write_text(text.replace("rating = 5", "rating = 5.0"), "utf-8")
    notice, base_url, rating = errors_of(site_root)
    assert "checked without their statuses and topics" in notice.message
    assert (base_url.line, base_url.col) == (3, 12)
    assert base_url.message == 'base_url: "https://checks.example.org" is not in the expected form'
    assert base_url.hint == "Absolute http(s) URL ending in '/'."
    assert (rating.line, rating.col) == (25, 10)
    assert rating.message == "statuses[0].rating must be a whole number such as 5, not '5.0'"
    assert rating.hint == "write 5, without the decimal point"


def test_a_check_quotes_the_article_words_as_written(site_root: Path, write: Write) -> None:
    with_check(write, 'kind: share\npart: 1\nwhole: 2\nstated: "w\\u0068at"')
    error = only_error(site_root)
    assert (error.line, error.col) == (15, 13)
    assert error.message == 'checks[0]: cannot read "w\\u0068at" as a quantity'


def test_a_repeated_topic_in_site_toml_is_quoted_as_written(site_root: Path) -> None:
    path = site_root / "site.toml"
    path.write_text(path.read_text("utf-8").replace('slug = "transport"', "slug = 'budget'"), "utf-8")
    *_, error = errors_of(site_root)
    assert (error.line, error.message) == (16, "topics: 'budget' is defined twice")


def test_a_multi_line_toml_string_is_not_misquoted(site_root: Path) -> None:
    path = site_root / "site.toml"
    text = path.read_text("utf-8")
    path.write_text(text.replace('language = "en"', 'language = """e\nn"""'), "utf-8")
    error = only_error(site_root)
    assert error.message == "language: 'e\\nn' has a line break in it"


def test_a_short_value_repeated_across_files_is_one_object(site_root: Path, write: Write) -> None:
    # Statuses, topics and sources' publishers repeat across thousands of claims: the model (and
    # the saved build state) holds each such value once (scalars.shared).
    source = "evidence:\n  - title: Budget\n    publisher: {}\n    url: https://council.example.org/b\n"
    write(CLAIM, VALID.replace("evidence: []\n", source.format("City Council")))
    other = CLAIM.replace("new-claim", "other-claim")
    quoted = VALID.replace("evidence: []\n", source.format('"City Council"'))
    write(other, quoted.replace("claim: Spending", "claim: The spending"))
    claims = {c.id: c for c in load_site(site_root).claims}
    new, second = claims["new-claim"], claims["other-claim"]
    assert new.evidence[0].publisher == "City Council"
    assert new.evidence[0].publisher is second.evidence[0].publisher
    assert new.status is second.status and new.topics[0] is second.topics[0]
    assert type(new.evidence[0].publisher) is str  # not the loader's Plain
