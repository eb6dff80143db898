"""Screenshots of the editorial workflow, for review: a draft claim in `serve`, and a `changes`
summary rendered as GitHub would render its Markdown, at phone and desktop widths.

Nothing of the repository is changed: the draft is made with `new` in a copy of this site,
and the `changes` summary comes from a throw-away git repository holding the tests' sample
site, with a rating changed without an update entry, a summary corrected with one, a claim
withdrawn and a new draft.

    .venv/bin/python scripts/editorial_shots.py [OUT]   (default: screenshots/)
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from markdown_it import MarkdownIt
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browserkit import ARGS, CHROMIUM, VIEWPORTS  # noqa: E402

PYTHON = sys.executable
DRAFT = ("perez-bautista-arrest", "ICE agents were able to arrest Perez-Bautista themselves in November")
GITHUB_CSS = """
body { font: 16px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328;
  margin: 0; background: #f6f8fa; }
.comment { max-width: 880px; margin: 16px auto; background: #fff; border: 1px solid #d1d9e0;
  border-radius: 6px; }
.comment header { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px;
  font-size: 14px; color: #59636e; border-radius: 6px 6px 0 0; }
.body { padding: 16px; overflow-wrap: anywhere; }
h2 { font-size: 1.5em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; margin-top: 0; }
h3 { font-size: 1.25em; margin: 24px 0 16px; }
code { font: 85% ui-monospace, SFMono-Regular, Menlo, monospace; background: #eff1f3;
  padding: .2em .4em; border-radius: 6px; }
a { color: #0969da; }
ul { padding-left: 2em; } li + li { margin-top: .25em; }
"""


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_AUTHOR_NAME": "Editor"}
    env |= {"GIT_AUTHOR_EMAIL": "e@example.org", "GIT_COMMITTER_NAME": "Editor"}
    env |= {"GIT_COMMITTER_EMAIL": "e@example.org"}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def build_py(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [PYTHON, str(REPO / "build.py"), "--root", str(root), *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def changes_summary(tmp: Path) -> str:
    """The `changes` Markdown of a pull request against the sample site, made in a throw-away repository."""
    repo = tmp / "sample"
    shutil.copytree(REPO / "tests/sample", repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    roads = repo / "content/claims/city-budget/roads-fell-again.yaml"
    roads.write_text(roads.read_text("utf-8").replace("status: unverified", "status: inaccurate"), "utf-8")
    bridge = repo / "content/claims/river-bridge/ninety-days.yaml"
    text = bridge.read_text("utf-8")
    bridge.write_text(text + "withdrawn:\n  date: 2099-01-01\n  note: Not a checkable claim.\n", "utf-8")
    budget = repo / "content/claims/city-budget/budget-rose-by-a-third.yaml"
    text = budget.read_text("utf-8").replace("summary: 400 is a third", "summary: 400 is one third")
    entry = f"  - date: {dt.date.today().isoformat()}\n    note: Reworded the summary.\n"
    budget.write_text(text.replace("updates:\n", "updates:\n" + entry), "utf-8")
    build_py(repo, "new", "river-bridge", "the repairs cost 2.5 million dollars")
    done = build_py(repo, "changes", "HEAD")
    print(done.stderr, file=sys.stderr)
    return done.stdout


def comment_page(markdown: str) -> str:
    body = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    header = "<header><b>github-actions</b> bot commented</header>"
    return (
        "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>"
        f"<style>{GITHUB_CSS}</style><div class=comment>{header}<div class=body>{body}</div></div>"
    )


def serve_with_draft(tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    site = tmp / "site"
    for name in ("content", "site.toml"):
        copy = shutil.copytree if (REPO / name).is_dir() else shutil.copy
        copy(REPO / name, site / name if name == "content" else site)  # type: ignore[operator]
    made = build_py(site, "new", *DRAFT)
    assert made.returncode == 0, made.stderr
    port = 8765
    process = subprocess.Popen(
        [PYTHON, str(REPO / "build.py"), "--root", str(site), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    for _ in range(120):
        try:
            with urllib.request.urlopen(base + f"articles/{DRAFT[0]}/index.html", timeout=2) as answer:
                if b"hl draft" in answer.read():
                    return process, base
        except OSError:
            pass
        time.sleep(0.5)
    process.terminate()
    raise SystemExit("serve did not come up")


def run(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as driver:
        tmp = Path(folder)
        (tmp / "site").mkdir()
        summary = tmp / "changes.html"
        summary.write_text(comment_page(changes_summary(tmp)), "utf-8")
        process, base = serve_with_draft(tmp)
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            for name, options in VIEWPORTS.items():
                context = browser.new_context(**options)  # type: ignore[arg-type]
                page = context.new_page()
                page.goto(summary.as_uri())
                page.screenshot(path=out / f"{name}-changes-summary.png", full_page=True)
                page.goto(base + f"articles/{DRAFT[0]}/index.html")
                page.locator("a.hl.draft").first.scroll_into_view_if_needed()
                page.screenshot(path=out / f"{name}-draft-highlight.png")
                page.locator("a.hl.draft").first.click()
                page.wait_for_load_state()
                page.screenshot(path=out / f"{name}-draft-claim.png", full_page=True)
                context.close()
        finally:
            browser.close()
            process.terminate()
            process.wait(timeout=10)
    print(f"wrote screenshots to {out}")


if __name__ == "__main__":
    run(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "screenshots")
