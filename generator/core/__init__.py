"""Values, vocabulary and helpers that every stage may use; imports nothing else of playbook."""
