"""Generate a large synthetic site for benchmarks: N articles with M claims each.

The site's search index is cut into shards by the "auto" rule (site.toml
`[search] shards = "auto"`, one shard per 32 articles), so that rebuild.py and
compare.py measure the sharded edit path, which re-indexes one shard; a site's
default is one index.
"""

from __future__ import annotations

import shutil
from pathlib import Path

STATUSES = ("accurate", "inaccurate", "unverified")
TOPICS = ("budget", "transport")
PARAGRAPHS = 12


def sentence(article: int, paragraph: int, n: int) -> str:
    return f"In year {2000 + paragraph} the office {article} counted {n * 7 + paragraph} cases of type {n}."


def article_text(article: int, claims: int) -> str:
    head = (
        f'---\ntitle: "Generated article number {article}"\npublisher: "The Bench Times"\n'
        f"published: 2020-{1 + article % 12:02d}-{1 + article % 28:02d}\n"
        f'url: "https://news.example.org/a{article}"\n---\n\n'
    )
    body = []
    for p in range(PARAGRAPHS):
        if p % 4 == 0:
            body.append(f"## Section {p // 4 + 1}")
        body.append(" ".join(sentence(article, p, n) for n in range(claims)))
    return head + "\n\n".join(body) + "\n"


def claim_text(article: int, n: int, status: str | None = None) -> str:
    quote = sentence(article, n % PARAGRAPHS, n)
    status = status or STATUSES[(article + n) % len(STATUSES)]
    return (
        f"claim: Office {article} counted {n * 7 + n % PARAGRAPHS} cases of type {n}.\n"
        f"passage:\n  quote: {quote}\n"
        "claimant: the-article\n"
        f"status: {status}\n"
        f"summary: Generated verdict {n} for article {article}.\n"
        "explanation: |\n"
        f"  The working: {n} times 7 is {n * 7}.\n\n"
        "  See the [report](https://council.example.org/report).\n"
        "evidence:\n"
        "  - title: Annual report\n    publisher: City Council\n    date: 2024-01-15\n"
        "    url: https://council.example.org/report\n"
        f"checked_on: 2024-03-{1 + n % 28:02d}\n"
        f"topics: [{TOPICS[n % len(TOPICS)]}]\n"
    )


def generate(root: Path, sample: Path, articles: int, claims: int) -> None:
    """Write a site into `root`: the sample's site.toml, pages and claimants, plus generated content."""
    root.mkdir(parents=True, exist_ok=True)
    toml = (sample / "site.toml").read_text("utf-8")
    (root / "site.toml").write_text(toml + '\n[search]\nshards = "auto"\n', "utf-8")
    shutil.copytree(sample / "content" / "pages", root / "content" / "pages", dirs_exist_ok=True)
    shutil.copytree(sample / "content" / "claimants", root / "content" / "claimants", dirs_exist_ok=True)
    (root / "content" / "articles").mkdir(parents=True, exist_ok=True)
    for a in range(articles):
        slug = f"article-{a:04d}"
        (root / "content" / "articles" / f"{slug}.md").write_text(article_text(a, claims), "utf-8")
        folder = root / "content" / "claims" / slug
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(claims):
            (folder / f"claim-{n:02d}.yaml").write_text(claim_text(a, n), "utf-8")
