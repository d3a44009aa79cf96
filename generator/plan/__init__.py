"""Stage 2: the follow-up engine: customer facts, rules applied to dates, tasks."""
