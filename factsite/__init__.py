"""factsite: a static site generator for claim-by-claim fact-checks."""
