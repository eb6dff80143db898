"""The table that benchmarks/compare.py prints: medians, paired ratios, peaks and output sizes."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from measure import Run

CLAIM_PAGE = "claims/article-0000/claim-00/index.html"
DASH = "–"
Row = tuple[str, str, str]
ROWS = (
    "clean build, search index included",
    "clean build, without the search index",
    "Pagefind alone, over each output",
    "CPU time (user + system), with search",
    "peak memory per process (max RSS)",
    "HTML pages",
    "output size, search index included",
    f"a claim page ({CLAIM_PAGE})",
)
TARGETS = ("≤ 1× (Hugo + Pagefind)", "≤ 2.5×", "", "", "≤ 300 MB each", "", "largest file ≤ 2 MB", "")


@dataclass(frozen=True)
class Output:
    """What a build wrote: HTML pages, bytes in all, the largest file (path, bytes), a claim page's bytes."""

    pages: int
    size: int
    largest: tuple[str, int]
    claim_page: int


def survey(folders: Sequence[Path]) -> Output:
    """Count and weigh the files under `folders` (a site, then its separate search bundle, if any)."""
    files = [(p, f) for f in folders for p in f.rglob("*") if p.is_file()]
    pages = sum(1 for p, _ in files if p.suffix == ".html")
    path, folder = max(files, key=lambda pf: pf[0].stat().st_size)
    claim = folders[0] / CLAIM_PAGE
    return Output(
        pages,
        sum(p.stat().st_size for p, _ in files),
        (str(path.relative_to(folder)), path.stat().st_size),
        claim.stat().st_size if claim.is_file() else 0,
    )


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def megabytes(size: float) -> str:
    """Bytes as MB (10^6 bytes), or kB below 1 MB."""
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.1f} kB"


def peak(runs: list[Run], python: bool = False) -> str:
    """The largest max RSS over the runs (of the command, or of its Python process alone), as MB."""
    return megabytes(max(r.python_kib if python else r.peak_kib for r in runs) * 1024)


def paired(ours: list[float], hugo: list[float]) -> Row:
    """Medians of both sides and the median of the per-round ratios ours / Hugo."""
    if not hugo:
        return seconds(statistics.median(ours)), DASH, DASH
    ratio = statistics.median(o / h for o, h in zip(ours, hugo, strict=True))
    return seconds(statistics.median(ours)), seconds(statistics.median(hugo)), f"{ratio:.1f}×"


def timing_rows(runs: dict[str, list[Run]], no_search: bool) -> list[Row]:
    """Clean builds with and without search, Pagefind alone, CPU time: (ours, Hugo, ratio) each."""
    s = {key: [r.seconds for r in side] for key, side in runs.items()}
    bare = (
        s["ours-bare"] if no_search else [o - p for o, p in zip(s["ours"], s["pagefind-ours"], strict=True)]
    )
    with_search = [h + p for h, p in zip(s["hugo"], s["pagefind-hugo"], strict=True)]
    hugo_cpu = [h.cpu + p.cpu for h, p in zip(runs["hugo"], runs["pagefind-hugo"], strict=True)]
    ours, hugo, ratio = paired(bare, s["hugo"])
    return [
        paired(s["ours"], with_search),
        (ours if no_search else f"≈ {ours}", hugo, ratio),
        pagefind_row(runs),
        paired([r.cpu for r in runs["ours"]], hugo_cpu),
    ]


def pagefind_row(runs: dict[str, list[Run]]) -> Row:
    ours, hugo, ratio = paired(
        [r.seconds for r in runs["pagefind-ours"]], [r.seconds for r in runs["pagefind-hugo"]]
    )
    ours += f", {peak(runs['pagefind-ours'])} peak"
    if runs["pagefind-hugo"]:
        hugo += f", {peak(runs['pagefind-hugo'])} peak"
    return ours, hugo, ratio


def memory_row(runs: dict[str, list[Run]]) -> Row:
    ours = f"Python {peak(runs['ours'], python=True)} + Pagefind {peak(runs['pagefind-ours'])}"
    if not runs["hugo"]:
        return ours, DASH, ""
    return ours, f"Hugo {peak(runs['hugo'])}; Pagefind {peak(runs['pagefind-hugo'])}", ""


def output_rows(outputs: dict[str, Output]) -> list[Row]:
    cells = {side: ("", "", "") for side in ("ours", "hugo")}
    for side, out in outputs.items():
        largest = f"{megabytes(out.size)}; largest {out.largest[0]}, {megabytes(out.largest[1])}"
        cells[side] = (str(out.pages), largest, megabytes(out.claim_page))
    hugo = cells["hugo"] if "hugo" in outputs else (DASH, DASH, DASH)
    return [(o, h, "") for o, h in zip(cells["ours"], hugo, strict=True)]


def print_table(table: list[tuple[str, ...]]) -> None:
    """Print rows as a Markdown table, the first row as its header, columns padded to line up."""
    widths = [max(len(row[c]) for row in table) for c in range(len(table[0]))]
    for n, row in enumerate(table):
        print("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |")
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def report(runs: dict[str, list[Run]], outputs: dict[str, Output], no_search: bool) -> None:
    """Print the table and the notes it needs."""
    cells = [*timing_rows(runs, no_search), memory_row(runs), *output_rows(outputs)]
    table: list[tuple[str, ...]] = [("", "ours", "Hugo", "ratio", "target")]
    table += [(name, *row, target) for name, row, target in zip(ROWS, cells, TARGETS, strict=True)]
    print()
    print_table(table)
    print(
        f"\nTimes are medians of {len(runs['ours'])} run(s); a ratio is the median of ours / Hugo by round."
    )
    if runs["hugo"]:
        print("Hugo's side of the first row is Hugo plus Pagefind over Hugo's output, round by round.")
    print(
        "Peak memory: ours is our Python process plus the Pagefind it runs, alive at the same time; "
        "Pagefind's figures are those of Pagefind alone over each output."
    )
    if not no_search:
        print(
            "Without the search index, ours is estimated: the build with search minus Pagefind alone over "
            "the same output, round by round (build.py has no --no-search yet)."
        )
