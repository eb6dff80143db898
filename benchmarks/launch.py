"""Start a command from this small process and write down what it cost.

    python -S benchmarks/launch.py REPORT.json COMMAND [ARGS...]

Linux counts a child's peak memory (max RSS) from the moment it is forked, so a child
of a large process reports at least that process's size: a build's Pagefind reports
the build's own size, if larger. Started from this small process instead, the floor is
this interpreter's (about 10 MB). REPORT.json gets, from wait4(2) on the command:
{"exit": its exit status, "seconds": wall-clock time, "cpu": user + system seconds,
"max_rss_kib": its peak, or that of a descendant it waited for, in KiB}.
The command's output goes where this process's goes. The exit status is the command's,
or 127 if it cannot be started (and then there is no report).
"""

import json
import os
import sys
import time


def main(argv: list[str]) -> int:
    report, *command = argv
    started = time.perf_counter()
    try:
        pid = os.posix_spawnp(command[0], command, os.environ)
    except OSError as exc:
        print(f"cannot start {command[0]}: {exc.strerror}", file=sys.stderr)
        return 127
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    figures = {"exit": code, "seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime}
    with open(report, "w", encoding="utf-8") as file:
        json.dump({**figures, "max_rss_kib": usage.ru_maxrss}, file)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
