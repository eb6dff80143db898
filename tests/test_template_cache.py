"""`python build.py` loads the templates compiled by the last build instead of compiling them again,
and a kept template that is damaged, foreign, signed elsewhere or older than its source is never used:
the template is compiled, and the site is the one a clean build makes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest

from factsite.build.cachedir import CacheFolder
from factsite.build.state import Saved, cache_folder
from factsite.build.templatecache import SUFFIX, TemplateCache
from factsite.cli import main as cli
from tests.sitekit import tree
from tests.test_cache_safety import clean, edit


@pytest.fixture(autouse=True)
def private_key_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the templates Jinja compiles from their source, in this process."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def counting(env: jinja2.Environment, source: str, name: str | None = None, *args: object) -> object:
        names.append(str(name))
        return compile_source(env, source, name, *args)  # type: ignore[call-overload]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    yield names


def build(root: Path) -> int:
    return cli.main(["--root", str(root), "build"])


def kept(root: Path) -> list[Path]:
    return sorted(cache_folder(root, root / "_site").glob(f"*{SUFFIX}"))


def test_an_edit_in_a_new_process_compiles_no_template(site_root: Path, compiled: list[str]) -> None:
    assert build(site_root) == 0
    assert compiled and kept(site_root)
    compiled.clear()
    edit(site_root)
    assert build(site_root) == 0
    assert compiled == []


def test_a_damaged_kept_template_is_compiled_again_and_the_site_is_the_clean_one(
    site_root: Path, tmp_path: Path, compiled: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(site_root) == 0
    files = kept(site_root)
    for file in files:
        data = bytearray(file.read_bytes())
        data[len(data) // 2] ^= 0xFF  # the code itself, past the signature
        file.write_bytes(bytes(data))
    compiled.clear()
    edit(site_root)
    assert build(site_root) == 0
    assert compiled  # none of the damaged ones was used
    assert "Traceback" not in capsys.readouterr().err
    assert tree(site_root / "_site") == clean(site_root, tmp_path)
    assert all(file.read_bytes() for file in kept(site_root))  # written anew


@pytest.mark.parametrize("damage", ["truncated", "empty", "not marshal"])
def test_a_kept_template_that_cannot_be_read_is_not_used(
    site_root: Path, tmp_path: Path, damage: str
) -> None:
    saved = Saved(site_root, site_root / "_site")
    cache = TemplateCache(saved)
    bucket = _bucket(cache, "hello {{ name }}")
    cache.dump_bytecode(_compiled(bucket))
    (file,) = kept(site_root)
    data = file.read_bytes()
    broken = {"truncated": data[: len(data) - 7], "empty": b"", "not marshal": data[:32] + b"\x00" * 64}
    file.write_bytes(broken[damage])
    again = _bucket(cache, "hello {{ name }}")
    cache.load_bytecode(again)
    assert again.code is None


def test_a_kept_template_of_another_site_folder_or_key_is_not_used(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = "hello {{ name }}"
    cache = TemplateCache(Saved(site_root, site_root / "_site"))
    cache.dump_bytecode(_compiled(_bucket(cache, source)))
    mine = _bucket(cache, source)
    cache.load_bytecode(mine)
    assert mine.code is not None  # the test can fail: this one is used
    copy = tmp_path / "copy"
    shutil.copytree(site_root, copy)  # the cache with it: bound to the first folder
    moved = TemplateCache(Saved(copy, copy / "_site"))
    theirs = _bucket(moved, source)
    moved.load_bytecode(theirs)
    assert theirs.code is None
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))  # another signing key
    foreign = _bucket(cache, source)
    cache.load_bytecode(foreign)
    assert foreign.code is None


def test_a_kept_template_whose_source_changed_is_compiled_again(
    site_root: Path, tmp_path: Path, compiled: list[str]
) -> None:
    own = site_root / "templates"
    own.mkdir()
    (own / "404.html").write_text('{% extends "theme/404.html" %}{% block main %}Gone.{% endblock %}\n')
    assert build(site_root) == 0
    assert "Gone." in (site_root / "_site/404.html").read_text("utf-8")
    (own / "404.html").write_text('{% extends "theme/404.html" %}{% block main %}Lost.{% endblock %}\n')
    compiled.clear()
    assert build(site_root) == 0
    assert compiled == ["404.html"]
    assert "Lost." in (site_root / "_site/404.html").read_text("utf-8")
    assert tree(site_root / "_site") == clean(site_root, tmp_path)


def test_a_cache_folder_that_cannot_be_written_costs_only_the_compilation(
    site_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(CacheFolder, "write", refuse)
    cache = TemplateCache(Saved(site_root, site_root / "_site"))
    cache.dump_bytecode(_compiled(_bucket(cache, "hello")))
    assert kept(site_root) == []


def _bucket(cache: TemplateCache, source: str) -> jinja2.bccache.Bucket:
    return cache.get_bucket(jinja2.Environment(), "hello.html", "/templates/hello.html", source)


def _compiled(bucket: jinja2.bccache.Bucket) -> jinja2.bccache.Bucket:
    bucket.code = jinja2.Environment().compile("hello {{ name }}", "hello.html", "/templates/hello.html")
    return bucket


def test_keeping_a_template_leaves_the_state_being_written_meanwhile_alone(site_root: Path) -> None:
    """The content is saved by a second process while the site is written (presave.py): its partial
    file must not be swept as a stale one by a template kept meanwhile."""
    saved = Saved(site_root, site_root / "_site")
    saved.put([("inputs.pickle", "made")])  # the folder exists, as after any build
    partial = cache_folder(site_root, site_root / "_site") / ".content.pickle.0123456789abcdef.partial"
    partial.write_bytes(b"being written")
    cache = TemplateCache(saved)
    cache.dump_bytecode(_compiled(_bucket(cache, "hello {{ name }}")))
    assert partial.read_bytes() == b"being written"
    assert len(kept(site_root)) == 1
