"""The builder as index.pickle saves it (state.py): in parts (parts.py), its records of the pages
a thousand at a time, so that no pickler meets the records of every page at once.

One pickler's table of the objects it had written (the records of 110,000 pages, the inputs'
snapshot and the output's manifest at 10,000 articles × 10 claims) took the main process past
1 GB while it saved the state. The pages of one long list share its inputs (deps.Union): a Union
is written once whatever part holds it, and read back as one object.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .parts import InParts, Whole, chunked

if TYPE_CHECKING:  # not imported by a build with nothing to do (state.py)
    from .incremental import Builder

PART = 1000  # records pickled together


def builder_in_parts(builder: Builder) -> InParts:
    """What index.pickle holds: the builder's saved fields (incremental.SAVED) but its records,
    then its records in parts; read back as a `Builder`."""
    from .deps import Union

    state = builder.__getstate__()
    records = state.pop("records")
    assert isinstance(records, dict)
    return InParts(BuilderHead(state), chunked(records.items(), PART), lambda obj: obj.__class__ is Union)


@dataclass(frozen=True)
class BuilderHead(Whole):
    """The first part of index.pickle: the builder's saved fields but its records, which follow."""

    state: dict[str, object]

    def assemble(self, parts: Iterator[object]) -> Builder:
        """The builder, its records read from `parts` (lists of (path, record)). Raises ValueError
        on a part of another shape."""
        from .incremental import Builder

        records: dict[Hashable, object] = {}
        for part in parts:
            if not isinstance(part, list):
                raise ValueError("index.pickle holds a part of another shape")
            records.update(part)
        builder = Builder.__new__(Builder)
        builder.__setstate__({**self.state, "records": records})
        return builder
