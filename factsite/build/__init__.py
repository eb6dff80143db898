"""Build: incremental orchestration at the edge: digests, the saved state, the lock, what to render
again.
"""
