"""Run a Python script as `python SCRIPT ARGS...` would, then write down its peak memory.

    python benchmarks/peak.py REPORT.json SCRIPT [ARGS...]

REPORT.json gets {"python_kib": P}: the max RSS (resident set size, KiB on Linux)
of this Python process itself, without the child processes it starts (Pagefind, in a
build), from getrusage(2) when the process exits, even if the script fails. The exit status is
the script's.
"""

from __future__ import annotations

import atexit
import json
import resource
import runpy
import sys
from pathlib import Path


def write_report(report: Path) -> None:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report.write_text(json.dumps({"python_kib": own}), "utf-8")


def main(argv: list[str]) -> int:
    """Run SCRIPT with ARGS as `__main__` (its folder first on sys.path, as `python SCRIPT` has it)."""
    report, script, *args = argv
    sys.argv = [script, *args]
    sys.path[0] = str(Path(script).resolve().parent)
    code: object = 0
    # At exit, also when the script ends the process at once after the atexit handlers, as the
    # build command does (factsite/cli/main.py `entry`).
    atexit.register(write_report, Path(report))
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as stop:
        code = stop.code
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
