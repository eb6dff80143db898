"""How long the reader features add to a build, and how big the search index is.

Builds this repository's content (or --root) into a temporary folder and prints
the time of each stage, best of N runs, and the size of the Pagefind bundle.

    .venv/bin/python scripts/bench_search.py [--root PATH] [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from factsite import reader  # noqa: E402
from factsite.content import load_site  # noqa: E402
from factsite.render import STATIC, plan_site, render_pages, render_site  # noqa: E402
from factsite.search import BUNDLE, index_search  # noqa: E402
from factsite.write import write_site  # noqa: E402


def best(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--root", type=Path, default=REPO)
    args.add_argument("--runs", type=int, default=5)
    options = args.parse_args()
    site = load_site(options.root)
    specs = plan_site(site)
    pages = render_site(site)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        rows = {
            "render pages": best(options.runs, lambda: render_pages(site, specs)),
            "feeds, sitemap, downloads": best(
                options.runs, lambda: reader.extra_files(site, [s.path for s in specs])
            ),
            "write without search index": best(options.runs, lambda: write_site(pages, STATIC, out)),
            "write with search index": best(
                options.runs,
                lambda: write_site(pages, STATIC, out, lambda f: index_search(f, site.config.language)),
            ),
        }
        bundle = [p for p in (out / BUNDLE).rglob("*") if p.is_file()]
        index = [p for p in bundle if p.suffix.startswith(".pf_") or p.name.startswith("wasm.")]
        size = sum(p.stat().st_size for p in bundle)
        index_size = sum(p.stat().st_size for p in index)
    counts = f"{len(site.articles)} articles, {len(site.claims)} claims, {len(pages)} files"
    print(f"{counts}; best of {options.runs}:")
    for name, seconds in rows.items():
        print(f"  {name:<28} {seconds * 1000:8.1f} ms")
    extra = rows["write with search index"] - rows["write without search index"]
    print(f"  {'search index (pagefind)':<28} {extra * 1000:8.1f} ms")
    print(
        f"  pagefind bundle: {len(bundle)} files, {size / 1024:.0f} KiB ({index_size / 1024:.0f} KiB index)"
    )


if __name__ == "__main__":
    main()
