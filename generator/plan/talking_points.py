"""The values a rule's talking points are filled in with, and the filling in.

A talking point names facts (`plan.facts`) and a few words of the task itself (the customer's
first name, the gift idea, the due date...). Only the names a rule's points use are worked
out: some, such as the gift, cost a lookup per task.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cached_property

from generator.core import model
from generator.core.money import format_money
from generator.core.rule import TalkingPoint
from generator.plan.appreciation import Suggestion, appreciation_suggestion
from generator.plan.customer_scope import CustomerScope
from generator.plan.facts import Facts
from generator.plan.reasons import person_name


class TalkingPointValues:
    """What every task's talking points of one plan draw from: the dataset and the plan's date."""

    def __init__(self, dataset: model.Dataset, as_of: date) -> None:
        self.dataset = dataset
        self.as_of = as_of
        self.currency = dataset.organization.currency

    def values(
        self,
        wanted: frozenset[str],
        facts: Facts,
        scope: CustomerScope,
        due: date,
        doer: str,
        channel: str | None = None,
    ) -> dict[str, object]:
        """The values of the `wanted` names (and only those: facts cost time), as Jinja reads them.

        `channel` is the task's: the gift's delivery follows it (a letter goes by post).
        """
        if not wanted:
            return {}
        words = _TaskWords(self, scope, due, doer, channel)
        values: dict[str, object] = {"currency": self.currency}  # `| money` reads it
        for name in wanted:
            word = _WORDS.get(name)
            values[name] = word(words) if word is not None else facts(name)
        return values

    def gift(self, customer: model.Customer, doer: str, channel: str | None = None) -> Suggestion:
        """The appreciation suggestion (`plan.appreciation`) for talking points."""
        return appreciation_suggestion(
            customer, doer, self.dataset, as_of=self.as_of, channel=channel
        )


class _TaskWords:
    """What the talking-point names other than facts are drawn from, for one task."""

    def __init__(
        self,
        plan: TalkingPointValues,
        scope: CustomerScope,
        due: date,
        doer: str,
        channel: str | None = None,
    ) -> None:
        self.plan = plan
        self.customer = scope.customer
        self.last_purchase = scope.history.last_purchase
        self.referral = scope.history.referral
        self.due = due
        self.doer = doer
        self.channel = channel

    @cached_property
    def gift(self) -> Suggestion:
        """Looked up once, however many of the gift names a task uses."""
        return self.plan.gift(self.customer, self.doer, self.channel)

    def last_note(self) -> str | None:
        notes = self.customer.notes
        return max(notes, key=lambda n: n.date).text if notes else None

    def consultant_name(self) -> str:
        return person_name(self.plan.dataset.people, self.doer)

    def setting(self, name: str) -> object:
        return self.plan.dataset.settings.values.get(name)


_WORDS: dict[str, Callable[[_TaskWords], object]] = {
    "name": lambda w: w.customer.name,
    "first_name": lambda w: (w.customer.name.split() or [w.customer.name])[0],
    "company": lambda w: w.customer.company,
    "last_note": _TaskWords.last_note,
    "last_purchase_item": lambda w: w.last_purchase.item if w.last_purchase else None,
    "last_purchase_date": lambda w: w.last_purchase.date.isoformat() if w.last_purchase else None,
    "consultant_name": _TaskWords.consultant_name,
    "organization": lambda w: w.plan.dataset.organization.name,
    "season": lambda w: w.setting("appreciation_season"),
    "due": lambda w: w.due.isoformat(),
    "referred_name": lambda w: w.referral.customer.name if w.referral else None,
    "currency": lambda w: w.plan.currency,
    "gift_idea": lambda w: w.gift.idea,
    "gift_budget": lambda w: format_money(w.gift.budget, w.plan.currency),
    "gift_delivery": lambda w: w.gift.delivery_text,
}
"""Talking-point names that are not facts, by what each is drawn from."""


def render_point(point: TalkingPoint, values: dict[str, object]) -> str:
    """Fill a talking point in; a value that cannot be shown leaves the line as written."""
    try:
        return str(point.render(values))
    except Exception:  # a runtime template error must not lose the task
        return str(point.source)
