"""Why a quote is not in its article: the word it cuts, the word that differs, the characters by name."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from factsite.errors import ContentErrors
from factsite.load.content import load_article, load_site
from factsite.model import Block
from factsite.text.misquote import explain
from factsite.text.nearest import closest
from factsite.text.textnorm import normalise
from tests.conftest import REPO

WHERE = "article 'x'"
ARTICLE = unicodedata.normalize(
    "NFD",
    "Support came from José Müller, who said the laws, “are bad.” "
    "Support for the measure fell 30 percentage points in 2023.",
)
BLOCKS = (Block(0, "p", "An opening paragraph.", 1), Block(1, "p", ARTICLE, 3))


def hint(quote: str, blocks: tuple[Block, ...] = BLOCKS) -> str:
    return explain(blocks, quote, WHERE)[1]


def test_a_quote_that_cuts_a_word_says_which_word() -> None:
    assert explain(BLOCKS, "Support for the measure fell 30 percent", WHERE) == (
        "the quote ends inside the word 'percentage' in article 'x'",
        "a quote starts and ends on whole words: quote all of 'percentage', or end the quote before it",
    )
    assert explain(BLOCKS, "port for the measure", WHERE) == (
        "the quote starts inside the word 'Support' in article 'x'",
        "a quote starts and ends on whole words: quote all of 'Support', or start the quote after it",
    )


def test_a_quote_that_cuts_an_emoji_sequence_names_it() -> None:
    blocks = (Block(0, "p", "Emoji 😀 and 👍🏽 here.", 1),)
    assert explain(blocks, "👍", WHERE) == (
        "the quote ends inside '👍🏽', which a reader sees as one character, in article 'x'",
        "a quote starts and ends on whole characters: quote all of '👍🏽', or end the quote before it",
    )


def test_a_quote_that_cuts_a_word_at_an_okina_names_the_word() -> None:
    blocks = (Block(0, "p", "The governor of Hawai‘i spoke on O‘ahu today.", 1),)
    assert explain(blocks, "The governor of Hawai", WHERE)[0] == (
        "the quote ends inside the word 'Hawai‘i' in article 'x'"
    )


BUDGET = (Block(0, "p", "The city’s budget rose by a third last year.", 1),)


@pytest.mark.parametrize(
    ("quote", "named"),
    [
        ("The city’s bud\u2800get rose", "the quote has U+2800 BRAILLE PATTERN BLANK, which looks blank"),
        ("by a\u2800third", "the quote has U+2800 BRAILLE PATTERN BLANK, which looks blank"),
        ("by a\u3164third", "the quote has U+3164 HANGUL FILLER, which looks like a space but is not one"),
        (
            "by a\uffa0third",
            "the quote has U+FFA0 HALFWIDTH HANGUL FILLER, which looks like a space but is not one",
        ),
        (
            "by a\u115fthird",
            "the quote has U+115F HANGUL CHOSEONG FILLER, which looks like a space but is not one",
        ),
    ],
)
def test_a_character_that_looks_blank_is_named_by_its_code_point(quote: str, named: str) -> None:
    assert named in hint(quote, BUDGET)


@pytest.mark.parametrize(
    ("article", "quote", "said"),
    [
        ("The budget rose.", "The budgetrose.", "the quote lacks the space between 'budget' and 'rose'"),
        (BUDGET[0].text, "budget rose bya third", "the quote lacks the space between 'by' and 'a'"),
        (
            "The budget rose.",
            "The bud get rose.",
            "the quote has a space inside 'budget', which the article does not",
        ),
    ],
)
def test_a_missing_or_extra_space_between_letters_is_named(article: str, quote: str, said: str) -> None:
    assert hint(quote, (Block(0, "p", article, 1),)).startswith(f"{said} (the article: ")


def test_one_misspelt_word_is_named_with_the_articles_words_around_it() -> None:
    assert hint("Support for the measure fell 30 percentage point in 2023.") == (
        "where the quote has 'point', the article has 'points': the article has "
        "U+0073 LATIN SMALL LETTER S, which the quote does not "
        "(the article: …measure fell 30 percentage points in 2023.)"
    )


def test_the_hint_never_wraps_the_articles_text_in_stray_quote_marks() -> None:
    article = load_article(REPO, "nyc-440-released")
    quote = "its public safety mission and will continue to enforce our nation’s immigration lawz"
    message, text = explain(article.blocks, quote, "article 'nyc-440-released'")
    assert message == "the quote is not in article 'nyc-440-released'"
    assert text == (
        "where the quote has 'lawz', the article has 'laws': the quote has U+007A LATIN SMALL LETTER Z "
        "where the article has U+0073 LATIN SMALL LETTER S (the article: …enforce our nation’s immigration "
        "laws,” he added.)"
    )
    assert '""' not in text


def test_an_invisible_or_look_alike_difference_names_the_code_points() -> None:
    accent = hint("José Mùller")  # a grave accent where the article has a diaeresis
    shown = unicodedata.normalize("NFD", "the article has 'Müller'")  # as the article writes it
    assert "where the quote has 'Mùller', " + shown in accent
    assert (
        "the quote has U+0300 COMBINING GRAVE ACCENT where the article has U+0308 COMBINING DIAERESIS"
        in accent
    )
    cyrillic = hint("José Мüller")
    assert (
        "the quote has U+041C CYRILLIC CAPITAL LETTER EM where the article has U+004D LATIN CAPITAL LETTER M"
        in (cyrillic)
    )
    acute = hint("Josè Müller")
    assert (
        "the quote has U+0300 COMBINING GRAVE ACCENT where the article has U+0301 COMBINING ACUTE ACCENT"
        in acute
    )


def test_a_typographic_character_is_named_as_the_article_writes_it() -> None:
    assert (
        "the quote has U+0060 GRAVE ACCENT where the article has U+201C LEFT DOUBLE QUOTATION MARK"
        in hint('the laws, `are bad."')
    )
    assert "the quote has U+002E FULL STOP where the article has U+002C COMMA" in hint('the laws. "are bad."')


def test_words_added_or_left_out_are_named() -> None:
    assert hint("the measure fell 30 very percentage points").startswith(
        "the quote has 'very', which the article does not have here (the article: "
    )
    assert hint("the measure fell percentage points").startswith(
        "the article has '30' here, which the quote leaves out (the article: "
    )


def test_a_second_difference_is_mentioned() -> None:
    assert hint("Support for teh measure fell 40 percentage points").endswith(
        "; the quote differs again after that"
    )
    assert "teh" in hint("Support for teh measure fell 40 percentage points")


def test_a_quote_across_two_paragraphs_says_so() -> None:
    assert explain(BLOCKS, "opening paragraph. Support came", WHERE) == (
        "the quote runs across paragraphs of article 'x'",
        "a quote comes from one paragraph: quote the words of one of them only",
    )


def test_nothing_alike() -> None:
    assert explain(BLOCKS, "zzzz qqqq", WHERE) == (
        "the quote is not in article 'x'",
        "copy the words exactly from the article; a quote may not span two paragraphs",
    )
    assert (
        hint("z" * 1000)
        == "copy the words exactly from the article; the quote is longer than any of its paragraphs"
    )


def test_spacing_alone() -> None:
    assert hint("fell 30 percentage points in 2023 .").startswith(
        "the quote's spacing differs from the article's"
    )


def test_closest_is_whole_words_and_alike() -> None:
    text = "ICE’s officers said — again — that “nearly 40” people were re-arrested.  ICE’s officers said so."
    near = closest([Block(0, "p", text, 1)], "that “nearly 50” people were rearrested")
    assert near is not None
    assert normalise(text).text[near.start : near.end] == 'that "nearly 40" people were re-arrested'  # no "."
    assert 0.9 < near.likeness < 1
    assert closest([Block(0, "p", text, 1)], "zzzz qqqq") is None


@pytest.mark.parametrize("typo", ["Suport", "Backing"])
def test_the_passage_lines_up_with_the_quotes_first_words_even_when_the_first_is_wrong(typo: str) -> None:
    assert hint(f"{typo} for the measure fell").startswith(
        f"where the quote has '{typo}', the article has 'Support'"
    )


def test_an_evidence_passage_gets_the_same_hints(site_root: Path) -> None:
    claim = site_root / "content/claims/city-budget/roads-fell-again.yaml"
    evidence = "evidence:\n  - article: river-bridge\n    quote: the repairs cost 2.5 milion dollars\n"
    claim.write_text(claim.read_text("utf-8").replace("evidence: []\n", evidence), "utf-8")
    with pytest.raises(ContentErrors) as caught:
        load_site(site_root)
    [error] = caught.value.errors
    assert (error.line, error.message) == (12, "the quote is not in article 'river-bridge'")
    assert error.hint.startswith("where the quote has 'milion', the article has 'million'")


def test_an_evidence_passage_must_be_whole_words(site_root: Path) -> None:
    claim = site_root / "content/claims/city-budget/roads-fell-again.yaml"
    evidence = "evidence:\n  - article: river-bridge\n    quote: the repairs cost 2\n"
    claim.write_text(claim.read_text("utf-8").replace("evidence: []\n", evidence), "utf-8")
    with pytest.raises(ContentErrors) as caught:
        load_site(site_root)
    [error] = caught.value.errors
    assert error.message == "the quote ends inside the word '2.5' in article 'river-bridge'"


def test_the_passage_may_start_after_an_opening_quote_mark() -> None:
    article = load_article(REPO, "nyc-440-released")
    quote = "The politics and rhetoric in this city are putting its own communities at an unecessary risk"
    assert explain(article.blocks, quote, "article 'nyc-440-released'")[1] == (
        "where the quote has 'unecessary', the article has 'unnecessary': the article has "
        "U+006E LATIN SMALL LETTER N, which the quote does not "
        "(the article: …own communities at an unnecessary risk,” said Scott Mechowski,…)"
    )
