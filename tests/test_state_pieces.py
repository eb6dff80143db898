"""`python build.py` after an edit reads back the plain parts of the site-wide files that the last
build made (each article's feed entry, its pages' dates, what the corrections log shows of it, and
the lists of them by chunk of articles), and makes again only the edited article's."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.build.memo import Memo
from factsite.cli import main as cli
from factsite.model import Article, Site
from factsite.render import feeds, sitemap
from tests.test_incremental import CLAIM, clean_build, edit, files


@pytest.fixture(autouse=True)
def private_key_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


def test_an_edit_in_a_new_process_makes_only_the_edited_articles_parts_again(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ["--root", str(site_root), "build", "--out", str(tmp_path / "out")]
    assert cli.main(argv) == 0
    edit(site_root, CLAIM, "status: unverified", "status: accurate")
    assert cli.main(argv) == 0  # the state of an incremental build, after that of a full one
    made: list[str] = []
    for module, name in ((feeds, "article_entry"), (sitemap, "article_dates")):
        monkeypatch.setattr(module, name, _counted(getattr(module, name), made))
    edit(site_root, CLAIM, "status: accurate", "status: inaccurate")
    assert cli.main(argv) == 0
    assert made and set(made) == {"city-budget"}
    assert files(tmp_path / "out") == clean_build(site_root, tmp_path / "clean")


def test_plain_data_is_kept_and_what_holds_a_model_object_or_a_spec_is_not() -> None:
    class Held:
        pass

    owner = Held()
    memo = Memo()
    plain: list[object] = [
        feeds.Entry(dt.date(2024, 1, 2), "a", "<entry/>"),
        {"x": dt.date(2024, 1, 3)},
        (("a", 1),),
    ]
    for i, value in enumerate(plain):
        memo.last(owner, f"plain {i}", (), functools.partial(lambda v: v, value))
    memo.last(owner, "object", (), lambda: [Held()])
    memo.last(owner, "a count", (), lambda: 3)
    kept = memo.pieces()
    assert [kept.last(owner, f"plain {i}", (), lambda: None) for i in range(3)] == plain
    assert kept.last(owner, "object", (), lambda: "made again") == "made again"
    assert kept.last(owner, "a count", (), lambda: "made again") == "made again"


def _counted(make: Callable[[Site, Article], object], made: list[str]) -> Callable[[Site, Article], object]:
    def counted(site: Site, article: Article) -> object:
        made.append(article.slug)
        return make(site, article)

    return counted
