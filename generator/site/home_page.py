"""The home page: each person's overdue and coming tasks, orphaned customers, and who goes quiet."""

from __future__ import annotations

from collections.abc import Iterator

from generator.core import model
from generator.site.spec import PageSpec, Site


def orphans(dataset: model.Dataset) -> list[model.Customer]:
    """Customers whose consultant has departed and who were not handed over yet."""
    people = dataset.people
    return [c for c in dataset.customers if c.consultant in people and not people[c.consultant].active]


def home_page(site: Site) -> Iterator[PageSpec]:
    rows = []
    for person in site.people_with_pages():
        tasks = site.tasks_by_person.get(person.id, [])
        rows.append(
            {
                "person": person,
                "overdue": sum(1 for t in tasks if t.overdue),
                "this_week": sum(1 for t in tasks if not t.overdue and t.due <= site.week_end),
                "customers": len(site.customers_by_person.get(person.id, [])),
            }
        )
    yield PageSpec(
        "index.md",
        "home.md.j2",
        {
            "rows": rows,
            "orphans": orphans(site.dataset),
            "quiet": site.quiet(),
            "limit": 25,
        },
        in_nav=True,
    )
