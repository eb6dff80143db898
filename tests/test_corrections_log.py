"""The public record of corrections: the corrections page and feed, and withdrawn verdicts' notices."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from factsite.cli.main import main
from tests.htmlparse import find_all

BRIDGE = "content/claims/river-bridge/ninety-days.yaml"
ATOM = "{http://www.w3.org/2005/Atom}"
WITHDRAWAL = "withdrawn:\n  date: 2024-07-01\n  note: Not a checkable claim; now noted on another.\n"


@pytest.fixture
def withdrawn(site_root: Path, tmp_path: Path) -> Path:
    """The sample site built with its river-bridge claim withdrawn."""
    with (site_root / BRIDGE).open("a", encoding="utf-8") as file:
        file.write(WITHDRAWAL)
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    return out


def read(out: Path, path: str) -> str:
    return (out / path).read_text("utf-8")


def test_the_corrections_page_lists_every_update_newest_first(withdrawn: Path) -> None:
    page = read(withdrawn, "corrections/index.html")
    items = [li for li in find_all(page, "li") if "log-entry" in li.attrs.get("class", "").split()]
    entries = [" ".join(li.text.split()) for li in items]
    assert len(entries) == 2
    assert entries[0].startswith("1 July 2024 · Verdict withdrawn")
    assert "Not a checkable claim; now noted on another." in entries[0]
    assert entries[1].startswith("7 March 2024 · Update")
    assert "Added the council's report." in entries[1]
    assert 'href="../claims/city-budget/budget-rose-by-a-third/index.html#update-1"' in page
    claim = read(withdrawn, "claims/city-budget/budget-rose-by-a-third/index.html")
    assert '<li id="update-1">' in claim


def test_the_corrections_feed_is_atom_with_one_entry_per_correction(withdrawn: Path) -> None:
    feed = ET.fromstring((withdrawn / "feeds/corrections.xml").read_bytes())
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        "https://checks.example.org/sub/claims/river-bridge/ninety-days/#withdrawn",
        "https://checks.example.org/sub/claims/city-budget/budget-rose-by-a-third/#update-1",
    ]
    assert feed.findtext(f"{ATOM}updated") == "2024-07-01T00:00:00Z"
    assert entries[0].findtext(f"{ATOM}title", "").startswith("Withdrawn: The river bridge was closed")


def test_the_footer_and_the_methodology_link_the_corrections_page(withdrawn: Path) -> None:
    home = read(withdrawn, "index.html")
    assert '<a href="corrections/index.html">the corrections page</a>' in home
    assert '<a href="feeds/corrections.xml">corrections (Atom)</a>' in home
    methodology = read(withdrawn, "methodology/index.html")
    assert 'id="all-corrections"' in methodology
    assert '<a href="../corrections/index.html">the corrections page</a>' in methodology


def test_a_withdrawn_verdict_keeps_its_address_as_a_notice(withdrawn: Path) -> None:
    page = read(withdrawn, "claims/river-bridge/ninety-days/index.html")
    assert "We withdrew this verdict on" in page and 'datetime="2024-07-01"' in page
    assert "Not a checkable claim; now noted on another." in page
    assert "We had rated this claim <strong><bdi>Inaccurate</bdi></strong>" in page
    assert "application/ld+json" not in page and "data-pagefind-body" not in page
    assert '<meta name="robots" content="noindex">' in page


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "claims/index.html",
        "status/inaccurate/index.html",
        "topics/transport/index.html",
        "claimants/the-article/index.html",
        "articles/river-bridge/index.html",
        "feeds/claims.xml",
        "downloads/claims.json",
        "downloads/claims.csv",
        "sitemap.xml",
    ],
)
def test_a_withdrawn_verdict_is_listed_nowhere_else(withdrawn: Path, path: str) -> None:
    assert "ninety-days" not in read(withdrawn, path)


def test_check_counts_withdrawn_verdicts_apart(site_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (site_root / BRIDGE).open("a", encoding="utf-8") as file:
        file.write(WITHDRAWAL)
    assert main(["--root", str(site_root), "check"]) == 0
    assert "ok: 2 articles, 2 claims (and 1 withdrawn), no errors" in capsys.readouterr().out


def test_this_desks_three_withdrawn_verdicts_are_notices(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parent.parent
    withdrawn = {
        "declined-detainer-report/retainer-requests",
        "perez-bautista-arrest/name-spelled-perez-baustina",
        "perez-bautista-arrest/westchester-police-department",
    }
    from factsite.load.content import load_site
    from factsite.load.drafts import as_published

    site = as_published(load_site(repo))
    assert {c.key for c in site.withdrawn} == withdrawn
    assert not withdrawn & {c.key for c in site.claims}


BUDGET = "content/claims/city-budget/budget-rose-by-a-third.yaml"


def test_a_draft_cannot_be_withdrawn(site_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (site_root / BRIDGE).open("a", encoding="utf-8") as file:
        file.write("draft: true\n" + WITHDRAWAL)
    assert main(["--root", str(site_root), "check"]) == 1
    err = capsys.readouterr().err
    line = len((site_root / BRIDGE).read_text("utf-8").splitlines()) - 2
    assert f"{BRIDGE}:{line}:1: a draft was never published, so it cannot be withdrawn" in err
    assert "delete the file; or, if the claim was published, remove `draft: true`" in err


def test_an_update_dated_before_the_check_is_an_error(
    site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = site_root / BUDGET
    path.write_text(path.read_text("utf-8").replace("- date: 2024-03-07", "- date: 2024-03-05"), "utf-8")
    assert main(["--root", str(site_root), "check"]) == 1
    line = path.read_text("utf-8").splitlines().index("  - date: 2024-03-05") + 1
    err = capsys.readouterr().err
    assert (
        f"{BUDGET}:{line}:11: an update is dated 2024-03-05, before the claim was checked (2024-03-06)" in err
    )
    assert "date it on or after `checked_on` (or fix" in err


def test_updates_show_in_date_order_whatever_the_file_order(site_root: Path, tmp_path: Path) -> None:
    with (site_root / BUDGET).open("a", encoding="utf-8") as file:
        file.write("  - date: 2024-03-06\n    note: Fixed a typo.\n")
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    claim = read(out, "claims/city-budget/budget-rose-by-a-third/index.html")
    assert claim.index("Fixed a typo.") < claim.index("Added the council&#39;s report.")
    assert '<li id="update-1"><time datetime="2024-03-06"' in claim
    entries = read(out, "corrections/index.html")
    assert entries.index("Added the council&#39;s report.") < entries.index("Fixed a typo.")
