"""Stage 1, importing: CSV exports of CRMs and shops turned into new files under `content/`."""
