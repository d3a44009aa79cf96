"""The Consultants section: per person a plan page, a customers page and a history page.

The plan lists the person's tasks (overdue, this week, later); the customers page holds one
card per customer, with an anchor that plan pages link to; full purchase and contact
histories live on a page of their own, so the cards stay short to read and to index.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from generator.core import model
from generator.site.links import customers_page, history_page, plan_page
from generator.site.search import card_entries
from generator.site.spec import PageSpec, Site


def consultant_pages(site: Site) -> Iterator[PageSpec]:
    people = site.people_with_pages()
    yield PageSpec("consultants/index.md", "consultants/index.md.j2", {"people": people}, in_nav=True)
    for person in people:
        yield _plan(site, person)
        customers = site.customers_by_person.get(person.id, [])
        # Full purchase and contact histories live on a page of their own that search leaves
        # out: the cards stay short to read and to index, however long a history grows.
        with_history = [c for c in customers if c.purchases or c.contacts]
        yield PageSpec(
            customers_page(person.id),
            "consultants/customers.md.j2",
            {"person": person, "customers": customers, "has_history": bool(with_history)},
            search=card_entries(f"{person.name}: my customers", customers),
        )
        if with_history:
            yield PageSpec(history_page(person.id), "consultants/history.md.j2", {"person": person, "customers": with_history})


def _plan(site: Site, person: model.Person) -> PageSpec:
    tasks = site.tasks_by_person.get(person.id, [])
    overdue = [t for t in tasks if t.overdue]
    week = [t for t in tasks if not t.overdue and t.due <= site.week_end]
    later = [t for t in tasks if not t.overdue and t.due > site.week_end]
    return PageSpec(
        plan_page(person.id),
        "consultants/plan.md.j2",
        {
            "person": person,
            # Overdue tasks form one list, oldest first, each showing its date; the rest
            # are grouped under a heading per day.
            "groups": [
                ("Overdue", [(None, overdue)] if overdue else []),
                ("This week", _by_day(week)),
                ("Later", _by_day(later)),
            ],
            "count": len(tasks),
            "customers": site.customer_by_id,
        },
    )


def _by_day(tasks: list[model.Task]) -> list[tuple[date | None, list[model.Task]]]:
    days: dict[date | None, list[model.Task]] = defaultdict(list)
    for task in tasks:
        days[task.due].append(task)
    return list(days.items())  # tasks arrive sorted by due date
