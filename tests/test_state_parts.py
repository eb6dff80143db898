"""The build state is pickled in parts, each with a pickler of its own (build/parts.py): what the
parts share is read back as one object, a damaged part sets the state aside, and a new process
reading a state cut into many parts renders what a warm builder renders."""

from __future__ import annotations

import io
import pickle
from dataclasses import dataclass
from pathlib import Path

import pytest

from factsite.build import indexparts, presave, state
from factsite.build.parts import InParts, read_parts, write_parts
from factsite.build.presave import ContentHead
from tests.test_state_plan import assert_new_process_renders_as_warm


@pytest.fixture(autouse=True)
def private_key_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@dataclass(frozen=True)
class Shared:
    name: str


@dataclass(frozen=True)
class Other:
    name: str


def test_an_object_two_parts_share_is_one_object_again_and_others_are_equal_copies() -> None:
    one, other = Shared("claim"), Other("date")
    file = io.BytesIO()
    write_parts(file, [("head", one), [one, other], {"again": (one, other)}], lambda o: isinstance(o, Shared))
    head, first, last = read_parts(file.getvalue())
    assert isinstance(head, tuple) and isinstance(first, list) and isinstance(last, dict)
    assert first[0] is head[1] and last["again"][0] is head[1]
    assert last["again"][1] == first[1] and last["again"][1] is not first[1]


def test_a_stream_cut_short_is_an_error_not_a_value() -> None:
    file = io.BytesIO()
    write_parts(file, [list(range(100)), "second"], lambda o: False)
    with pytest.raises((pickle.UnpicklingError, EOFError)):
        list(read_parts(file.getvalue()[:-3]))


def test_a_signed_content_state_with_a_part_of_another_shape_is_set_aside(
    site_root: Path, tmp_path: Path
) -> None:
    saved = state.Saved(site_root, tmp_path / "out")
    head = ContentHead(site_root, (), None)
    saved.put([(state.CONTENT, InParts(head, [("results", [("k", 1)]), ("neither", [])], lambda o: False))])
    assert saved.get(state.CONTENT) is None
    assert saved.note is not None and "damaged" in saved.note


def test_an_edit_in_a_new_process_reading_a_state_in_many_parts_renders_what_a_warm_builder_renders(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parts of two entries and of three records: nearly every model object and list's inputs is
    written in one part and read in others, by number."""
    monkeypatch.setattr(presave, "PART", 2)
    monkeypatch.setattr(indexparts, "PART", 3)
    assert_new_process_renders_as_warm(site_root, tmp_path, capsys, "status: unverified", "status: accurate")
