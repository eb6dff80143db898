"""The command the user ran, as messages name it when they say what to run next.

`build.py` in this repository is run as `python build.py`; the installed console
script and `python -m factsite` are both `factsite`. cli/main.py records which
one this process is before any command runs; every message that names a command
(`run ... check`, `made with ... new`) asks `named` here, so none names a program
the user does not have.
"""

from __future__ import annotations

_ran = ["python build.py"]  # the default for code that calls cli.main.main() directly, as build.py does


def record(prog: str) -> None:
    """Remember how this process was started: `prog` is argparse's program name ("build.py", "factsite")."""
    _ran[0] = "python build.py" if prog.endswith("build.py") else "factsite"


def named(subcommand: str = "") -> str:
    """The command line to show for `subcommand`, e.g. "factsite check" or "python build.py check"."""
    return f"{_ran[0]} {subcommand}".strip()


def program() -> str:
    """The program's name, for messages about the program itself: "build.py" or "factsite"."""
    return "build.py" if _ran[0] == "python build.py" else "factsite"


def install_hint(package: str) -> str:
    """How to install a missing `package` (a pip name), as the user's setup does it: this repository's
    Makefile, or the requirements.txt that `factsite init` writes."""
    pip = f"`pip install -r requirements.txt` (package {package})"
    return f"run `make site` or {pip}" if _ran[0] == "python build.py" else f"run {pip}"
