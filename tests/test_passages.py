"""Anchoring quotes in article text: exact, forgiven differences, whole words, ambiguous, missing."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factsite.model import Anchor, Block
from factsite.text.passages import Normalised, cuts, find, normalise

TEXT = "ICE’s officers said — again — that “nearly 40” people were re-arrested.  ICE’s officers said so."
BLOCKS = (Block(0, "p", "An opening paragraph.", 1), Block(1, "p", TEXT, 3))


def quoted(text: str, quote: str, prefix: str | None = None, suffix: str | None = None) -> list[str]:
    """The article's own characters at each place the quote is found."""
    return [text[a.start : a.end] for a in find([Block(0, "p", text, 1)], quote, prefix, suffix)]


def test_exact_quote() -> None:
    [anchor] = find(BLOCKS, "“nearly 40” people")
    assert TEXT[anchor.start : anchor.end] == "“nearly 40” people"
    assert anchor.block == 1


def test_straight_quotes_and_hyphens_match_typographic_ones() -> None:
    [anchor] = find(BLOCKS, 'said - again - that "nearly 40"')
    assert TEXT[anchor.start : anchor.end] == "said — again — that “nearly 40”"


def test_whitespace_differences_are_forgiven() -> None:
    [anchor] = find(BLOCKS, "people  were\n   re-arrested.   ICE’s")
    assert TEXT[anchor.start : anchor.end] == "people were re-arrested.  ICE’s"


def test_nothing_else_is_forgiven() -> None:
    assert find(BLOCKS, "nearly 40 people") == []
    assert find(BLOCKS, "ice’s officers") == []
    assert find(BLOCKS, "ICEs officers") == []


def test_a_repeated_quote_is_found_twice_and_a_prefix_or_suffix_tells_them_apart() -> None:
    assert len(find(BLOCKS, "ICE’s officers said")) == 2
    [first] = find(BLOCKS, "ICE’s officers said", suffix=" — again")
    [second] = find(BLOCKS, "ICE’s officers said", prefix="re-arrested.")
    assert first.start == 0 and second.start > first.start


def test_quotes_do_not_cross_paragraphs() -> None:
    assert find(BLOCKS, "paragraph. ICE’s") == []


# Invisible differences: what a reader sees as the same text matches.

NFC = "Support came from José Müller, the mayor."
NFD = unicodedata.normalize("NFD", NFC)


def test_an_nfd_article_matches_a_typed_nfc_quote_and_marks_the_articles_own_characters() -> None:
    assert NFD != NFC
    assert quoted(NFD, "José Müller") == [unicodedata.normalize("NFD", "José Müller")]


def test_an_nfc_article_matches_an_nfd_quote() -> None:
    assert quoted(NFC, unicodedata.normalize("NFD", "José Müller")) == ["José Müller"]


def test_stacked_accents_match_in_either_order() -> None:
    assert quoted("the q\u0323\u0307 sound", "q\u0307\u0323") == ["q\u0323\u0307"]
    assert quoted("the \u1e69 sound", "s\u0307\u0323") == ["\u1e69"]  # ṩ: s with dot below and above


@pytest.mark.parametrize(
    ("invisible", "name"),
    [
        ("\u00ad", "soft hyphen"),
        ("\u200b", "zero width space"),
        ("\u200c", "zero width non-joiner"),
        ("\u200d", "zero width joiner"),
        ("\u2060", "word joiner"),
        ("\ufeff", "byte order mark"),
        ("\ufe0f", "variation selector 16"),
        ("\u200e", "left-to-right mark"),
        ("\u2066", "left-to-right isolate"),
    ],
)
def test_characters_drawn_as_nothing_are_forgiven_in_the_article_and_in_the_quote(
    invisible: str, name: str
) -> None:
    article = f"They were re{invisible}arrested in Newark.{invisible}"
    assert quoted(article, "were rearrested in Newark.") == [f"were re{invisible}arrested in Newark."], name
    assert quoted("They were rearrested in Newark.", f"re{invisible}arrested") == ["rearrested"], name
    assert quoted(f"{invisible}Newark police", "Newark") == ["Newark"], name  # the mark starts at N


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009", "\u3000", "\t", "\n", " \u00a0 "])
def test_any_kind_and_amount_of_whitespace_is_one_space(space: str) -> None:
    assert quoted(f"rose by 40{space}percent", "rose by 40 percent") == [f"rose by 40{space}percent"]
    assert quoted("rose by 40 percent", f"40{space}percent") == ["40 percent"]


def test_an_invisible_character_between_two_spaces_leaves_one_space() -> None:
    assert quoted("rose by \u200b 40 percent", "by 40") == ["by \u200b 40"]


def test_typographic_substitutions_are_forgiven() -> None:
    assert quoted("a ﬁnal “oﬀer”… she said", 'a final "offer"... she') == ["a ﬁnal “oﬀer”… she"]
    assert quoted("the final offer...", "final offer…") == ["final offer..."]


@pytest.mark.parametrize(
    ("article", "quote"),
    [
        ("José Müller", "Jose Muller"),  # accents are letters
        ("José Müller", "josé müller"),  # case
        ("Straße", "Strasse"),
        ("40 km²", "40 km2"),  # a superscript is seen
        ("ＩＣＥ agents", "ICE agents"),  # fullwidth letters look different
        ("ICE agents", "IСE agents"),  # a Cyrillic С looks the same but is another letter
        ("2,916 requests", "2.916 requests"),
    ],
)
def test_differences_a_reader_can_see_or_that_change_the_letters_are_not_forgiven(
    article: str, quote: str
) -> None:
    assert quoted(article, quote) == []


def test_prefix_and_suffix_forgive_the_same_differences() -> None:
    text = unicodedata.normalize("NFD", "José said no. Müller said no. Zoë said yes.")
    assert quoted(text, "said no", prefix="José") == ["said no"]
    [anchor] = find([Block(0, "p", text, 1)], "said no", suffix=".\u00a0Zoë")
    assert text[: anchor.start].endswith(unicodedata.normalize("NFD", "Müller "))


# Word boundaries: a quote starts and ends on whole words.

MEASURE = "Support for the measure fell 30 percentage points in a year."


def test_a_quote_that_ends_inside_a_word_is_not_found_and_names_the_word() -> None:
    assert find([Block(0, "p", MEASURE, 1)], "Support for the measure fell 30 percent") == []
    [cut] = cuts([Block(0, "p", MEASURE, 1)], "Support for the measure fell 30 percent")
    assert (cut.edge, cut.word) == ("ends", "percentage")
    assert MEASURE[cut.anchor.start : cut.anchor.end] == "Support for the measure fell 30 percent"


def test_a_quote_that_starts_inside_a_word_names_it() -> None:
    [cut] = cuts([Block(0, "p", MEASURE, 1)], "port for the measure")
    assert (cut.edge, cut.word) == ("starts", "Support")


@pytest.mark.parametrize(
    ("text", "quote", "word"),
    [
        ("The city’s budget rose.", "The city", "city’s"),  # an apostrophe joins
        ("They don't know.", "They don", "don't"),
        ("They were re-arrested.", "They were re", "re-arrested"),  # so does a hyphen
        ("a 30-year-old man", "a 30", "30-year-old"),
        ("It rose to 1,000 people.", "rose to 1", "1,000"),  # and a comma between digits
        ("It rose to 1,000 people.", "rose to 1,", "1,000"),  # a quote may end in one, not inside a number
        ("It fell 30.5 percent.", "It fell 30", "30.5"),
        ("At 10:30 they met.", "At 10", "10:30"),
        ("in the U.S. capital", "in the U", "U.S"),
        (unicodedata.normalize("NFD", "José said"), "Jose", unicodedata.normalize("NFD", "José")),
        # every character matching reads as an apostrophe or a hyphen joins words as they do
        (
            "The governor of Hawai‘i spoke on O‘ahu today.",
            "The governor of Hawai",
            "Hawai‘i",
        ),  # an ʻokina as ‘
        ("The governor of Hawai‘i spoke on O‘ahu today.", "O", "O‘ahu"),
        ("He is 5′10″ tall.", "He is 5", "5′10"),  # a prime
        ("He was re−elected.", "He was re", "re−elected"),  # a minus sign
        ("It was a state‛s call.", "a state", "state‛s"),
        ("Call 555‒0100 now.", "Call 555", "555‒0100"),  # a figure dash
    ],
)
def test_joined_words_count_as_one(text: str, quote: str, word: str) -> None:
    assert quoted(text, quote) == []
    assert [c.word for c in cuts([Block(0, "p", text, 1)], quote)] == [word]


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("He said—again—that it rose.", "again"),  # a dash separates words
        ("He said – again – that it rose.", "again – that"),
        ("ICE’s officers said so.", "ICE’s officers"),
        ("the laws,” he added.", "the laws,"),  # a quote may end in punctuation
        ("the laws,” he added.", "the laws,”"),
        ("He said “nearly 40” people", "“nearly 40"),  # and start with it
        ("The majority, 21, were from Mexico.", "21"),
        ("It was 40 percent.", "40 percent."),
    ],
)
def test_quotes_on_word_boundaries_are_found(text: str, quote: str) -> None:
    assert quoted(text, quote) == [quote.replace(" – ", " – ")]


words = st.text(alphabet=st.sampled_from("ab ’“”—\n\u00ad\u0301é"), min_size=1, max_size=40)


@given(text=words, data=st.data())
def test_any_span_of_the_text_is_found_or_reported_as_cutting_a_word(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    block = Block(0, "p", text, 1)
    if not normalise(quote).text:
        assert find([block], quote) == [] and cuts([block], quote) == []
        return
    found = find([block], quote)
    assert found or cuts([block], quote), (text, quote)
    for anchor in found:
        assert normalise(text[anchor.start : anchor.end]).text == normalise(quote).text
    edges = (start == 0 or text[start - 1].isspace(), end == len(text) or text[end].isspace())
    visible = (
        not quote[0].isspace()
        and not quote[-1].isspace()
        and unicodedata.category(normalise(quote).text[0]) != "Mn"
    )
    if all(edges) and visible:  # between spaces: whole words, unless it starts with an accent on a space
        assert any(start <= a.start and a.end <= end for a in found), (text, quote, found)


@given(st.text(max_size=60))
def test_normalising_maps_back_to_the_original(text: str) -> None:
    norm = normalise(text)
    assert "  " not in norm.text and norm.text == norm.text.strip(" ")
    assert list(norm.at) == sorted(set(norm.at))
    for i in range(len(norm.text)):
        assert 0 <= norm.start(i) < norm.end(i + 1) <= len(text)
        assert norm.start(i) <= norm.start(min(i + 1, len(norm.text) - 1))


def _edges(norm: Normalised) -> list[int]:
    """Offsets of normalised text that are edges in the original too: not inside a character
    that became several (… to ...), nor before a combining mark."""
    inside = {
        at + i
        for at, (_, size, original) in zip(norm.at, norm.origin, strict=True)
        if size != original
        for i in range(1, size)
    }
    text = norm.text
    return [
        i
        for i in range(len(text) + 1)
        if i not in inside and (i == len(text) or unicodedata.category(text[i])[0] != "M")
    ]


@given(st.text(max_size=40), st.data())
def test_a_normalised_span_maps_to_original_text_that_normalises_to_it(
    text: str, data: st.DataObject
) -> None:
    norm = normalise(text)
    edges = _edges(norm)
    if len(edges) < 2:
        return
    start = data.draw(st.sampled_from(edges[:-1]))
    end = data.draw(st.sampled_from([e for e in edges if e > start]))
    begin, stop = norm.span(start, end)
    assert normalise(text[begin:stop]).text == norm.text[start:end].strip(" ")


def test_anchor_is_a_value() -> None:
    assert Anchor(1, 2, 3) == Anchor(1, 2, 3)


def test_whitespace_is_what_python_calls_whitespace() -> None:
    spaces = {c for c in map(chr, range(0x110000)) if c.isspace()}
    assert {c for c in spaces if normalise(f"a{c}b").text == "a b"} == spaces
    assert normalise("a\u200bb").text == "ab"  # a zero width space is no space: it is drawn as nothing


@pytest.mark.parametrize(
    ("text", "quote", "edge", "cluster"),
    [
        ("Emoji 😀 and 👍🏽 here.", "👍", "ends", "👍🏽"),  # a skin tone belongs to its emoji
        ("Emoji 😀 and 👍🏽 here.", "and 👍", "ends", "👍🏽"),
        ("Flag 🇫🇷 here and 👨‍👩‍👧 family.", "🇫", "ends", "🇫🇷"),  # a flag is two regional indicators
        ("Flag 🇫🇷 here and 👨‍👩‍👧 family.", "🇷 here", "starts", "🇫🇷"),
        ("Flag 🇫🇷 here and 👨‍👩‍👧 family.", "👨", "ends", "👨\u200d👩\u200d👧"),  # a family, joined by ZWJs
        ("Flag 🇫🇷 here and 👨‍👩‍👧 family.", "👧 family", "starts", "👨\u200d👩\u200d👧"),
    ],
)
def test_a_quote_that_cuts_what_a_reader_sees_as_one_character_is_not_found(
    text: str, quote: str, edge: str, cluster: str
) -> None:
    assert quoted(text, quote) == []
    assert [(c.edge, c.word) for c in cuts([Block(0, "p", text, 1)], quote)] == [(edge, cluster)]


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("Emoji 😀 and 👍🏽 here.", "👍🏽"),
        ("Emoji 😀 and 👍🏽 here.", "😀 and 👍🏽"),
        ("Flag 🇫🇷 here and 👨‍👩‍👧 family.", "🇫🇷"),
        ("Flag 🇫🇷 here and 👨‍👩‍👧 family.", "👨‍👩‍👧 family."),
    ],
)
def test_whole_emoji_sequences_are_found(text: str, quote: str) -> None:
    assert quoted(text, quote) == [quote]
