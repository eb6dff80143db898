"""Run a command and measure it: wall time, CPU time and peak memory (max RSS).

Each command is started by benchmarks/launch.py, a small process that waits for it
with wait4(2): the figures are the command's own (with any descendants it waited for),
unaffected by the benchmark's other processes, with a floor of about 10 MB (see there
why). A Python script can also run under benchmarks/peak.py, which tells the Python
process's own peak apart from that of its children (our build runs Pagefind).
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


class RunError(Exception):
    """A measured command failed; the message has the command and the end of its output."""


@dataclass(frozen=True)
class Run:
    """One measured run.

    seconds: wall-clock time; cpu: user + system seconds of the command and of the
    children it waited for; peak_kib: the largest max RSS (KiB) of the command or of
    a child it waited for; python_kib: for a script run under peak.py, the Python
    process's own max RSS (KiB), else 0.
    """

    seconds: float
    cpu: float
    peak_kib: int
    python_kib: int = 0


def measure(command: list[str], cwd: Path | None = None) -> Run:
    """Run `command` to its end with its output captured; RunError if it fails."""
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryFile() as log:
        report = Path(folder) / "run.json"
        launcher = [sys.executable, "-S", str(HERE / "launch.py"), str(report)]
        subprocess.run([*launcher, *command], cwd=cwd, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        figures = json.loads(report.read_text("utf-8")) if report.is_file() else {"exit": "none, not started"}
        if figures["exit"] != 0:
            log.seek(0)
            tail = log.read().decode("utf-8", "replace")[-2000:]
            raise RunError(f"`{shlex.join(command)}` failed (exit {figures['exit']}):\n{tail}")
    return Run(float(figures["seconds"]), float(figures["cpu"]), int(figures["max_rss_kib"]))


def measure_python(script: Path, args: list[str], cwd: Path | None = None) -> Run:
    """Run a Python script under peak.py: as `measure`, with the Python process's own peak too."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "peak.json"
        run = measure([sys.executable, str(HERE / "peak.py"), str(report), str(script), *args], cwd)
        own = json.loads(report.read_text("utf-8"))["python_kib"]
    return Run(run.seconds, run.cpu, run.peak_kib, int(own))
