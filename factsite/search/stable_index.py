"""Make Pagefind's filter index byte-for-byte reproducible.

Pagefind 1.5 writes its page fragments and word index deterministically, but
lists each filter's values in hash-map order, which changes from run to run (its
maintainers say so in Pagefind issue #638). This module rewrites each filter
file with its values sorted, names it by its new content hash the way Pagefind
does, and updates the references in the metadata file and pagefind-entry.json.

Pagefind's files are gzip'd: a signature, then CBOR. Every file is checked to
re-encode to exactly the bytes Pagefind wrote before anything is changed, so a
future format change fails loudly instead of corrupting the index.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cbor2

from ..failures import about

SIGNATURE = b"pagefind_dcd"
FILTER_HASH_LENGTH = 7
META_HASH_LENGTH = 10
META_FILTERS = 3  # position of the [[filter name, filter file hash], ...] list in a .pf_meta file


class IndexFormatError(Exception):
    """The index is not in the format this module knows how to rewrite."""


def pagefind_hash(body: bytes, length: int) -> str:
    """Pagefind's file hash: SHA-1 in hex with each byte unpadded, cut to `length`."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(body).digest())[:length]


def read(path: Path) -> Any:
    """The value of a Pagefind data file; IndexFormatError if it is empty, cut short or of another format."""
    try:
        packed = path.read_bytes()
    except FileNotFoundError as exc:
        raise IndexFormatError(f"{path.name} is missing") from exc
    if not packed:
        raise IndexFormatError(f"{path.name} is empty (a full disk makes Pagefind write empty files)")
    try:
        data = gzip.decompress(packed)
    except (OSError, EOFError, zlib.error) as exc:
        raise IndexFormatError(f"{path.name} is cut short or damaged ({exc})") from exc
    if not data.startswith(SIGNATURE):
        raise IndexFormatError(f"{path.name}: not a Pagefind data file")
    body = data[len(SIGNATURE) :]
    try:
        value = cbor2.loads(body)
    except (cbor2.CBORDecodeError, ValueError) as exc:
        raise IndexFormatError(f"{path.name} is cut short or damaged ({exc})") from exc
    if cbor2.dumps(value) != body:
        raise IndexFormatError(f"{path.name}: does not re-encode to the same bytes")
    return value


def rewrite(path_of: Callable[[str], Path], old: str, value: Any, length: int) -> str:
    """Write `value` under its new hash name, remove the file it replaces, return the new name."""
    body = cbor2.dumps(value)
    language = old.split("_", 1)[0]
    new = f"{language}_{pagefind_hash(body, length)}"
    with about(path_of(new)):
        path_of(new).write_bytes(gzip.compress(SIGNATURE + body, mtime=0))
    if new != old:
        path_of(old).unlink()
    return new


def _sorted_filter(folder: Path, hashed: str) -> str:
    value = read(folder / f"{hashed}.pf_filter")
    name, values = value if isinstance(value, list) and len(value) == 2 else (None, None)
    if not isinstance(values, list) or not all(isinstance(v, list) and v for v in values):
        raise IndexFormatError(f"{hashed}.pf_filter: expected a list of filter values")
    values.sort(key=lambda item: item[0])
    return rewrite(lambda h: folder / f"{h}.pf_filter", hashed, [name, values], FILTER_HASH_LENGTH)


def stabilise_language(bundle: Path, meta_hash: str) -> str:
    """Sort one language's filters; return the new hash of its metadata file."""
    meta = read(bundle / f"pagefind.{meta_hash}.pf_meta")
    filters = meta[META_FILTERS] if isinstance(meta, list) and len(meta) > META_FILTERS else None
    if not isinstance(filters, list) or not all(isinstance(f, list) and len(f) == 2 for f in filters):
        raise IndexFormatError(f"pagefind.{meta_hash}.pf_meta: no filter list where expected")
    meta[META_FILTERS] = sorted([name, _sorted_filter(bundle / "filter", h)] for name, h in filters)
    return rewrite(lambda h: bundle / f"pagefind.{h}.pf_meta", meta_hash, meta, META_HASH_LENGTH)


def stabilise(bundle: Path) -> None:
    """Rewrite the filter index of the Pagefind bundle in `bundle` in a fixed order.

    Raises IndexFormatError when a file is missing, empty or not as expected,
    and OSError when one cannot be written.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = _entry(entry_path)
    for language in sorted(entry["languages"]):
        info = entry["languages"][language]
        info["hash"] = stabilise_language(bundle, info["hash"])
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    with about(entry_path):
        entry_path.write_text(text, encoding="utf-8")


def _entry(path: Path) -> dict[str, Any]:
    """pagefind-entry.json, whose `languages` are {language: {"hash": meta hash, ...}}."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise IndexFormatError(f"{path.name} is missing") from exc
    if not text:
        raise IndexFormatError(f"{path.name} is empty (a full disk makes Pagefind write empty files)")
    try:
        entry = json.loads(text)
    except ValueError as exc:
        raise IndexFormatError(f"{path.name} is cut short or damaged ({exc})") from exc
    languages = entry.get("languages") if isinstance(entry, dict) else None
    if not isinstance(languages, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("hash"), str) for v in languages.values()
    ):
        raise IndexFormatError(f"{path.name}: no languages with their hashes where expected")
    return dict(entry)
