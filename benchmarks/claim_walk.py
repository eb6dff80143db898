"""Count a claim's walk from its YAML file to its page: `python benchmarks/claim_walk.py [REPO]`.

REPO is a checkout of the tool (this one by default), so that two versions can be
compared with the same counting. A copy of its tests/sample site is built once by
a builder as `serve` runs it (in place, search left for later); then one claim
file's `summary` is edited and the builder is told of that file alone. Every
Python call of that rebuild is traced (sys.setprofile).

The walk is the tool's own functions (factsite/...) on the call stack when one of
the steps that handle this claim starts: noticing its file (`Snapshot.look`),
loading it (`load_claim`), planning its page (`_new_claim_page`), finding the
page's inputs (`SiteInputs.of`, where it exists), rendering it (`_render` of its
path) and writing it (`_replace` of its path). Printed: the walk in first-call
order as module:function, one line per hop, and counts: its functions and modules
and the memo look-ups (`last`, `get` of memo.py or reuse.py) on it; the same with
all that runs under those steps (parsing, validating, rendering, writing); and,
for the whole rebuild, the memo look-ups by the module that asks them.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from types import FrameType
from typing import Any

REPO = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[1]).resolve()
PACKAGE = str(REPO / "factsite")
FOLDER = "content/claims/city-budget"
LOOKUPS = ("memo.py", "reuse.py")


def name(frame: FrameType) -> str:
    code = frame.f_code
    module = code.co_filename[len(PACKAGE) + 1 : -3].replace("/", ".")
    return f"{module}:{getattr(code, 'co_qualname', code.co_name)}"


def mine(frame: FrameType) -> bool:
    return frame.f_code.co_filename.startswith(PACKAGE)


def lookup(frame: FrameType) -> bool:
    return frame.f_code.co_name in ("last", "get") and frame.f_code.co_filename.endswith(LOOKUPS)


class Walk:
    """The tracer: what runs on the way to, and under, the steps of one claim (`is_step`)."""

    def __init__(self, root: Path, claim: str, page: str) -> None:
        self.root, self.claim, self.page = root, claim, page
        self.stack: list[tuple[FrameType, bool]] = []
        self.path: dict[str, None] = {}
        self.under: dict[str, None] = {}
        self.path_lookups: set[int] = set()
        self.under_lookups = 0
        self.steps = 0  # how many steps are running
        self.askers: dict[str, int] = {}  # memo look-ups of the whole rebuild, by the module asking

    def is_step(self, function: str, frame: FrameType) -> bool:
        local = frame.f_locals
        steps: dict[str, Any] = {
            ":load_claim": lambda: local.get("claim_id") == self.claim,
            ":_new_claim_page": lambda: getattr(local.get("claim"), "id", None) == self.claim,
            ":_render": lambda: getattr(local.get("spec"), "path", None) == self.page,
            ":SiteInputs.of": lambda: getattr(local.get("spec"), "path", None) == self.page,
            ":_replace": lambda: str(local.get("target", "")).endswith(self.page),
            ":Snapshot.look": lambda: getattr(local.get("self"), "base", None) == self.root,
        }
        return any(function.endswith(end) and test() for end, test in steps.items())

    def __call__(self, frame: FrameType, event: str, arg: object) -> None:
        if event == "call":
            self.enter(frame)
        elif event == "return" and self.stack and self.stack.pop()[1]:
            self.steps -= 1  # a step ended

    def enter(self, frame: FrameType) -> None:
        ours = mine(frame)
        step = ours and self.is_step(name(frame), frame)
        self.stack.append((frame, step))
        if ours and lookup(frame):
            self.count_asker(frame)
        if step:
            self.steps += 1
            for on, _ in self.stack:
                if mine(on):
                    self.path.setdefault(name(on), None)
                    if lookup(on):
                        self.path_lookups.add(id(on))
        elif ours and self.steps:
            self.under.setdefault(name(frame), None)
            self.under_lookups += lookup(frame)

    def count_asker(self, frame: FrameType) -> None:
        caller = frame.f_back
        while caller is not None and caller.f_code.co_filename.endswith(LOOKUPS):
            caller = caller.f_back
        asker = name(caller).split(":")[0] if caller is not None and mine(caller) else "?"
        self.askers[asker] = self.askers.get(asker, 0) + 1


def modules(functions: dict[str, None]) -> int:
    return len({f.split(":")[0] for f in functions})


def report(walk: Walk) -> None:
    print("## the path: the calls that lead from the builder to each step of this claim")
    print("\n".join(walk.path))
    print("## under those steps, besides the path (parsing, validating, rendering, writing)")
    print("\n".join(f for f in walk.under if f not in walk.path))
    both = {**walk.path, **walk.under}
    lookups = len(walk.path_lookups)
    print(f"# path: {len(walk.path)} functions in {modules(walk.path)} modules, {lookups} memo look-ups")
    print(
        f"# with all that runs under the steps: {len(both)} functions in {modules(both)} modules, "
        f"{lookups + walk.under_lookups} memo look-ups"
    )
    print(f"# memo look-ups of the whole rebuild, by the module asking: {dict(sorted(walk.askers.items()))}")


def main() -> None:
    sys.path.insert(0, str(REPO))
    from factsite.build.incremental import Builder

    tmp = Path(tempfile.mkdtemp())
    root = tmp / "site"
    shutil.copytree(REPO / "tests" / "sample", root)
    claim = sorted((root / FOLDER).glob("*.yaml"))[0]
    page = f"claims/city-budget/{claim.stem}/index.html"
    builder = Builder(root, tmp / "_site")
    builder.in_place, builder.defer_search = True, True
    builder.build()
    claim.write_text(claim.read_text("utf-8").replace("summary: ", "summary: Edited. ", 1), "utf-8")
    walk = Walk(root, claim.stem, page)
    sys.setprofile(walk)
    try:
        written = builder.build(changed=[str(claim)]).written
    finally:
        sys.setprofile(None)
    assert page in written, written
    report(walk)
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
