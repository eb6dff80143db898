"""`build.py new`: a claim file from an article and a quote, checked before it is written."""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from factsite.cli.main import main
from factsite.cli.new import SCHEMA, _scalar, fresh_id, schema_comment
from factsite.load.loader import SLUG

CLAIMS = Path("content/claims/city-budget")


def new(root: Path, *args: str) -> int:
    return main(["--root", str(root), "new", *args])


def test_writes_a_claim_with_the_articles_exact_words(
    site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new(site_root, "city-budget", "The city's budget rose from $300 million") == 0
    path = site_root / CLAIMS / "citys-budget-rose-300-million.yaml"
    assert f"wrote {CLAIMS}/citys-budget-rose-300-million.yaml" in capsys.readouterr().out
    data = yaml.safe_load(path.read_text("utf-8"))
    assert data["passage"] == {
        "quote": "The city’s budget rose from $300 million"
    }  # the article's apostrophe
    assert data["status"] == "unverified"
    assert data["checked_on"] == dt.date.today()
    assert (data["claim"], data["claimant"], data["summary"], data["explanation"]) == ("", "", "", "")
    assert (data["evidence"], data["topics"]) == ([], [])


def test_the_schema_comment_points_at_the_claim_schema_inside_this_repository() -> None:
    repo = Path(__file__).resolve().parent.parent
    path = repo / "content" / "claims" / "some-article" / "some-claim.yaml"
    [comment] = schema_comment(path, repo)
    assert comment == "# yaml-language-server: $schema=../../../factsite/load/schemas/claim.schema.json"
    assert (path.parent / comment.split("=", 1)[1]).resolve() == SCHEMA


def test_a_site_outside_the_tool_gets_no_schema_comment(site_root: Path) -> None:
    new(site_root, "city-budget", "a rise of a third")
    text = (site_root / CLAIMS / "rise-third.yaml").read_text("utf-8")
    assert "$schema" not in text and str(SCHEMA.parent) not in text
    assert text.startswith("# A claim in the article 'city-budget', started with `python build.py new` on ")


def test_every_schema_comment_in_content_names_an_existing_schema() -> None:
    repo = Path(__file__).resolve().parent.parent
    found = 0
    for path in sorted((repo / "content").rglob("*.yaml")):
        for line in path.read_text("utf-8").splitlines():
            if "$schema=" in line:
                target = (path.parent / line.split("$schema=", 1)[1].strip()).resolve()
                assert target.is_file(), f"{path}: {target}"
                found += 1
    assert found >= 80  # every claim and claimant file of this desk


def test_a_new_claim_is_a_draft_that_passes_check(
    site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new(site_root, "city-budget", "a rise of a third")
    assert "draft: true" in (site_root / CLAIMS / "rise-third.yaml").read_text("utf-8")
    capsys.readouterr()
    assert main(["--root", str(site_root), "check"]) == 0
    out, err = capsys.readouterr()
    assert "draft: content/claims/city-budget/rise-third.yaml: not published" in err
    assert "3 claims (and 1 draft(s)), no errors" in out


def test_publishing_a_draft_asks_for_exactly_the_empty_fields(
    site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new(site_root, "city-budget", "a rise of a third")
    path = site_root / CLAIMS / "rise-third.yaml"
    path.write_text(path.read_text("utf-8").replace("draft: true", "draft: false"), "utf-8")
    capsys.readouterr()
    assert main(["--root", str(site_root), "check"]) == 1
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if "rise-third.yaml" in line]
    assert [e.split(": ", 1)[1] for e in errors] == [
        "claim must not be empty",
        "claimant must not be empty",
        "summary must not be empty",
        "explanation must not be empty",
    ]
    assert "a published claim is complete; while it is unfinished, mark it `draft: true`" in err


def test_a_quote_not_in_the_article_fails_pointing_at_the_word_that_differs(
    site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new(site_root, "city-budget", "The citys budget rose from $300 milion") == 2
    err = capsys.readouterr().err
    assert "the quote is not in article 'city-budget'" in err
    assert "where the quote has 'citys', the article has 'city’s'" in err
    assert "the article has U+2019 RIGHT SINGLE QUOTATION MARK, which the quote does not" in err
    assert "(the article: The city’s budget rose from $300…); the quote differs again after that" in err
    assert not (site_root / CLAIMS / "citys-budget-rose-300-milion.yaml").exists()


def test_a_repeated_quote_asks_for_a_prefix_or_suffix(
    site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted((site_root / CLAIMS).iterdir())
    assert new(site_root, "city-budget", "Spending on roads fell") == 2
    err = capsys.readouterr().err
    assert "the quote occurs 2 times in article 'city-budget'" in err
    assert "--prefix" in err and "--suffix" in err
    assert "[Spending on roads fell] again in 2024" in err
    assert sorted((site_root / CLAIMS).iterdir()) == before


def test_a_suffix_picks_one_of_the_repeats(site_root: Path) -> None:
    assert new(site_root, "city-budget", "Spending on roads fell", "--suffix", " again", "--id", "roads") == 0
    data = yaml.safe_load((site_root / CLAIMS / "roads.yaml").read_text("utf-8"))
    assert data["passage"] == {"quote": "Spending on roads fell", "suffix": " again"}


def test_never_overwrites_a_file(site_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = site_root / CLAIMS / "roads-fell-again.yaml"
    text = existing.read_text("utf-8")
    assert new(site_root, "city-budget", "a rise of a third", "--id", "roads-fell-again") == 2
    assert "already exists and is never overwritten" in capsys.readouterr().err
    assert existing.read_text("utf-8") == text


def test_a_passage_already_claimed_is_refused_naming_the_claim(
    site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new(site_root, "city-budget", "a rise of a third") == 0
    capsys.readouterr()
    assert new(site_root, "city-budget", "a rise of a third") == 2
    err = capsys.readouterr().err
    assert "this passage is already claimed by content/claims/city-budget/rise-third.yaml" in err
    assert "--id" in err
    assert sorted(p.name for p in (site_root / CLAIMS).glob("rise-third*")) == ["rise-third.yaml"]


def test_an_explicit_id_claims_a_passage_again(site_root: Path) -> None:
    assert new(site_root, "city-budget", "a rise of a third") == 0
    assert new(site_root, "city-budget", "a rise of a third", "--id", "second-reading") == 0
    assert (site_root / CLAIMS / "second-reading.yaml").exists()


def test_fresh_ids_do_not_repeat() -> None:
    assert fresh_id("a rise of a third", {"rise-third"}) == "rise-third-2"
    assert fresh_id("a rise of a third", {"rise-third", "rise-third-2"}) == "rise-third-3"


def test_an_unknown_article_is_named_with_a_suggestion(
    site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new(site_root, "city-budgte", "a rise") == 2
    err = capsys.readouterr().err
    assert "there is no article 'city-budgte'" in err
    assert "did you mean 'city-budget'?" in err


def test_an_invalid_id_is_refused(site_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(site_root, "city-budget", "a rise of a third", "--id", "Rise_Third") == 2
    assert "not a valid claim id" in capsys.readouterr().err


def test_ids_are_readable() -> None:
    assert (
        fresh_id("The majority of those arrested, 21, were from Mexico", set())
        == "majority-those-arrested-21-mexico"
    )
    assert fresh_id("Ça coûte 3,5 millions d’euros", set()) == "ca-coute-3-5-millions-deuros"
    assert fresh_id("“…”", set()) == "claim"
    assert fresh_id("of the", set()) == "of-the"


@given(st.text(max_size=200), st.sets(st.text(max_size=20), max_size=5))
def test_ids_are_valid_slugs_and_new(quote: str, taken: set[str]) -> None:
    claim_id = fresh_id(quote, taken | {fresh_id(quote, set())})
    assert SLUG.match(claim_id)
    assert claim_id not in taken
    assert len(claim_id) <= 70


@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=200))
def test_quotes_read_back_exactly(text: str) -> None:
    assert yaml.safe_load(f"passage:\n  quote: {_scalar(text)}  # a comment\n") == {
        "passage": {"quote": text}
    }


def test_a_claims_folder_linked_outside_content_is_refused(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (site_root / CLAIMS).rename(elsewhere)
    (site_root / CLAIMS).symlink_to(elsewhere)
    before = sorted(p.name for p in elsewhere.iterdir())
    assert new(site_root, "city-budget", "a rise of a third") == 1
    err = capsys.readouterr().err
    assert f"{CLAIMS}:1:1: this link leads outside content/" in err
    assert "hint: replace the link with the folder itself" in err
    assert sorted(p.name for p in elsewhere.iterdir()) == before


def test_a_claims_tree_linked_outside_content_is_refused(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(site_root / "content/claims")
    (site_root / "content/claims").symlink_to(elsewhere)
    assert new(site_root, "city-budget", "a rise of a third") == 1
    assert "content/claims:1:1: this link leads outside content/" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []


def test_a_claim_file_name_taken_by_a_link_is_not_written_through(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "target.yaml"
    (site_root / CLAIMS / "rise.yaml").symlink_to(target)
    assert new(site_root, "city-budget", "a rise of a third", "--id", "rise") == 2
    assert "already exists and is never overwritten" in capsys.readouterr().err
    assert not target.exists()


def test_a_full_disk_leaves_no_half_written_claim(
    site_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_open = Path.open

    class Full(io.TextIOWrapper):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def full_open(path: Path, mode: str = "r", **kwargs: Any) -> Any:
        if mode != "x":
            return real_open(path, mode, **kwargs)
        return Full(real_open(path, "xb"), encoding="utf-8")

    monkeypatch.setattr(Path, "open", full_open)
    assert new(site_root, "city-budget", "a rise of a third") == 3
    err = capsys.readouterr().err
    assert f"{CLAIMS}/rise-third.yaml: No space left on device" in err
    assert "No claim file was written." in err and "Traceback" not in err
    assert not (site_root / CLAIMS / "rise-third.yaml").exists()


@pytest.mark.parametrize(
    ("prog", "ran"),
    [("factsite", "factsite"), ("python -m factsite", "factsite"), ("build.py", "python build.py")],
)
def test_messages_name_the_command_the_user_ran(
    site_root: Path, capsys: pytest.CaptureFixture[str], prog: str, ran: str
) -> None:
    argv = ["--root", str(site_root), "new", "city-budget", "a rise of a third"]
    assert main(argv, prog=prog) == 0
    text = (site_root / CLAIMS / "rise-third.yaml").read_text("utf-8")
    assert f"started with `{ran} new` on" in text and f"then run `{ran} check`." in text
    assert f"and run `{ran} check`" in capsys.readouterr().out
    other = "python build.py" if ran == "factsite" else "`factsite "
    assert other not in text
