"""Build, check and serve the fact-check site. Run `python build.py --help`."""

import sys
from pathlib import Path

from factsite.cli.main import main

if __name__ == "__main__":
    sys.exit(main(default_root=Path(__file__).resolve().parent))
