"""Stage 4: printable documents: letters, handover packets, review checklists, PDF and e-mail export."""
