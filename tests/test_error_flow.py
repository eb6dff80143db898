"""One file's error hides no other: a bad article or site.toml is reported, and the rest still checked."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.build.loadcache import ContentCache
from factsite.build.scan import CONTENT_TOPS, scan
from factsite.errors import ContentError, ContentErrors
from factsite.load.content import load_site
from tests.sitekit import CLAIM, VALID, Write, errors_of

ARTICLE = "content/articles/city-budget.md"
OTHER = "content/claims/river-bridge/ninety-days.yaml"
NOTICE = "claims were checked without their statuses and topics"


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def shown(errors: tuple[ContentError, ...]) -> list[str]:
    return [f"{e.path}:{e.line}: {e.message}" for e in errors]


def test_an_article_with_an_error_still_has_its_claims_checked(site_root: Path, write: Write) -> None:
    edit(site_root, ARTICLE, "published: 2024-03-05", "published: 2024-02-30")
    write(CLAIM, VALID.replace("status: unverified", "status: nope"))
    write(CLAIM.replace("new-claim", "misquote"), VALID.replace("roads fell.", "streets fell."))
    assert shown(errors_of(site_root)) == [
        f"{ARTICLE}:4: published: '2024-02-30' does not exist: February 2024 has 29 days",
        "content/claims/city-budget/misquote.yaml:3: the quote is not in article 'city-budget'",
        f"{CLAIM}:5: unknown status 'nope'",
    ]


def test_evidence_in_an_article_with_an_error_is_not_reported_missing(site_root: Path) -> None:
    edit(site_root, ARTICLE, 'title: "City budget grows by a third"', "title: [unclosed")
    edit(site_root, OTHER, "quote: Spending on roads fell.", "quote: Spending on streets fell.")
    messages = shown(errors_of(site_root))
    assert messages[0].startswith(f"{ARTICLE}:2: invalid YAML: the list opened with [ here is not closed")
    assert messages[1:] == [f"{OTHER}:10: the quote is not in article 'city-budget'"]


@pytest.mark.parametrize(
    "text",
    ["No front matter at all.\n", "---\ntitle: Only front matter\n---\n", b"\xff\xfe".decode("latin-1")],
)
def test_claims_of_an_unreadable_article_are_checked_without_their_passages(
    site_root: Path, write: Write, text: str
) -> None:
    (site_root / ARTICLE).write_bytes(text.encode("latin-1" if text.startswith("\xff") else "utf-8"))
    write(CLAIM, VALID.replace("status: unverified", "status: nope").replace("roads fell.", "streets."))
    errors = errors_of(site_root)
    assert [e.path for e in errors] == [ARTICLE, CLAIM]
    assert errors[1].message == "unknown status 'nope'"
    assert not any("there is no article" in e.message for e in errors)


def test_a_claim_folder_without_an_article_file_is_still_reported(site_root: Path, write: Write) -> None:
    write("content/claims/city-budgte/x.yaml", VALID)
    (error,) = errors_of(site_root)
    assert error.message == "there is no article 'city-budgte' for this claim folder"


def test_a_bad_setting_in_site_toml_still_checks_claims_against_its_ratings(
    site_root: Path, write: Write
) -> None:
    edit(site_root, "site.toml", 'language = "en"', 'language = "english"')
    write(CLAIM, VALID.replace("status: unverified", "status: nope"))
    assert shown(errors_of(site_root)) == [
        f"{CLAIM}:5: unknown status 'nope'",
        'site.toml:4: language: "english" is not in the expected form',
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [('color = "#1a7f37"', 'color = "green"'), ('language = "en"', "language = en"), ('slug = "budget"', "")],
)
def test_unreadable_ratings_in_site_toml_leave_the_rest_of_each_claim_checked(
    site_root: Path, write: Write, old: str, new: str
) -> None:
    edit(site_root, "site.toml", old, new)
    write(CLAIM, VALID.replace("status: unverified", "status: nope").replace("summary:", "sumary:"))
    errors = errors_of(site_root)
    claim_errors = [e.message for e in errors if e.path == CLAIM]
    assert claim_errors == ["the file: missing required field 'summary'", "unknown field 'sumary'"]
    assert any(e.path == "site.toml" and e.message.startswith(NOTICE) for e in errors)


def outcome(load: Callable[[], object]) -> tuple[ContentError, ...]:
    try:
        load()
    except ContentErrors as exc:
        return exc.errors
    return ()


def test_the_incremental_loader_reports_the_same_errors(site_root: Path, write: Write) -> None:
    cache = ContentCache(site_root)
    cache.load(scan(site_root, CONTENT_TOPS))
    steps: list[tuple[str, str, str]] = [
        (ARTICLE, "published: 2024-03-05", "published: 2024-02-30"),
        (OTHER, "quote: Spending on roads fell.", "quote: Spending on streets fell."),
        (ARTICLE, "Spending on roads fell. Spending", "Spending on streets fell. Spending"),
        (ARTICLE, "---\ntitle:", "title:"),
        ("site.toml", 'color = "#1a7f37"', 'color = "green"'),
        ("site.toml", 'color = "green"', 'color = "#1a7f37"'),
        (ARTICLE, "title:", "---\ntitle:"),
        (ARTICLE, "published: 2024-02-30", "published: 2024-03-05"),
    ]
    for path, old, new in steps:
        edit(site_root, path, old, new)
        expected = outcome(lambda: load_site(site_root))
        assert expected or path == ARTICLE
        incremental = functools.partial(cache.load, scan(site_root, CONTENT_TOPS))
        assert outcome(incremental) == expected, (path, new)


def test_a_missing_site_toml_is_one_error(tmp_path: Path) -> None:
    (error,) = errors_of(tmp_path)
    assert (error.path, error.message) == ("site.toml", "site.toml is missing")
    assert error.hint == "run the command from the site's folder, or pass --root"
