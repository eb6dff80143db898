"""Correction links on claim pages, and the site.toml settings behind them."""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from factsite.cli.main import main
from factsite.render.corrections import ISSUE_FORM

REPO = Path(__file__).resolve().parent.parent
PAGE = "claims/city-budget/roads-fell-again/index.html"


def built_page(site_root: Path, extra: str, top: str = "") -> str:
    config = (site_root / "site.toml").read_text("utf-8")
    (site_root / "site.toml").write_text(top + config + extra, "utf-8")
    out = site_root / "_site"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    return (out / PAGE).read_text("utf-8")


def link(page: str, text: str) -> str:
    found = re.search(rf'<a href="([^"]+)"[^>]*>{text}</a>', page)
    assert found, f"no link '{text}'"
    return html.unescape(found.group(1))


def test_with_a_repository_readers_get_an_issue_form_and_an_edit_link(site_root: Path) -> None:
    page = built_page(site_root, '\n[repository]\nurl = "https://github.com/desk/checks"\nfolder = "site"\n')
    suggest = urllib.parse.urlsplit(link(page, "Suggest a correction"))
    assert suggest[:3] == ("https", "github.com", "/desk/checks/issues/new")
    assert dict(urllib.parse.parse_qsl(suggest.query)) == {
        "template": "correction.yml",
        "title": "Correction: city-budget/roads-fell-again",
        "claim": "city-budget/roads-fell-again",
        "page": "https://checks.example.org/sub/claims/city-budget/roads-fell-again/",
    }
    edit = link(page, "Edit this claim")
    assert (
        edit
        == "https://github.com/desk/checks/edit/main/site/content/claims/city-budget/roads-fell-again.yaml"
    )


def test_with_only_a_contact_readers_get_an_email(site_root: Path) -> None:
    page = built_page(site_root, "", top='contact = "fixes@checks.example.org"\n')
    suggest = urllib.parse.urlsplit(link(page, "Suggest a correction"))
    assert (suggest.scheme, suggest.path) == ("mailto", "fixes@checks.example.org")
    fields = dict(urllib.parse.parse_qsl(suggest.query))
    assert fields["subject"] == "Correction: city-budget/roads-fell-again"
    assert "Page: https://checks.example.org/sub/claims/city-budget/roads-fell-again/" in fields["body"]
    assert "Edit this claim" not in page


def test_with_neither_there_are_no_links(site_root: Path) -> None:
    page = built_page(site_root, "")
    assert "Suggest a correction" not in page and "Edit this claim" not in page


def test_the_issue_form_has_the_fields_the_links_fill() -> None:
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / ISSUE_FORM).read_text("utf-8"))
    ids = {field.get("id") for field in form["body"]}
    assert {"claim", "page"} <= ids


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            '\n[repository]\nurl = "https://github.com/desk/checks/"\n',
            'site.toml:41:7: repository.url: "https://github.com/desk/checks/" is not in the expected form\n'
            "    hint: The repository's address",
        ),
        ('\n[repository]\nurl = "https://github.com/desk/checks"\nbrnach = "x"\n', "unknown field 'brnach'"),
        (
            "\n[linkcheck]\nexclude = ['(unclosed']\n",
            "site.toml:41:12: linkcheck.exclude: '(unclosed' is not a valid",  # the item's column
        ),
        ("\n[linkcheck]\ntimeout = 0\n", "linkcheck.timeout"),
        ("\n[linkcheck]\nretry = 2\n", "did you mean 'retries'?"),
    ],
)
def test_settings_are_checked(
    site_root: Path,
    write: Callable[[str, str], Path],
    capsys: pytest.CaptureFixture[str],
    settings: str,
    message: str,
) -> None:
    write("site.toml", (site_root / "site.toml").read_text("utf-8") + settings)
    assert main(["--root", str(site_root), "check"]) == 1
    assert message in capsys.readouterr().err


def test_a_contact_must_be_an_email_address(
    site_root: Path, write: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    write("site.toml", 'contact = "the desk"\n' + (site_root / "site.toml").read_text("utf-8"))
    assert main(["--root", str(site_root), "check"]) == 1
    assert 'site.toml:1:11: contact: "the desk" is not in the expected form' in capsys.readouterr().err
