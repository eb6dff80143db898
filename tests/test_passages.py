"""Anchoring quotes in article text: exact, normalised, ambiguous, missing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from factsite.model import Anchor, Block
from factsite.passages import closest, find, normalise

TEXT = "ICE’s officers said — again — that “nearly 40” people were re-arrested.  ICE’s officers said so."
BLOCKS = (Block(0, "p", "An opening paragraph.", 1), Block(1, "p", TEXT, 3))


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


def test_closest_text_is_whole_words() -> None:
    text, ratio = closest(BLOCKS, "that “nearly 50” people were rearrested") or ("", 0.0)
    assert text == 'that "nearly 40" people were re-arrested.'
    assert 0.9 < ratio < 1


def test_closest_of_nothing_alike() -> None:
    found = closest(BLOCKS, "zzzz qqqq")
    assert found is None or found[1] < 0.5


words = st.text(alphabet=st.sampled_from("ab ’“”—\n"), min_size=1, max_size=40)


@given(text=words, data=st.data())
def test_any_span_of_the_text_is_found_where_it_is(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    block = Block(0, "p", text, 1)
    if not quote.strip():
        assert find([block], quote) == []
        return
    found = find([block], quote)
    assert found, (text, quote)
    for anchor in found:
        assert normalise(text[anchor.start : anchor.end]).text == normalise(quote).text
    assert any(a.start <= start + len(quote) - len(quote.lstrip()) for a in found)


@given(st.text(max_size=60))
def test_normalising_maps_back_to_the_original(text: str) -> None:
    norm = normalise(text)
    assert len(norm.offsets) == len(norm.text) + 1
    assert list(norm.offsets[:-1]) == sorted(set(norm.offsets[:-1]))
    assert "  " not in norm.text and norm.text == norm.text.strip()


def test_anchor_is_a_value() -> None:
    assert Anchor(1, 2, 3) == Anchor(1, 2, 3)
