"""How long the reader features add to a build, and how big the search index is.

Builds this repository's content (or --root, or with --articles N a generated
site of N articles of 10 claims, as benchmarks/rebuild.py makes) into a temporary
folder and prints the time of each stage, best of N runs, and the size of the
Pagefind bundle. It prints numbers and asserts nothing.

    .venv/bin/python benchmarks/search.py [--root PATH | --articles N] [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

from sitegen import generate  # noqa: E402

from factsite.load.content import load_site  # noqa: E402
from factsite.render import reader  # noqa: E402
from factsite.render.pages import STATIC, plan_site, render_pages, render_site  # noqa: E402
from factsite.search.pagefind import BUNDLE, index_search  # noqa: E402
from factsite.write.writer import write_site  # noqa: E402


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
    args.add_argument("--articles", type=int, help="generate a site of this many articles instead")
    args.add_argument("--runs", type=int, default=5)
    options = args.parse_args()
    with tempfile.TemporaryDirectory() as generated:
        root = options.root
        if options.articles:
            root = Path(generated) / "site"
            generate(root, REPO / "tests" / "sample", options.articles, 10)
        measure(root, options.runs)


def measure(root: Path, runs: int) -> None:
    site = load_site(root)
    specs = plan_site(site)
    pages = render_site(site)
    html = [s for s in specs if s.path.endswith(".html")]
    paths = [s.path for s in html]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        rows = {
            "render HTML pages": best(runs, lambda: render_pages(site, html)),
            "feeds, sitemap, downloads": best(
                runs, lambda: [make() for make in reader.data_files(site, paths).values()]
            ),
            "write without search index": best(runs, lambda: write_site(pages, STATIC, out)),
            "write with search index": best(
                runs,
                lambda: write_site(pages, STATIC, out, lambda f: index_search(f, site.config.search)),
            ),
        }
        bundle = [p for p in (out / BUNDLE).rglob("*") if p.is_file()]
        index = [p for p in bundle if p.suffix.startswith(".pf_") or p.name.startswith("wasm.")]
        size = sum(p.stat().st_size for p in bundle)
        index_size = sum(p.stat().st_size for p in index)
    counts = f"{len(site.articles)} articles, {len(site.claims)} claims, {len(pages)} files"
    print(f"{counts}; best of {runs}:")
    for name, seconds in rows.items():
        print(f"  {name:<28} {seconds * 1000:8.1f} ms")
    extra = rows["write with search index"] - rows["write without search index"]
    print(f"  {'search index (pagefind)':<28} {extra * 1000:8.1f} ms")
    print(
        f"  pagefind bundle: {len(bundle)} files, {size / 1024:.0f} KiB ({index_size / 1024:.0f} KiB index)"
    )


if __name__ == "__main__":
    main()
