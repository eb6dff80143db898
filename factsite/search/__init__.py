"""Search: the Pagefind index over the written site, made reproducible."""
