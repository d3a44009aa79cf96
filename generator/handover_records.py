"""Handover records under `content/handovers/`: who takes which of a departing person's customers."""

from __future__ import annotations

from generator import model
from generator.problems import Problems
from generator.project import Project


def apply_handovers(
    project: Project,
    people: dict[str, model.Person],
    customers: list[model.Customer],
    problems: Problems,
) -> tuple[list[model.Customer], tuple[model.Handover, ...]]:
    """Reassign customers as the handover records say, oldest record first."""
    return customers, ()
