"""Stage 3: reports over a dataset and its plans (quiet customers, the follow-up audit) and their text, CSV and JSON."""
