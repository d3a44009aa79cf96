"""Stage 1: read the YAML inputs into a validated `Dataset`, with located problems."""
