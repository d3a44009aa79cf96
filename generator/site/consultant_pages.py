"""The Consultants section: per person a plan page, a customers page and a history page.

The plan lists the person's tasks (today, this week, later, backlog); the customers page holds one
card per customer, with an anchor that plan pages link to; full purchase and contact
histories live on a page of their own, so the cards stay short to read and to index.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from generator.core import model
from generator.reports.quiet import referrals_made
from generator.site.calendar_files import FILE_NAME, calendar_file
from generator.site.links import customers_page, history_page, plan_page, week_page
from generator.site.search import card_entries
from generator.site.spec import PageSpec, Site


def consultant_pages(site: Site) -> Iterator[PageSpec]:
    people = site.people_with_pages()
    referrals = referrals_made(site.customer_by_id.values())
    yield PageSpec(
        "consultants/index.md", "consultants/index.md.j2", {"people": people}, in_nav=True
    )
    for person in people:
        yield _plan(site, person)
        yield _week(site, person)
        customers = site.customers_by_person.get(person.id, [])
        # Full purchase and contact histories live on a page of their own that search leaves
        # out: the cards stay short to read and to index, however long a history grows.
        with_history = [c for c in customers if c.purchases or c.contacts]
        yield PageSpec(
            customers_page(person.id),
            "consultants/customers.md.j2",
            {
                "person": person,
                "customers": customers,
                "has_history": bool(with_history),
                "customer_by_id": site.customer_by_id,
                "referrals": referrals,
                "edit_urls": _edit_urls(site, customers),
            },
            search=card_entries(f"{person.name}: my customers", customers),
        )
        if with_history:
            yield PageSpec(
                history_page(person.id),
                "consultants/history.md.j2",
                {"person": person, "customers": with_history},
            )


def _plan(site: Site, person: model.Person) -> PageSpec:
    tasks = site.tasks_by_person.get(person.id, [])
    backlog_days = int(site.dataset.settings.backlog_after_days)
    backlog_from = site.as_of - timedelta(days=backlog_days)
    backlog = [t for t in tasks if t.due < backlog_from]
    today = [t for t in tasks if backlog_from <= t.due <= site.as_of]
    week = [t for t in tasks if site.as_of < t.due <= site.week_end]
    later = [t for t in tasks if t.due > site.week_end]
    return PageSpec(
        plan_page(person.id),
        "consultants/plan.md.j2",
        {
            "person": person,
            # Today holds what is due today and the overdue tasks still worth doing, one
            # entry per customer; the rest is grouped under a heading per day; overdue tasks
            # older than the `backlog_after_days` setting wait in a short list at the end.
            "groups": [
                ("Today", [(None, _by_customer(today))] if today else []),
                ("This week", [(d, _by_customer(ts)) for d, ts in _by_day(week)]),
                ("Later", [(d, _by_customer(ts)) for d, ts in _by_day(later)]),
                ("Backlog", [(None, _by_customer(backlog))] if backlog else []),
            ],
            "backlog_count": len(backlog),
            "backlog_days": backlog_days,
            "count": len(tasks),
            "customers": site.customer_by_id,
            "calendar": FILE_NAME,
        },
        assets=calendar_file(site, person),
    )


def _by_day(tasks: list[model.Task]) -> list[tuple[date, list[model.Task]]]:
    days: dict[date, list[model.Task]] = defaultdict(list)
    for task in tasks:
        days[task.due].append(task)
    return list(days.items())  # tasks arrive sorted by due date


def _by_customer(tasks: list[model.Task]) -> list[list[model.Task]]:
    """One entry per customer, in the order of their first task; each keeps its tasks."""
    entries: dict[str, list[model.Task]] = {}
    for task in tasks:
        entries.setdefault(task.customer, []).append(task)
    return list(entries.values())


def _week(site: Site, person: model.Person) -> PageSpec:
    """Today's work (overdue tasks still worth doing first) and the next 7 days, as one table
    to print and fill in by pen; the backlog stays on the plan page."""
    backlog_from = site.as_of - timedelta(days=int(site.dataset.settings.backlog_after_days))
    tasks = [
        t for t in site.tasks_by_person.get(person.id, []) if backlog_from <= t.due <= site.week_end
    ]
    return PageSpec(
        week_page(person.id),
        "consultants/week.md.j2",
        {
            "person": person,
            "tasks": tasks,
            "customers": site.customer_by_id,
            "week_end": site.week_end,
        },
    )


def _edit_urls(site: Site, customers: list[model.Customer]) -> dict[str, str]:
    """Each card's link to its customer's source file, when mkdocs.yml names an editor
    (`repo_url` and `edit_uri`, as for MkDocs' own edit links); none otherwise."""
    if site.edit is None:
        return {}
    urls = {c.id: site.edit.url(c.source.file) for c in customers if c.source is not None}
    return {key: url for key, url in urls.items() if url}
