"""Run a yes-or-no question in a second process while this one goes on: for work that waits on
the system, on a machine with more than one core.

A no-change build asks two such questions, each one system call per file: did any input change
(about 12,000 stat calls at 1,000 articles × 10 claims) and is every output file still as written
(about 37,000 lstat calls). Each takes about 100 ms on the benchmark machine, where a system call
on a file costs about 3 µs; threads did not help there (measured slower than one), two processes
did. `beside` forks the second question off; where fork is missing or fails, the question is
answered in this process when the answer is asked for, so the result is the same either way.
"""

from __future__ import annotations

import os
from collections.abc import Callable

YES, NO, FAILED = 0, 1, 2  # the child's exit status


def beside(question: Callable[[], bool]) -> Callable[[], bool]:
    """Start answering `question` in a forked child; the returned function waits for its answer.

    The child only answers: it writes nothing, flushes no buffer it inherited (`os._exit`), and an
    exception in it (or a signal that stops it) is the answer False, so a caller that treats False
    as "do the work" stays right. Call the returned function exactly once, also when the caller
    fails (it reaps the child); it raises nothing.
    """
    fork = getattr(os, "fork", None)
    try:
        child = fork() if fork is not None else None
    except OSError:  # no process left to make: answer here
        child = None
    if child is None:
        return question
    if child == 0:
        _answer(question)
    return lambda: _waited(child)


def _answer(question: Callable[[], bool]) -> None:
    """In the child: exit with the answer, whatever happens."""
    status = FAILED
    try:
        status = YES if question() else NO
    except BaseException:  # Ctrl-C, kill, a bug: no answer, and never a traceback from here
        status = FAILED
    finally:
        os._exit(status)


def _waited(child: int) -> bool:
    """The child's answer, once it has exited (waitpid retries after a signal itself, PEP 475)."""
    try:
        _, status = os.waitpid(child, 0)
    except ChildProcessError:  # reaped already: no answer
        return False
    return os.waitstatus_to_exitcode(status) == YES
