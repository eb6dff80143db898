"""Right-to-left languages: `<html dir="rtl">`, and a layout that mirrors (CSS logical properties)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel import Locale
from playwright.sync_api import Browser, Page

from factsite.cli.main import main
from factsite.text.language import RTL_SCRIPTS, direction, locale_by_script, script_direction
from tests.browserkit import Problems, open_page
from tests.conftest import SAMPLE

REPO = Path(__file__).resolve().parent.parent
CLAIM = "claims/city-budget/budget-rose-by-a-third/index.html"


@pytest.mark.parametrize(
    "tag",
    [
        *("ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "ar-EG", "fa-IR", "az-Arab"),
        *("pa-Arab", "ff-Adlm", "AR", "he-IL", "ku-Arab-IQ", "arz", "prs", "iw", "yi-x-private"),
        *("sd-Arab-IN", "ar-arz", "und-PK", "nqo", "syr", "bm-Nkoo", "ar_EG"),
    ],
)
def test_right_to_left_languages_and_scripts(tag: str) -> None:
    assert direction(tag) == "rtl"


@pytest.mark.parametrize(
    "tag",
    [
        *("en", "en-GB", "fr", "fr-CA", "az", "az-Latn", "sd-Deva", "ar-Latn", "ku", "tr", "zh-Hant-TW"),
        *("en-x-arab", "pa", "uz", "sh", "mn-Mong", "und"),
    ],
)
def test_left_to_right_languages_and_scripts(tag: str) -> None:
    assert direction(tag) == "ltr"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        *(("pa-PK", "rtl"), ("az-IR", "rtl"), ("uz-AF", "rtl"), ("tg-PK", "rtl"), ("ky-CN", "rtl")),
        *(("kk-CN", "rtl"), ("ha-SD", "rtl"), ("rhg", "rtl"), ("sd-IN", "ltr")),
    ],
)
def test_the_region_chooses_the_script_as_cldr_likely_subtags_say(tag: str, expected: str) -> None:
    """Punjabi is written in Gurmukhi in India, in Arabic script in Pakistan; Sindhi the other way round."""
    assert direction(tag) == expected
    if "-" in tag:
        assert direction(tag.split("-")[0]) != expected


@pytest.mark.parametrize(
    "tag", ["", "-", "x", "123", "not a tag", "qaa", "zz-ZZ", "i-klingon", "en--US", "ar-😀", "ar\n"]
)
def test_a_tag_that_names_no_known_language_is_left_to_right(tag: str) -> None:
    assert direction(tag) == "ltr"


def test_the_scripts_without_a_cldr_locale_agree_with_cldr_where_it_has_one() -> None:
    """The fallback list of right-to-left scripts never contradicts CLDR's character order."""
    for script, locale in locale_by_script().items():
        expected = Locale.parse(locale).character_order == "right-to-left"
        assert (script in RTL_SCRIPTS) == expected, script
    assert script_direction("Samr") == "rtl"  # Samaritan: no CLDR locale is written in it


def build(site_root: Path, language: str) -> Path:
    config = (site_root / "site.toml").read_text("utf-8")
    config = config.replace('language = "en"', f'language = "{language}"')
    (site_root / "site.toml").write_text(config, "utf-8")
    out = site_root.parent / f"out-{language}"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    return out


def test_an_arabic_site_says_so_on_every_page(site_root: Path) -> None:
    out = build(site_root, "ar")
    pages = list(out.rglob("*.html"))
    assert pages and all('<html lang="ar" dir="rtl">' in p.read_text("utf-8") for p in pages)


def test_a_left_to_right_site_is_unchanged(site_root: Path) -> None:
    out = build(site_root, "en")
    assert '<html lang="en">' in (out / "index.html").read_text("utf-8")


def test_the_stylesheet_names_no_physical_side_outside_its_rtl_rules() -> None:
    """Margins, paddings, borders, positions and alignment are logical (inline-start/end)."""
    css = (REPO / "static/style.css").read_text("utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    rules = [r for r in re.findall(r"([^{}]+)\{([^{}]*)\}", css) if "[dir=" not in r[0]]
    physical = [f"{sel.strip()} {{{body}}}" for sel, body in rules if re.search(r"\b(left|right)\b", body)]
    assert physical == []
    templates = "".join(p.read_text("utf-8") for p in (REPO / "templates").glob("*.html"))
    assert not re.search(r"style=\"[^\"]*\b(left|right)\b", templates)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    built = {}
    for language in ("en", "ar"):
        root = tmp_path_factory.mktemp(language) / "site"
        shutil.copytree(SAMPLE, root)
        built[language] = build(root, language)
    yield built


def left(page: Page, selector: str) -> float:
    """Where the first element matching `selector` starts from the page's left edge, in CSS pixels."""
    found = page.locator(selector).first.bounding_box()
    assert found is not None, selector
    return found["x"]


def side_border(page: Page, selector: str) -> tuple[str, str]:
    widths: list[str] = page.locator(selector).first.evaluate(
        "e => [getComputedStyle(e).borderLeftWidth, getComputedStyle(e).borderRightWidth]"
    )
    return widths[0], widths[1]


@pytest.mark.browser
def test_the_claim_page_mirrors_in_arabic(browser: Browser, sites: dict[str, Path]) -> None:
    problems = Problems()
    page = open_page(browser, "desktop", problems)
    layouts = {}
    for language, out in sites.items():
        page.goto((out / CLAIM).as_uri())
        mirrored = (
            left(page, "article.claim") < left(page, ".claim-aside"),
            left(page, ".brand") < left(page, ".site-search"),
        )
        layouts[language] = (*mirrored, side_border(page, ".verdict"))
    page.context.close()
    assert layouts["en"] == (True, True, ("6px", "1px"))
    assert layouts["ar"] == (False, False, ("1px", "6px"))
    assert problems.found == []


@pytest.mark.browser
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_lists_and_quotes_keep_their_rule_on_the_start_side(
    browser: Browser, sites: dict[str, Path], viewport: str
) -> None:
    problems = Problems()
    page = open_page(browser, viewport, problems)
    page.goto((sites["ar"] / "index.html").as_uri())
    assert side_border(page, ".claim-item") == ("0px", "4px")
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") == width  # nothing sticks out sideways
    page.goto((sites["ar"] / CLAIM).as_uri())
    assert side_border(page, ".passage blockquote") == ("0px", "3px")
    page.context.close()
    assert problems.found == []
