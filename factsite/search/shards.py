"""Which search shard a page belongs to, and the list of shards the browser merges.

Pagefind has no incremental mode, so the index is cut into shards, each a whole
Pagefind bundle: an edit re-indexes only the shards whose pages changed. A page
goes to a shard by a stable hash of its *key*: the article's slug for an
article's page and its claims' pages (so that a one-claim edit touches one shard),
the page's own path for any other page that is indexed.

The number of shards is the site's choice (site.toml [search] shards, see
`SearchSettings`): one by default, whose ranking is exactly the unsharded
index's (Pagefind scores each shard with its own word statistics, so several
shards order results differently) and whose first search downloads least. With
"auto" it grows with the site, in powers of two, one per `ARTICLES_PER_SHARD`
keys, up to `MAX_SHARDS`: at 1,000 articles there are 32 of about 340 pages.
Each shard is a Pagefind instance in the browser (its own WebAssembly, about
70 KB), so their number is capped.

`pagefind/shards.json` lists the shards' folders for static/search.js, and the
setting they were cut by (so that a changed setting re-cuts them); each
shard's `pages.json` lists its pages, so that an incremental build knows a
shard's pages without reading the site.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

from .. import urls
from ..model import SHARDS_AUTO

ARTICLES_PER_SHARD = 32
MAX_SHARDS = 32
LIST = "shards.json"  # in the bundle's folder: {"setting": 1 or "auto", "shards": ["s00/", ...]}
PAGES = "pages.json"  # in each shard's folder: ["articles/a/index.html", ...], sorted
INDEXED = re.compile(rb"<[a-z][^<>]*\sdata-pagefind-body[\s=/>]")  # an element that Pagefind indexes
_GROUPED = (urls.article("").removesuffix("/"), urls.CLAIMS)  # their pages are under the article's slug


def key(path: str) -> str:
    """The key of a page's output file: 'articles/a/index.html' and 'claims/a/b/index.html' are 'a'."""
    for prefix in _GROUPED:
        if path.startswith(prefix) and path.count("/") >= 2:
            return path[len(prefix) :].split("/", 1)[0]
    return path


def count(keys: Iterable[str], setting: int | str = SHARDS_AUTO) -> int:
    """How many shards a site of these keys gets: `setting` when it is a number (site.toml [search]
    shards), else (SHARDS_AUTO) a power of two, 1 to MAX_SHARDS, one per ARTICLES_PER_SHARD keys."""
    if isinstance(setting, int):
        return setting
    wanted = -(-len(set(keys)) // ARTICLES_PER_SHARD)
    shards = 1
    while shards < min(wanted, MAX_SHARDS):
        shards *= 2
    return shards


def name(path: str, shards: int) -> str:
    """The folder of the shard of the page at `path` among `shards`, e.g. 's07'."""
    digest = hashlib.blake2b(key(path).encode(), digest_size=8).digest()
    return f"s{int.from_bytes(digest, 'big') % shards:02d}"


def split(paths: Iterable[str], setting: int | str) -> dict[str, list[str]]:
    """The indexed pages by shard folder, each list sorted, cut by `setting` (see `count`); shards
    without a page are left out."""
    paths = sorted(paths)
    shards = count((key(p) for p in paths), setting)
    out: dict[str, list[str]] = {}
    for path in paths:
        out.setdefault(name(path, shards), []).append(path)
    return dict(sorted(out.items()))


def indexed(html: bytes) -> bool:
    """Whether Pagefind indexes this page: it has an element marked data-pagefind-body (the templates
    mark claim and article pages). Content is escaped, so its text cannot look like such an element."""
    return INDEXED.search(html) is not None


def write_list(bundle: Path, shards: Iterable[str], setting: int | str) -> None:
    """Write `shards.json`: the folders of the shards, in order, for the browser, and the `setting`
    that cut them."""
    listed = {"setting": setting, "shards": [f"{s}/" for s in shards]}
    text = json.dumps(listed, separators=(",", ":"))
    (bundle / LIST).write_text(text + "\n", encoding="utf-8")


def read_setting(bundle: Path) -> int | str | None:
    """The setting that cut the bundle in `bundle` into shards (`write_list`); None if unknown."""
    try:
        setting = json.loads((bundle / LIST).read_text(encoding="utf-8"))["setting"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return setting if isinstance(setting, int | str) and not isinstance(setting, bool) else None


def read_pages(bundle: Path) -> dict[str, list[str]] | None:
    """The pages of each shard of the bundle in `bundle`, as its files list them; None if it has none
    or they cannot be read (then the whole site is indexed again)."""
    try:
        listed = json.loads((bundle / LIST).read_text(encoding="utf-8"))["shards"]
        folders = [s.removesuffix("/") for s in listed]
        pages = {s: json.loads((bundle / s / PAGES).read_text(encoding="utf-8")) for s in folders}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    ok = all(isinstance(p, list) and all(isinstance(x, str) for x in p) for p in pages.values())
    return pages if ok else None
