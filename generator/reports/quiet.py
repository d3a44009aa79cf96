"""The quiet-customers report: who has not heard from us for a while, and what their silence costs.

Quiet customers
    A customer or prospect is quiet on a day when more than `quiet_after_days` (a setting,
    default 180) have passed since we last heard from them: the latest of a contact that reached
    them (outcome reached, met or replied), a purchase and a review. An unanswered call is not
    hearing from them. Never having heard from them, the silence counts from `customer_since`,
    else from the first note or contact attempt in their record; with no date at all they are
    quiet (unless their record only starts after the report's day). Entries dated after the
    report's day are ignored. Lost customers are left out
    (winning them back is its own habit); customers who asked not to be contacted are listed
    apart, outside the ranking and the totals, because nobody may act on them.

Value at risk
    A customer's yearly spend while active: the total of their purchases divided by the years
    from their first to their last purchase, counting at least one year, rounded to cents
    (total / max(1, days / 365)). A prospect's is their `expected_value`, else the setting
    `prospect_expected_value` (default 0). A customer with no purchases counts their
    `expected_value` when written, else 0.

The questions themselves (quiet? since when? what at risk?) are `plan.activity`'s. The report
is a pure computation over a `Dataset` and its plan, shared by the command line, the site and
the tests; `reports.output` turns it into text, CSV and JSON.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from generator.core import model
from generator.plan.activity import (
    heard_from,
    is_quiet,
    quiet_since,
    quiet_threshold,
    value_at_risk,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class QuietRow:
    """One quiet customer or prospect."""

    customer: model.Customer
    consultant: str
    consultant_name: str
    last_contact: date | None
    """The last contact that reached them."""
    last_purchase: date | None
    last_attempt: date | None = None
    """The last contact in the log whatever its outcome (an unanswered call counts here)."""
    quiet_since: date | None
    """The last time we heard from them (or customer_since); None: never."""
    days_quiet: int | None
    value_at_risk: Decimal
    value_basis: str
    """yearly spend, expected value, default expected value or none."""
    next_task: model.Task | None
    """The first task the plan holds for them, if any."""
    referrals: tuple[str, ...] = ()
    """Ids of the customers who name them in `referred_by` (a quiet referrer is worth more than their spend)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsultantTotal:
    consultant: str
    name: str
    customers: int
    value_at_risk: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class QuietReport:
    as_of: date
    threshold_days: int
    currency: str
    rows: tuple[QuietRow, ...]
    """Ranked by value at risk (highest first), then customer id."""
    consultants: tuple[ConsultantTotal, ...]
    """Highest value at risk first, then consultant id."""
    do_not_contact: tuple[QuietRow, ...]
    """Quiet, but they asked not to be contacted: shown apart, not in the totals."""
    plan_until: date | None = None

    @property
    def total_value(self) -> Decimal:
        return sum((row.value_at_risk for row in self.rows), Decimal(0))

    @property
    def who(self) -> str:
        """`3 customers and 1 prospect`: the quiet rows counted by stage, for sentences."""
        prospects = sum(1 for row in self.rows if row.customer.stage == "prospect")
        counts = [(len(self.rows) - prospects, "customer"), (prospects, "prospect")]
        said = [f"{n} {noun}{'s' if n != 1 else ''}" for n, noun in counts if n]
        return " and ".join(said) or "no customers"


def quiet_report(
    dataset: model.Dataset,
    *,
    as_of: date,
    plan: model.Plan | None = None,
    consultant: str | None = None,
) -> QuietReport:
    """Every quiet customer and prospect, ranked by value at risk, with totals per consultant."""
    threshold = quiet_threshold(dataset.settings)
    first_task = _first_tasks(plan)
    referred = referrals_made(dataset.customers)
    rows: list[QuietRow] = []
    apart: list[QuietRow] = []
    for customer in dataset.customers:
        if customer.stage not in ("customer", "prospect"):
            continue
        if consultant is not None and customer.consultant != consultant:
            continue
        if not is_quiet(customer, as_of, threshold):
            continue
        last_contact, last_purchase, _ = heard_from(customer, as_of)
        since = quiet_since(customer, as_of)
        value, basis = value_at_risk(customer, as_of, dataset.settings)
        person = dataset.people.get(customer.consultant)
        row = QuietRow(
            customer=customer,
            consultant=customer.consultant,
            consultant_name=person.name if person else customer.consultant,
            last_contact=last_contact,
            last_purchase=last_purchase,
            last_attempt=max((c.date for c in customer.contacts if c.date <= as_of), default=None),
            quiet_since=since,
            days_quiet=None if since is None else (as_of - since).days,
            value_at_risk=value,
            value_basis=basis,
            next_task=first_task.get(customer.id),
            referrals=referred.get(customer.id, ()),
        )
        (apart if customer.do_not_contact else rows).append(row)
    rows.sort(key=_rank)
    apart.sort(key=_rank)
    return QuietReport(
        as_of=as_of,
        threshold_days=threshold,
        currency=dataset.organization.currency,
        rows=tuple(rows),
        consultants=_consultant_totals(rows),
        do_not_contact=tuple(apart),
        plan_until=plan.until if plan else None,
    )


def referrals_made(customers: Iterable[model.Customer]) -> dict[str, tuple[str, ...]]:
    """Each referrer's id → the ids of the customers who name them in `referred_by`, sorted."""
    made: dict[str, list[str]] = defaultdict(list)
    for customer in customers:
        if customer.referred_by is not None:
            made[customer.referred_by].append(customer.id)
    return {referrer: tuple(sorted(ids)) for referrer, ids in made.items()}


def _rank(row: QuietRow) -> tuple[Decimal, str]:
    """Highest value at risk first, then customer id."""
    return -row.value_at_risk, row.customer.id


def _first_tasks(plan: model.Plan | None) -> dict[str, model.Task]:
    out: dict[str, model.Task] = {}
    if plan is None:
        return out
    for task in sorted(plan.tasks, key=lambda t: (t.due, -t.priority, t.rule, t.id)):
        out.setdefault(task.customer, task)
    return out


def _consultant_totals(rows: Iterable[QuietRow]) -> tuple[ConsultantTotal, ...]:
    count: dict[str, int] = defaultdict(int)
    value: dict[str, Decimal] = defaultdict(Decimal)
    names: dict[str, str] = {}
    for row in rows:
        count[row.consultant] += 1
        value[row.consultant] += row.value_at_risk
        names[row.consultant] = row.consultant_name
    totals = [
        ConsultantTotal(consultant=c, name=names[c], customers=count[c], value_at_risk=value[c])
        for c in count
    ]
    return tuple(sorted(totals, key=lambda t: (-t.value_at_risk, t.consultant)))
