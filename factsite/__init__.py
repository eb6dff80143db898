"""factsite: a static site generator for claim-by-claim fact-checks."""

__version__ = "0.1.0"
