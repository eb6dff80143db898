"""Time the editors' commands on a synthetic site: `python benchmarks/bench_editors.py [ARTICLES] [CLAIMS]`.

Prints numbers; asserts nothing. Builds a site of ARTICLES articles (default 100)
with CLAIMS claims each (default 10) in a temporary folder, then times `new`,
`check`, `build` and `linkcheck` (offline) on it.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from factsite.cli.main import main  # noqa: E402

CLAIM = """claim: Sentence {n} of article {a} says that {n} things happened.
passage:
  quote: "In week {n}, {n} things happened"
claimant: the-article
status: unverified
summary: Nothing is cited.
explanation: A record of week {n} would settle this.
evidence: []
checked_on: 2024-03-06
topics: [budget]
"""


def make_site(root: Path, articles: int, claims: int) -> None:
    shutil.copytree(REPO / "tests" / "sample", root)
    for a in range(articles):
        body = "\n\n".join(f"In week {n}, {n} things happened in place {a}." for n in range(claims + 1))
        (root / f"content/articles/synthetic-{a}.md").write_text(f"---\ntitle: Article {a}\n---\n\n{body}\n")
        folder = root / f"content/claims/synthetic-{a}"
        folder.mkdir(parents=True)
        for n in range(claims):
            (folder / f"claim-{n}.yaml").write_text(CLAIM.format(a=a, n=n))


def timed(label: str, action: Callable[[], int]) -> None:
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        status = action()
    print(f"{label:<34} {time.perf_counter() - started:7.2f} s   (exit {status})")


def bench(articles: int = 100, claims: int = 10) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "site"
        make_site(root, articles, claims)
        base = ["--root", str(root)]
        print(f"{articles} articles x {claims} claims = {articles * claims} claims")
        timed("check", lambda: main([*base, "check"]))
        timed("build", lambda: main([*base, "build"]))
        pages = sum(1 for _ in (root / "_site").rglob("*.html"))
        timed(f"linkcheck ({pages} pages, offline)", lambda: main([*base, "linkcheck"]))
        timed(
            "new (checks the quote)",
            lambda: main([*base, "new", "synthetic-0", f"In week {claims}, {claims}"]),
        )


if __name__ == "__main__":
    bench(*(int(arg) for arg in sys.argv[1:3]))
