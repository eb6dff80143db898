"""Incremental builds: re-render only the pages whose inputs changed; write only what differs.

A `Builder` keeps, between builds, what the inputs looked like (scan.py), the
loaded content (loadcache.py), and for every page its inputs and templates.
`build` scans `site.toml`, `content/`, the templates and the static files (or,
when a watcher says which paths changed, serve.py, looks at those alone), then
`_build` runs the pipeline:

1. load: reloads the content files that changed, redoing the cross-file checks;
2. check: the whole-site checks (check/conflicts.py);
3. plan: every page (render/pages.plan_site), and the dirty ones among them:
   new pages, pages whose templates (with those they extend or import)
   changed, and pages whose content changed. A builder that still holds the
   last build's plan knows the last: planning with the memo keeps a page's
   spec while what it shows stays the same, so a page is dirty when its spec
   is new. A new process reads back marks of the last plan's specs with the
   memo (state.py, memo.py `carried`), and knows it as well. A builder without
   it (after a template change, or a state set aside) compares inputs instead
   (deps.py turns what a page shows into its inputs): pages whose old or new
   inputs changed. `site.toml` and the first build make every page dirty;
4. render: the dirty pages in memory, so that any error comes before any write;
5. write: pages whose bytes differ from the files on disk, and deletes pages
   that are gone;
6. search: the new site's search index, made before it is swapped in.

Every build but `serve`'s (`in_place`) writes a new site and swaps it in whole
(write.py): a build that fails or is killed leaves the last site as it was, and
one that fails on the content is retried with the same changes next time. The
builder keeps what it wrote (publish.py): a build that finds another build's
site in the output folder builds everything; one that finds files of its last
site gone or changed by hand writes them again.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from ..check.conflicts import article_conflicts, status_conflicts
from ..errors import ContentError, ContentErrors
from ..load.drafts import as_published
from ..model import Article, Claim, SearchSettings, Site
from ..render.closure import is_theme_own, template_closure
from ..render.design import outside_links, render_error
from ..render.pages import STATIC, TEMPLATES, environment, plan_site, render_pages
from ..render.spec import PageSpec
from ..search.pagefind import BUNDLE, carry_search_index, index_search, settled
from ..theme import design
from ..write.outputs import Changes
from .deps import Inputs, SiteInputs
from .loadcache import ContentCache
from .memo import Memo
from .pool import Job, rendering, workers
from .publish import Published, changes_of, site_id
from .scan import CONTENT_TOPS, Overlay, Snapshot, Tree, distrusted

Trees = tuple[Tree, Tree, Tree]  # the inputs, the templates and the static files, as scanned
TOPS = (CONTENT_TOPS, ("",), ("",))  # what is scanned under each of their folders
Progress = Callable[[str, int, int], None]  # (phase, items done, items in all; 0 when not counted)


def _silent(phase: str, done: int, total: int) -> None:
    """The default `Builder.progress`: shows nothing."""


def _nothing(specs: dict[str, PageSpec]) -> None:
    """The default `Builder.on_rendered`: told the plan once its dirty pages are rendered."""


def _unlisted() -> bool:
    """The default `Builder.listed`: the spare site is not known to be as listed, so it is walked."""
    return False


SAVED = (
    "root",
    "out",
    "inputs",
    "templates",
    "static",
    "records",
    "pending",
    "ok",
    "search_stale",
    "published",
    "closures",
)


@dataclass(frozen=True, slots=True)  # 110,000 at 10,000 articles × 10 claims: no __dict__ each
class Record:
    """What the last build made of one page."""

    inputs: Inputs
    templates: frozenset[str]
    fingerprint: str | None = None  # see PageSpec


@dataclass(frozen=True)
class Report:
    """What one build did."""

    site: Site | None
    planned: int = 0
    rendered: tuple[str, ...] = ()
    written: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    static: tuple[str, ...] = ()
    full: bool = False
    search_stale: bool = False  # with `defer_search` or `no_search`, the search index is left undone
    indexed: bool = False  # the search index was made again, and nothing else changed


@dataclass
class Pending:
    """Changes seen but not yet built: a failed build leaves them for the next one."""

    content: set[str] = field(default_factory=set)
    templates: set[str] = field(default_factory=set)
    static: set[str] = field(default_factory=set)
    outputs: set[str] = field(default_factory=set)  # files of the output gone or changed by hand

    def __bool__(self) -> bool:
        return bool(self.content or self.templates or self.static or self.outputs)


class Builder:
    """Builds one site into one folder, again and again, doing only the work a change needs."""

    def __init__(self, root: Path, out: Path, templates: Path = TEMPLATES, static: Path = STATIC) -> None:
        self.root, self.out = root.resolve(), out.resolve()
        self.inputs = Snapshot(self.root)
        folders = design(self.root, templates, static)  # the site's own over the theme's (theme.py)
        self.templates = Overlay(folders.templates[-1], over=folders.templates[:-1])
        self.static = Overlay(folders.static[-1], over=folders.static[:-1])
        self.records: dict[str, Record] = {}
        self.pending = Pending()
        self.ok = False  # the output matches the inputs as last scanned
        self.search_stale = False  # pages changed since the search index was last made
        self.published = Published(self.out, self.static.folders)  # what the last build wrote
        self.closures: dict[str, frozenset[str]] = {}  # each template's (deps.py), while none changes
        self._transient()

    def _transient(self) -> None:
        """What is not saved between runs (see state.py): it is rebuilt or reloaded on demand."""
        self.site: Site | None = None
        self.env: jinja2.Environment | None = None
        self.bytecode: jinja2.BytecodeCache | None = None  # the compiled templates kept (templatecache.py)
        self.fingerprints: dict[str, str] = {}  # of this build's pages, computed when first asked
        self.memo = Memo()
        self.memo_of: tuple[object, ...] = ()
        self.deps: SiteInputs | None = None  # the inputs of this build's pages (deps.py)
        self.specs: dict[str, PageSpec] = {}  # the plan of the last build written
        self.restore: Callable[[], ContentCache | None] = lambda: None
        self.on_rendered: Callable[[dict[str, PageSpec]], None] = _nothing  # state.py saves beside
        self.listed: Callable[[], bool] = _unlisted  # whether the spare site is as listed (publish.py)
        self._cache: ContentCache | None = None
        self.failure: Exception | None = None
        self.warn = False  # report computed checks that contradict a status as warnings (computed.py)
        self.defer_search = False  # leave re-indexing to the caller (serve.py does it in the background)
        self.no_search = False  # make no search index (`--no-search`): the next build with search makes it
        self.progress: Progress = _silent  # told each phase, and pages rendered (cli/progress.py shows it)
        self.replace_whole = True  # with `in_place`: replace changed files whole, or overwrite them
        self.in_place = False  # write changes in place, not in a new site swapped in (serve.py)
        self.drafts = False  # publish draft claims too, marked DRAFT (`build --drafts`, serve.py)
        self.jobs: int | None = None  # worker processes of a full build; None: one per core if many pages
        self.told = False  # this build was told what changed (`build`'s `changed`), not scanning

    def __getstate__(self) -> dict[str, object]:
        return {name: self.__dict__[name] for name in SAVED}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._transient()

    def complete(self) -> bool:
        """Whether the output matches the inputs as last seen, search index included."""
        return self.ok and not self.pending and self.failure is None and not self.search_stale

    def loaded_cache(self) -> ContentCache | None:
        return self._cache

    @property
    def cache(self) -> ContentCache:
        if self._cache is None:
            self._cache = self.restore() or ContentCache(self.root)
        return self._cache

    def build(
        self, changed: Iterable[str] | None = None, scanned: Trees | None = None, whole: bool = False
    ) -> Report:
        """Bring the output up to date; raises `ContentErrors` (template errors too), writing nothing.

        A builder holds the whole model and its memo: millions of objects that
        live from one build to the next. Each build ends by moving them out of
        the garbage collector's sight (`gc.freeze`), so that its full passes do
        not walk them all during the next one; they are mostly acyclic and
        freed by reference counting when dropped.

        `changed`, from a watcher that knows them (serve.py), are the absolute
        paths of the files and folders that changed: only they are looked at.
        Without it, every input is, unless `scanned` gives the inputs as just
        scanned (state.py). The output's files are checked too, unless `whole` says that they
        were just found as the last build wrote them (state.py), or the build writes in place.
        """
        fresh = self._scan(changed, scanned)
        self.told = changed is not None
        self._refuse_outside_links()
        links = self.inputs.tree.links  # a link or a pipe in content/: only loading tells what changed
        if not self.in_place and not whole:
            self._check_output()
        if not self.pending and self.ok and not links:
            return self._index_if_stale()
        if self.failure is not None and not fresh and not links:
            raise self.failure  # nothing changed since the last failed build
        self.ok, self.failure = False, None
        if not self.in_place and not self._full():  # the spare site is walked while this one renders
            self.listed = self.published.survey()
        try:
            report = self._build()
        except Exception as exc:  # one a template raised is the template's error (design.py)
            error = render_error(exc, self.templates.folders, self.root)
            self.failure = exc if error is None else ContentErrors([error])
            if error is None:
                raise
            raise self.failure from exc
        finally:
            self.listed()  # the second process is waited for, also when the build failed
            self.listed = _unlisted
        if changed is None:  # a watcher (serve.py) reports what changes meanwhile: it builds again
            self._distrust_changed_meanwhile()
        return report

    def _distrust_changed_meanwhile(self) -> None:
        """Forget what the scan recorded of inputs that changed while this build ran (an editor saving
        meanwhile): the build may have read them as they were before or after, so the next build reads
        them again, and redoes every page if a template or a static file is among them."""
        self.inputs.tree = distrusted(self.inputs.tree, self.root, CONTENT_TOPS)
        for folders in (self.templates, self.static):
            now = folders.scanned(("",))
            if (now.files, now.folders) != (folders.tree.files, folders.tree.folders):
                folders.tree = Tree()

    def _index_if_stale(self) -> Report:
        """Nothing changed: make the search index if a build with `no_search` left it undone."""
        if not self.search_stale or self.no_search or self.defer_search:
            return Report(self.site, search_stale=self.search_stale)
        site = self.site or as_published(self.cache.load(self.inputs.tree), self.drafts)
        self.progress("indexing the search (Pagefind)", 0, 0)
        self._publish(Changes({}), site.config.search, whole=True)
        self.search_stale = False
        return Report(site, indexed=True)

    def _check_output(self) -> None:
        """Notice what befell the last site written since: another build's site in its place
        (build everything), or files of it gone or changed by hand (write them again)."""
        if not self.records:
            return
        damaged = self.published.check()
        if damaged is None:
            self.records, self.specs, self.ok = {}, {}, False
        else:
            self.pending.outputs |= damaged

    def build_id(self) -> str:
        """The id of the site these inputs make (publish.site_id)."""
        return site_id((self.inputs, self.templates, self.static))

    def _refuse_outside_links(self) -> None:
        """Raise ContentErrors, with the content's own, if templates/ or static/ has a link leading out.

        Looked at on every build, whatever changed: scan.py does not follow links.
        """
        folders = (*self.templates.folders, *self.static.folders)
        links = [error for folder in folders for error in outside_links(folder, self.root)]
        if not links:
            return
        try:
            self.cache.load(self.inputs.tree)
        except ContentErrors as exc:
            links += exc.errors
        raise ContentErrors(links)

    def _build(self) -> Report:
        """One build, read top to bottom: load → check → plan → render → write → search.

        The search index is made on the new site as it is staged, before it is
        swapped in (publish.py), so that the site and its index change together.
        """
        site = self._load()  # load/: site.toml and content/ into the model
        self._check(site)  # check/: whole-site checks
        specs = self._plan(site)  # render/: every page's spec
        if self._full():
            return self._build_all(site, specs)  # every page, streamed to the writer (pool.py)
        dirty = self._dirty_pages(specs)  # deps.py: what changed
        pages = render_pages(site, self._counted(dirty), self.env, self.memo)  # render/: bytes, in memory
        self.on_rendered(specs)
        self.progress("writing the site", 0, 0)
        report = self._write(specs, pages, search=site.config.search)  # write/, then search/
        return self._done(site, specs, pages, False, report)

    def _build_all(self, site: Site, specs: dict[str, PageSpec]) -> Report:
        """Render every page, in worker processes when there are many (pool.py), each written into
        the new site as it comes: the pages are never all held at once, and their records (what the
        next build compares) are made from the specs, not from the bytes."""
        env, folders = self._environment(), self.templates.folders
        job = Job(site, tuple(specs.values()), env, self.memo, folders, self.root)
        jobs = 1 if self.in_place else workers(self.jobs, len(specs))  # serve: its memo serves the edits
        for template in {spec.template for spec in specs.values()}:
            self._closure(template)  # a template's error stops the build before the site is touched
        if jobs > 1:  # the workers render in scratch (memo.py): the content is final, saved beside now
            self.on_rendered(specs)
        with rendering(job, jobs, self.progress) as pages:
            self.published.write_all(pages, self._full_index(site.config.search), self._id())
        self.records = {path: self._record(spec) for path, spec in specs.items()}
        self.search_stale = self.no_search
        later = self.defer_search or self.no_search
        return self._done(site, specs, specs, True, Report(None, written=tuple(specs), search_stale=later))

    def _environment(self) -> jinja2.Environment:
        assert self.env is not None  # made by `_load`
        return self.env

    def _load(self) -> Site:
        """The model, reloading only the files that changed (loadcache.py), and the templates if they did."""
        self.progress("loading content", 0, 0)
        changed = self.pending.content if self.told else None  # all changed since the last load
        split = not self.in_place and self.jobs != 1  # a full build may load on two cores (loadsplit.py)
        loaded = self.cache.load(self.inputs.tree, changed, split)
        site = as_published(loaded, self.drafts)  # unless previewed
        if self.pending.templates:
            self.closures = {}
        if self.pending.templates or self.env is None:
            self.env = environment(self.templates.folders)
            self.env.bytecode_cache = self.bytecode
        return site

    def _check(self, site: Site) -> None:
        """Raise the whole-site checks' errors (check/), unless `warn` makes them warnings."""
        conflicts = status_conflicts(site, functools.partial(self._conflicts, site))
        if conflicts and not self.warn:
            raise ContentErrors(conflicts)

    def _conflicts(self, site: Site, article: Article, claims: tuple[Claim, ...]) -> list[ContentError]:
        make = functools.partial(article_conflicts, article, claims, site.config)
        return self._memo(site).last(article, "conflicts", claims, make)

    def _plan(self, site: Site) -> dict[str, PageSpec]:
        """Every page by path, each spec kept from the last build while what it shows stays the same."""
        self.progress("planning pages", 0, 0)
        self.fingerprints, self.deps = {}, SiteInputs(site, self._memo(site), self.deps)
        self.memo.carried = {}
        return {spec.path: spec for spec in plan_site(site, self.memo)}

    def _full(self) -> bool:
        """Whether every page is rendered: the first build, no output, or a new `site.toml`."""
        return not self.records or not self.out.is_dir() or "site.toml" in self.pending.content

    def _done(
        self, site: Site, specs: dict[str, PageSpec], pages: Iterable[str], full: bool, report: Report
    ) -> Report:
        """Keep this build's plan for the next one, and say what was done."""
        self.specs = specs
        gc.freeze()  # see `build`
        static = () if full else tuple(sorted(self.pending.static))
        self.pending, self.site, self.ok = Pending(), site, True
        return Report(
            site, len(specs), tuple(pages), report.written, report.removed, static, full, report.search_stale
        )

    def _counted(self, specs: list[PageSpec]) -> Iterator[PageSpec]:
        """The specs, telling `progress` how many were taken for rendering so far."""
        for done, spec in enumerate(specs):
            self.progress("rendering", done, len(specs))
            yield spec
        self.progress("rendering", len(specs), len(specs))

    def _memo(self, site: Site) -> Memo:
        """The memo of rendered pieces (memo.py), new when the templates or the configuration change."""
        made_for = (self.templates.tree.files, site.config)
        if self.memo_of != made_for:
            self.memo, self.memo_of = Memo(), made_for
        elif len(self.memo) > 2 * (len(site.articles) + len(site.claims)):
            config = site.config
            live = [*site.articles, *site.claims, *site.pages, *site.claimants, config, *config.statuses]
            live += config.topics
            self.memo.keep_only(live)  # now and then, not on every build
        return self.memo

    def _scan(self, changed: Iterable[str] | None, scanned: Trees | None) -> Pending:
        paths = None if changed is None else [Path(p) for p in changed]
        snapshots = (self.inputs, self.templates, self.static)
        if scanned is not None:
            fresh = Pending(*(s.changes(t) for s, t in zip(snapshots, scanned, strict=True)))
        else:
            fresh = Pending(*(s.look(tops, paths) for s, tops in zip(snapshots, TOPS, strict=True)))
        self.pending.content |= fresh.content
        self.pending.templates |= fresh.templates
        self.pending.static |= fresh.static
        return fresh

    def _closure(self, template: str | None) -> frozenset[str]:
        if template is None:
            return frozenset()
        if template not in self.closures:
            assert self.env is not None
            self.closures[template] = template_closure(self.env, template)
        return self.closures[template]

    def _dirty_pages(self, specs: dict[str, PageSpec]) -> list[PageSpec]:
        """The pages to render again: with the last build's plan, those whose spec is new (or whose
        file is damaged); without it, or after a template change, those whose inputs changed. A
        builder read back from the saved state (state.py) knows the specs that stand for the last
        plan's (memo.py `carried`), and renders the others, as a warm builder does: a page's recorded
        inputs need not name all it shows (a list's count of claims), so they cannot tell alone.
        A page made with a site's own template is rendered again on every content change."""
        last = self.specs or self.memo.carried
        if self.pending.templates or not last:
            return [s for s in specs.values() if self._dirty(s)]
        damaged = self.pending.outputs
        own = bool(self.pending.content) and any(  # content changed, and the site has templates
            f.is_dir() and any(f.iterdir()) for f in self.templates.over
        )
        new = [
            s
            for s in specs.values()
            if last.get(s.path) is not s
            or s.path not in self.records
            or s.path in damaged
            or (own and self._uses_site_own(s.template))  # may show anything of the site (README)
        ]
        return new

    def _dirty(self, spec: PageSpec) -> bool:
        if spec.path in self.pending.outputs:
            return True
        old = self.records.get(spec.path)
        if old is None or not old.templates.isdisjoint(self.pending.templates):
            return True
        if not self._closure(spec.template).isdisjoint(self.pending.templates):
            return True
        changed = self.pending.content
        if not changed:
            return False
        if self._uses_site_own(spec.template):
            return True  # it may show anything of the site, not only what the page declares (README)
        inputs = self._inputs(spec)
        if inputs is None or old.inputs is None:
            return self._shows_new(spec, old)
        if inputs.isdisjoint(changed) and old.inputs.isdisjoint(changed):
            return False
        return self._shows_new(spec, old)

    def _uses_site_own(self, template: str | None) -> bool:
        """Whether `template`, or one it extends, includes or renders through `pieces`, is a site's
        own file (theme.py), not the theme's: a page made with one is rendered on every content change."""
        return template is not None and not is_theme_own(self._environment(), template)

    def _shows_new(self, spec: PageSpec, old: Record) -> bool:
        """Whether a page whose inputs changed shows anything new: unknown, unless it has a fingerprint."""
        return spec.fingerprint is None or old.fingerprint != self._fingerprint(spec)

    def _fingerprint(self, spec: PageSpec) -> str | None:
        if spec.fingerprint is None:
            return None
        if spec.path not in self.fingerprints:
            self.fingerprints[spec.path] = spec.fingerprint()
        return self.fingerprints[spec.path]

    def _write(self, specs: dict[str, PageSpec], pages: dict[str, bytes], search: SearchSettings) -> Report:
        """Write an incremental build's pages into the site, its search index brought up to date as
        `search` says (or left to the caller with `defer_search`); `serve` writes in place. A full
        build writes through `_build_all` instead."""
        records = {path: self._record(specs[path]) for path in pages}
        removed = tuple(sorted(self.records.keys() - specs.keys()))
        static = sorted(self.pending.static)
        changes, index_gone = changes_of(
            self.out, pages, removed, (self.static.folders, static), self.pending.outputs
        )
        stale = self.search_stale or index_gone or bool(changes.pages or removed)  # Pagefind reads the pages
        stale = stale or not settled(self.out, search)  # [search] shards changed: cut anew
        later = self.defer_search or self.no_search
        if stale and self.no_search:  # an index older than the pages would find what they no longer say
            changes = replace(changes, removed=changes.removed | self._index_files())
        if stale and not later:
            self.progress("writing and indexing the search (Pagefind)", 0, 0)
        whole = self.search_stale or index_gone  # the index is older than the pages: every shard anew
        self._publish(changes, None if later or not stale else search, whole)
        self.records.update(records)
        for path in removed:
            del self.records[path]
        self.search_stale = stale and self.no_search  # with `defer_search`, the caller re-indexes
        written = tuple(sorted(changes.pages))
        return Report(None, written=written, removed=removed, search_stale=stale and later)

    def _index_files(self) -> frozenset[str]:
        """The files of the last site's search index, which a `no_search` build that changes pages
        leaves out: its site has no index, as its search page and its note say."""
        written = self.published.written
        manifest = {} if written is None else written.manifest
        return frozenset(path for path in manifest if path.startswith(f"{BUNDLE}/"))

    def _publish(self, changes: Changes, reindex: SearchSettings | None, whole: bool = False) -> None:
        if self.in_place:
            self.published.write_in_place(changes, reindex, self.replace_whole)
        else:
            self.published.write(changes, reindex, self.build_id(), whole, self.listed)

    def _id(self) -> str:
        return "" if self.in_place else self.build_id()

    def _full_index(self, search: SearchSettings) -> Callable[[Path], None]:
        """What a full build does to the new site before swapping it in: index it, or keep the old index."""
        if self.defer_search:
            return lambda staging: carry_search_index(self.out, staging)
        if self.no_search:
            return lambda staging: None  # no index: the search page says search is not built
        return lambda staging: self._index(staging, search)

    def _index(self, staging: Path, search: SearchSettings) -> None:
        self.progress("indexing the search (Pagefind)", 0, 0)
        index_search(staging, search)

    def _record(self, spec: PageSpec) -> Record:
        return Record(self._inputs(spec), self._closure(spec.template), self._fingerprint(spec))

    def _inputs(self, spec: PageSpec) -> Inputs:
        assert self.deps is not None
        return self.deps.of(spec)
