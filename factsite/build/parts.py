"""Pickle a value too big for one pickler in parts, each with a pickler of its own, into one stream;
and read it back with the objects its parts share made one object again.

A pickler remembers every object it has written (its memo: 16 bytes an object, in a table that
doubles as it grows), so that an object met twice is written once. The content of the build state
(presave.py) is about 950 objects an article: at 10,000 articles × 10 claims one pickler's table
was 256 MB, 384 MB while it doubled, in the child process that saves the content beside the build
(its peak: 1.26 GB). Written in parts of a few hundred entries, each pickler's table holds one
part's objects, and is dropped with it.

What the parts must share, and only that, is written once: an object for which `shared(obj)`
holds (in the content, the model objects whose identity the memo relies on: memo.py) is written
whole by the first part that meets it, and by its number in the later ones. A part is two pickles
read by one unpickler: its value, then the list of the shared objects it wrote whole, in the order
they were numbered. Any other object two parts hold (a short string, a date) is written by each,
and read back as two equal objects.
"""

from __future__ import annotations

import io
import itertools
import pickle
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

PROTOCOL = pickle.HIGHEST_PROTOCOL


class Writable(Protocol):
    def write(self, data: bytes) -> int: ...


class Whole:
    """The first part of a value saved in parts: what makes the value of the parts that follow it."""

    def assemble(self, parts: Iterator[object]) -> object:
        """The value, from the parts after this one, in the order written."""
        raise NotImplementedError


@dataclass(frozen=True)
class InParts:
    """A value to save in parts: `head` (a `Whole`) first, then each of `parts`; the objects for
    which `shared` holds are one object across the parts when read back."""

    head: Whole
    parts: Iterable[object]
    shared: Callable[[object], bool]


def write_parts(file: Writable, parts: Iterable[object], shared: Callable[[object], bool] | None) -> None:
    """Pickle each of `parts` into `file` with its own pickler (see the module); `shared` None: no
    object is shared between parts (one part, a value saved whole)."""
    numbers: dict[int, int] = {}  # id of a shared object written whole → its number
    for part in parts:
        pickler = pickle.Pickler(file, PROTOCOL) if shared is None else _Pickler(file, numbers, shared)
        pickler.dump(part)
        pickler.dump(getattr(pickler, "written", []))  # memo references: a few bytes each


class _Pickler(pickle.Pickler):
    """Writes one part: a shared object seen in an earlier part as its number (`_numbered`)."""

    def __init__(self, file: Writable, numbers: dict[int, int], shared: Callable[[object], bool]) -> None:
        super().__init__(file, PROTOCOL)
        self.numbers, self.shared = numbers, shared
        self.written: list[object] = []  # the shared objects this part writes whole, as numbered

    def reducer_override(self, obj: Any) -> Any:
        """Called for each object met the first time in this part, but plain types (str, tuple…)."""
        if not self.shared(obj):
            return NotImplemented
        number = self.numbers.get(id(obj))
        if number is None:  # written whole here; the objects are alive meanwhile, so ids stay theirs
            self.numbers[id(obj)] = len(self.numbers)
            self.written.append(obj)
            return NotImplemented
        return _numbered, (number,)


def _numbered(number: int) -> object:
    """Stands in a pickle for the shared object of that number: the reader (`read_parts`) finds it."""
    raise pickle.UnpicklingError("a shared object read outside read_parts")


def read_parts(data: bytes, start: int = 0) -> Iterator[object]:
    """The parts `write_parts` wrote into `data` from `start`, in order. Raises what unpickling does
    (pickle.UnpicklingError, EOFError…) on damaged data."""
    file = io.BytesIO(data)  # shares the bytes, no copy
    file.seek(start)
    table: list[object] = []  # the shared objects, by number
    while file.tell() < len(data):
        reader = _Unpickler(file, table)
        value = reader.load()
        written = reader.load()
        if not isinstance(written, list):
            raise pickle.UnpicklingError("a part without its list of shared objects")
        table.extend(written)
        yield value


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, table: list[object]) -> None:
        super().__init__(file)
        self.table = table

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == (__name__, "_numbered"):
            return self.table.__getitem__
        return super().find_class(module, name)


def chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """`items` in lists of `size` (the last one shorter), made as they are asked for."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
