"""Hostile values are refused at their line: deep nesting, a final line break, forbidden characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from factsite.cli.main import main
from factsite.cli.new import Selector, new_claim
from factsite.errors import UsageError
from factsite.load.content import load_site
from factsite.load.loader import is_slug
from factsite.load.schema import ecma_pattern
from tests.sitekit import CLAIM, VALID, Write, errors_of, only_error

ARTICLE = "content/articles/city-budget.md"
DEEP_YAML = "lists and mappings are nested more than 50 levels deep here"
DEEP_TOML = "arrays, tables and dotted keys are nested more than 50 levels deep here"


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_claim_nested_500_levels_deep_is_refused_at_the_level_too_many(
    site_root: Path, write: Write
) -> None:
    write(CLAIM, VALID.replace("claim: Spending on roads fell.", "claim: " + "[" * 500 + "]" * 500))
    error = only_error(site_root)
    assert (error.path, error.line, error.col, error.message) == (CLAIM, 1, 57, DEEP_YAML)
    assert "indentation" in error.hint


def test_block_nesting_is_refused_too(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID + "extra:\n" + "".join("  " * (i + 1) + "a:\n" for i in range(500)))
    error = only_error(site_root)
    assert (error.line, error.col, error.message) == (61, 101, DEEP_YAML)


def test_nesting_up_to_the_limit_is_read_and_checked(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID + "extra:\n" + "".join("  " * (i + 1) + "a:\n" for i in range(48)))
    error = only_error(site_root)
    assert (error.line, error.message) == (11, "unknown field 'extra'")


def test_front_matter_nested_1000_levels_deep(site_root: Path) -> None:
    nested = "x:\n" + "".join("  " * (i + 1) + "- \n" for i in range(1000))
    edit(site_root, ARTICLE, "seed: city-budget.txt\n", "seed: city-budget.txt\n" + nested)
    error = only_error(site_root)
    assert (error.path, error.line, error.col, error.message) == (ARTICLE, 57, 101, DEEP_YAML)


@pytest.mark.parametrize(
    ("setting", "at"),
    [
        ("x = " + "[" * 2000 + "]" * 2000, (40, 55)),
        ("x = " + "{a = " * 2000 + "1" + "}" * 2000, (40, 255)),
        ("x" + ".a" * 2000 + " = 1", (40, 102)),
        ("[" + ".".join(["a"] * 2000) + "]", (40, 103)),
    ],
)
def test_site_toml_nested_2000_levels_deep(site_root: Path, setting: str, at: tuple[int, int]) -> None:
    path = site_root / "site.toml"
    path.write_text(path.read_text("utf-8") + "\n" + setting + "\n", "utf-8")
    deep = next(e for e in errors_of(site_root) if e.message == DEEP_TOML)
    assert (deep.path, deep.line, deep.col) == ("site.toml", *at)
    assert "brackets" in deep.hint


def test_brackets_inside_toml_strings_do_not_count(site_root: Path) -> None:
    edit(site_root, "site.toml", 'title = "Sample Checks"', 'title = "' + "[" * 100 + '" # [[[[')
    assert load_site(site_root).config.title == "[" * 100


@pytest.mark.parametrize("name", ["evil\n", "evil\r", "a-b\n", "\nevil", "ok-but-\n", "Evil", "a--b", "a b"])
def test_names_must_match_whole(name: str) -> None:
    assert not is_slug(name)


def test_new_refuses_an_id_with_a_final_line_break(site_root: Path) -> None:
    with pytest.raises(UsageError, match="is not a valid claim id"):
        new_claim(site_root, "city-budget", Selector("Spending on roads fell again"), claim_id="evil\n")
    assert not list((site_root / "content/claims/city-budget").glob("evil*"))


def test_the_new_command_refuses_an_id_with_a_final_line_break(
    site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--root", str(site_root), "new", "city-budget", "a rise of a third", "--id", "evil\n"]
    assert main(args) == 2
    assert "is not a valid claim id" in capsys.readouterr().err
    assert sorted(p.name for p in (site_root / "content/claims/city-budget").iterdir()) == [
        "budget-rose-by-a-third.yaml",
        "roads-fell-again.yaml",
    ]


def test_a_claim_file_named_with_a_line_break_is_refused(site_root: Path, write: Write) -> None:
    write("content/claims/city-budget/evil\n.yaml", VALID)
    error = only_error(site_root)
    assert error.message == "'evil\\n' is not a valid name for this file"


LANGUAGE = 'language = "en"'
REPOSITORY = LANGUAGE + '\n[repository]\nurl = "https://github.com/o/n'
SITE = '"https://checks.example.org/'


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (LANGUAGE, 'language = "en\\n"', "language"),
        (f"base_url = {SITE}sub/", f"base_url = {SITE}sub/\\n", "base_url"),
        (f"\nurl = {SITE}", f"\nurl = {SITE}\\n", "organization.url"),
        ('slug = "budget"', 'slug = "budget\\n"', "topics[0].slug"),
        ('id = "accurate"', 'id = "accurate\\n"', "statuses[0].id"),
        ('color = "#1a7f37"', 'color = "#1a7f37\\n"', "statuses[0].color"),
        (LANGUAGE, LANGUAGE + '\ncontact = "a@b.org\\n"', "contact"),
        (LANGUAGE, REPOSITORY + '\\n"', "repository.url"),
        (LANGUAGE, REPOSITORY + '"\nbranch = "main\\n"', "repository.branch"),
        (LANGUAGE, REPOSITORY + '"\nfolder = "site\\n"', "repository.folder"),
    ],
)
def test_every_pattern_in_site_toml_refuses_a_final_line_break(
    site_root: Path, old: str, new: str, field: str
) -> None:
    edit(site_root, "site.toml", old, new)
    errors = [e for e in errors_of(site_root) if e.message.startswith(f"{field}:")]
    assert len(errors) == 1, [str(e) for e in errors_of(site_root)]
    assert errors[0].message.endswith("has a line break in it")
    assert errors[0].hint == "write it on one line"


def test_schema_patterns_keep_ecma_dollar() -> None:
    assert ecma_pattern("^[a-z]+$").search("abc")
    assert not ecma_pattern("^[a-z]+$").search("abc\n")


@pytest.mark.parametrize(
    ("escape", "named"),
    [
        ("\\x01", "U+0001, a control character"),
        ("\\v", "U+000B, the control character VT (vertical tab)"),
        ("\\f", "U+000C, the control character FF (form feed)"),
        ("\\x7f", "U+007F, a control character"),
        ("\\x85", "U+0085, a control character"),
        ("\\u0080", "U+0080, a control character"),
        ("\\uFFFE", "U+FFFE, a noncharacter"),
        ("\\uFDD0", "U+FDD0, a noncharacter"),
        ("\\U0001FFFF", "U+1FFFF, a noncharacter"),
        ("\\0", "U+0000, a control character"),
    ],
)
def test_a_forbidden_character_written_as_an_escape_is_refused_at_it(
    site_root: Path, write: Write, escape: str, named: str
) -> None:
    write(CLAIM, VALID.replace("summary: Not checked.", f'summary: "The{escape} article"'))
    error = only_error(site_root)
    assert (error.line, error.col) == (6, 14)
    assert error.message == f"summary: the escape {escape} that is {named}, which HTML and XML do not allow"
    assert error.hint == "remove it"


def test_every_forbidden_escape_of_a_value_is_refused_in_one_run(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID.replace("summary: Not checked.", 'summary: "a\\N b \\U0001FFFE c \\uFDD0 d \\N"'))
    found = [(e.line, e.col, e.message.split(" that is ")[0]) for e in errors_of(site_root)]
    assert found == [
        (6, 12, "summary: the escape \\N"),
        (6, 17, "summary: the escape \\U0001FFFE"),
        (6, 30, "summary: the escape \\uFDD0"),
        (6, 39, "summary: the escape \\N"),
    ]


def test_an_escape_on_a_later_line_of_a_value_is_found_there(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID.replace("summary: Not checked.", 'summary: "Not\n  checked\\x02."'))
    error = only_error(site_root)
    assert (error.line, error.col) == (7, 10)


def test_a_forbidden_character_in_a_key_is_refused(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID + '"x\\x01": 1\n')
    messages = [e.message for e in errors_of(site_root)]
    assert (
        "x\\x01: the escape \\x01 that is U+0001, a control character, which HTML and XML do not allow"
        in (messages)
    )


@pytest.mark.parametrize(
    ("path", "old", "new", "at"),
    [
        (CLAIM, "Not checked.", "Not\x0bchecked.", (6, 13)),
        (ARTICLE, "Spending on roads fell. Spending", "Spending on roads fell.\x0c Spending", (13, 24)),
        (ARTICLE, 'title: "City budget', 'title: "City\x01 budget', (2, 13)),
        (ARTICLE, "The mayor said", "The\x85 mayor said", (11, 4)),
        ("content/pages/methodology.md", "How we check.", "How we\x1b check.", (5, 7)),
    ],
)
def test_a_raw_forbidden_character_is_refused_at_its_line_and_column(
    site_root: Path, write: Write, path: str, old: str, new: str, at: tuple[int, int]
) -> None:
    if path == CLAIM:
        write(CLAIM, VALID)
    edit(site_root, path, old, new)
    error = only_error(site_root)
    assert (error.path, error.line, error.col) == (path, *at)
    assert "which HTML and XML do not allow" in error.message
    assert error.hint.startswith("delete it")


def test_a_forbidden_character_in_site_toml_is_refused(site_root: Path) -> None:
    edit(site_root, "site.toml", 'title = "Sample Checks"', 'title = "Sample\\u0001 Checks"')
    error = only_error(site_root)
    assert (error.path, error.line, error.col) == ("site.toml", 1, 1)
    assert error.message == "title holds U+0001, a control character, which HTML and XML do not allow"


def test_a_lone_surrogate_escape_is_refused(site_root: Path, write: Write) -> None:
    write(CLAIM, VALID.replace("summary: Not checked.", 'summary: "The\\ud800 article"'))
    error = only_error(site_root)
    assert error.line == 6
    assert (
        error.message
        == "invalid YAML: the escape \\ud800 is half of a UTF-16 surrogate pair, not a character"
    )


def test_a_control_character_stops_the_build_before_any_feed_is_written(
    site_root: Path, write: Write, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(CLAIM, VALID.replace("summary: Not checked.", 'summary: "Not\\vchecked."'))
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 1
    assert not (out / "feeds/claims.xml").exists()
    assert f"{CLAIM}:6:14: summary: the escape \\v that is U+000B" in capsys.readouterr().err


# --- names have at most 100 characters (content.SLUG_MAX) ------------------------------------------


def test_new_refuses_an_id_longer_than_100_characters_as_a_usage_error(
    site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    claims = site_root / "content/claims/city-budget"
    before = sorted(p.name for p in claims.iterdir())
    args = ["--root", str(site_root), "new", "city-budget", "a rise of a third", "--id", "a" * 300]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "is 300 characters long; a claim id has at most 100" in err and "File name too long" not in err
    assert sorted(p.name for p in claims.iterdir()) == before
    assert not (site_root / ".factsite-error.log").exists()
    assert main([*args[:-1], "a" * 101]) == 2
    assert "is 101 characters long; a claim id has at most 100" in capsys.readouterr().err
    assert main([*args[:-1], "a" * 100]) == 0
    assert (claims / f"{'a' * 100}.yaml").is_file()


@pytest.mark.parametrize(
    ("folder", "source"),
    [
        ("content/articles", "content/articles/river-bridge.md"),
        ("content/claims/city-budget", "content/claims/city-budget/roads-fell-again.yaml"),
        ("content/pages", "content/pages/methodology.md"),
        ("content/claimants", "content/claimants/city-council.yaml"),
    ],
)
def test_a_file_name_longer_than_100_characters_is_a_content_error(
    site_root: Path, folder: str, source: str
) -> None:
    suffix = Path(source).suffix
    for length in (100, 101):
        (site_root / f"{folder}/{'b' * length}{suffix}").write_bytes((site_root / source).read_bytes())
    errors = [e for e in errors_of(site_root) if "characters long" in e.message]
    assert [(e.path, e.line, e.col) for e in errors] == [(f"{folder}/{'b' * 101}{suffix}", 1, 1)]
    assert errors[0].message == f"'{'b' * 59}…' is 101 characters long; a name for this file has at most 100"
    assert errors[0].hint == "shorten it to 100 characters at most: it becomes part of the page's address"


@pytest.mark.parametrize(("table", "key", "index"), [("topics", "slug", 1), ("statuses", "id", 0)])
def test_an_id_in_site_toml_longer_than_100_characters_is_an_error_at_its_line(
    site_root: Path, table: str, key: str, index: int
) -> None:
    old = 'slug = "transport"' if table == "topics" else 'id = "accurate"'
    line = next(n for n, t in enumerate((site_root / "site.toml").read_text().splitlines(), 1) if t == old)
    edit(site_root, "site.toml", old, f'{key} = "{"c" * 101}"')
    error = next(e for e in errors_of(site_root) if "longer than" in e.message)
    assert (error.path, error.line) == ("site.toml", line)
    assert error.message == f"{table}[{index}].{key} is longer than 100 characters"
    assert error.hint == "shorten it to 100 characters at most: it becomes part of page addresses"
