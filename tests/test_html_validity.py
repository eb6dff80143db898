"""The Nu HTML checker (vnu.jar from npm, run with the machine's Java) finds no errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from factsite.cli.main import main

REPO = Path(__file__).parent.parent
VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"


def vnu_errors(*folders: Path) -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail(
            "the Nu HTML checker needs Java and node_modules/vnu-jar: run `make test`, which runs "
            f"`npm ci` and installs Java where it can (java: {java or 'missing'}, vnu.jar: "
            f"{'found' if VNU.is_file() else 'missing'})"
        )
    command = [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html"]
    result = subprocess.run([*command, *map(str, folders)], capture_output=True, text=True, check=False)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}" for m in messages]


def test_the_built_sample_and_the_real_site_are_valid_html(
    built_site: Path,
    tmp_path: Path,
) -> None:
    real = tmp_path / "real"
    assert main(["--root", str(REPO), "build", "--out", str(real)]) == 0
    assert vnu_errors(built_site, real) == []


def test_the_checker_does_report_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.html").write_text("<!doctype html><html lang=en><title>x</title><p><div></p>")
    assert any("bad.html" in error for error in vnu_errors(tmp_path))
