"""An article's text is shown word for word: plain paragraphs, never Markdown.

The page's visible text of an article (read back with an HTML parser) is the
article's text, under the one whitespace rule of README's "The content format":
spaces and tabs at a line's edges are layout, a line break inside a paragraph
reads as a space, and a run of whitespace shows as one space, as in any web page.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factsite.errors import ContentErrors
from factsite.load.content import load_site
from factsite.model import Site
from factsite.render.pages import environment, plan_site, render_pages
from factsite.text.passages import find, normalise
from factsite.text.textnorm import is_word
from tests.conftest import REPO, SAMPLE

Write = Callable[[str, str], Path]
FRONT = "---\ntitle: Generated\n---\n"  # the body starts on line 4
HTML_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
SEEDS = REPO.parent / "shared" / "seeds"


def shown(text: str) -> str:
    """What a browser shows of text: runs of HTML whitespace as one space, none at the ends."""
    return HTML_WHITESPACE.sub(" ", text).strip(" ")


class ArticleText(HTMLParser):
    """The visible text of each block of an article page (elements with id p-N), with its tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.depth = 0  # elements open inside the current block, itself included

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += tag not in ("br", "wbr")
        elif re.fullmatch(r"p-\d+", dict(attrs).get("id") or ""):
            self.blocks.append((tag, ""))
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(0, self.depth - 1)

    def handle_data(self, data: str) -> None:
        if self.depth:
            tag, text = self.blocks[-1]
            self.blocks[-1] = (tag, text + data)


def page_blocks(html: str) -> list[tuple[str, str]]:
    reader = ArticleText()
    reader.feed(html)
    return [(tag, shown(text)) for tag, text in reader.blocks]


def article_page(site: Site, slug: str, env: jinja2.Environment | None = None) -> str:
    spec = next(s for s in plan_site(site) if s.path == f"articles/{slug}/index.html")
    return render_pages(site, [spec], env)[spec.path].decode("utf-8")


def written(root: Path, body: str) -> Site:
    (root / "content/articles/generated.md").write_text(FRONT + body, "utf-8", newline="")
    return load_site(root)


# Examples from the issue, with their right values.


def test_a_paragraph_starting_with_a_year_keeps_it(site_root: Path) -> None:
    site = written(site_root, "2019. The deficit reached $40 million, the report said.\n")
    assert page_blocks(article_page(site, "generated")) == [
        ("p", "2019. The deficit reached $40 million, the report said.")
    ]
    assert find(site.article("generated").blocks, "2019. The deficit reached $40 million")


def test_a_paragraph_indented_with_a_tab_is_shown_as_a_paragraph(site_root: Path) -> None:
    body = "The council met.\n\n\tThe council voted 5-4 to approve the plan.\n\n    Four spaces, too.\n"
    site = written(site_root, body)
    assert page_blocks(article_page(site, "generated")) == [
        ("p", "The council met."),
        ("p", "The council voted 5-4 to approve the plan."),
        ("p", "Four spaces, too."),
    ]
    assert find(site.article("generated").blocks, "The council voted 5-4 to approve the plan.")


def test_list_and_quote_markers_are_text(site_root: Path) -> None:
    body = "1) first\n- second\n* third\n+ fourth\n> fifth\n1. sixth\n\n---\n\n===\n"
    site = written(site_root, body)
    assert page_blocks(article_page(site, "generated")) == [
        ("p", "1) first - second * third + fourth > fifth 1. sixth"),
        ("p", "---"),
        ("p", "==="),
    ]


def test_markdown_and_html_like_text_is_shown_as_written(site_root: Path) -> None:
    body = "<b>bold</b> &amp; *stars* _under_ [link](https://x.org) `code` \\*escaped\\* <https://y.org>\n"
    html = article_page(written(site_root, body), "generated")
    assert page_blocks(html) == [("p", body.strip())]
    article = html[html.index('id="p-0"') : html.index("</p>", html.index('id="p-0"'))]
    assert not re.search(r"<(b|em|strong|code|a)\b", article)


def test_a_line_of_two_to_six_hashes_and_a_space_is_a_subheading(site_root: Path) -> None:
    body = "## Budget\n\n###### Small print ##\n\n# Not a heading\n\n##No space\n\n##\n\n## Two\nlines\n"
    site = written(site_root, body)
    assert page_blocks(article_page(site, "generated")) == [
        ("h2", "Budget"),
        ("h6", "Small print ##"),
        ("p", "# Not a heading"),
        ("p", "##No space"),
        ("p", "##"),
        ("p", "## Two lines"),
    ]


def test_windows_line_ends_give_the_same_text(site_root: Path) -> None:
    site = written(site_root, "One\r\nline.\r\n\r\nTwo.\r\n")
    assert [(b.text, b.line) for b in site.article("generated").blocks] == [("One line.", 4), ("Two.", 7)]


def test_each_character_of_a_block_knows_its_line(site_root: Path) -> None:
    site = written(site_root, "\nFirst line,\n  second line,\n\tthird line.\n")
    block = site.article("generated").blocks[0]
    assert block.text == "First line, second line, third line."
    lines = [block.line_at(block.text.index(word)) for word in ("First", "second", "third", ".")]
    assert lines == [5, 6, 7, 7]


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x01", "U+0001"),
        ("\x0c", "U+000C"),
        ("\x85", "U+0085"),
        ("\ufffe", "U+FFFE"),
        ("\U0001ffff", "U+1FFFF"),
    ],
)
def test_characters_web_pages_do_not_allow_are_refused_at_their_place(
    site_root: Path, char: str, name: str
) -> None:
    with pytest.raises(ContentErrors) as caught:
        written(site_root, f"Fine text.\n\nA bad {char} here.\n")
    [error] = caught.value.errors
    assert (error.path, error.line, error.col) == ("content/articles/generated.md", 6, 7)
    assert name in error.message
    assert error.hint


def test_the_real_articles_show_their_seeds_word_for_word() -> None:
    site = load_site(REPO)
    env = environment()
    for article in site.articles:
        seed = (SEEDS / str(article.seed)).read_text("utf-8")
        text = " ".join(text for _, text in page_blocks(article_page(site, article.slug, env)))
        assert text == shown(seed), article.slug


# Any text round-trips: load, render, read the page back.

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
MARKUP_LIKE = r"""2019. 1) 1. - * + > # ## ``` ~~~ --- === | *_[]()<>&` \ \* <b> </p> <!-- &amp; &lt; &#65;
    & < "' [a](https://x.org) <https://y.org> {{ {% $40""".split()  # noqa: SIM905
SCRIPTS = ["e\u0301", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\U0001f600"]
INVISIBLE = ["\u200f", "\u200b", "\u00a0", "\u3000", "\u2028", "\ufeff"]
SPECIAL = st.sampled_from([*MARKUP_LIKE, *SCRIPTS, *INVISIBLE, "###### x"])
CHARACTERS = st.characters(
    exclude_categories=["Cc", "Cs", "Cn"], exclude_characters=LINE_BREAKS
) | st.sampled_from(" \t")
WORD = SPECIAL | st.text(CHARACTERS, min_size=1, max_size=12)
LINE = st.tuples(
    st.sampled_from(["", " ", "\t", "    ", " \t "]),
    st.lists(WORD, min_size=1, max_size=8).map(" ".join).filter(lambda s: s.strip(" \t")),
    st.sampled_from(["", " ", "\t"]),
)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=4)
ARTICLE = st.lists(PARAGRAPH, min_size=1, max_size=5)


def expected(paragraphs: list[list[tuple[str, str, str]]]) -> list[tuple[str, str]]:
    """The documented rules, applied to the generated structure."""
    blocks = []
    for lines in paragraphs:
        indent, text, _ = lines[0]
        heading = re.match(r"(#{2,6}) ", text)
        if len(lines) == 1 and not indent and heading and normalise(text[heading.end() :]).text:
            blocks.append((f"h{len(heading.group(1))}", shown(text[heading.end() :])))
        else:
            blocks.append(("p", shown(" ".join(line for _, line, _ in lines))))
    return blocks


@pytest.fixture(scope="module")
def generated_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated") / "site"
    shutil.copytree(SAMPLE, root)
    return root


@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    return environment()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=ARTICLE, separator=st.sampled_from(["\n\n", "\n \n", "\n\t\n\n", "\r\n\r\n"]))
def test_any_article_text_round_trips_to_the_page(
    generated_root: Path,
    env: jinja2.Environment,
    paragraphs: list[list[tuple[str, str, str]]],
    separator: str,
) -> None:
    body = separator.join("\n".join("".join(line) for line in lines) for lines in paragraphs) + "\n"
    if not any(is_word(char) for char in body):  # an article needs words
        with pytest.raises(ContentErrors) as caught:
            written(generated_root, body)
        assert [e.message for e in caught.value.errors] == [
            "the article has no words, only marks and symbols"
        ]
        return
    site = written(generated_root, body)
    blocks = page_blocks(article_page(site, "generated", env))
    assert blocks == expected(paragraphs)
    article = site.article("generated")
    for block, (_, text) in zip(article.blocks, blocks, strict=True):
        if normalise(text).text:  # what the page shows can be quoted, and is found where it is shown
            assert block.index in {anchor.block for anchor in find(article.blocks, text)}


# One definition of a line break for the whole file: \r\n, \r or \n (YAML 1.2's), never U+2028 or U+2029.


def test_a_line_separator_in_front_matter_is_refused_not_a_line_break(site_root: Path) -> None:
    text = '---\ntitle: "T"\nseed: x\u2028---\n---\nBody text.\n'
    (site_root / "content/articles/generated.md").write_text(text, "utf-8", newline="")
    with pytest.raises(ContentErrors) as caught:
        load_site(site_root)
    [error] = caught.value.errors
    assert (error.path, error.line, error.col) == ("content/articles/generated.md", 3, 8)
    assert "U+2028 LINE SEPARATOR" in error.message
    assert "\\u2028" in error.hint


@pytest.mark.parametrize(("char", "name"), [("\u2028", "LINE SEPARATOR"), ("\u2029", "PARAGRAPH SEPARATOR")])
def test_a_line_separator_in_a_quoted_title_is_refused_at_its_place(
    site_root: Path, char: str, name: str
) -> None:
    text = f'---\ntitle: "T{char}itle"\n---\nOne.\n\nTwo.\n'
    (site_root / "content/articles/generated.md").write_text(text, "utf-8", newline="")
    with pytest.raises(ContentErrors) as caught:
        load_site(site_root)
    [error] = caught.value.errors
    assert (error.line, error.col) == (2, 10)
    assert f"U+{ord(char):04X} {name}" in error.message


def test_a_line_separator_in_the_body_is_a_character_of_its_line(site_root: Path) -> None:
    site = written(site_root, "Para one.\u2028still one.\n\nTwo.\r\rThree.\n")
    blocks = site.article("generated").blocks
    assert [(b.text, b.line) for b in blocks] == [
        ("Para one.\u2028still one.", 4),
        ("Two.", 6),
        ("Three.", 8),
    ]


def test_front_matter_lines_end_at_a_lone_carriage_return_too(site_root: Path) -> None:
    text = "---\rtitle: T\r---\rOne.\r\rTwo.\r"
    (site_root / "content/articles/generated.md").write_text(text, "utf-8", newline="")
    blocks = load_site(site_root).article("generated").blocks
    assert [(b.text, b.line) for b in blocks] == [("One.", 4), ("Two.", 6)]


@pytest.mark.parametrize(
    "line",
    [
        "##\tTab",  # a subheading's # are followed by a space, as README says; a tab is text
        "## \u00a0",  # nothing a reader can see after the space: text
        "## \u200b",
        "### \u3000\u00ad",
    ],
)
def test_a_line_that_is_not_a_subheading_stays_text_word_for_word(site_root: Path, line: str) -> None:
    site = written(site_root, f"Words first.\n\n{line}\n")
    blocks = site.article("generated").blocks
    assert [(b.kind, b.text) for b in blocks] == [("p", "Words first."), ("p", line)]


@pytest.mark.parametrize("body", ["##\n", "— … —\n", "\n\n## \u00a0\n\n* * *\n"])
def test_an_article_without_words_is_an_error_at_its_first_line(site_root: Path, body: str) -> None:
    with pytest.raises(ContentErrors) as caught:
        written(site_root, body)
    [error] = caught.value.errors
    first = 4 + len(body) - len(body.lstrip("\n"))
    assert (error.path, error.line, error.col) == ("content/articles/generated.md", first, 1)
    assert error.message == "the article has no words, only marks and symbols"
    assert "paste the article's text" in error.hint
