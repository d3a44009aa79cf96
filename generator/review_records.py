"""Reviews recorded with `playbook review record`, kept as new dated files under `content/reviews/`."""

from __future__ import annotations

from generator import model
from generator.problems import Problems
from generator.project import Project


def apply_reviews(project: Project, customers: list[model.Customer], problems: Problems) -> list[model.Customer]:
    """Add recorded reviews to their customers."""
    return customers
