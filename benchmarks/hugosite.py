"""Turn a generated site (benchmarks/sitegen.py) into a Hugo project with minimal templates.

The same articles, claims and pages as ours, one Hugo page each, with taxonomies for
ratings and topics so that Hugo builds list pages too: a home page listing the articles,
a list page per section (articles, claims), per taxonomy and per term (one term per
rating and per topic), and a 404 page. Claim and article pages carry the same
`data-pagefind-*` marks as ours, so that Pagefind indexes the same text and the rating
filter. Hugo also writes its default RSS feeds and sitemap, as we write feeds and a sitemap.

Front matter is written as JSON, which Hugo reads as front matter when a file starts with `{`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

CONFIG = """\
baseURL = "https://checks.example.org/"
title = "Bench Checks"
locale = "en"
disableHugoGeneratorInject = true
[taxonomies]
  rating = "ratings"
  topic = "topics"
"""

BASEOF = """\
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav><a href="{{ "/claims/" | relURL }}">All claims</a> <a href="{{ "/ratings/" | relURL }}">Ratings</a>
<a href="{{ "/topics/" | relURL }}">Topics</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}{{ if eq .Section "claims" }}
<nav><a href="{{ .Params.article_path | relURL }}">{{ .Params.article_title }}</a></nav>
<article data-pagefind-body>
<h1>{{ .Title }}</h1>
<blockquote>{{ .Params.quote }}</blockquote><p>Claimant: {{ .Params.claimant }}</p>
{{ range .GetTerms "ratings" }}
<a href="{{ .RelPermalink }}" data-pagefind-filter="status">{{ .LinkTitle }}</a>{{ end }}
<p>{{ .Params.summary }}</p>
{{ .Content }}
<h2>Evidence</h2><ul>{{ range .Params.evidence }}
<li><a href="{{ .url }}">{{ .title }}</a>, {{ .publisher }}, {{ .date }}</li>{{ end }}</ul>
<p>Checked on {{ .Date.Format "2 January 2006" }}. Topics:
{{ range .GetTerms "topics" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
</article>{{ else }}
<article{{ if eq .Section "articles" }} data-pagefind-body{{ end }}>
<h1>{{ .Title }}</h1>
{{ with .Params.publisher }}<p>{{ . }}, {{ $.Date.Format "2 January 2006" }}</p>{{ end }}
{{ with .Params.source }}<p><a href="{{ . }}">Original</a></p>{{ end }}
{{ .Content }}
</article>{{ with .Params.claims }}
<h2>Claims checked</h2><ul>{{ range . }}
<li><a href="{{ .path | relURL }}">{{ .title }}</a> ({{ .rating }})</li>{{ end }}</ul>{{ end }}{{ end }}
{{ end }}
"""

LIST = """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ end }}
"""

HOME = """\
{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<ul>{{ range where .Site.RegularPages "Section" "articles" }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.publisher }}</li>{{ end }}</ul>
{{ end }}
"""

TERM = """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>: {{ .Params.summary }}</li>{{ end }}</ul>
{{ end }}
"""

LAYOUTS = {
    "baseof.html": BASEOF,
    "single.html": SINGLE,
    "list.html": LIST,
    "home.html": HOME,
    "taxonomy.html": LIST,
    "term.html": TERM,
    "404.html": '{{ define "main" }}<h1>Page not found</h1>{{ end }}\n',
}


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The YAML front matter of a Markdown file (between `---` lines) and its body."""
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head) or {}, body


def page_text(front: dict[str, Any], body: str) -> str:
    """A Hugo content file: JSON front matter, then the Markdown body."""
    return json.dumps(front, ensure_ascii=False, default=str, sort_keys=True) + "\n\n" + body


def claim_page(data: dict[str, Any], article: str, article_title: str) -> str:
    """A claim (the mapping of its YAML file) as a Hugo page; its explanation is the body."""
    front = {
        "title": data["claim"],
        "date": data["checked_on"],
        "ratings": [data["status"]],
        "topics": data.get("topics", []),
        "quote": data["passage"]["quote"],
        "claimant": data["claimant"],
        "summary": data["summary"],
        "evidence": data.get("evidence", []),
        "article_path": f"/articles/{article}/",
        "article_title": article_title,
    }
    return page_text(front, data.get("explanation", ""))


def write_article(root: Path, source: Path, content: Path) -> int:
    """Write one article and its claims into Hugo's `content`; the number of pages written."""
    front, body = split_front_matter(source.read_text("utf-8"))
    slug = source.stem
    claims = []
    folder = content / "claims" / slug
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted((root / "content" / "claims" / slug).glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        (folder / f"{path.stem}.md").write_text(claim_page(data, slug, front["title"]), "utf-8")
        claims.append(
            {"title": data["claim"], "path": f"/claims/{slug}/{path.stem}/", "rating": data["status"]}
        )
    article = {
        "title": front["title"],
        "date": front.get("published"),
        "publisher": front.get("publisher"),
        "source": front.get("url"),  # Hugo's own `url` would move the page
        "claims": claims,
    }
    (content / "articles" / f"{slug}.md").write_text(page_text(article, body), "utf-8")
    return 1 + len(claims)


def write_hugo_project(root: Path, project: Path) -> int:
    """Write a Hugo project in `project` from the site in `root`; the number of content pages.

    Articles go to content/articles/<slug>.md, claims to content/claims/<article>/<claim>.md
    (so the URLs are ours) and pages to content/<slug>.md; the layouts are LAYOUTS.
    """
    (project / "layouts").mkdir(parents=True, exist_ok=True)
    (project / "hugo.toml").write_text(CONFIG, "utf-8")
    for name, text in LAYOUTS.items():
        (project / "layouts" / name).write_text(text, "utf-8")
    content = project / "content"
    (content / "articles").mkdir(parents=True, exist_ok=True)
    pages = 0
    for source in sorted((root / "content" / "articles").glob("*.md")):
        pages += write_article(root, source, content)
    for source in sorted((root / "content" / "pages").glob("*.md")):
        front, body = split_front_matter(source.read_text("utf-8"))
        (content / source.name).write_text(page_text({"title": front["title"]}, body), "utf-8")
        pages += 1
    return pages
