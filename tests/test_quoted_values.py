"""Every message that names a value from content quotes it as the file writes it, or escaped: never a raw
line break, carriage return or bidirectional override that would break or rearrange the terminal's text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factsite.cli.main import main
from factsite.errors import ContentError
from factsite.load.content import load_site
from tests.sitekit import Write, errors_of, only_error

BRIDGE = "content/claims/river-bridge/ninety-days.yaml"  # claimant: the-article
CLAIMANT = "claimant: the-article"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: shown raw, it reverses the rest of the terminal's line
UNPRINTABLE = ("\n", "\r", RLO, "\x1b")


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text("utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new, 1), "utf-8")


def assert_printable(error: ContentError) -> None:
    text = str(error)
    assert not any(c in text.replace("\n    hint: ", " ") for c in UNPRINTABLE), text


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ('claimant: "the-article\\n"', 'unknown claimant "the-article\\n"'),
        ('claimant: {key: "the-article\\n", as_reported: true}', 'unknown claimant "the-article\\n"'),
        ('claimant: "a\\rb"', 'unknown claimant "a\\rb"'),
        ('claimant: "a\\u202eb"', 'unknown claimant "a\\u202eb"'),
        (f"claimant: a{RLO}b", "unknown claimant 'a\\u202eb'"),  # typed raw: shown escaped
        ("claimant: 'it''s'", "unknown claimant 'it''s'"),
    ],
)
def test_an_unknown_claimant_is_quoted_as_written(
    site_root: Path, written: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(site_root, BRIDGE, CLAIMANT, written)
    error = only_error(site_root)
    assert error.message == message
    assert_printable(error)
    assert main(["--root", str(site_root), "check"]) == 1
    err = capsys.readouterr().err
    assert f"{BRIDGE}:4:{error.col}: {message}\n    hint: " in err and not any(c in err for c in "\r" + RLO)


def test_the_publication_as_reported_is_quoted_as_written(site_root: Path) -> None:
    edit(site_root, BRIDGE, CLAIMANT, 'claimant: {key: "the-\\x61rticle", as_reported: true}')
    error = only_error(site_root)
    assert error.message == (
        '"the-\\x61rticle" is the publication itself: it is not reported by the article, it is the article'
    )
    assert error.hint == "write `claimant: the-article`, without as_reported"


def test_a_wikidata_id_is_quoted_as_written(site_root: Path, write: Write) -> None:
    person = "name: Jane Roe\nkind: person\nrole: Mayor\n"
    write("content/claimants/jane-roe.yaml", person + 'wikidata: "Q4\\u0032"\n')
    assert load_site(site_root)  # Q42, however written, is an id
    write("content/claimants/jane-roe.yaml", person + "wikidata: Q42\u0660\n")
    error = only_error(site_root)  # an Arabic-Indic zero is a digit to Python's \d, not to a Wikidata id
    assert error.message == "wikidata: 'Q42\u0660' is not in the expected form"


def test_words_of_a_check_are_quoted_as_written(site_root: Path) -> None:
    check = '\nchecks:\n  - kind: share\n    part: 1\n    whole: 2\n    stated: "a\\u202e\\nb"\n'
    (site_root / BRIDGE).write_text((site_root / BRIDGE).read_text("utf-8") + check, "utf-8")
    error = only_error(site_root)
    assert error.message == 'checks[0]: cannot read "a\\u202e\\nb" as a quantity'
    assert_printable(error)


def test_site_toml_addresses_are_quoted_as_written(site_root: Path) -> None:
    url = 'url = "javascript:\\u0061lert(\\u202e)"'
    edit(site_root, "site.toml", 'url = "https://checks.example.org/"', url)
    edit(site_root, "site.toml", 'language = "en"', 'language = "en"\ncontact = "desk\\r@example.org"')
    errors = {e.message.split(":")[0]: e for e in errors_of(site_root) if e.line > 1}
    assert errors["organization.url"].message.startswith(f"organization.url: {url[6:]} ")
    assert errors["contact"].message.startswith('contact: "desk\\r@example.org" ')
    for error in errors.values():
        assert_printable(error)


def test_a_claim_folder_with_a_line_break_in_its_name_is_named_escaped(site_root: Path) -> None:
    os.rename(site_root / "content/claims/river-bridge", site_root / "content/claims/river\nbridge")
    error = only_error(site_root)
    assert error.path == "content/claims/river\\nbridge"
    assert error.message == "there is no article 'river\\nbridge' for this claim folder"
    assert error.hint == "rename the folder to 'river-bridge'?"


def test_a_file_name_with_a_bidirectional_override_is_named_escaped(site_root: Path) -> None:
    claims = site_root / "content/claims/city-budget"
    (claims / "roads-fell-again.yaml").rename(claims / f"evil{RLO}lmay.yaml")
    error = only_error(site_root)
    assert error.path == "content/claims/city-budget/evil\\u202elmay.yaml"
    assert error.message == "'evil\\u202elmay' is not a valid name for this file"


@pytest.mark.parametrize("char", UNPRINTABLE)
def test_no_content_error_holds_an_unprintable_character(char: str) -> None:
    error = ContentError(f"a{char}.yaml", 1, 1, f"value 'x{char}y'", f"write 'x{char}'")
    assert_printable(error)
    assert error.message == f"value 'x{ascii(char)[1:-1]}y'"


def test_a_usage_error_naming_an_argument_escapes_it(
    site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(site_root), "new", f"city{RLO}budget\r", "a rise of a third"]) == 2
    err = capsys.readouterr().err
    assert "error: there is no article 'city\\u202ebudget\\r' in content/articles/" in err
    assert RLO not in err and "\r" not in err
