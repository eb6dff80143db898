"""The sample site builds to exactly the pages stored in tests/golden/.

A change to templates or rendering shows up here as a readable diff. After an
intended change, regenerate with:  UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from factsite.cli.main import main

GOLDEN = Path(__file__).parent / "golden"
SKIP = ("static/", "pagefind/", ".factsite-build")  # copied assets and the binary search index


def built_files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.relative_to(out).as_posix().startswith(SKIP)
    }


def test_the_sample_site_matches_the_golden_files(site_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    built = built_files(out)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, data in built.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
    expected = built_files(GOLDEN)
    assert sorted(built) == sorted(expected)
    for name, data in built.items():
        if data != expected[name]:
            old, new = expected[name].decode().splitlines(), data.decode().splitlines()
            diff = difflib.unified_diff(old, new, "golden", "built", lineterm="")
            raise AssertionError(f"{name} differs from tests/golden/{name}:\n" + "\n".join(list(diff)[:60]))
