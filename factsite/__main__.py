"""`python -m factsite`: the `factsite` command (cli/main.py)."""

from .cli.main import entry

if __name__ == "__main__":
    entry("python -m factsite")
