"""Forgiven differences end on the page: highlights and deep links use the article's own characters."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from factsite.cli.main import main
from factsite.text.arithmetic import compute
from tests.htmlparse import find_all

Write = Callable[[str, str], Path]

TEXT = (
    "Support came from José Müller, who said the measure fell 30 percentage points"
    + " and 40 were re\u00adarrested."
)
ARTICLE = unicodedata.normalize(
    "NFD", f'---\ntitle: "José Müller on the measure"\nurl: "https://news.example.org/nfd"\n---\n\n{TEXT}\n'
)
CLAIM = """\
claim: {claim}
passage:
  quote: {quote}
claimant: the-article
status: unverified
summary: Not checked.
explanation: Nothing cited.
evidence: []
checked_on: 2024-03-06
topics: [budget]
"""


@pytest.fixture
def nfd_site(site_root: Path, write: Write) -> Path:
    write("content/articles/nfd.md", ARTICLE)
    write(
        "content/claims/nfd/fell.yaml",
        CLAIM.format(claim="It fell.", quote="José Müller, who said the measure"),
    )
    write("content/claims/nfd/rearrested.yaml", CLAIM.format(claim="40 again.", quote="40 were rearrested."))
    return site_root


def test_highlights_and_marks_cover_the_articles_own_characters(nfd_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(nfd_site), "build", "--out", str(out)]) == 0
    article_text = unicodedata.normalize("NFD", TEXT)
    highlights = [a.text for a in find_all(out / "articles/nfd/index.html", "a", class_="hl")]
    assert highlights == [
        unicodedata.normalize("NFD", "José Müller, who said the measure"),
        "40 were re\u00adarrested.",
    ]
    assert all(h in article_text for h in highlights)
    [mark] = find_all(out / "claims/nfd/fell/index.html", "mark")
    assert mark.text == unicodedata.normalize("NFD", "José Müller, who said the measure")
    [original] = find_all(out / "claims/nfd/fell/index.html", "a", class_="original-link")
    assert original.attrs["href"] == (
        "https://news.example.org/nfd#:~:text=Support%20came%20from-,"
        "Jose%CC%81%20Mu%CC%88ller%2C%20who%20said%20the%20measure,-fell%2030%20percentage"
    )


def test_a_quote_that_cuts_a_word_is_an_error_naming_the_word(
    nfd_site: Path, write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    write("content/claims/nfd/fell.yaml", CLAIM.format(claim="It fell.", quote="the measure fell 30 percent"))
    assert main(["--root", str(nfd_site), "check"]) == 1
    err = capsys.readouterr().err
    assert (
        "content/claims/nfd/fell.yaml:3:10: the quote ends inside the word 'percentage' in article 'nfd'"
        in err
    )
    assert "quote all of 'percentage', or end the quote before it" in err


def test_new_writes_the_articles_own_characters_for_a_typed_quote(nfd_site: Path) -> None:
    assert main(["--root", str(nfd_site), "new", "nfd", "from José Müller", "--id", "from-muller"]) == 0
    written = yaml.safe_load((nfd_site / "content/claims/nfd/from-muller.yaml").read_text("utf-8"))
    assert written["passage"]["quote"] == unicodedata.normalize("NFD", "from José Müller")


def test_new_refuses_a_quote_that_cuts_a_word(nfd_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(nfd_site), "new", "nfd", "fell 30 percent"]) == 2
    assert "the quote ends inside the word 'percentage' in article 'nfd'" in capsys.readouterr().err
    assert not list((nfd_site / "content/claims/nfd").glob("fell-30*.yaml"))


def test_new_names_the_differing_character(nfd_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(nfd_site), "new", "nfd", "from José Mùller"]) == 2
    err = capsys.readouterr().err
    assert (
        "the quote has U+0300 COMBINING GRAVE ACCENT where the article has U+0308 COMBINING DIAERESIS" in err
    )


def test_a_name_listed_twice_in_another_normal_form_counts_once() -> None:
    names = ["José Müller", unicodedata.normalize("NFD", "José\u00a0Müller"), "Zoë\u00ad Li"]
    result = compute({"kind": "distinct", "items": names})
    assert result.working == "3 named, 2 different; named more than once: José Müller"
