"""`build.py new`: start a claim file from an article slug and an exact quote.

The quote is checked against the article before anything is written, so an
editor learns at once about a typo or a quote that occurs twice. The file gets a
readable id derived from the quote, today's date, status `unverified`, empty
fields to fill and `draft: true`, so that it passes `check` and is published
nowhere until the editor removes that line; it is never overwritten. A passage
that another claim file already claims is refused unless `--id` names the new one.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import command
from ..errors import ContentErrors, UsageError, display_path, printable
from ..failures import about
from ..load.config import load_config
from ..load.content import article_slugs, load_article
from ..load.loader import Loader, name_problem, shown_name
from ..load.messages import closest
from ..model import Anchor, Article, Config
from ..text import misquote, passages

SCHEMA = Path(__file__).resolve().parents[1] / "load" / "schemas" / "claim.schema.json"
STATUS = "unverified"
ID_WORDS = 6
ID_MAX = 60
_STOP_WORDS = (
    "a an and are as at be been but by for from had has have he her his in into is it its "
    "of on or our she that the their them they this to was we were which who will with"
)
STOP_WORDS = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class Selector:
    """What the editor asked for: the quote, and words around it to tell repeats apart."""

    quote: str
    prefix: str | None = None
    suffix: str | None = None


def new_claim(
    root: Path, slug: str, selector: Selector, claim_id: str | None = None, today: dt.date | None = None
) -> Path:
    """Write content/claims/<slug>/<id>.yaml and return its path; raise UsageError if it cannot."""
    config, errors = load_config(root / "site.toml")
    if config is None:
        raise ContentErrors(errors)
    article = load_article(root, _known_slug(root, slug))
    quote = locate(article, selector)
    folder = _inside_content(root, root / "content" / "claims" / slug)
    if claim_id is None:
        refuse_claimed(article, selector, folder, root)
    taken = {p.stem for p in folder.glob("*.yaml")} if folder.is_dir() else set()
    claim_id = _checked_id(claim_id) if claim_id else fresh_id(selector.quote, taken)
    path = folder / f"{claim_id}.yaml"
    text = claim_text(config, slug, Selector(quote, selector.prefix, selector.suffix), today, path, root)
    folder.mkdir(parents=True, exist_ok=True)
    _write_new(path, text, root)
    return path


def refuse_claimed(article: Article, selector: Selector, folder: Path, root: Path) -> None:
    """Raise UsageError when a claim file in `folder` already claims the very passage asked for.

    Each file's `passage` is read alone (a file with errors is skipped: `check` names them); the
    editor who means a second claim on the same words says so with `--id`.
    """
    wanted = passages.find(article.blocks, selector.quote, selector.prefix, selector.suffix)[0]
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        anchor = _claimed(article, path)
        if anchor == wanted:
            raise UsageError(
                f"this passage is already claimed by {display_path(path, root)}; edit that claim, "
                "or, if the passage makes a second claim, go ahead by naming the new one with --id"
            )


def _claimed(article: Article, path: Path) -> Anchor | None:
    """Where the claim file at `path` anchors its passage in `article`; None if that cannot be told."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
        passage = data["passage"]
        found = passages.find(article.blocks, passage["quote"], passage.get("prefix"), passage.get("suffix"))
    except (OSError, UnicodeError, yaml.YAMLError, TypeError, KeyError, AttributeError):
        return None
    return found[0] if len(found) == 1 else None


def _inside_content(root: Path, folder: Path) -> Path:
    """`folder`, unless it or content/claims is not a folder inside content/ (ContentErrors).

    A link leading out, around a loop or to no file is refused as `check` refuses
    it (entries.py): `new` writes only inside content/.
    """
    loader = Loader(root)
    for step in (folder.parent, folder):
        if os.path.lexists(step) and not loader.folder_ok(step):
            raise ContentErrors(loader.errors)
    return folder


def _write_new(path: Path, text: str, root: Path) -> None:
    """Write a new file, never over an existing one (nor through a link); nothing is left if it fails."""
    try:
        out = path.open("x", encoding="utf-8")
    except FileExistsError:
        raise UsageError(
            f"{display_path(path, root)} already exists and is never overwritten; "
            "edit it, or pick another name with --id"
        ) from None
    try:
        with about(path), out:
            out.write(text)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _known_slug(root: Path, slug: str) -> str:
    known = article_slugs(root)
    if slug in known:
        return slug
    close = closest(slug, known)
    listed = f"the articles are: {', '.join(known)}" if known else "there are no articles yet"
    hint = f"did you mean '{close}'?" if close else listed
    raise UsageError(f"there is no article {shown_name(slug)} in content/articles/; {hint}")


def _checked_id(claim_id: str) -> str:
    if found := name_problem(claim_id, "claim id"):
        raise UsageError(f"--id {found[0]}: {found[1]}")
    return claim_id


def locate(article: Article, selector: Selector) -> str:
    """The quote exactly as the article writes it, or a UsageError saying what to change."""
    found = passages.find(article.blocks, selector.quote, selector.prefix, selector.suffix)
    if len(found) == 1:
        block = article.blocks[found[0].block]
        return block.text[found[0].start : found[0].end]
    where = f"article '{printable(article.slug)}'"
    if found:
        places = []
        for n, anchor in enumerate(found, start=1):
            before, after = passages.context(article.blocks[anchor.block], anchor)
            places.append(f"  {n}. …{before}[{selector.quote}]{after}…")
        raise UsageError(
            f"the quote occurs {len(found)} times in {where}:\n" + "\n".join(places) + "\n"
            "say which one with --prefix 'the words just before it' or --suffix 'the words just after it'"
        )
    if passages.find(article.blocks, selector.quote):
        raise UsageError(f"the quote is in {where}, but not with this --prefix and --suffix")
    message, hint = misquote.explain(article.blocks, selector.quote, where)
    raise UsageError(f"{message}; {hint}")


def fresh_id(quote: str, taken: Collection[str]) -> str:
    """A readable id from the quote's first words, not in `taken`: 'budget-rose-300-million'."""
    ascii_text = unicodedata.normalize("NFKD", quote).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text.replace("'", ""))
    kept = [w for w in words if w not in STOP_WORDS] or words
    base = "-".join(kept[:ID_WORDS])[:ID_MAX].strip("-") or "claim"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def schema_comment(path: Path, root: Path) -> list[str]:
    """The `$schema` comment for the claim file `path`: a relative link to claim.schema.json when the
    schema lies inside the site's folder `root` (this repository, where it is committed with the site);
    none when the tool is installed elsewhere, as a link out of the site would hold only on this machine."""
    schema, site = SCHEMA.resolve(), root.resolve()
    if not schema.is_relative_to(site):
        return []
    return [
        f"# yaml-language-server: $schema={Path(os.path.relpath(schema, path.resolve().parent)).as_posix()}"
    ]


def claim_text(
    config: Config, slug: str, selector: Selector, today: dt.date | None, path: Path, root: Path
) -> str:
    """The new claim file: a schema comment for editors' YAML tools (`schema_comment`), then every field."""
    date = (today or dt.date.today()).isoformat()
    lines = [
        *schema_comment(path, root),
        f"# A claim in the article '{slug}', started with `{command.named('new')}` on {date}.",
        '# Fill in every "" below, and the lists [] that apply; then run `' + command.named("check") + "`.",
        "# CONTRIBUTING.md explains each field and the rating scale.",
        "draft: true  # remove this line to publish the claim, once every field is filled in",
        'claim: ""  # the checkable statement, in one neutral sentence of your own',
        "passage:  # where the article says it; `check` finds it in the article",
        f"  quote: {_scalar(selector.quote)}",
        *(f"  {k}: {_scalar(v)}" for k, v in (("prefix", selector.prefix), ("suffix", selector.suffix)) if v),
        'claimant: ""  # who makes it: a key from content/claimants/, e.g. the-article; see CONTRIBUTING.md',
        f"status: {STATUS}  # one of: {', '.join(s.id for s in config.statuses)}",
        'summary: ""  # the verdict in one line, at most 240 characters',
        'explanation: ""  # Markdown: the reasoning and the working; see CONTRIBUTING.md',
        "evidence: []  # the sources; see CONTRIBUTING.md for the two kinds",
        f"checked_on: {date}",
        f"topics: []  # one or more of: {', '.join(t.slug for t in config.topics)}",
    ]
    return "\n".join(lines) + "\n"


def _scalar(text: str) -> str:
    """A double-quoted YAML scalar that reads back as exactly `text`."""
    dumped: str = yaml.safe_dump(text, allow_unicode=True, default_style='"', width=1_000_000)
    return dumped.strip()
