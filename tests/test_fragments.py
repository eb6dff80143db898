"""Text fragments: the encoding the spec requires, and the directive for a passage."""

from __future__ import annotations

import urllib.parse

import pytest

from factsite.model import Anchor, Block, Passage
from factsite.render.fragments import encode, fragment_url, passage_directive, text_directive


def passage_in(text: str, quote: str) -> tuple[Block, Passage]:
    start = text.index(quote)
    return Block(0, "p", text, 1), Passage(quote, None, None, Anchor(0, start, start + len(quote)))


@pytest.mark.parametrize(
    ("text", "encoded"),
    [
        ("well-known", "well%2Dknown"),
        ("2,916", "2%2C916"),
        ("law & trust", "law%20%26%20trust"),
        ("“a matter”", "%E2%80%9Ca%20matter%E2%80%9D"),
        ("‘dangerous’", "%E2%80%98dangerous%E2%80%99"),
        ("policy – stay — now", "policy%20%E2%80%93%20stay%20%E2%80%94%20now"),
        ("50% #1", "50%25%20%231"),
        ("Mr. O'Neil (ICE): yes!", "Mr.%20O'Neil%20(ICE):%20yes!"),
    ],
)
def test_encode_escapes_the_directive_syntax_and_everything_not_explicit(text: str, encoded: str) -> None:
    assert encode(text) == encoded
    assert urllib.parse.unquote(encoded) == text


def test_encode_never_leaves_a_dash_comma_or_ampersand() -> None:
    out = encode("a-b,c&d - , &")
    assert not set(out) & set("-,& ")


def test_directive_has_prefix_start_end_suffix_in_order() -> None:
    assert text_directive("start", "end", "pre", "post") == "text=pre-,start,end,-post"
    assert text_directive("only") == "text=only"
    assert text_directive("a-b", prefix="x,y") == "text=x%2Cy-,a%2Db"


def test_short_quote_is_given_whole_with_three_words_of_context() -> None:
    text = "The mayor’s office said the policy – “a matter of law & trust” – would stay, and more."
    block, passage = passage_in(text, "“a matter of law & trust”")
    assert passage_directive(block, passage) == (
        "text=the%20policy%20%E2%80%93-,%E2%80%9Ca%20matter%20of%20law%20%26%20trust%E2%80%9D,"
        "-%E2%80%93%20would%20stay%2C"
    )


def test_long_quote_is_given_by_its_first_and_last_words() -> None:
    text = (
        "Yonkers follows New York City. The New York City Police Department received a total of "
        "2,916 detainer requests from ICE between July 1, 2018 and June 30 of this year. Every single one."
    )
    quote = text[text.index("The New") : text.index(" Every")]
    block, passage = passage_in(text, quote)
    prefix, start, end, suffix = passage_directive(block, passage).removeprefix("text=").split(",")
    assert urllib.parse.unquote(prefix) == "New York City.-"
    assert urllib.parse.unquote(start) == "The New York City Police"
    assert urllib.parse.unquote(end) == "June 30 of this year."
    assert urllib.parse.unquote(suffix) == "-Every single one."


def test_quote_at_the_edges_of_a_block_has_no_prefix_or_suffix() -> None:
    block, passage = passage_in("Spending on roads fell.", "Spending on roads fell.")
    assert passage_directive(block, passage) == "text=Spending%20on%20roads%20fell."


def test_whitespace_inside_the_quote_is_collapsed() -> None:
    block, passage = passage_in("It rose by\n a  third.", "rose by\n a  third")
    assert passage_directive(block, passage) == "text=It-,rose%20by%20a%20third,-."


def test_fragment_url_replaces_an_existing_fragment_and_keeps_the_query() -> None:
    url = fragment_url("https://news.example.org/a?id=7&p=2#top", "text=x")
    assert url == "https://news.example.org/a?id=7&p=2#:~:text=x"
