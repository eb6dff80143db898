"""The links on a claim page that let readers report an error and editors fix it.

With a GitHub repository in site.toml: "Suggest a correction" opens a new issue
with the correction form (.github/ISSUE_TEMPLATE/correction.yml) prefilled with
the claim and its page, and "Edit this claim" opens the claim file in GitHub's
web editor. Without one, a `contact` address gets a prefilled email instead,
and with neither there are no links.
"""

from __future__ import annotations

import posixpath
import urllib.parse
from dataclasses import dataclass

from ..model import Claim, Config
from ..text import weblinks

ISSUE_FORM = "correction.yml"


@dataclass(frozen=True)
class CorrectionLinks:
    suggest: str | None = None
    edit: str | None = None


def links(config: Config, claim: Claim, page_url: str) -> CorrectionLinks:
    """The correction links for `claim`, whose page is published at `page_url`."""
    title = f"Correction: {claim.key}"
    if config.repository:
        repo = config.repository
        query = {"template": ISSUE_FORM, "title": title, "claim": claim.key, "page": page_url}
        home = weblinks.normalise(repo.url)
        suggest = f"{home}/issues/new?{urllib.parse.urlencode(query, quote_via=urllib.parse.quote)}"
        path = posixpath.join(repo.folder, claim.source_path) if repo.folder else claim.source_path
        edit = f"{home}/edit/{_quote(repo.branch)}/{_quote(path)}"
        return CorrectionLinks(suggest, edit)
    if config.contact:
        body = (
            f"Claim: {claim.key}\nPage: {page_url}\n\n"
            "What is wrong:\n\n\nEvidence (a source we can check):\n\n"
        )
        return CorrectionLinks(suggest=weblinks.mailto(config.contact, {"subject": title, "body": body}))
    return CorrectionLinks()


def _quote(path: str) -> str:
    return urllib.parse.quote(path, safe="/")
