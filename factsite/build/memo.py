"""Remembered results of pure functions of model objects, kept from one build to the next.

List pages show thousands of claims, and each claim's list item, each article's
card and each article's coverage come out the same on every build until the
claim or article they show changes. `Memo` keeps them, so a rebuild redoes only
the pieces of what changed; tests/test_incremental.py checks that the pages
stay byte-identical to a clean build. `Memo` is the builder's `Reuse`
(render/reuse.py): page specs (render/pages.py), runs of list items and the
per-object parts of the data files (render/pieces.py) are kept with `last`,
one result per object and name, made again when what it was made from changes.
The builder also keeps each page's inputs (deps.py) and each article's
conflicts (check/conflicts.py) here.

Model objects are frozen, and loadcache.py keeps an unchanged file's object
from one build to the next, so an object's identity stands for its content.
Entries are found by `id(obj)`: hashing a frozen dataclass would walk all its
fields on every lookup. Keys of `last` compare such objects by identity too
(`same`): a claim shows its article's title, which is not among its fields.
Each entry holds its object, so the id cannot be reused while the entry lives;
`keep_only` drops the entries of objects a build no longer has. A memo belongs
to one configuration and one set of templates: the builder starts a new one
when either changes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import operator
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import TypeVar

from ..model import Article, Claim, Claimant, Page
from ..render.reuse import Same
from ..render.spec import PageSpec

T = TypeVar("T")

# What a content file loads to: loadcache.py keeps the object while its file and all it is checked
# against are unchanged, so only the same object stands for the same content.
LOADED = (Article, Claim, Claimant, Page)


class Memo:
    """Results by (object, what was asked of it): `memo.get(claim, ("item", folder), make)`."""

    def __init__(self) -> None:
        self._entries: dict[int, tuple[object, dict[Hashable, object]]] = {}
        self._scratch: dict[int, tuple[object, dict[Hashable, object]]] | None = None
        self.carried: dict[str, PageSpec] = {}  # specs that stand for a spec the last build wrote (`KEPT`)

    def last(self, obj: object, name: str, key: object, make: Callable[[], T]) -> T:
        """`make()`, or its last result for `obj` and `name` if that was made with an equal `key`.

        Only the latest result is kept, and keys are compared (`same`), not hashed:
        a key may be a long tuple of model objects.
        """
        results = self._results(obj)
        found = results.get(name)
        if isinstance(found, Last) and same(found.key, key):
            if found.value is not KEPT:
                return found.value  # type: ignore[return-value]
            value = make()  # the spec the last build wrote, made again: its page is as written
            self.carried.update((spec.path, spec) for spec in _specs(value))
        else:
            value = make()
        results[name] = Last(key, value)
        return value

    def get(self, obj: object, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`, or what it returned when last asked with the same object and key.

        `key` is hashed, so compared by value: plain values only, no model objects (use `last`).
        """
        results = self._results(obj)
        if key in results:
            return results[key]  # type: ignore[return-value]
        value = make()
        results[key] = value
        return value

    def _results(self, obj: object) -> dict[Hashable, object]:
        if self._scratch is not None:
            return self._scratch_results(obj)
        entry = self._entries.get(id(obj))
        if entry is None or entry[0] is not obj:
            entry = (obj, {})
            self._entries[id(obj)] = entry
        return entry[1]

    def _scratch_results(self, obj: object) -> dict[Hashable, object]:
        """In `scratch`: the object's results, a copy of those kept when first asked for."""
        assert self._scratch is not None
        entry = self._scratch.get(id(obj))
        if entry is None or entry[0] is not obj:
            kept = self._entries.get(id(obj))
            entry = (obj, dict(kept[1]) if kept is not None and kept[0] is obj else {})
            self._scratch[id(obj)] = entry
        return entry[1]

    @contextlib.contextmanager
    def scratch(self) -> Iterator[None]:
        """Within the block, results are found and made as ever, but what is made is forgotten when
        it ends: the memo is left as it was. A worker process (build/pool.py) renders each chunk of
        pages so, as nothing a chunk made is asked for again: the items of the site-wide lists (tens
        of megabytes at 1,000 articles) and each article's parts would otherwise pile up."""
        self._scratch = {}
        try:
            yield
        finally:
            self._scratch = None

    def keep_only(self, objects: Iterable[object]) -> None:
        """Forget the results of every object not among `objects` (those of the current site).

        Results of those objects stay too, since they may be asked about in turn
        (an article's coverage is remembered by its article, its rendered rows by the coverage).
        """
        live = {id(obj) for obj in objects}
        kept = {k: entry for k, entry in self._entries.items() if k in live}
        values = (
            v.value if isinstance(v, Last) else v for _, results in kept.values() for v in results.values()
        )
        derived = {id(value) for value in values}
        kept.update((k, entry) for k, entry in self._entries.items() if k in derived)
        self._entries = kept

    def __len__(self) -> int:
        return len(self._entries)

    def pieces(self, plan: Iterable[PageSpec] = ()) -> Memo:
        """A memo of the rendered pieces only, for the next `python build.py` to reuse (state.py):
        results that are text or bytes (list items and runs of them, each article's parts of the
        data files: pieces.py), sets of paths (what a claim's or a run's items are made of:
        deps.py) and other plain data (`_plain`: feed entries, dates, and the lists of a chunk of
        articles' parts). What holds model objects (groups, coverage) is made again in a new process.

        The page specs of `plan`, the plan of the last site written, are kept as a mark (`KEPT`)
        with their keys: a spec holds functions of the whole site, which is not saved. Planning
        with the memo read back makes such a spec again where its key is the same, and notes it
        in `carried`: its page is as the last build wrote it, as a builder that kept its plan
        knows (incremental.py). A spec the last site was not written from (a failed build's) is
        not kept: its page is made again.

        A piece is kept with its object, and its key's objects, which the saved content holds
        too: saved in one pickle with the content (loadcache.py), an unchanged file's object
        and the memo's are then the same object again when read back.
        """
        return Memo.of(self.saved(plan))

    def saved(self, plan: Iterable[PageSpec] = ()) -> Iterator[tuple[object, dict[Hashable, object]]]:
        """The entries of `pieces`, (object, its pieces by name), made as they are asked for: the
        saved state pickles them in parts (presave.py), never all at once."""
        written = {id(spec) for spec in plan}
        for obj, results in self._entries.values():
            saved = {name: _saved(r, written) for name, r in results.items() if not _holds_same(name)}
            texts = {name: r for name, r in saved.items() if r is not None}
            if texts:
                yield obj, texts

    @classmethod
    def of(cls, entries: Iterable[tuple[object, dict[Hashable, object]]]) -> Memo:
        """A memo of these entries, (object, its results by name), as `saved` gives them."""
        memo = cls()
        memo._entries = {id(obj): (obj, results) for obj, results in entries}  # ids are this process's
        return memo

    def forget_plan(self) -> None:
        """Drop the marks of a plan (`pieces`): they stand for a site that was not written."""
        for _, results in self._entries.values():
            for name in [n for n, r in results.items() if isinstance(r, Last) and r.value is KEPT]:
                del results[name]

    def __getstate__(self) -> list[tuple[object, dict[Hashable, object]]]:
        return list(self._entries.values())

    def __setstate__(self, state: list[tuple[object, dict[Hashable, object]]]) -> None:
        self.__init__()  # type: ignore[misc]
        self._entries = Memo.of(state)._entries


class Kept:
    """What a saved memo holds in place of a page spec that the last site was written from (`pieces`)."""

    __slots__ = ()

    def __reduce__(self) -> str:
        return "KEPT"  # read back as this module's one instance


KEPT = Kept()


def _saved(result: object, written: set[int]) -> object | None:
    """What `pieces` saves of a result: a piece as it is, a written spec's mark, or nothing (None)."""
    if _text(result):
        return result
    if isinstance(result, Last) and not _holds_same(result.key):
        specs = _specs(result.value)
        if specs and all(id(spec) in written for spec in specs):
            return Last(result.key, KEPT)
    return None


def _specs(value: object) -> list[PageSpec]:
    """The page specs a result is: a spec, or a list of them (a chunk of pages); else none."""
    if isinstance(value, PageSpec):
        return [value]
    if isinstance(value, list) and all(isinstance(v, PageSpec) for v in value):
        return value
    return []


def _text(result: object) -> bool:
    """Whether a memo's result is a piece (`pieces`): text, bytes or a set of paths, kept by a key
    of model objects and plain values."""
    if isinstance(result, Last):
        return _plain(result.value) and not _holds_same(result.key)
    return _plain(result)


def _plain(value: object) -> bool:
    """Text, bytes (a data file's part, such as an article's rows of the CSV download), a set of
    paths (deps.py), or other plain data made of text (`_data`): an article's feed entry, its pages'
    dates, what the corrections log shows of it, and the lists of such parts of a chunk of articles
    (pieces.py), which a new process would otherwise make again, 1,000 of each at 1,000 articles."""
    if isinstance(value, str | bytes):
        return True
    if isinstance(value, frozenset):
        return all(isinstance(v, str) for v in value)
    container = isinstance(value, tuple | list | dict) or _fields(type(value)) is not None
    return container and _data(value, DEPTH)


DEPTH = 6  # how deep `_data` looks into a result; deeper is not saved
SCALARS = (str, bytes, int, float, bool, type(None), dt.date)  # dt.datetime is a dt.date


def _data(value: object, depth: int) -> bool:
    """Whether `value` is plain data: `SCALARS`, and tuples, lists, dicts and frozen dataclasses of
    them (not model objects, `LOADED`, nor page specs), at most `depth` deep. Such a value is the
    same when read back from a pickle, so a new process may take it for the one it would make."""
    if isinstance(value, SCALARS):
        return True
    if depth == 0:
        return False
    if isinstance(value, tuple | list):
        return all(_data(v, depth - 1) for v in value)
    if isinstance(value, dict):
        return all(_data(k, 0) and _data(v, depth - 1) for k, v in value.items())
    names = _fields(type(value))
    return names is not None and all(_data(getattr(value, name), depth - 1) for name in names)


def _fields(kind: type) -> tuple[str, ...] | None:
    """The fields of a frozen dataclass, but a model object's (`LOADED`) or a page spec's; None
    for any other type. Kept by type (`_FIELDS`): `pieces` asks about tens of thousands of values."""
    if kind not in _FIELDS:
        params = getattr(kind, "__dataclass_params__", None)
        plain = not issubclass(kind, (PageSpec, *LOADED)) and dataclasses.is_dataclass(kind)
        frozen = plain and params is not None and params.frozen
        _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind)) if frozen else None
    return _FIELDS[kind]


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _holds_same(key: object) -> bool:
    """Whether a key, or an item of it, compares an object by identity through `Same` (such as the
    whole site): that object is not saved with the pieces."""
    items = key if isinstance(key, tuple | list) else (key,)
    return any(isinstance(item, Same) for item in items)


def same(old: object, new: object) -> bool:
    """Whether the key `new` is the key `old` (`Memo.last`): the objects content files load to
    (`LOADED`) by identity, through tuples, lists, dicts and dataclasses; all else by value.

    A loaded object's fields are not all it is shown with: a claim names its
    article and its evidence's articles by slug, and its list item and page show
    their titles. A claim equal field by field to the last build's may come from
    an article with a new title; only an unchanged one is the same object.
    """
    if old is new:
        return True
    if type(old) is not type(new) or isinstance(old, LOADED):
        return False
    if isinstance(old, tuple | list) and isinstance(new, tuple | list):
        return len(old) == len(new) and (all(map(operator.is_, old, new)) or all(map(same, old, new)))
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(same(v, new[k]) for k, v in old.items())
    if dataclasses.is_dataclass(old):
        return all(same(getattr(old, f.name), getattr(new, f.name)) for f in dataclasses.fields(old))
    return old == new


class Last:
    """The latest result of `Memo.last` and the key it was made with."""

    __slots__ = ("key", "value")

    def __init__(self, key: object, value: object) -> None:
        self.key, self.value = key, value
