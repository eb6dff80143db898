"""The full-text search index: Pagefind, run over the built pages.

Pagefind reads the HTML (what to index is marked with data-pagefind-* in the
templates) and writes its index and its JavaScript under `pagefind/`. It runs on
the staging folder, before the new site is swapped in, so a failed index leaves
the last site in place.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .stable_index import IndexFormatError, stabilise

BUNDLE = "pagefind"
# Pagefind's ready-made interfaces; static/search.js uses the bare API (pagefind.js) instead.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(Exception):
    """Pagefind is missing or failed; the message says which and why."""


def pagefind_executable() -> Path:
    try:
        import pagefind_bin
    except ImportError as exc:
        raise SearchIndexError(
            "the search indexer is not installed: run `make site` or "
            "`pip install -r requirements.txt` (package pagefind-bin)"
        ) from exc
    try:
        return Path(pagefind_bin.get_executable())
    except FileNotFoundError as exc:
        raise SearchIndexError(f"pagefind-bin has no binary for this platform: {exc}") from exc


def index_search(folder: Path, language: str) -> None:
    """Write the search index for the site in `folder` to `folder/pagefind/`."""
    command = [
        str(pagefind_executable()),
        "--site",
        str(folder),
        "--output-subdir",
        BUNDLE,
        "--keep-index-url",
        "--force-language",
        language,
        "--quiet",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise SearchIndexError(f"pagefind failed (exit {result.returncode}): {detail}")
    for name in UNUSED:
        (folder / BUNDLE / name).unlink(missing_ok=True)
    try:
        stabilise(folder / BUNDLE)
    except IndexFormatError as exc:
        raise SearchIndexError(f"cannot make the search index reproducible: {exc}") from exc
