"""When a rule falls due for one customer, and whether what happened since already did it.

Each rule dates its occurrences from an anchor event (`load.rules.ANCHOR_DOCS`) plus
`offset_days`; `every_days` repeats them; birthdays and the season come back every year;
`attempts` spaces a sequence of tries after the last contact, so every try moves it on.
An occurrence is done (`closed`) by the events `plan.done` says complete its rule, dated in
its window (from `early_days` before the due date, never on or before the anchor day), or by a
contact that names its task id, whenever it was logged. The unanswered attempts in the window
are its tries (`tried`): an unanswered call keeps the task and the plan says it was tried.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from datetime import date, timedelta
from operator import attrgetter
from typing import NamedTuple

from generator.core import model
from generator.core.rule import Rule
from generator.core.vocabulary import REACHED_OUTCOMES, SENT_OUTCOMES
from generator.plan.appreciation import spread_day, working_weekdays
from generator.plan.done import contact_completes, task_id, window_start
from generator.plan.facts import History
from generator.plan.prepared_rules import PreparedRule

_MONTH_DAY = re.compile(r"^--(\d{2})-(\d{2})$")
_DATE = attrgetter("date")
SPREAD = timedelta(days=6)
"""How much earlier than its season day `spread_day` may put a task."""


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
    """Whether the occurrence is done: a contact names its task, or an event of its rule's
    `done_when` (else its habit's default) falls in its window (see `plan.done`)."""
    events = plan.done
    named = None
    if history.named_tasks:  # the id costs a hash: only worked out when a contact names one
        named = task_id(plan.rule.id, history.customer.id, occurrence.due)
        if named in history.named_tasks:
            return True
    start = _start(plan, occurrence)
    if "purchase" in events and _last_on_or_after(history.purchases, start):
        return True
    if "review" in events and _last_on_or_after(history.reviews, start):
        return True
    return any(contact_completes(c, events, named) for c in _since(history.contacts, start))


def tried(
    plan: PreparedRule, occurrence: Occurrence, history: History
) -> tuple[model.Contact, ...]:
    """The unanswered attempts in an open occurrence's window, oldest first.

    Only attempts that did not reach the customer (no answer, a message left) are tries: an
    e-mail reply does not try a review, it is simply the last contact. An attempt logged for
    another task (`task:`) tried that one, not this.
    """
    tries = [
        c
        for c in _since(history.contacts, _start(plan, occurrence))
        if c.outcome not in REACHED_OUTCOMES and c.outcome not in SENT_OUTCOMES
    ]
    if any(c.task is not None for c in tries):  # the id costs a hash: only when one is named
        own = task_id(plan.rule.id, history.customer.id, occurrence.due)
        tries = [c for c in tries if c.task is None or c.task == own]
    return tuple(tries)


def _start(plan: PreparedRule, occurrence: Occurrence) -> date:
    return window_start(occurrence.due, occurrence.anchor, plan.rule.early_days)


def _last_on_or_after(
    entries: tuple[model.Purchase, ...] | tuple[model.Review, ...], start: date
) -> bool:
    """Whether a sorted log has an entry on or after `start` (its last one tells)."""
    return bool(entries) and entries[-1].date >= start


def _since(contacts: tuple[model.Contact, ...], start: date) -> tuple[model.Contact, ...]:
    """The contacts of a sorted log dated on or after `start`, found by bisection."""
    if not contacts or contacts[-1].date < start:
        return ()
    return contacts[bisect_left(contacts, start, key=_DATE) :]


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
        self.working = working_weekdays(settings)

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
        if rule.anchor == "season":  # spread over the working days of the week before
            if self.season is None:
                return []
            key = history.customer.id  # a day spread into the week before it, past the horizon: left out
            return [
                o._replace(due=spread_day(o.due, key, self.working))
                for o in self._yearly(plan, *self.season)
                if o.due - SPREAD <= self.until
            ]
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
        if anchor == "referral":
            return history.referral.date if history.referral else None
        if anchor == "reached" and history.last_reached is not None:
            return history.last_reached.date
        answered = _last_answered(history.contacts)  # contact, and reached that never reached them
        if answered is not None:
            return answered.date
        if last_purchase is None and history.since is None and history.contacts:
            return history.contacts[0].date  # only unanswered tries: the first one
        return last_purchase or history.since


def _last_answered(contacts: tuple[model.Contact, ...]) -> model.Contact | None:
    """The last contact that reached them or a message that went out. An unanswered try (no
    answer, a message left) does not move an anchor, since it does not complete the task either:
    the open task of a rule timed from the last contact stays on the plan, marked as tried."""
    for contact in reversed(contacts):
        if contact.outcome in REACHED_OUTCOMES or contact.outcome in SENT_OUTCOMES:
            return contact
    return None


def _on(year: int, month: int, day: int) -> date:
    """The day in `year`; 29 February falls on 28 February in other years."""
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28)
