"""Incremental builds: after any edits, the output equals a clean build, and only dirty pages are redone."""

from __future__ import annotations

import functools
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jinja2
import jinja2.meta
import jinja2.nodes
import pytest

from factsite import urls
from factsite.build import state
from factsite.build.incremental import Builder
from factsite.cli import main as cli
from factsite.errors import ContentErrors
from factsite.load.content import load_site
from factsite.render import reader
from factsite.render.pages import STATIC, TEMPLATES, environment, plan_site, render_site
from factsite.search.pagefind import index_search
from factsite.write import writer as write
from factsite.write.writer import write_site

Write = Callable[[str, str], Path]
CLAIM = "content/claims/city-budget/roads-fell-again.yaml"
BRIDGE = "content/claims/river-bridge/ninety-days.yaml"

NEW_CLAIM = """claim: The repairs cost 2.5 million dollars.
passage:
  quote: the repairs cost 2.5 million dollars
claimant: {{key: city-council, as_reported: true}}
status: {status}
summary: {summary}
explanation: Nothing to add.
evidence: []
checked_on: 2024-06-0{day}
topics: [transport]
"""


@pytest.fixture(autouse=True)
def private_key_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the state-signing key of these tests out of the user's cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


DATA_FILES = set(reader.data_files(load_site(Path(__file__).parent / "sample"), []))


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".factsite-build"
    }


def clean_build(root: Path, out: Path, templates: Path = TEMPLATES) -> dict[str, bytes]:
    if out.exists():
        shutil.rmtree(out)
    site = load_site(root)
    index = functools.partial(index_search, search=site.config.search)
    write_site(render_site(site, environment(templates)), STATIC, out, index)
    return files(out)


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text("utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new, 1), "utf-8")


def random_edit(rng: random.Random, root: Path) -> Path:
    """One of the edits an editor makes, some of them mistakes; returns the file it wrote or deleted."""
    claims = sorted(root.glob("content/claims/*/*.yaml"))
    target = rng.choice(claims)
    text = target.read_text("utf-8")
    choice = rng.randrange(14)
    if choice >= 9:
        return claimant_edit(rng, root, target, choice)
    if choice == 0:
        status = rng.choice(["accurate", "inaccurate", "unverified"])
        lines = [f"status: {status}" if line.startswith("status:") else line for line in text.splitlines()]
        target.write_text("\n".join(lines) + "\n", "utf-8")
        return target
    elif choice == 1:
        target.write_text(text.replace("summary: ", f"summary: Edit {rng.randrange(100)}. ", 1), "utf-8")
        return target
    elif choice == 2:
        name = f"repairs-{rng.randrange(3)}.yaml"
        status, day = rng.choice(["accurate", "inaccurate"]), rng.randrange(1, 9)
        path = root / "content/claims/river-bridge" / name
        path.write_text(NEW_CLAIM.format(status=status, summary=f"Checked {day}.", day=day), "utf-8")
        return path
    elif choice == 3 and len(claims) > 1:
        target.unlink()
        return target
    elif choice == 4:
        target.write_text(text.replace("status:", "status: [", 1), "utf-8")  # broken YAML
        return target
    elif choice == 5:
        article = root / "content/articles/river-bridge.md"
        body = article.read_text("utf-8")
        swap = ("2.5 million", "3 million") if "2.5 million" in body else ("3 million", "2.5 million")
        article.write_text(body.replace(*swap), "utf-8")
        return article
    elif choice == 6:
        article = root / "content/articles/city-budget.md"
        body = article.read_text("utf-8")
        dates = ("2024-03-05", "2023-01-01")
        article.write_text(body.replace(*(dates if dates[0] in body else dates[::-1])), "utf-8")
        return article
    elif choice == 7:
        page = root / "content/pages/methodology.md"
        page.write_text(
            page.read_text("utf-8").replace("title: ", f"title: M{rng.randrange(9)} ", 1), "utf-8"
        )
        return page
    else:
        fixed = [line for line in text.splitlines() if not line.startswith("status:")]
        target.write_text("\n".join([*fixed, "status: accurate"]) + "\n", "utf-8")
        return target


COUNCIL = "content/claimants/city-council.yaml"


def claimant_edit(rng: random.Random, root: Path, target: Path, choice: int) -> Path:
    """An edit of a claimant file, or of a claim's claimant: the pages that show it must follow.

    A claimant that no claim names comes and goes (it is not published), and so does one
    declared twice under another key (an error)."""
    council = root / COUNCIL
    if choice >= 12:
        extra = root / (
            "content/claimants/jane-roe.yaml" if choice == 12 else "content/claimants/council-2.yaml"
        )
        name = "Jane Roe" if choice == 12 else "The  City Council"
        if extra.exists():
            extra.unlink()
        else:
            extra.write_text(f"name: {name}\nkind: person\nrole: Someone\n", "utf-8")
        return extra
    if choice == 9 or not council.exists():
        role = rng.choice(["The city's council", "The elected council", "Council of the city"])
        council.write_text(f"name: The city council\nkind: organization\nrole: {role}\n", "utf-8")
        return council
    if choice == 10:
        council.unlink()  # its claims now name an unknown claimant, until it comes back
        return council
    text = target.read_text("utf-8")
    swap = ("claimant: the-article", "claimant: {key: city-council, as_reported: true}")
    if swap[0] not in text:
        swap = (next(line for line in text.splitlines() if line.startswith("claimant:")), swap[0])
    target.write_text(text.replace(*swap, 1), "utf-8")
    return target


def check_against_clean(builder: Builder, root: Path, clean: Path, changed: list[str] | None = None) -> None:
    try:
        expected_errors = None
        expected = clean_build(root, clean)
    except ContentErrors as exc:
        expected_errors = exc.errors
    if expected_errors is not None:
        with pytest.raises(ContentErrors) as raised:
            builder.build(changed)
        assert raised.value.errors == expected_errors
        return
    builder.build(changed)
    assert files(builder.out) == expected


@pytest.mark.parametrize("seed", range(12))
def test_any_sequence_of_edits_gives_the_clean_build(site_root: Path, tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    builder = Builder(site_root, tmp_path / "out")
    builder.build()
    for _ in range(10):
        random_edit(rng, site_root)
        check_against_clean(builder, site_root, tmp_path / "clean")


@pytest.mark.parametrize("seed", range(4))
def test_a_builder_told_what_changed_gives_the_clean_build(
    site_root: Path, tmp_path: Path, seed: int
) -> None:
    """As `serve` builds: the watcher names the changed files, and the builder looks at those alone."""
    rng = random.Random(seed)
    builder = Builder(site_root, tmp_path / "out")
    builder.build()
    for _ in range(10):
        changed = random_edit(rng, site_root.resolve())
        check_against_clean(builder, site_root, tmp_path / "clean", [str(changed)])


@pytest.mark.parametrize("seed", range(4))
def test_any_sequence_of_edits_through_the_command_line_gives_the_clean_build(
    site_root: Path, tmp_path: Path, seed: int
) -> None:
    """As `python build.py` builds: each build reads the saved state back, the list items rendered
    by the last one among it (memo.py `pieces`), so an item of a changed object must not be reused."""
    rng = random.Random(seed)
    out = tmp_path / "out"
    argv = ["--root", str(site_root), "build", "--out", str(out)]
    assert cli.main(argv) == 0
    for _ in range(6):
        random_edit(rng, site_root)
        try:
            expected = clean_build(site_root, tmp_path / "clean")
        except ContentErrors:
            assert cli.main(argv) == 1
            continue
        assert cli.main(argv) == 0
        assert files(out) == expected


CITING_CLAIM = """claim: The repairs cost 2.5 million dollars.
passage:
  quote: the repairs cost 2.5 million dollars
claimant: the-article
status: inaccurate
summary: The city budget says otherwise.
explanation: Nothing to add.
evidence:
  - article: city-budget
    quote: Spending on roads fell.
checked_on: 2024-06-03
topics: [transport]
"""


@pytest.mark.parametrize("told", [True, False], ids=["told-what-changed", "scanning"])
@pytest.mark.parametrize(
    "article, title",
    [("river-bridge", "River bridge reopens"), ("city-budget", "City budget grows by a third")],
)
def test_an_article_title_edit_reaches_every_page_that_shows_the_title(
    site_root: Path, tmp_path: Path, article: str, title: str, told: bool
) -> None:
    """Claims name their articles by slug and are shown with their titles: a claim equal field by
    field to the last build's, from an article with a new title, is not the same claim (issue 11).
    river-bridge: its claim's items on the status and topic pages, among claims of city-budget;
    city-budget: the page of a claim of river-bridge that quotes it, after one that does not."""
    edit(site_root, BRIDGE, "  - article: city-budget\n    quote: Spending on roads fell.\n", "")
    edit(site_root, BRIDGE, "evidence:\n", "evidence: []\n")
    (site_root / "content/claims/river-bridge/repairs-cost.yaml").write_text(CITING_CLAIM, "utf-8")
    builder = Builder(site_root, tmp_path / "out")
    builder.build()
    path = f"content/articles/{article}.md"
    for new in ("A new title", title):
        edit(site_root, path, title if new != title else "A new title", new)
        changed = [str((site_root / path).resolve())] if told else None
        check_against_clean(builder, site_root, tmp_path / "clean", changed)
    assert b"A new title" not in b"".join(files(builder.out).values())


def test_second_build_with_no_change_does_no_work(site_root: Path, tmp_path: Path) -> None:
    builder = Builder(site_root, tmp_path / "out")
    first = builder.build()
    assert first.full and len(first.rendered) == len(plan_site(load_site(site_root)))
    again = builder.build()
    assert (again.planned, again.rendered, again.written) == (0, (), ())


def test_one_claim_edit_renders_only_the_pages_that_show_it(site_root: Path, tmp_path: Path) -> None:
    builder = Builder(site_root, tmp_path / "out")
    builder.build()
    edit(site_root, BRIDGE, "summary: The sample says so", "summary: The sample still says so")
    report = builder.build()
    assert set(report.rendered) == {
        "claims/river-bridge/ninety-days/index.html",  # the claim
        "articles/river-bridge/index.html",  # its article
        "claims/city-budget/roads-fell-again/index.html",  # its neighbour links to it
        "status/inaccurate/index.html",  # its status
        "topics/transport/index.html",  # its topic
        "claimants/the-article/index.html",  # its claimant
        "claimants/index.html",  # counts every claim, like the home page
        "index.html",
        "claims/index.html",
        "status/index.html",
        "topics/index.html",
        "search/index.html",  # the same
        *DATA_FILES,  # feeds and downloads show every claim, or the newest (this one among them)
    } - {urls.SITEMAP, urls.FEED_CORRECTIONS, urls.ROBOTS}  # kept: no page, date or correction changed
    assert "status/accurate/index.html" not in report.written
    assert set(report.written) <= set(report.rendered)
    # coverage/index.html is not among them: it shows where passages are, and its fingerprint says none moved
    assert b"still says so" in (builder.out / "claims/river-bridge/ninety-days/index.html").read_bytes()


def test_a_template_change_rebuilds_the_pages_using_it(site_root: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    builder = Builder(site_root, tmp_path / "out", templates=templates)
    pages = len([p for p in builder.build().rendered if p not in DATA_FILES])
    edit(Path(templates), "status.html", "<h1>", '<h1 class="edited">')
    report = builder.build()
    assert set(report.rendered) == {
        f"status/{s}/index.html" for s in ("accurate", "inaccurate", "unverified")
    }
    edit(Path(templates), "_macros.html", 'class="claim-list"', 'class="claim-list edited"')
    assert len(builder.build().rendered) == pages  # every page imports the macros through base.html
    assert files(builder.out) == clean_build(site_root, tmp_path / "clean", templates)


def test_a_list_item_template_change_rebuilds_the_lists(site_root: Path, tmp_path: Path) -> None:
    """List items are rendered from Python (pieces.py), yet their templates count as the pages' own."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    builder = Builder(site_root, tmp_path / "out", templates=templates)
    builder.build()
    edit(templates, "_claim_item.html", 'class="claim-item"', 'class="claim-item edited"')
    report = builder.build()
    assert {"claims/index.html", "index.html", "status/accurate/index.html"} <= set(report.written)
    edit(templates, "_coverage_section.html", "<section", '<section class="edited"')
    written = builder.build().written
    assert {"coverage/city-budget/index.html", "coverage/river-bridge/index.html"} <= set(written)
    assert "coverage/index.html" not in written  # the summary does not show the sections
    assert files(builder.out) == clean_build(site_root, tmp_path / "clean", templates)


def test_coverage_page_is_redone_only_when_a_passage_moves(site_root: Path, tmp_path: Path) -> None:
    builder = Builder(site_root, tmp_path / "out")
    builder.build()
    edit(site_root, CLAIM, "status: unverified", "status: accurate")
    assert "coverage/index.html" not in builder.build().rendered
    claim = (site_root / BRIDGE).read_text("utf-8")
    quote = next(line for line in claim.splitlines() if line.strip().startswith("quote:"))
    edit(site_root, BRIDGE, quote, quote.rsplit(" ", 1)[0])
    assert "coverage/index.html" in builder.build().rendered
    assert files(builder.out) == clean_build(site_root, tmp_path / "clean")
    (site_root / BRIDGE).unlink()
    assert "coverage/index.html" in builder.build().rendered
    assert files(builder.out) == clean_build(site_root, tmp_path / "clean")


def test_site_toml_rebuilds_everything(site_root: Path, tmp_path: Path) -> None:
    builder = Builder(site_root, tmp_path / "out")
    pages = len(builder.build().rendered)
    edit(site_root, "site.toml", 'title = "Sample Checks"', 'title = "Checks"')
    report = builder.build()
    assert report.full and len(report.rendered) == pages
    assert files(builder.out) == clean_build(site_root, tmp_path / "clean")


def test_a_failed_build_leaves_the_site_as_it_was(site_root: Path, tmp_path: Path) -> None:
    builder = Builder(site_root, tmp_path / "out")
    builder.build()
    edit(site_root, CLAIM, "status: unverified", "status: accurate")
    builder.build()
    before = files(builder.out)
    edit(site_root, CLAIM, "status: accurate", "status: acurate")
    edit(site_root, BRIDGE, "summary: The sample", "summary: Changed")
    with pytest.raises(ContentErrors):
        builder.build()
    with pytest.raises(ContentErrors):
        builder.build()  # nothing changed: the same errors again
    assert files(builder.out) == before
    edit(site_root, CLAIM, "status: acurate", "status: accurate")
    builder.build()  # the fix and the edit made while broken both land
    assert files(builder.out) == clean_build(site_root, tmp_path / "clean")


def test_same_size_edit_in_the_same_instant_is_seen(site_root: Path, tmp_path: Path) -> None:
    """A timestamp may not move for an edit made just after the file was read (racy-git)."""
    builder = Builder(site_root, tmp_path / "out")
    path = site_root / CLAIM
    path.write_text(path.read_text("utf-8"), "utf-8")  # saved just now, as an editor would
    builder.build()
    stat = path.stat()
    edit(site_root, CLAIM, "status: unverified", "status: inaccurate")  # same length
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert "claims/city-budget/roads-fell-again/index.html" in builder.build().written


def test_a_claimant_edit_rebuilds_every_page_that_shows_the_claimant(site_root: Path, tmp_path: Path) -> None:
    builder = Builder(site_root, tmp_path / "out")
    builder.build()
    edit(site_root, COUNCIL, "name: The city council", "name: The town council")
    report = builder.build()
    assert {
        "claims/city-budget/roads-fell-again/index.html",  # names the claimant
        "claimants/city-council/index.html",
        "claimants/index.html",
    } <= set(report.written)
    assert "claims/river-bridge/ninety-days/index.html" not in report.written  # another claimant's
    assert files(builder.out) == clean_build(site_root, tmp_path / "clean")


def test_a_claims_new_claimant_moves_it_between_claimant_pages(site_root: Path, tmp_path: Path) -> None:
    builder = Builder(site_root, tmp_path / "out")
    builder.build()
    edit(site_root, CLAIM, "claimant: {key: city-council, as_reported: true}", "claimant: the-article")
    report = builder.build()
    assert "claimants/the-article/index.html" in report.written
    assert "claimants/city-council/index.html" in report.removed  # it has no claims left: not published
    assert files(builder.out) == clean_build(site_root, tmp_path / "clean")
    edit(site_root, CLAIM, "claimant: the-article", "claimant: {key: city-council, as_reported: true}")
    assert "claimants/city-council/index.html" in builder.build().written  # published again
    assert files(builder.out) == clean_build(site_root, tmp_path / "clean")


def test_cli_claimant_edit_in_a_new_process_gives_the_clean_build(site_root: Path, tmp_path: Path) -> None:
    """A new process restores the builder without its page plan and compares inputs (deps.py):
    a claim page's inputs include its claimant's file."""
    out = tmp_path / "out"
    argv = ["--root", str(site_root), "build", "--out", str(out)]
    assert cli.main(argv) == 0
    edit(site_root, COUNCIL, "name: The city council", "name: The town council")
    assert cli.main(argv) == 0
    assert b"The town council" in (out / "claims/city-budget/roads-fell-again/index.html").read_bytes()
    assert files(out) == clean_build(site_root, tmp_path / "clean")


def test_cli_second_build_is_up_to_date(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = ["--root", str(site_root), "build", "--out", str(out)]
    assert cli.main(argv) == 0
    assert cli.main(argv) == 0
    assert "is up to date" in capsys.readouterr().out
    edit(site_root, CLAIM, "status: unverified", "status: accurate")
    assert cli.main(argv) == 0
    assert "rendered" in capsys.readouterr().out
    assert files(out) == clean_build(site_root, tmp_path / "clean")


def test_cli_reports_errors_again_when_nothing_changed(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(site_root, CLAIM, "status: unverified", "status: unverifed")
    argv = ["--root", str(site_root), "build", "--out", str(tmp_path / "out")]
    assert cli.main(argv) == 1
    first = capsys.readouterr().err
    assert cli.main(argv) == 1
    assert capsys.readouterr().err == first
    assert f"{CLAIM}:7:9: unknown status 'unverifed'" in first


def test_cli_ignores_state_it_did_not_sign(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = ["--root", str(site_root), "build", "--out", str(out)]
    assert cli.main(argv) == 0
    saved = sorted(state.cache_folder(site_root, out).glob("*.pickle"))
    assert [p.name for p in saved] == sorted([state.CONTENT, state.INPUTS, state.INDEX])
    for path in saved:
        path.write_bytes(b"\0" * 32 + path.read_bytes()[32:])
    capsys.readouterr()
    assert cli.main(argv) == 0
    assert f"built {len(plan_site(load_site(site_root)))} pages" in capsys.readouterr().out


PROBE = """
import atexit, runpy, sys
sys.argv = {argv!r}
HEAVY = ("jinja2", "yaml", "jsonschema", "factsite.build.incremental",
         "factsite.model", "factsite.build.presave")
atexit.register(  # the command exits at once, but for what is registered here (cli/main.py, `entry`)
    lambda: print(sorted(m for m in HEAVY if m in sys.modules))
)
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def test_cli_no_change_build_loads_no_templates_or_content(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The answer comes from the saved input signatures alone (state.py); a change is still seen."""
    out = tmp_path / "out"
    argv = [sys.executable, str(Path(cli.__file__).parents[2] / "build.py"), "--root", str(site_root)]
    argv += ["build", "--out", str(out)]
    env = {**os.environ, "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]}
    assert subprocess.run(argv, env=env, capture_output=True, check=True).returncode == 0
    probe = PROBE.format(argv=argv[1:])
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert "is up to date" in result.stdout and result.stdout.strip().endswith("[]"), (
        result.stdout + result.stderr
    )
    edit(site_root, CLAIM, "status: unverified", "status: accurate")
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    assert "updated" in result.stdout and "rendered" in result.stdout, result.stdout


def test_an_interrupted_build_leaves_the_site_and_the_next_one_does_the_rest(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = ["--root", str(site_root), "build", "--out", str(out)]
    assert cli.main(argv) == 0
    before = files(out)
    real = write._write_files

    def crash(staging: Path, pages: dict[str, bytes]) -> None:
        real(staging, pages)  # the new pages are written, then Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(write, "_write_files", crash)
    edit(site_root, CLAIM, "status: unverified", "status: accurate")
    assert cli.main(argv) == 130
    assert files(out) == before  # the new site was never swapped in
    assert "interrupted" in capsys.readouterr().err
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    assert cli.main(argv) == 0
    assert "updated" in capsys.readouterr().out  # the saved state still holds: no full build
    assert files(out) == clean_build(site_root, tmp_path / "clean")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.spare", "clean", "out", "site", "xdg-cache"]


NARROW = {
    "claim.html",
    "article.html",
    "status.html",
    "topic.html",
    "page.html",
    "404.html",
    "claimant.html",
    "coverage_article.html",
    "articles.html",  # a page of every article, and every claim: each page shows the whole list
    "claims.html",
}
SITE_WIDE_NAMES = {"status_counts", "topic_counts"}


def test_pages_with_declared_inputs_read_no_site_wide_data(site_root: Path) -> None:
    """A page says what it shows (PageSpec.shows, made into files by build/deps.py); its templates
    must not read more than that.

    They may use the menu (site.pages, in every page's inputs), look up the
    articles of the claims they show (site.article), and the counts of their
    own article. Anything else needs the page's `shows` widened.
    """
    specs = plan_site(load_site(site_root))
    assert {s.template for s in specs if s.shows is not None} == NARROW
    env = environment()
    for name in env.list_templates():
        if name not in NARROW and not name.startswith("_") and name != "base.html":
            continue
        tree = env.parse(env.loader.get_source(env, name)[0])  # type: ignore[union-attr]
        used = {n.attr for n in tree.find_all(jinja2.nodes.Getattr) if _is_site(n.node)}
        assert used <= {"pages", "article"}, (name, used)
        names = jinja2.meta.find_undeclared_variables(tree)
        assert not names & SITE_WIDE_NAMES, name
        assert "article_counts" not in names or name in {"article.html", "home.html"}, name


def _is_site(node: jinja2.nodes.Node) -> bool:
    return isinstance(node, jinja2.nodes.Name) and node.name == "site"
