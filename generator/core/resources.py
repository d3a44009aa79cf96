"""Where playbook's own files live: templates and assets ship inside the `generator` package."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
"""The `generator` package folder."""
TEMPLATES = PACKAGE / "templates"
ASSETS = PACKAGE / "assets"
