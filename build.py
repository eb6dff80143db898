"""Build, check and serve the fact-check site. Run `python build.py --help`."""

from pathlib import Path

from factsite.cli.main import entry

if __name__ == "__main__":
    entry("build.py", default_root=Path(__file__).resolve().parent)
