"""Stage 5: the site's pages, their rendering and search entries, and the atomic publish."""
