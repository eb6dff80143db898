"""A yes-or-no question answered in a second process (build/beside.py): the no-change build checks
its output there while it scans its inputs."""

from __future__ import annotations

import os

import pytest

from factsite.build.beside import beside


def test_the_answer_comes_from_another_process() -> None:
    parent = os.getpid()
    assert beside(lambda: os.getpid() != parent)() is True
    assert beside(lambda: os.getpid() == parent)() is False


def test_a_question_that_fails_is_answered_no_without_a_traceback(capfd: pytest.CaptureFixture[str]) -> None:
    def broken() -> bool:
        raise RuntimeError("boom")

    assert beside(broken)() is False
    assert capfd.readouterr() == ("", "")


def test_a_child_killed_by_a_signal_is_answered_no() -> None:
    def killed() -> bool:
        os.kill(os.getpid(), 9)
        return True

    assert beside(killed)() is False


def test_without_fork_the_question_is_answered_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise BlockingIOError("no process left")

    monkeypatch.setattr(os, "fork", no_fork)
    parent = os.getpid()
    assert beside(lambda: os.getpid() == parent)() is True
