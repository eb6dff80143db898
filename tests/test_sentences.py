"""The faster sentence splitter and rules give exactly what syntok and the original rules gave.

text/sentences.py builds syntok's tokens itself for plain words and hands the segmenter fewer of
them; check/worthiness.py matches the case-blind rules in folded text. Each must change no result:
these tests compare them with the originals on the site's articles, on every string of the test
suite, and on generated text full of what sentence splitting turns on (abbreviations, initials,
numbers, quotes, brackets, ellipses, capitals after full stops).
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from syntok import segmenter
from syntok.tokenizer import Tokenizer

from factsite.check import coverage, worthiness
from factsite.load.content import load_site
from factsite.text import sentences
from tests.conftest import REPO


def syntok_spans(text: str) -> list[tuple[int, int]]:
    """The splitter as coverage.py used it before: syntok's `segmenter.analyze`."""
    return [
        (tokens[0].offset, tokens[-1].offset + len(tokens[-1].value))
        for paragraph in segmenter.analyze(text)
        for tokens in paragraph
        if tokens
    ]


def syntok_tokens(text: str) -> list[tuple[str, str, int]]:
    return [(t.spacing, t.value, t.offset) for t in Tokenizer(replace_not_contraction=False).tokenize(text)]


def our_tokens(text: str) -> list[tuple[str, str, int]]:
    return [(t.spacing, t.value, t.offset) for t in sentences.tokenize(text)]


def condensed(text: str, runs: bool) -> list[tuple[str, str, int]]:
    return [(t.spacing, t.value, t.offset) for t in sentences.condense(sentences.tokenize(text, runs=runs))]


def original_reasons(text: str) -> list[str]:
    """reasons_for as it was (in coverage.py) before the rules were sped up: the reference."""
    number = re.compile(
        rf"(?<![\w.])\d[\d,.]*\d|(?<![\w.])\d|\b(?:{worthiness._NUMBER_WORDS})\b", re.IGNORECASE
    )
    original = {"date": re.compile(worthiness._DATE), "number": number}
    rules = [(r.why, original.get(r.name, r.pattern), r.name) for r in worthiness.RULES]
    dates = [m.span() for m in original["date"].finditer(text)]
    reasons = []
    for why, pattern, name in rules:
        matches = pattern.finditer(text)
        found = [m.group(0) for m in matches if name != "number" or not within(dates, m.start())]
        if name == "statement" and found:
            found = original_statement(text, pattern)
        if found:
            reasons.append(f"{why}: {', '.join(dict.fromkeys(found))}")
    return reasons


def within(spans: list[tuple[int, int]], at: int) -> bool:
    i = bisect.bisect_right(spans, (at, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= at < spans[i][1]


def original_statement(text: str, verbs: re.Pattern[str]) -> list[str]:
    verb = verbs.search(text)
    actors = list(worthiness._ACTOR.finditer(text))
    if verb is None or not actors:
        return []
    actor = min(actors, key=lambda m: min(abs(m.start() - verb.end()), abs(verb.start() - m.end())))
    return [f"{verb.group(0)} ({actor.group(0)})"]


def original_skip(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def assert_same(text: str) -> None:
    """Tokens, sentences, and each sentence's reasons and capitals, as the originals give them."""
    assert our_tokens(text) == syntok_tokens(text), text
    assert condensed(text, runs=True) == condensed(text, runs=False), text
    spans = syntok_spans(text)
    assert list(sentences.sentence_spans(text)) == spans, text
    for start, end in spans:
        sentence = text[start:end]
        assert list(worthiness.reasons_for(sentence)) == original_reasons(sentence), sentence
        assert bool(coverage.skip_reason(sentence, False)) == original_skip(sentence), sentence


def paragraphs(root: Path) -> Iterator[str]:
    site = load_site(root)
    for article in site.articles:
        yield article.title
        yield from (block.text for block in article.blocks)


def test_the_desks_articles_split_as_syntok_splits_them() -> None:
    texts = list(paragraphs(REPO))
    assert len(texts) > 50  # the seed articles, paragraph by paragraph
    for text in texts:
        assert_same(text)
    for path in sorted((REPO / "content" / "articles").glob("*.md")):
        assert_same(path.read_text("utf-8"))  # whole files: front matter, headings, blank lines


def test_every_string_of_the_test_suite_splits_as_syntok_splits_it() -> None:
    strings = set()
    for path in sorted((REPO / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
    for path in sorted((REPO / "tests").rglob("*.md")):
        strings.add(path.read_text("utf-8"))
    assert len(strings) > 1000
    for text in sorted(strings):
        assert_same(text)


VOCABULARY = (  # what sentence splitting and the rules turn on, one space apart
    "The However Mr Mrs Dr St No no Jan Feb Sept May Monday U.S. U.S e.g. i.e. etc Inc Co a I II IV "
    "January Feb. Sept. Tuesday yesterday this last next year month week 1999 2031 dozen twice Eight "
    "iPhone McDonald O'Brien don't it's 12 440 1,200 3.5 2024 2024-03-06 5th No.5 A.B. x y Z "
    "officials said says told according to majority half dozens percent per cent twelve hundred "
    "ICE NYPD police Sheriff Ann Lee READ MORE COUNCIL café Ürün İstanbul ſ K naïve self-made "
    "well_known — – - . .. ... ! ? ; : , ' \" ’ ” “ ( ) [ ] { } « » … / & % $ # @ \u200b\u00a0"
)
WORDS = VOCABULARY.split(" ")


@st.composite
def prose(draw: st.DrawFn) -> str:
    """Text of words and marks from WORDS and arbitrary characters, joined by varied spacing."""
    word = st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=6))
    spacing = st.sampled_from(["", " ", " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0"])
    parts = draw(st.lists(st.tuples(word, spacing), max_size=40))
    return "".join(w + s for w, s in parts)


@given(prose())
@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
def test_generated_text_splits_as_syntok_splits_it(text: str) -> None:
    assert_same(text)


@given(st.text(alphabet=st.sampled_from("aAbZ9 .,!?;:'\"()[]-…’\n"), max_size=60))
@settings(max_examples=1500)
def test_text_of_marks_and_letters_splits_as_syntok_splits_it(text: str) -> None:
    assert_same(text)


def test_long_plain_runs_are_handed_to_the_segmenter_as_fewer_tokens() -> None:
    """What makes the splitter faster: the words between marks are one token to the segmenter."""
    text = "In year 2000 the office counted 7 cases of type 0. Officials said so."
    condensed = sentences.condense(sentences.tokenize(text))
    assert (len(condensed), len(syntok_tokens(text))) == (8, 16)  # 11 words: the first, one, the last
    assert list(sentences.sentence_spans(text)) == syntok_spans(text) == [(0, 50), (51, 69)]


def test_runs_of_plain_words_are_condensed_without_a_token_each() -> None:
    text = "In year 2000 the office counted 7 cases of type 0."
    first, inside, last, *rest = sentences.tokenize(text, runs=True)
    between = "year 2000 the office counted 7 cases of"
    assert (first.value, inside.offset, len(inside.value), last.value) == ("In", 3, len(between), "type")
    assert [t.value for t in rest] == ["0", "."]


def test_bracketed_text_is_left_as_syntok_tokenises_it() -> None:
    text = "He said (as A. Author et al. wrote in a long and winding report) that it rose. It did."
    tokens = sentences.tokenize(text)
    assert sentences.condense(tokens) == tokens
    assert list(sentences.sentence_spans(text)) == syntok_spans(text)


def test_words_are_split_at_the_spaces_syntok_splits_them_at() -> None:
    """_RUNS is an `re` pattern: its spaces are written out as the `regex` module's \\s and U+200B."""
    theirs = {c for c in range(0x110000) if Tokenizer._spaces.fullmatch(chr(c)) is None}
    ours = {c for c in range(0x110000) if re.fullmatch(f"[{sentences._SPACE}]", chr(c))}
    assert ours == theirs and 0x20 in ours and 0x1C not in ours


def test_lowering_a_character_outside_ascii_makes_no_rule_match_or_fail() -> None:
    """worthiness._fold lowers the whole text: each character outside ASCII (but the four it refuses)
    lowers to one character outside ASCII, a word character, digit or space as it was."""
    kinds = [re.compile(r"\w"), re.compile(r"\d"), re.compile(r"\s")]
    changed = []
    for code in range(0x80, 0x110000):
        char = chr(code)
        low = char.lower()
        if worthiness._UNFOLDABLE.match(char):
            continue
        if (
            len(low) != 1
            or low.isascii()
            or [bool(k.match(char)) for k in kinds] != [bool(k.match(low)) for k in kinds]
        ):
            changed.append(code)
    assert changed == []
    assert worthiness._fold("Said ÉLYSÉE 40 PERCENT") == "said élysée 40 percent"
    assert worthiness._fold("İstanbul") is None
