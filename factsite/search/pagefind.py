"""The full-text search index: Pagefind, run over the built pages.

Pagefind reads the HTML (what to index is marked with data-pagefind-* in the
templates) and writes its index and its JavaScript under `pagefind/`. A full build
runs it on the staging folder, before the new site is swapped in, so a failed
index leaves the last site in place; an incremental build re-indexes the
updated site beside it and swaps the new index in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .. import command, urls
from ..failures import Failure
from .stable_index import IndexFormatError, stabilise

BUNDLE = urls.PAGEFIND.removesuffix("/")
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


class SearchIndexError(Failure):
    """Pagefind is missing or failed; the message says which and why."""

    hint = "if the disk is full, free some space; then build again, which redoes the index"


def pagefind_executable() -> Path:
    try:
        import pagefind_bin
    except ImportError as exc:
        raise SearchIndexError(
            f"the search indexer is not installed: {command.install_hint('pagefind-bin')}"
        ) from exc
    try:
        return Path(pagefind_bin.get_executable())
    except FileNotFoundError as exc:
        raise SearchIndexError(f"pagefind-bin has no binary for this platform: {exc}") from exc


def _run_pagefind(site: Path, bundle: Path, language: str) -> None:
    command = [
        str(pagefind_executable()),
        "--site",
        str(site),
        "--output-path",
        str(bundle),
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
        (bundle / name).unlink(missing_ok=True)
    try:
        stabilise(bundle)
    except IndexFormatError as exc:
        raise SearchIndexError(f"the search index Pagefind wrote cannot be read: {exc}") from exc


def index_search(folder: Path, language: str) -> None:
    """Write the search index for the site in `folder` to `folder/pagefind/`."""
    _run_pagefind(folder, folder / BUNDLE, language)


def carry_search_index(out: Path, staging: Path) -> None:
    """Give a new site in `staging` the index of the site in `out`, if any, until it is re-indexed.

    Hard links: cheap, and the files are never written in place (re-indexing swaps in a new folder).
    """
    if (out / BUNDLE).is_dir():
        shutil.copytree(out / BUNDLE, staging / BUNDLE, copy_function=os.link)


def refresh_search_index(out: Path, language: str) -> None:
    """Index a site that was updated in place: the new bundle is made beside it, then swapped in."""
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.{BUNDLE}.", dir=out.parent))
    try:
        _run_pagefind(out, staging / BUNDLE, language)
        old = staging / "old"
        if (out / BUNDLE).exists():
            (out / BUNDLE).rename(old)
        try:
            (staging / BUNDLE).rename(out / BUNDLE)
        except BaseException:
            if old.exists():
                old.rename(out / BUNDLE)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
