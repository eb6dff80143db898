"""The published content itself: articles quoted exactly from the seeds, and every claim valid."""

from __future__ import annotations

import pytest

from factsite.load.content import load_site
from factsite.model import Site
from factsite.text.passages import normalise
from tests.conftest import REPO

SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def site() -> Site:
    return load_site(REPO)


def test_the_repository_content_is_valid(site: Site) -> None:
    assert len(site.articles) == 5


def test_each_seed_article_is_published_word_for_word(site: Site) -> None:
    if not SEEDS.is_dir():
        pytest.fail(f"the seed articles are expected in {SEEDS} (clone with ../shared beside the repo)")
    seeds = {p.name: p.read_text("utf-8") for p in SEEDS.glob("*.txt")}
    assert sorted(str(a.seed) for a in site.articles) == sorted(seeds)
    for article in site.articles:
        published = normalise(" ".join(b.text for b in article.blocks)).text
        assert published == normalise(seeds[str(article.seed)]).text, article.slug


def test_each_article_is_split_into_its_claims(site: Site) -> None:
    for article in site.articles:
        assert len(site.claims_of(article.slug)) >= 10, article.slug


def test_every_claim_file_names_its_schema_for_editors() -> None:
    for path in sorted((REPO / "content/claims").rglob("*.yaml")):
        first = path.read_text("utf-8").splitlines()[0]
        schema = "../../../factsite/load/schemas/claim.schema.json"
        assert first == f"# yaml-language-server: $schema={schema}", path
