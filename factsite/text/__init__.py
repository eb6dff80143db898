"""Pure text rules shared by every stage: characters, normalisation, passages, links, wording. No I/O."""
