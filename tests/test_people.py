"""Who checked it: site.toml [people], a claim's checked_by and reviewed_by, and the byline."""

from __future__ import annotations

from pathlib import Path

from factsite.cli.main import main
from tests.sitekit import edit, only_error
from tests.test_structured import ORGANIZATION, claim_review

ROADS = "content/claims/city-budget/roads-fell-again.yaml"
PEOPLE = """
[people.ana-lopez]
name = "Ana López"
role = "Fact-checker"
url = "https://people.example.org/ana"

[people.ben-okafor]
name = "Ben Okafor"
role = "Editor"
"""


def with_people(root: Path, names: str = "checked_by: ana-lopez\nreviewed_by: ben-okafor\n") -> None:
    with (root / "site.toml").open("a", encoding="utf-8") as file:
        file.write(PEOPLE)
    with (root / ROADS).open("a", encoding="utf-8") as file:
        file.write(names)


def test_the_claim_page_shows_who_checked_and_who_reviewed(site_root: Path, tmp_path: Path) -> None:
    with_people(site_root)
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    page = (out / "claims/city-budget/roads-fell-again/index.html").read_text("utf-8")
    assert (
        '<p class="byline" data-pagefind-ignore><span dir="ltr">Checked by <bdi>'
        '<a href="https://people.example.org/ana" rel="author">Ana López</a></bdi>, <bdi>Fact-checker</bdi>; '
        "reviewed by <bdi>Ben Okafor</bdi>, <bdi>Editor</bdi>.</span></p>"
    ) in page
    other = (out / "claims/city-budget/budget-rose-by-a-third/index.html").read_text("utf-8")
    assert 'class="byline"' not in other  # the fields are optional


def test_claimreview_author_stays_the_organisation(site_root: Path, tmp_path: Path) -> None:
    with_people(site_root, "checked_by: ana-lopez\n")
    edit(site_root, ROADS, "status: unverified", "status: inaccurate")  # a verdict: it has JSON-LD
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    assert claim_review(out, "city-budget/roads-fell-again")["author"] == ORGANIZATION


def test_an_unknown_person_is_an_error_with_a_suggestion(site_root: Path) -> None:
    with_people(site_root, "checked_by: ana-lopes\n")
    error = only_error(site_root)
    assert (error.path, error.line, error.col) == (ROADS, 13, 13)
    assert error.message == "unknown person 'ana-lopes'"
    assert error.hint.startswith("did you mean 'ana-lopez'? The people in site.toml [people] are: ")


def test_a_profile_link_must_be_http(site_root: Path) -> None:
    with (site_root / "site.toml").open("a", encoding="utf-8") as file:
        file.write('\n[people.ana]\nname = "Ana"\nrole = "Fact-checker"\nurl = "javascript:alert(1)"\n')
    error = only_error(site_root)
    assert error.path == "site.toml"
    assert error.message == 'people.ana.url: "javascript:alert(1)" is not an http(s) link'


def test_a_person_key_is_a_slug(site_root: Path) -> None:
    with (site_root / "site.toml").open("a", encoding="utf-8") as file:
        file.write('\n[people."Ana Lopez"]\nname = "Ana"\nrole = "Fact-checker"\n')
    error = only_error(site_root)
    assert error.path == "site.toml"
    assert error.message == "people: 'Ana Lopez' is not a valid person key"
    assert error.hint.startswith("use lowercase letters, digits and single hyphens")
