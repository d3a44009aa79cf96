"""When a rule falls due for one customer, and whether a contact already closed it.

Each rule dates its occurrences from an anchor event (`load.rules.ANCHOR_DOCS`) plus
`offset_days`; `every_days` repeats them; birthdays and the season come back every year;
`attempts` spaces a sequence of tries after the last contact. A contact of any outcome, by
anyone, dated on or after the due date (or up to `early_days` before it, but never on the
anchor day itself) closes an occurrence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import NamedTuple

from generator.core import model
from generator.core.rule import Rule
from generator.plan.facts import History
from generator.plan.prepared_rules import PreparedRule

_MONTH_DAY = re.compile(r"^--(\d{2})-(\d{2})$")
ONE_DAY = timedelta(days=1)


class Occurrence(NamedTuple):
    """One dated instance of a rule for one customer."""

    due: date
    anchor: date | None
    """The anchor event's date, when the task is timed after an event."""
    attempt: int = 0
    """For `attempts` rules: which try this is (1-based)."""


def season_month_day(settings: model.Settings) -> tuple[int, int] | None:
    """The appreciation_date setting as (month, day), or None when it is not a valid day."""
    text = str(settings.values.get("appreciation_date") or "")
    match = _MONTH_DAY.match(text)
    if not match:
        return None
    month, day = int(match[1]), int(match[2])
    try:
        date(2000, month, day)
    except ValueError:
        return None
    return month, day


def handover_of(
    customer: model.Customer, handovers: Mapping[str, model.Handover]
) -> model.Handover | None:
    """The handover record that last moved this customer, if any."""
    if customer.handed_over is None:
        return None
    return handovers.get(customer.handed_over)


def closed(plan: PreparedRule, occurrence: Occurrence, history: History) -> bool:
    """Whether a contact logged since the occurrence opened (see the module's rule) closes it."""
    last = history.last_contact  # the log is sorted: any contact since start means this one
    if last is None:
        return False
    start = occurrence.due - plan.early
    if occurrence.anchor is not None and occurrence.anchor < occurrence.due:
        start = max(start, occurrence.anchor + ONE_DAY)
    return last.date >= start


class Timing:
    """Dates the occurrences of every rule between the day before `as_of` and `until`."""

    def __init__(
        self,
        settings: model.Settings,
        as_of: date,
        until: date,
        handovers: Mapping[str, model.Handover],
    ) -> None:
        self.as_of = as_of
        self.until = until
        self.handovers = handovers
        self.season = season_month_day(settings)

    def occurrences(self, plan: PreparedRule, history: History) -> list[Occurrence]:
        """Occurrences sorted by due date: the latest before as_of and those up to the horizon."""
        rule = plan.rule
        if rule.attempts:
            return self._attempt(rule, history)
        if rule.anchor == "birthday":
            birthday = history.customer.birthday
            if birthday is None:
                return []
            return self._yearly(plan, birthday.month, birthday.day)
        if rule.anchor == "season":
            if self.season is None:
                return []
            return self._yearly(plan, *self.season)
        anchor = self.anchor_date(rule.anchor, history)
        if anchor is None:
            return []
        if plan.every is None:
            return [Occurrence(anchor + plan.delay, anchor)]
        return self._repeating(plan, plan.every, anchor)

    def _repeating(self, plan: PreparedRule, every: int, anchor: date) -> list[Occurrence]:
        """Every `every` days from the first: the latest before as_of, then those after it."""
        first = anchor + plan.delay
        found = []
        if first < self.as_of:
            k = ((self.as_of - first).days - 1) // every
            found.append(Occurrence(first + k * plan.step, anchor))
            k += 1
        else:
            k = 0
        while (due := first + k * plan.step) <= self.until:
            found.append(Occurrence(due, anchor))
            k += 1
        return found

    def _yearly(self, plan: PreparedRule, month: int, day: int) -> list[Occurrence]:
        events = (_on(year, month, day) for year in range(self.as_of.year - 1, self.until.year + 2))
        return [Occurrence(event + plan.delay, event) for event in events]

    def _attempt(self, rule: Rule, history: History) -> list[Occurrence]:
        made = history.attempts_since_reached
        if history.last_contact is not None:
            base = history.last_contact.date
        elif history.since is not None:
            base, made = history.since, 0
        else:
            return []
        if made < len(rule.attempts):
            return [Occurrence(base + timedelta(days=rule.attempts[made]), base, attempt=made + 1)]
        return []

    def anchor_date(self, anchor: str, history: History) -> date | None:
        """The date of a single anchor event, with the documented fall-backs."""
        purchases = history.purchases
        last_purchase = purchases[-1].date if purchases else None
        if anchor == "purchase":
            return last_purchase
        if anchor == "first_purchase":
            return history.first_purchase.date if history.first_purchase else None
        if anchor == "customer_since":
            return history.since
        if anchor == "review":
            return history.last_review.date if history.last_review else history.since
        if anchor == "handover":
            handover = handover_of(history.customer, self.handovers)
            return handover.date if handover else None
        if anchor == "reached" and history.last_reached is not None:
            return history.last_reached.date
        if history.last_contact is not None:  # contact, and reached that never reached them
            return history.last_contact.date
        return last_purchase or history.since


def _on(year: int, month: int, day: int) -> date:
    """The day in `year`; 29 February falls on 28 February in other years."""
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28)
