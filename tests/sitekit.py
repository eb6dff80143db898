"""What tests of loading share: a valid claim for the sample site, and ways to read its errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.errors import ContentError, ContentErrors
from factsite.load.content import load_site

Write = Callable[[str, str], Path]
CLAIM = "content/claims/city-budget/new-claim.yaml"  # a new claim of the sample site's city-budget article
VALID = """\
claim: Spending on roads fell.
passage:
  quote: Spending on roads fell.
claimant: the-article
status: unverified
summary: Not checked.
explanation: Nothing cited.
evidence: []
checked_on: 2024-03-06
topics: [budget]
"""


def errors_of(root: Path) -> tuple[ContentError, ...]:
    """Every error of loading the site at `root`, which must have some."""
    with pytest.raises(ContentErrors) as caught:
        load_site(root)
    return caught.value.errors


def only_error(root: Path) -> ContentError:
    """The one error of loading the site at `root`."""
    errors = errors_of(root)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def edit(root: Path, relative: str, old: str, new: str) -> None:
    """Replace the first `old` in a file of the site with `new`; `old` must be there."""
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, by its path inside it (the build's marker included)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
