"""The immutable model of a site: what loading produces and rendering consumes."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Status:
    id: str
    label: str
    meaning: str
    color: str
    rating: int | None  # ClaimReview ratingValue, within the scale's bounds (Config); None: not a verdict


@dataclass(frozen=True)
class Topic:
    slug: str
    label: str
    description: str


@dataclass(frozen=True)
class Organization:
    name: str
    url: str


@dataclass(frozen=True)
class Person:
    """One of the desk's people, declared in site.toml [people.<key>]; claims name them by key."""

    key: str
    name: str
    role: str  # e.g. "Fact-checker"
    url: str | None = None  # an optional http(s) profile page


@dataclass(frozen=True)
class Repository:
    """The site's GitHub repository, for "Suggest a correction" and "Edit this claim" links."""

    url: str  # https://github.com/owner/name
    branch: str = "main"
    folder: str = ""  # where site.toml sits inside the repository; "" for its root


@dataclass(frozen=True)
class LinkcheckSettings:
    """How `build.py linkcheck --external` treats outside URLs."""

    exclude: tuple[str, ...] = ()  # regular expressions; matching URLs are not checked
    timeout: int = 20  # seconds per request
    retries: int = 2
    concurrency: int = 16


SHARDS_AUTO = "auto"  # site.toml [search] shards: one shard per 32 articles (search/shards.py)


@dataclass(frozen=True)
class SearchSettings:
    """How the search index is made: the pages' `language` (ISO 639-1) and `shards`, the number of
    Pagefind bundles it is cut into (a power of two, 1 to 32) or SHARDS_AUTO (site.toml [search])."""

    language: str
    shards: int | str = 1


@dataclass(frozen=True)
class Config:
    title: str
    description: str
    base_url: str
    language: str
    organization: Organization
    topics: tuple[Topic, ...]
    statuses: tuple[Status, ...]
    repository: Repository | None = None
    contact: str | None = None  # an email address for corrections
    linkcheck: LinkcheckSettings = LinkcheckSettings()
    best_rating: int = 5  # the rating scale's declared bounds: ClaimReview bestRating and worstRating
    worst_rating: int = 1
    people: tuple[Person, ...] = ()  # the desk's people, by key (site.toml [people])
    page_size: int = 100  # the most items a list page shows; longer lists go on over numbered pages
    search_shards: int | str = 1  # site.toml [search] shards: a power of two 1..32, or SHARDS_AUTO

    @property
    def search(self) -> SearchSettings:
        """How the site's search index is made (search/pagefind.py)."""
        return SearchSettings(self.language, self.search_shards)

    def person(self, key: str) -> Person:
        return next(p for p in self.people if p.key == key)

    def status(self, status_id: str) -> Status:
        return next(s for s in self.statuses if s.id == status_id)

    def topic(self, slug: str) -> Topic:
        return next(t for t in self.topics if t.slug == slug)

    @property
    def highest_rating(self) -> int | None:
        """The highest rating a status has (not the scale's bound, `best_rating`); None without any."""
        return max((s.rating for s in self.statuses if s.rating is not None), default=None)

    @property
    def lowest_rating(self) -> int | None:
        return min((s.rating for s in self.statuses if s.rating is not None), default=None)


@dataclass(frozen=True)
class Claimant:
    """Who makes claims, declared once in content/claimants/<key>.yaml; claims name it by key.

    A `publication` claimant stands for the article under review, in its own
    voice: the article a claim comes from tells which publication (and
    publisher) it is.
    """

    key: str
    name: str
    kind: str  # "person", "organization" or "publication" (claimant.schema.json)
    role: str  # e.g. "ICE New York Field Office Director", as the articles give it
    source_path: str
    wikidata: str | None = None  # a Wikidata item id, e.g. "Q42"
    url: str | None = None  # an http(s) address, e.g. the organisation's site
    name_at: tuple[int, int] = (1, 1)  # the line and column of the name in its file, for errors

    @property
    def wikidata_url(self) -> str | None:
        return f"https://www.wikidata.org/wiki/{self.wikidata}" if self.wikidata else None


@dataclass(frozen=True)
class Block:
    """A paragraph or heading of an article, as plain text (see paragraphs.py)."""

    index: int
    kind: str  # "p" or "h2".."h6"
    text: str
    line: int  # the 1-based line of the article's file on which it starts
    breaks: tuple[int, ...] = ()  # offsets in `text` where each of its later lines starts

    def line_at(self, offset: int) -> int:
        """The line of the article's file that holds the character at `offset` of the text."""
        return self.line + bisect.bisect_right(self.breaks, offset)


@dataclass(frozen=True)
class Anchor:
    """Where a quote sits: a block of an article and a character range in its text."""

    block: int
    start: int
    end: int


@dataclass(frozen=True)
class Passage:
    quote: str
    prefix: str | None
    suffix: str | None
    anchor: Anchor


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    publisher: str | None
    published: dt.date | None
    url: str | None
    seed: str | None
    blocks: tuple[Block, ...]
    source_path: str

    @property
    def text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)


@dataclass(frozen=True)
class Evidence:
    """An outside source, or (when `article` is set) a passage of an article."""

    title: str | None = None
    publisher: str | None = None
    date: dt.date | None = None
    section: str | None = None
    url: str | None = None
    archived_url: str | None = None
    quote: str | None = None
    note: str | None = None
    article: str | None = None
    passage: Passage | None = None


@dataclass(frozen=True)
class Update:
    date: dt.date
    note: str


@dataclass(frozen=True)
class CheckResult:
    """A computed check of a claim, redone on every build: the working, shown on the claim's page."""

    kind: str
    title: str  # the kind in words, e.g. "Share of a whole"
    inputs: tuple[tuple[str, str], ...]  # (name, value as shown)
    working: str  # e.g. "21 ÷ 54 = 38.9%"
    stated: str  # the words the result is compared with
    meaning: str  # what those words allow, e.g. "more than 50%"
    consistent: bool
    note: str | None = None
    line: int = 0  # where the check is written in the claim file
    col: int = 0
    stated_by: str = ""  # whose words `stated` are: "article", "source" or "desk" (stated.py)


@dataclass(frozen=True)
class Claim:
    id: str
    article: str  # the article's slug
    claim: str
    passage: Passage
    claimant: Claimant
    status: str
    summary: str
    explanation: str  # Markdown source
    evidence: tuple[Evidence, ...]
    checked_on: dt.date
    topics: tuple[str, ...]
    updates: tuple[Update, ...]
    source_path: str
    checks: tuple[CheckResult, ...] = ()
    as_reported: bool = False  # the claimant's statement as the article reports it
    draft: bool = False  # unfinished: published nowhere but by `build --drafts` and `serve` (drafts.py)
    withdrawn: Update | None = None  # the verdict was withdrawn: its page is a notice (drafts.py)
    checked_by: str | None = None  # keys of Config.people
    reviewed_by: str | None = None

    @property
    def key(self) -> str:
        return f"{self.article}/{self.id}"

    @cached_property
    def last_changed(self) -> dt.date:
        return max([self.checked_on, *(u.date for u in self.updates)])


@dataclass(frozen=True)
class Page:
    """A free-standing Markdown page, such as the methodology."""

    slug: str
    title: str
    description: str | None
    body: str
    source_path: str


@dataclass(frozen=True)
class Site:
    config: Config
    articles: tuple[Article, ...]
    claims: tuple[Claim, ...]  # in reading order: by article, then by position
    pages: tuple[Page, ...]
    claimants: tuple[Claimant, ...] = ()  # by name
    grouped: Mapping[str, tuple[Claim, ...]] | None = field(default=None, compare=False, repr=False)
    withdrawn: tuple[Claim, ...] = ()  # withdrawn verdicts, out of `claims`: only their notices show

    def article(self, slug: str) -> Article:
        return self._articles_by_slug[slug]

    def claims_of(self, slug: str) -> tuple[Claim, ...]:
        return self._claims_by_article.get(slug, ())

    @cached_property
    def _articles_by_slug(self) -> dict[str, Article]:
        """Lookups by slug, built once: templates call them for every claim of big sites."""
        return {a.slug: a for a in self.articles}

    @cached_property
    def _claims_by_article(self) -> Mapping[str, tuple[Claim, ...]]:
        """The claims of each article; a build's load gives them, the same tuple while they are unchanged."""
        if self.grouped is not None:
            return self.grouped
        grouped: dict[str, list[Claim]] = {}
        for claim in self.claims:
            grouped.setdefault(claim.article, []).append(claim)
        return {slug: tuple(claims) for slug, claims in grouped.items()}
