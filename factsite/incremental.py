"""Incremental builds: re-render only the pages whose inputs changed; write only what differs.

A `Builder` keeps, between builds, what the inputs looked like (scan.py), the
loaded content (loadcache.py), and for every page its inputs and templates. A
build then:

1. scans `site.toml`, `content/`, the templates and the static files, or,
   when a watcher says which paths changed (serve.py), looks at those alone;
2. reloads the content files that changed, redoing the cross-file checks;
3. plans every page and picks the dirty ones: new pages, pages whose
   templates (with those they extend or import) changed, and pages whose
   content changed. A builder that still holds the last build's plan knows
   the last: planning keeps a page's spec while what it shows stays the same
   (render.py), so a page is dirty when its spec is new. A builder without it
   (a new process, see state.py) compares inputs instead: pages whose old or
   new inputs changed. `site.toml` and the first build make every page dirty;
4. renders the dirty pages in memory, so that any error comes before any write;
5. writes pages whose bytes differ from the files on disk and deletes pages
   that are gone.

The first build of a folder goes through `write_site` (a fresh folder swapped
in). Later builds write files in place, each replaced whole (or, in `serve`,
overwritten: see `replace_whole`). A build that fails
(content or template errors) writes nothing and is retried with the same
changes next time. One that fails while writing (a full disk, the indexer, an
interruption) puts back every file it changed (write.undoable), unless
`in_place`. A build killed while writing can leave a mix of old and new pages;
the CLI forgets its saved state before writing (state.py), so the next build
starts afresh with a full, swapped-in build.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .computed import status_conflicts
from .deps import Inputs, template_closure
from .design import outside_links, render_error
from .errors import ContentErrors
from .loadcache import ContentCache
from .memo import Memo
from .model import Site
from .render import STATIC, TEMPLATES, PageSpec, environment, plan_site, render_pages
from .scan import CONTENT_TOPS, Snapshot, rescan, scan
from .search import carry_search_index, index_search, refresh_search_index
from .write import copy_static, undoable, update_site, write_site


@dataclass(frozen=True)
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
    search_stale: bool = False  # with `defer_search`, the search index is left for the caller to redo


@dataclass
class Pending:
    """Changes seen but not yet built: a failed build leaves them for the next one."""

    content: set[str] = field(default_factory=set)
    templates: set[str] = field(default_factory=set)
    static: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.content or self.templates or self.static)


class Builder:
    """Builds one site into one folder, again and again, doing only the work a change needs."""

    def __init__(self, root: Path, out: Path, templates: Path = TEMPLATES, static: Path = STATIC) -> None:
        self.root, self.out = root.resolve(), out.resolve()
        self.inputs = Snapshot(self.root)
        self.templates = Snapshot(templates)
        self.static = Snapshot(static)
        self.records: dict[str, Record] = {}
        self.pending = Pending()
        self.ok = False  # the output matches the inputs as last scanned
        self.search_stale = False  # pages changed since the search index was last made
        self._transient()

    def _transient(self) -> None:
        """What is not saved between runs (see state.py): it is rebuilt or reloaded on demand."""
        self.site: Site | None = None
        self.env: jinja2.Environment | None = None
        self.closures: dict[str, frozenset[str]] = {}
        self.fingerprints: dict[str, str] = {}  # of this build's pages, computed when first asked
        self.memo = Memo()
        self.memo_of: tuple[object, ...] = ()
        self.specs: dict[str, PageSpec] = {}  # the plan of the last build written
        self.before_write: Callable[[], None] = lambda: None
        self.restore: Callable[[], ContentCache | None] = lambda: None
        self._cache: ContentCache | None = None
        self.failure: Exception | None = None
        self.warn = False  # report computed checks that contradict a status as warnings (computed.py)
        self.defer_search = False  # leave re-indexing to the caller (serve.py does it in the background)
        self.replace_whole = True  # replace changed files whole, or overwrite them (write.update_site)
        self.in_place = False  # write without undoing a failed build's changes (serve.py: a temporary folder)

    def __getstate__(self) -> dict[str, object]:
        keep = ("root", "out", "inputs", "templates", "static", "records", "pending", "ok", "search_stale")
        return {name: self.__dict__[name] for name in keep}

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

    def build(self, changed: Iterable[str] | None = None) -> Report:
        """Bring the output up to date; raises `ContentErrors` (template errors too), writing nothing.

        A builder holds the whole model and its memo: millions of objects that
        live from one build to the next. Each build ends by moving them out of
        the garbage collector's sight (`gc.freeze`), so that its full passes do
        not walk them all during the next one; they are mostly acyclic and
        freed by reference counting when dropped.

        `changed`, from a watcher that knows them (serve.py), are the absolute
        paths of the files and folders that changed: only they are looked at.
        Without it, every input is.
        """
        fresh = self._scan(changed)
        self._refuse_outside_links(fresh.content)
        links = self.inputs.tree.links  # a link or a pipe in content/: only loading tells what changed
        if not self.pending and self.ok and not links:
            return Report(self.site)
        if self.failure is not None and not fresh and not links:
            raise self.failure  # nothing changed since the last failed build
        self.ok, self.failure = False, None
        try:
            return self._build(fresh.content)
        except Exception as exc:  # one a template raised is the template's error (design.py)
            error = render_error(exc, self.templates.base, self.root)
            self.failure = exc if error is None else ContentErrors([error])
            if error is None:
                raise
            raise self.failure from exc

    def _refuse_outside_links(self, fresh: set[str]) -> None:
        """Raise ContentErrors, with the content's own, if templates/ or static/ has a link leading out.

        Looked at on every build, whatever changed: scan.py does not follow links.
        """
        links = [*outside_links(self.templates.base, self.root), *outside_links(self.static.base, self.root)]
        if not links:
            return
        try:
            self.cache.load(self.inputs.tree, fresh)
        except ContentErrors as exc:
            links += exc.errors
        raise ContentErrors(links)

    def _build(self, fresh: set[str]) -> Report:
        site = self.cache.load(self.inputs.tree, fresh)
        if self.pending.templates or self.env is None:
            self.env, self.closures = environment(self.templates.base), {}
        memo = self._memo(site)
        conflicts = status_conflicts(site, memo)
        if conflicts and not self.warn:
            raise ContentErrors(conflicts)
        self.fingerprints = {}
        specs = plan_site(site, memo)
        full = not self.records or not self.out.is_dir() or "site.toml" in self.pending.content
        dirty = specs if full else self._dirty_pages(specs)
        pages = render_pages(site, dirty, self.env, memo)
        planned = {s.path: s for s in specs}
        report = self._write(planned, pages, full, site.config.language)
        self.specs = planned
        gc.freeze()  # see `build`
        static = () if full else tuple(sorted(self.pending.static))
        self.pending, self.site, self.ok = Pending(), site, True
        return Report(
            site, len(specs), tuple(pages), report.written, report.removed, static, full, report.search_stale
        )

    def _memo(self, site: Site) -> Memo:
        """The memo of rendered pieces (memo.py), new when the templates or the configuration change."""
        if self.memo_of != (self.env, site.config):
            self.memo, self.memo_of = Memo(), (self.env, site.config)
        elif len(self.memo) > 2 * (len(site.articles) + len(site.claims)):
            config = site.config
            live = [*site.articles, *site.claims, *site.pages, *site.claimants, config, *config.statuses]
            live += config.topics
            self.memo.keep_only(live)  # now and then, not on every build
        return self.memo

    def _scan(self, changed: Iterable[str] | None) -> Pending:
        paths = None if changed is None else [Path(p) for p in changed]
        fresh = Pending(
            _look(self.inputs, CONTENT_TOPS, paths),
            _look(self.templates, ("",), paths),
            _look(self.static, ("",), paths),
        )
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

    def _dirty_pages(self, specs: list[PageSpec]) -> list[PageSpec]:
        if self.pending.templates or not self.specs:
            return [s for s in specs if self._dirty(s)]
        last = self.specs
        return [s for s in specs if last.get(s.path) is not s or s.path not in self.records]

    def _dirty(self, spec: PageSpec) -> bool:
        old = self.records.get(spec.path)
        if old is None or not old.templates.isdisjoint(self.pending.templates):
            return True
        if not self._closure(spec.template).isdisjoint(self.pending.templates):
            return True
        changed = self.pending.content
        if not changed:
            return False
        if spec.inputs is None or old.inputs is None:
            return self._shows_new(spec, old)
        if changed.isdisjoint(spec.inputs) and changed.isdisjoint(old.inputs):
            return False
        return self._shows_new(spec, old)

    def _shows_new(self, spec: PageSpec, old: Record) -> bool:
        """Whether a page whose inputs changed shows anything new: unknown, unless it has a fingerprint."""
        return spec.fingerprint is None or old.fingerprint != self._fingerprint(spec)

    def _fingerprint(self, spec: PageSpec) -> str | None:
        if spec.fingerprint is None:
            return None
        if spec.path not in self.fingerprints:
            self.fingerprints[spec.path] = spec.fingerprint()
        return self.fingerprints[spec.path]

    def _write(
        self, specs: dict[str, PageSpec], pages: dict[str, bytes], full: bool, language: str
    ) -> Report:
        records = {path: self._record(specs[path]) for path in pages}
        if full:
            write_site(pages, self.static.base, self.out, self._full_index(language))
            self.records = records
            return Report(None, written=tuple(pages), search_stale=self.defer_search)
        written = {p: data for p, data in pages.items() if self._differs(p, data)}
        removed = sorted(self.records.keys() - specs.keys())
        reindex = (self.search_stale or bool(written or removed)) and not self.defer_search
        if written or removed or self.pending.static or reindex:
            self.before_write()
            self._update(written, removed, language if reindex else None)
        self.records.update(records)
        for path in removed:
            del self.records[path]
        self.search_stale |= bool(written or removed)  # Pagefind reads only the pages
        stale = self.search_stale and self.defer_search
        self.search_stale = False
        return Report(None, written=tuple(sorted(written)), removed=tuple(removed), search_stale=stale)

    def _update(self, written: dict[str, bytes], removed: list[str], reindex: str | None) -> None:
        """Write the changes, and re-index the search in `reindex`'s language if given.

        Unless `in_place` (serve), every change is undone if one fails (a full
        disk, the indexer), so that the last site is left as it was.
        """
        with contextlib.nullcontext() if self.in_place else undoable(self.out) as undo:
            update_site(written, removed, self.out, self.replace_whole, undo)
            copy_static(self.static.base, sorted(self.pending.static), self.out, undo)
            if reindex:
                refresh_search_index(self.out, reindex)

    def _full_index(self, language: str) -> Callable[[Path], None]:
        """What a full build does to the new site before swapping it in: index it, or keep the old index."""
        if self.defer_search:
            return lambda staging: carry_search_index(self.out, staging)
        return lambda staging: index_search(staging, language)

    def _record(self, spec: PageSpec) -> Record:
        return Record(spec.inputs, self._closure(spec.template), self._fingerprint(spec))

    def _differs(self, path: str, data: bytes) -> bool:
        """Whether the file on disk is not `data` already, read only when the sizes match."""
        target = self.out / path
        try:
            return target.stat().st_size != len(data) or target.read_bytes() != data
        except OSError:
            return True


def _look(snapshot: Snapshot, tops: tuple[str, ...], changed: list[Path] | None) -> set[str]:
    """What changed under `snapshot.base`: everything is scanned, or only `changed`, once it was."""
    if changed is None or not snapshot.tree.taken_ns:
        return snapshot.changes(scan(snapshot.base, tops))
    inside = [p.relative_to(snapshot.base).as_posix() for p in changed if p.is_relative_to(snapshot.base)]
    if not inside:
        return set()
    tree, seen = rescan(snapshot.tree, snapshot.base, tops, [p for p in inside if p != "."])
    return snapshot.changes(tree, seen)
