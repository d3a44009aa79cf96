"""Stage 3: reports over a dataset and its plans (quiet customers, the follow-up audit and its replay), and the text, CSV and JSON of the plan and the reports (`output`)."""
