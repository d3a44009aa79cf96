"""What a page source reads and what it yields: the `Site` in, one `PageSpec` per page out.

Pages grow with consultants, never with customers: each person gets a plan page, a
customers page (one card per customer, with an anchor) and a page of their customers'
purchase and contact histories, and the navigation lists only the section index pages and
the habit lessons, so it stays small whatever the data's size. The sections and the audience
tabs that hold them are listed here too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from generator.core import model
from generator.core.problems import Problem
from generator.reports.quiet import QuietReport, quiet_report
from generator.site.edit_links import EditSource
from generator.site.render import Asset
from generator.site.search import SearchEntry


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the site with its own index page, shown under one audience tab."""

    key: str
    title: str
    tab: str
    intro: str
    """Shown on the placeholder index while the section has no pages."""


SECTIONS: tuple[Section, ...] = (
    Section("consultants", "Consultants", "Consultants", ""),
    Section("habits", "Habits", "Trainers", ""),
    Section("lessons", "Lessons", "Trainers", ""),
    Section(
        "handovers",
        "Handovers",
        "Managers",
        "No handovers yet. When a consultant leaves, `playbook handover` records who takes over "
        "each customer, and the notice and introduction letters appear here.",
    ),
    Section(
        "reviews",
        "Reviews",
        "Managers",
        "No review checklists yet. Relationship reviews due in the plan get a checklist here.",
    ),
    Section(
        "reports",
        "Reports",
        "Managers",
        "Reports on quiet customers and on the follow-up record will appear here. Until then, "
        "the [home page](../index.md#going-quiet) lists the customers going quiet.",
    ),
)
TABS = ("Home", "Consultants", "Trainers", "Managers")


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One page to render: where it goes, which template, and the values the template needs."""

    path: str
    """Posix path below the docs folder; every part that came from data is a validated slug."""
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    title: str | None = None
    """Plain text; when set, the section's placeholder index lists the page under it."""
    in_nav: bool = False
    """Only for pages whose number does not grow with the data."""
    assets: Mapping[str, Asset] = field(default_factory=dict)
    """Files the page links to (e.g. a packet PDF), by posix path below the site root."""
    problems: tuple[Problem, ...] = ()
    """Problems met while preparing the page (a broken letter template); errors fail the build."""
    search: tuple[SearchEntry, ...] | None = None
    """The page's own search entries; None lets the search plugin index its HTML. A page with
    entries leaves itself out of the plugin's indexing in its front matter."""


@dataclass(frozen=True, slots=True)
class HandWritten:
    """A Markdown page written by hand in the docs folder (content/pages/)."""

    path: str
    title: str


def task_order(task: model.Task) -> tuple[Any, ...]:
    """The order of a plan page: by due date, the most pressing first on the same day."""
    return (task.due, -task.priority, task.customer, task.rule, task.id)


@dataclass(frozen=True, slots=True, kw_only=True)
class Site:
    """Everything a page source may read: the data, the plan and derived indexes."""

    dataset: model.Dataset
    plan: model.Plan
    as_of: date
    hand_written: tuple[HandWritten, ...] = ()
    tasks_by_person: dict[str, list[model.Task]] = field(default_factory=dict)
    customers_by_person: dict[str, list[model.Customer]] = field(default_factory=dict)
    customer_by_id: dict[str, model.Customer] = field(default_factory=dict)
    directory_urls: bool = True
    """MkDocs' `use_directory_urls`, for links written inside HTML (see `links.href`)."""
    edit: EditSource | None = None
    """mkdocs.yml's `repo_url` and `edit_uri`, for the customer cards' edit links."""
    _memo: dict[str, QuietReport] = field(default_factory=dict, repr=False, compare=False)

    def quiet(self) -> QuietReport:
        """The quiet-customers report of the plan date, worked out once for the pages that show it."""
        if "quiet" not in self._memo:
            self._memo["quiet"] = quiet_report(self.dataset, as_of=self.as_of, plan=self.plan)
        return self._memo["quiet"]

    @property
    def week_end(self) -> date:
        """Last day of "this week": the seven days starting at as_of."""
        return self.as_of + timedelta(days=6)

    @classmethod
    def of(
        cls,
        dataset: model.Dataset,
        plan: model.Plan,
        *,
        as_of: date,
        hand_written: Iterable[HandWritten] = (),
        directory_urls: bool = True,
        edit: EditSource | None = None,
    ) -> Site:
        tasks: dict[str, list[model.Task]] = defaultdict(list)
        for task in plan.tasks:
            tasks[task.consultant].append(task)
        customers: dict[str, list[model.Customer]] = defaultdict(list)
        for customer in dataset.customers:
            customers[customer.consultant].append(customer)
        for group in customers.values():
            group.sort(key=lambda c: (c.name.casefold(), c.id))
        return cls(
            dataset=dataset,
            plan=plan,
            as_of=as_of,
            hand_written=tuple(sorted(hand_written, key=lambda h: h.path)),
            tasks_by_person={k: sorted(v, key=task_order) for k, v in tasks.items()},
            customers_by_person=dict(customers),
            customer_by_id={c.id: c for c in dataset.customers},
            directory_urls=directory_urls,
            edit=edit,
        )

    def people_with_pages(self) -> list[model.Person]:
        """Everyone who has tasks or customers, active people first, then by name."""
        ids = set(self.tasks_by_person) | set(self.customers_by_person)
        people = [self.dataset.people[i] for i in ids if i in self.dataset.people]
        return sorted(people, key=lambda p: (not p.active, p.name.casefold(), p.id))


PageSource = Callable[[Site], Iterable[PageSpec]]
"""A function that yields the pages of one section from the `Site`."""
