"""Check: whole-site checks of a loaded `Site` that no single file shows, such as claim coverage."""
