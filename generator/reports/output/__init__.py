"""Text, CSV and JSON of the plan and the reports: each format a plain function of its input,
so the same input prints the same bytes. `common` holds what the formats share."""
