"""One customer while the plan is made: their history, and what several rules share of it.

Many rules ask the same customer the same questions (the facts on a day, the value summary of
the reasons); the scope keeps each answer so it is worked out once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from generator.core import model
from generator.plan.facts import Facts, FactValue, history_of


class CustomerScope:
    """One customer's history and what several rules share of it: facts by day, the value summary."""

    __slots__ = ("_facts", "_shared", "customer", "history", "settings", "summary")

    def __init__(
        self,
        customer: model.Customer,
        as_of: date,
        settings: model.Settings,
        referred: Iterable[model.Customer] = (),
    ) -> None:
        self.customer = customer
        self.history = history_of(customer, as_of, referred)
        self.settings = settings
        self._facts: dict[date, Facts] = {}
        self._shared: dict[str, FactValue] = {}
        """Facts that do not depend on the day, computed once for all days."""
        self.summary: str | None = None
        """The value summary of the reasons, once one needs it."""

    def facts(self, day: date) -> Facts:
        found = self._facts.get(day)
        if found is None:
            found = self._facts[day] = Facts(self.history, day, self.settings, self._shared)
        return found
