"""Appreciation before the season: a personal gift or gesture, a budget, how to deliver it, and
which working day of the week before the season each customer's task falls on (`spread_day`).

A generic hamper says "you are on a list"; a small thing chosen from what the customer cares about
says "we listened". This module turns the trainer's gift ideas (`load.gift_ideas`) and one
customer into a `Suggestion` that the plan's appreciation tasks and the site print.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from generator.core import model
from generator.core.vocabulary import DEFAULT_SETTINGS, WEEKDAYS
from generator.load.gift_ideas import gift_ideas_of
from generator.plan.activity import tier_of
from generator.plan.regions import same_region


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What to give one customer this season, what to spend and how to hand it over."""

    idea: str
    interest: str | None
    """The interest the idea was drawn from; None for an idea from the default list."""
    budget: Decimal
    tier: int
    """How many `value_tiers` thresholds their lifetime value reaches (0 = below the first)."""
    delivery: str
    """in_person (the consultant works in the customer's region) or post."""
    delivery_text: str


def gift_delivery(
    channel: str | None, person: model.Person | None, customer: model.Customer
) -> str:
    """in_person or post: what the task's channel says, else where the customer lives.

    A task sent as a letter goes by post and a visit hands it over in person, whatever the
    regions; an e-mail or a call only arranges it, so the consultant delivers it by hand when
    they work in the customer's region and posts it otherwise (as without a channel).
    """
    if channel == "letter":
        return "post"
    if channel == "in_person":
        return "in_person"
    if person is not None and same_region(person.region, customer.region):
        return "in_person"
    return "post"


def value_tier(
    customer: model.Customer, settings: model.Settings, *, as_of: date | None = None
) -> int:
    """How many `value_tiers` thresholds the customer's lifetime value reaches."""
    total = sum(
        (p.amount for p in customer.purchases if as_of is None or p.date <= as_of), Decimal(0)
    )
    return tier_of(total, settings)


def appreciation_suggestion(
    customer: model.Customer,
    consultant: model.Person | str | None,
    dataset: model.Dataset,
    *,
    as_of: date | None = None,
    channel: str | None = None,
) -> Suggestion:
    """The gift or gesture for one customer; the same inputs always give the same suggestion.

    The idea comes from the ideas of every interest of theirs that the file knows (the default
    list when none does), picked by a stable hash of the customer's id so neighbours with the
    same interests do not all get the same thing. The budget is their value tier's amount.
    How it is handed over follows the task's `channel` when it has one (`gift_delivery`).
    """
    ideas = gift_ideas_of(dataset)
    pool: list[tuple[str | None, str]] = []
    for written in customer.interests:
        for idea in ideas.ideas.get(str(written).strip().casefold(), ()):
            pool.append((str(written), idea))
    if not pool:
        pool = [(None, idea) for idea in ideas.default]
    digest = hashlib.sha256(customer.id.encode("utf-8")).digest()
    interest, idea = pool[int.from_bytes(digest[:8], "big") % len(pool)]
    tier = value_tier(customer, dataset.settings, as_of=as_of)
    budget = ideas.budgets[min(tier, len(ideas.budgets) - 1)]
    person = dataset.people.get(consultant) if isinstance(consultant, str) else consultant
    delivery = gift_delivery(channel, person, customer)
    return Suggestion(
        idea=idea,
        interest=interest,
        budget=budget,
        tier=tier,
        delivery=delivery,
        delivery_text=ideas.delivery[delivery],
    )


def working_weekdays(settings: model.Settings) -> frozenset[int]:
    """The setting working_days as weekday numbers (Monday 0); none written: every day."""
    written = settings.values.get("working_days", DEFAULT_SETTINGS["working_days"])
    days = frozenset(WEEKDAYS.index(day) for day in written or () if day in WEEKDAYS)
    return days or frozenset(range(7))


def spread_day(day: date, key: str, working: frozenset[int]) -> date:
    """The working day of the seven days up to `day` on which the task of `key` falls.

    Seasonal tasks all fall due on the same day (appreciation_date less the lead days), often a
    Sunday. Each customer's task moves to one of the working days of the week up to that day,
    picked by a stable hash of the customer's id and the day: the same inputs give the same
    day on every run, and a consultant's thank-yous come a few a day instead of all at once.
    """
    choices = _working_days_up_to(day, working)
    digest = hashlib.sha256(f"{key}\n{day.isoformat()}".encode()).digest()
    return choices[int.from_bytes(digest[:8], "big") % len(choices)]


@functools.lru_cache(maxsize=64)
def _working_days_up_to(day: date, working: frozenset[int]) -> tuple[date, ...]:
    """The working days of the seven days up to `day` (`day` alone if none), the same for every
    customer: worked out once per plan and season."""
    days = [day - timedelta(days=back) for back in range(6, -1, -1)]
    return tuple([d for d in days if d.weekday() in working] or [day])
