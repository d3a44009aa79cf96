"""Relationship review checklists: one printable page per customer whose review falls in the plan.

The review is where the customer rates us and says what would make it better; a consultant who
walks in with the previous ratings, the people the customer has met and a fixed list of questions
asks better questions than one who improvises. This module gathers, per customer, what the
checklist prints from the data; the questions come from `load.review_questions`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from generator.core import model
from generator.core.expr_eval import walker
from generator.core.vocabulary import REACHED_OUTCOMES
from generator.load.review_questions import QuestionSection, questions_of
from generator.plan.facts import Facts, history_of


@dataclass(frozen=True, slots=True, kw_only=True)
class Met:
    """One of our people the customer has dealt with, from the contact log."""

    person: model.Person
    contacts: int
    last: date


@dataclass(frozen=True, slots=True, kw_only=True)
class Checklist:
    customer: model.Customer
    task: model.Task
    consultant: model.Person | None
    previous: tuple[model.Review, ...]
    """Earlier reviews, latest first."""
    met: tuple[Met, ...]
    """Latest contact first."""
    to_meet: tuple[model.Person, ...]
    """Active people of ours they have not dealt with yet: their consultant, managers, owners."""
    customer_since: date | None
    purchases: int
    lifetime_value: Decimal
    last_purchase: model.Purchase | None
    latest_note: model.Note | None
    sections: tuple[QuestionSection, ...] = ()
    """The questions to ask this customer: those whose `when` holds for them (empty sections kept)."""

    @property
    def next_review(self) -> date:
        """The review's date in the plan: the due date of the review task."""
        return self.task.due


def leaders(dataset: model.Dataset) -> list[model.Person]:
    """The active managers and owners: every customer should meet them, in the data's order."""
    return [p for p in dataset.people.values() if p.active and p.role in ("manager", "owner")]


def checklist(dataset: model.Dataset, task: model.Task, as_of: date, bosses: list[model.Person] | None = None) -> Checklist:
    """What the checklist of one review task prints, from the data known on `as_of`.

    `bosses` is `leaders(dataset)`, worked out once by a caller making many checklists.
    """
    customer = dataset.customer(task.customer)
    people = dataset.people
    met_count: dict[str, int] = {}
    met_last: dict[str, date] = {}
    for contact in customer.contacts:
        if contact.date > as_of or contact.by is None or contact.by not in people:
            continue
        if contact.outcome not in REACHED_OUTCOMES:
            continue
        met_count[contact.by] = met_count.get(contact.by, 0) + 1
        met_last[contact.by] = max(met_last.get(contact.by, contact.date), contact.date)
    met = tuple(
        sorted(
            (
                Met(person=people[pid], contacts=met_count[pid], last=met_last[pid])
                for pid in met_count
            ),
            key=lambda m: (-m.last.toordinal(), m.person.name.casefold()),
        )
    )
    doer = people.get(task.consultant)
    if bosses is None:
        bosses = leaders(dataset)
    wanted = list(bosses)
    if doer is not None and doer.active and all(boss.id != doer.id for boss in bosses):
        wanted.append(doer)  # the sort below puts their consultant first
    to_meet = tuple(
        sorted(
            (p for p in wanted if p.id not in met_count),
            key=lambda p: (p.id != task.consultant, p.name.casefold()),
        )
    )
    purchases = sorted((p for p in customer.purchases if p.date <= as_of), key=lambda p: p.date)
    notes = sorted((n for n in customer.notes if n.date <= as_of), key=lambda n: n.date)
    return Checklist(
        customer=customer,
        task=task,
        consultant=doer,
        previous=tuple(
            sorted(
                (r for r in customer.reviews if r.date <= as_of), key=lambda r: r.date, reverse=True
            )
        ),
        met=met,
        to_meet=to_meet,
        customer_since=customer.customer_since or (purchases[0].date if purchases else None),
        purchases=len(purchases),
        lifetime_value=sum((p.amount for p in purchases), Decimal(0)),
        last_purchase=purchases[-1] if purchases else None,
        latest_note=notes[-1] if notes else None,
        sections=questions_for(dataset, customer, as_of),
    )


def questions_for(dataset: model.Dataset, customer: model.Customer, as_of: date) -> tuple[QuestionSection, ...]:
    """The review questions, without those whose `when` does not hold for the customer on `as_of`."""
    sections = questions_of(dataset)
    if all(q.when is None for section in sections for q in section.questions):
        return sections
    facts = Facts(history_of(customer, as_of), as_of, dataset.settings)
    return tuple(
        replace(section, questions=tuple(q for q in section.questions if q.when is None or walker(q.when.tree)(facts)))
        for section in sections
    )


def review_tasks(plan: model.Plan) -> list[model.Task]:
    """The plan's review tasks, by consultant, then due date, then customer."""
    return sorted(
        (t for t in plan.tasks if t.habit == "review"),
        key=lambda t: (t.consultant, t.due, t.customer),
    )


def checklists_by_consultant(
    dataset: model.Dataset, plan: model.Plan, as_of: date
) -> dict[str, list[Checklist]]:
    out: dict[str, list[Checklist]] = {}
    bosses = leaders(dataset)
    for task in review_tasks(plan):
        out.setdefault(task.consultant, []).append(checklist(dataset, task, as_of, bosses))
    return out


def iter_checklists(dataset: model.Dataset, plan: model.Plan, as_of: date) -> Iterator[Checklist]:
    for group in checklists_by_consultant(dataset, plan, as_of).values():
        yield from group
