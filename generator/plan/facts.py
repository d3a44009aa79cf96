"""The customer facts that rule conditions and talking points can use, computed for a given day.

The table in `core.fact_catalogue` declares each fact's name, type and meaning (the condition
checker reads the types, the site's lessons print the table); `Facts` computes the values.
Everything is computed from the customer's history up to the plan's as-of date; entries dated
later have not happened yet as far as the plan is concerned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import TypeVar

from generator.core import model, vocabulary
from generator.core.fact_catalogue import DAILY_FACTS
from generator.plan.activity import is_quiet, per_year, quiet_threshold, tier_of


@dataclass(frozen=True, slots=True, kw_only=True)
class History:
    """One customer's record up to the as-of date, sorted, with the dates rules are timed from."""

    customer: model.Customer
    as_of: date
    contacts: tuple[model.Contact, ...]
    purchases: tuple[model.Purchase, ...]
    reviews: tuple[model.Review, ...]
    last_contact: model.Contact | None
    last_reached: model.Contact | None
    lifetime_value: Decimal
    attempts_since_reached: int
    since: date | None
    """customer_since, else the first purchase."""
    named_tasks: frozenset[str] = frozenset()
    """The task ids the contacts name (`task:`): each of those tasks is done."""
    referral: Referral | None = None
    """The most recent customer they recommended us to who has bought since, if any."""

    @property
    def first_purchase(self) -> model.Purchase | None:
        return self.purchases[0] if self.purchases else None

    @property
    def last_purchase(self) -> model.Purchase | None:
        return self.purchases[-1] if self.purchases else None

    @property
    def last_review(self) -> model.Review | None:
        return self.reviews[-1] if self.reviews else None


@dataclass(frozen=True, slots=True)
class Referral:
    """A customer who came on someone's recommendation, and the day of their first purchase."""

    date: date
    customer: model.Customer


_DATE = attrgetter("date")

Dated = TypeVar("Dated", model.Contact, model.Purchase, model.Review)


def _known(entries: tuple[Dated, ...], as_of: date) -> tuple[Dated, ...]:
    """The entries dated up to `as_of`, oldest first (a stable sort keeps same-day order)."""
    if not entries:
        return entries
    return tuple(sorted([e for e in entries if e.date <= as_of], key=_DATE))


def history_of(
    customer: model.Customer, as_of: date, referred: Iterable[model.Customer] = ()
) -> History:
    """Sort the customer's log and keep what happened up to `as_of`.

    `referred` are the customers whose `referred_by` names this one (for the `referral` anchor).
    """
    contacts = _known(customer.contacts, as_of)
    purchases = _known(customer.purchases, as_of)
    reviews = _known(customer.reviews, as_of)
    reached = [c for c in contacts if c.outcome in vocabulary.REACHED_OUTCOMES]
    last_reached = reached[-1] if reached else None
    attempts = sum(1 for c in contacts if last_reached is None or c.date > last_reached.date)
    since = customer.customer_since or (purchases[0].date if purchases else None)
    return History(
        customer=customer,
        as_of=as_of,
        contacts=contacts,
        purchases=purchases,
        reviews=reviews,
        last_contact=contacts[-1] if contacts else None,
        last_reached=last_reached,
        lifetime_value=sum((p.amount for p in purchases), Decimal(0)),
        attempts_since_reached=attempts,
        since=since,
        named_tasks=frozenset(c.task for c in contacts if c.task),
        referral=latest_referral(referred, as_of),
    )


def latest_referral(referred: Iterable[model.Customer], as_of: date) -> Referral | None:
    """The referred customer whose first purchase known on `as_of` is the most recent."""
    found: Referral | None = None
    for other in referred:
        first = min((p.date for p in other.purchases if p.date <= as_of), default=None)
        if first is None:
            continue
        if found is None or (first, other.id) > (found.date, found.customer.id):
            found = Referral(first, other)
    return found


def yearly_value(history: History) -> Decimal:
    """Lifetime value per year between the first and last purchase, counting at least one year."""
    if not history.purchases:
        return Decimal(0)
    return per_year(history.lifetime_value, history.purchases[0].date, history.purchases[-1].date)


def _days(day: date, event: date | None) -> int | None:
    return None if event is None else (day - event).days


def _quiet(history: History, day: date, settings: model.Settings) -> bool:
    """The quiet-customers report's test (`plan.activity`), so rules and report agree."""
    return is_quiet(history.customer, day, quiet_threshold(settings), known_until=history.as_of)


def _lapsed(history: History, day: date, settings: model.Settings) -> bool:
    last = history.last_purchase
    return last is not None and (day - last.date).days >= int(
        settings.values.get("lapsed_after_days", 365)
    )


def _until_birthday(customer: model.Customer, day: date) -> int | None:
    if customer.birthday is None:
        return None
    return (customer.birthday.next_after(day) - day).days


FactValue = str | int | bool | Decimal | tuple[str, ...] | None
"""What a fact can be: the types `core.fact_catalogue` names, None when it is not known."""

_COMPUTE: dict[str, Callable[[History, date, model.Settings], FactValue]] = {
    "stage": lambda h, d, s: h.customer.stage,
    "days_since_contact": lambda h, d, s: _days(d, h.last_contact.date if h.last_contact else None),
    "days_since_reached": lambda h, d, s: _days(d, h.last_reached.date if h.last_reached else None),
    "days_since_purchase": lambda h, d, s: _days(
        d, h.last_purchase.date if h.last_purchase else None
    ),
    "days_since_first_purchase": lambda h, d, s: _days(
        d, h.first_purchase.date if h.first_purchase else None
    ),
    "days_since_review": lambda h, d, s: _days(d, h.last_review.date if h.last_review else None),
    "days_since_customer": lambda h, d, s: _days(d, h.since),
    "days_until_birthday": lambda h, d, s: _until_birthday(h.customer, d),
    "lifetime_value": lambda h, d, s: h.lifetime_value,
    "yearly_value": lambda h, d, s: yearly_value(h),
    "expected_value": lambda h, d, s: h.customer.expected_value,
    "value_tier": lambda h, d, s: tier_of(h.lifetime_value, s),
    "purchases_count": lambda h, d, s: len(h.purchases),
    "contacts_count": lambda h, d, s: len(h.contacts),
    "reviews_count": lambda h, d, s: len(h.reviews),
    "attempts_since_reached": lambda h, d, s: h.attempts_since_reached,
    "last_rating": lambda h, d, s: h.last_review.rating if h.last_review else None,
    "lapsed": _lapsed,
    "quiet": _quiet,
    "interests": lambda h, d, s: h.customer.interests,
    "has_interests": lambda h, d, s: bool(h.customer.interests),
    "region": lambda h, d, s: h.customer.region,
    "city": lambda h, d, s: h.customer.city,
    "country": lambda h, d, s: h.customer.country,
    "language": lambda h, d, s: h.customer.language,
    "preferred_channel": lambda h, d, s: h.customer.preferred_channel,
    "has_birthday": lambda h, d, s: h.customer.birthday is not None,
    "has_email": lambda h, d, s: bool(h.customer.email),
    "has_phone": lambda h, d, s: bool(h.customer.phone),
    "has_address": lambda h, d, s: bool(h.customer.address),
    "handed_over": lambda h, d, s: h.customer.handed_over is not None,
}


class Facts:
    """The facts of one customer on one day, computed only when a condition asks for them.

    Conditions of upcoming tasks are evaluated on the task's due date, so `days_since_contact`
    means "on the day the task falls due"; the history itself stays as of the plan date. Facts
    that do not depend on the day can live in a `shared` dict, so the customer's other days
    reuse them instead of computing them again.
    """

    __slots__ = ("_cache", "_shared", "day", "history", "settings")

    def __init__(
        self,
        history: History,
        day: date,
        settings: model.Settings,
        shared: dict[str, FactValue] | None = None,
    ) -> None:
        self.history = history
        self.day = day
        self.settings = settings
        self._cache: dict[str, FactValue] = {}
        self._shared = self._cache if shared is None else shared

    def __call__(self, name: str) -> FactValue:
        cache = self._cache if name in DAILY_FACTS else self._shared
        try:
            return cache[name]
        except KeyError:
            value = cache[name] = _COMPUTE[name](self.history, self.day, self.settings)
            return value
