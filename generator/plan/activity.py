"""How active a customer is: when we last heard from them, whether they are quiet, what they spend.

The rules' facts (`plan.facts`), the quiet-customers report and the appreciation budget all
ask these questions; answering them here once keeps the plan, the report and the gift in step.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from generator.core import model
from generator.core.vocabulary import DEFAULT_SETTINGS, REACHED_OUTCOMES

CENT = Decimal("0.01")


def quiet_threshold(settings: model.Settings) -> int:
    """Days of silence after which a customer is quiet (the setting `quiet_after_days`)."""
    return int(settings.values.get("quiet_after_days") or DEFAULT_SETTINGS["quiet_after_days"])


def heard_from(
    customer: model.Customer, as_of: date
) -> tuple[date | None, date | None, date | None]:
    """(last contact that reached them, last purchase, last review), each up to `as_of`."""
    reached = [
        c.date for c in customer.contacts if c.outcome in REACHED_OUTCOMES and c.date <= as_of
    ]
    purchases = [p.date for p in customer.purchases if p.date <= as_of]
    reviews = [r.date for r in customer.reviews if r.date <= as_of]
    return max(reached, default=None), max(purchases, default=None), max(reviews, default=None)


def quiet_since(customer: model.Customer, as_of: date) -> date | None:
    """The last time we heard from them; if never, when we first knew of them; None: no date at all.

    Never having heard from them, the silence counts from `customer_since`, else from the first
    entry of their record (a note, or a contact that did not reach them).
    """
    dates = [d for d in heard_from(customer, as_of) if d is not None]
    if dates:
        return max(dates)
    since = customer.customer_since
    if since is not None and since <= as_of:
        return since
    first = [n.date for n in customer.notes] + [c.date for c in customer.contacts]
    return min((d for d in first if d <= as_of), default=None)


def is_quiet(
    customer: model.Customer, as_of: date, threshold_days: int, *, known_until: date | None = None
) -> bool:
    """More than `threshold_days` of silence on `as_of` (exactly `threshold_days` is not yet quiet).

    `known_until` ignores entries after that day: the rules' `quiet` fact, evaluated on a task's
    due date, knows the history up to the plan's date only.
    """
    known = as_of if known_until is None else min(as_of, known_until)
    since = quiet_since(customer, known)
    if since is None:  # nothing on record: quiet, unless their record only starts later
        return not _dated_after(customer, known)
    return (as_of - since).days > threshold_days


def _dated_after(customer: model.Customer, as_of: date) -> bool:
    entries: tuple[model.Contact | model.Purchase | model.Review | model.Note, ...] = (
        *customer.contacts,
        *customer.purchases,
        *customer.reviews,
        *customer.notes,
    )
    later = customer.customer_since is not None and customer.customer_since > as_of
    return later or any(e.date > as_of for e in entries)


def yearly_spend(customer: model.Customer, as_of: date) -> Decimal:
    """Total purchases / max(1, days from first to last purchase / 365), rounded to cents."""
    purchases = sorted((p for p in customer.purchases if p.date <= as_of), key=lambda p: p.date)
    if not purchases:
        return Decimal(0)
    total = sum((p.amount for p in purchases), Decimal(0))
    return per_year(total, purchases[0].date, purchases[-1].date)


def per_year(total: Decimal, first: date, last: date) -> Decimal:
    """`total` spread over the years from `first` to `last`, counting at least one year, in cents."""
    years = max(Decimal(1), Decimal((last - first).days) / Decimal(365))
    return (total / years).quantize(CENT, rounding=ROUND_HALF_UP)


def tier_of(value: Decimal, settings: model.Settings) -> int:
    """How many of the settings' `value_tiers` thresholds `value` reaches (0 = below the first)."""
    tiers = settings.values.get("value_tiers") or ()
    return sum(1 for threshold in tiers if value >= threshold)


def value_at_risk(
    customer: model.Customer, as_of: date, settings: model.Settings
) -> tuple[Decimal, str]:
    """What their silence may cost in a year, and what the figure is based on."""
    if customer.stage == "prospect":
        if customer.expected_value is not None:
            return customer.expected_value, "expected value"
        default = settings.values.get("prospect_expected_value")
        return (Decimal(default), "default expected value") if default else (Decimal(0), "none")
    if any(p.date <= as_of for p in customer.purchases):
        return yearly_spend(customer, as_of), "yearly spend"
    if customer.expected_value is not None:
        return customer.expected_value, "expected value"
    return Decimal(0), "none"
