"""Highlighting claimed passages never adds, drops or rewrites a character of the text."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from factsite.model import Anchor, Block, Claim, Claimant, Passage
from factsite.render.highlight import highlighted, marked

TEXT = st.text(st.characters(exclude_categories=["Cs"]) | st.sampled_from("<>&\"'*_[]`"), max_size=60)


THE_ARTICLE = Claimant("the-article", "The article", "publication", "", "content/claimants/the-article.yaml")


def claim(n: int, block: Block, start: int, end: int) -> Claim:
    passage = Passage(block.text[start:end], None, None, Anchor(block.index, start, end))
    return Claim(
        f"c{n}", "a", "A claim.", passage, THE_ARTICLE, "false", "<b>Wrong</b> & more", "", (),
        dt.date(2024, 1, 1), (), (), "content/claims/a/c.yaml",
    )  # fmt: skip


class Texts(HTMLParser):
    """All the text, and the text inside each element of one tag."""

    def __init__(self, tag: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tag, self.text, self.inside, self.open = tag, "", [""], False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == self.tag:
            self.open = True
            self.inside.append("")

    def handle_endtag(self, tag: str) -> None:
        self.open = self.open and tag != self.tag

    def handle_data(self, data: str) -> None:
        self.text += data
        if self.open:
            self.inside[-1] += data


def read(html: str, tag: str) -> Texts:
    texts = Texts(tag)
    texts.feed(html)
    return texts


@given(text=TEXT, data=st.data())
def test_highlighted_text_is_the_block_text(text: str, data: st.DataObject) -> None:
    block = Block(0, "p", text, 1)
    spans = data.draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=4))
    claims = [claim(n, block, min(a, b), max(a, b)) for n, (a, b) in enumerate(spans) if a != b]
    texts = read(str(highlighted(block, claims, lambda c: f"../{c.id}/", lambda c: c.summary)), "a")
    assert texts.text == text
    assert "".join(texts.inside) == "".join(
        text[i]
        for i in range(len(text))
        if any(c.passage.anchor.start <= i < c.passage.anchor.end for c in claims)
    )


@given(text=TEXT, data=st.data())
def test_the_marked_passage_is_the_quote_in_its_text(text: str, data: st.DataObject) -> None:
    block = Block(0, "p", text, 1)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    texts = read(str(marked(block, claim(0, block, start, end))), "mark")
    assert texts.text == text
    assert texts.inside == ["", text[start:end]]
