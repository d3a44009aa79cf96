"""Which pages the site has: one `PageSpec` per page, from functions registered per section.

Pages grow with consultants, never with customers: each person gets a plan page, a
customers page (one card per customer, with an anchor) and a page of their customers'
purchase and contact histories, and the navigation lists only the
section index pages and the habit lessons, so it stays small whatever the data's size.

To add pages to a section (handovers, reviews, reports ...), write a function that yields
`PageSpec`s and decorate it with `@page_source("<section>")` in a module listed in
`PAGE_MODULES`; put its template under `generator/templates/site/<section>/`. A source that
yields `<section>/index.md` replaces the placeholder index; otherwise the placeholder lists
every spec that has a `title`. Pages stay out of the navigation unless `in_nav` is set, which
is only for pages whose number does not grow with the data.
"""

from __future__ import annotations

import functools
import importlib
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from generator.core import model
from generator.core.problems import Problem
from generator.load.fields import SLUG_PATTERN
from generator.reports.quiet import QuietReport, quiet_report
from generator.site.render import Asset
from generator.site.search import SearchEntry, card_entries

_SLUG = re.compile(SLUG_PATTERN)


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

HABIT_TITLES = {
    "thank_you": "Say thank you",
    "check_in": "Check in after the purchase",
    "prospect_follow_up": "Follow up with prospects",
    "stay_in_touch": "Stay in touch",
    "birthday": "Remember birthdays",
    "review": "Review the relationship",
    "appreciation": "Show appreciation",
    "win_back": "Win back lapsed customers",
    "notify": "Notify customers of a new consultant",
    "introduce": "Introduce yourself",
}

CHANNELS = {
    "email": (":material-email-outline:", "Email"),
    "phone": (":material-phone:", "Phone"),
    "in_person": (":material-account-group:", "In person"),
    "letter": (":material-fountain-pen-tip:", "Letter"),
}


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
    """MkDocs' `use_directory_urls`, for links written inside HTML (see `href`)."""
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

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
            tasks_by_person={k: sorted(v, key=_task_order) for k, v in tasks.items()},
            customers_by_person=dict(customers),
            customer_by_id={c.id: c for c in dataset.customers},
            directory_urls=directory_urls,
        )

    def people_with_pages(self) -> list[model.Person]:
        """Everyone who has tasks or customers, active people first, then by name."""
        ids = set(self.tasks_by_person) | set(self.customers_by_person)
        people = [self.dataset.people[i] for i in ids if i in self.dataset.people]
        return sorted(people, key=lambda p: (not p.active, p.name.casefold(), p.id))


PageSource = Callable[[Site], Iterable[PageSpec]]
_SOURCES: list[tuple[str, PageSource]] = []

PAGE_MODULES: tuple[str, ...] = ("generator.site.manager_pages", "generator.site.handover_pages")
"""Modules whose `@page_source` functions add pages; imported on first use, so they may
import this module without a cycle."""


def page_source(section: str) -> Callable[[PageSource], PageSource]:
    """Register `function` as a producer of pages for `section` ('home' or a `SECTIONS` key)."""
    known = {"home"} | {s.key for s in SECTIONS}
    if section not in known:
        msg = f"unknown section {section!r}; add it to SECTIONS first"
        raise ValueError(msg)

    def register(function: PageSource) -> PageSource:
        _SOURCES.append((section, function))
        return function

    return register


def page_specs(site: Site) -> tuple[list[PageSpec], list[Problem]]:
    """Every page of the site, in a stable order, plus problems such as unsafe paths."""
    for module in PAGE_MODULES:
        importlib.import_module(module)  # registers its sources once; later calls are cached
    by_section: dict[str, list[PageSpec]] = defaultdict(list)
    for section, source in _SOURCES:
        by_section[section].extend(source(site))
    specs: list[PageSpec] = list(by_section["home"])
    for section in SECTIONS:
        own = by_section[section.key]
        index = f"{section.key}/index.md"
        if not any(spec.path == index for spec in own):
            listed = [s for s in own if s.title is not None]
            specs.append(PageSpec(index, "section.md.j2", {"section": section, "entries": listed}, in_nav=True))
        specs.extend(own)
    problems = [problem for spec in specs if (problem := _check_path(spec.path)) is not None]
    problems += [problem for spec in specs for problem in spec.problems]
    return specs, problems


def _check_path(path: str) -> Problem | None:
    """Generated paths are slugs joined by '/', ending in '.md': nothing else becomes a file."""
    parts = path.split("/")
    stem, dot, suffix = parts[-1].rpartition(".")
    if dot and suffix == "md" and all(_SLUG.match(p) for p in [*parts[:-1], stem]):
        return None
    return Problem("<site>", 1, 1, "error", f"page path {path!r} is not made of safe slugs; this is a bug in a page source")


@functools.lru_cache(maxsize=65536)
def relative(target: str, start: str) -> str:
    """Link from page `start` to page `target` (both docs-relative posix paths; '#' kept).

    Cached: a page links to the same few pages thousands of times.
    """
    target_path, hash_, anchor = target.partition("#")
    link = posixpath.relpath(target_path, posixpath.dirname(start) or ".")
    return link + hash_ + anchor


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives the file at docs path `path`: 'a/b.md' -> 'a/b/', 'a/index.md' -> 'a/'.

    Any other file (a PDF, say) keeps its path.
    """
    if not path.endswith(".md"):
        return path
    stem = path.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


@functools.lru_cache(maxsize=65536)
def href(target: str, start: str, directory_urls: bool = True) -> str:
    """Link from page `start` to page or file `target` ('#' kept) as the browser needs it.

    MkDocs turns `.md` links into URLs only in Markdown; inside an HTML block the link must
    already be the final URL, relative so the site works from any folder.
    """
    target_path, hash_, anchor = target.partition("#")
    if not target_path:
        return hash_ + anchor
    url = page_url(target_path, directory_urls)
    here = page_url(start, directory_urls).rpartition("/")[0]
    link = posixpath.relpath("/" + url, "/" + here)
    if url.endswith("/") or not url:
        link = "./" if link == "." else link + "/"
    return link + hash_ + anchor


def slug(text: str) -> str:
    """A habit or rule id as a page name: 'thank_you' -> 'thank-you'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def habit_title(habit: str) -> str:
    return HABIT_TITLES.get(habit, habit.replace("_", " ").capitalize())


def habit_page(habit: str) -> str:
    return f"habits/{slug(habit)}.md"


def plan_page(person_id: str) -> str:
    return f"consultants/{person_id}/plan.md"


def customers_page(person_id: str) -> str:
    return f"consultants/{person_id}/customers.md"


def customer_card(customer: model.Customer) -> str:
    return f"{customers_page(customer.consultant)}#{customer.id}"


def history_page(person_id: str) -> str:
    return f"consultants/{person_id}/history.md"


def customer_history(customer: model.Customer) -> str:
    return f"{history_page(customer.consultant)}#{customer.id}"


def _task_order(task: model.Task) -> tuple[Any, ...]:
    return (task.due, -task.priority, task.customer, task.rule, task.id)


# ---------------------------------------------------------------- customers: derived facts


def last_contact(customer: model.Customer) -> model.Contact | None:
    """The latest contact of any outcome (the log is kept in any order)."""
    return max(customer.contacts, key=lambda c: c.date, default=None)


def orphans(dataset: model.Dataset) -> list[model.Customer]:
    """Customers whose consultant has departed and who were not handed over yet."""
    people = dataset.people
    return [c for c in dataset.customers if c.consultant in people and not people[c.consultant].active]


# ---------------------------------------------------------------- habits from rules

ANCHOR_TEXT = {
    "purchase": "their last purchase",
    "first_purchase": "their first purchase",
    "contact": "the last contact",
    "reached": "the last time we reached them",
    "review": "the last relationship review",
    "customer_since": "the day they became a customer",
    "birthday": "their birthday",
    "season": "the appreciation date",
    "handover": "the handover",
}
_DESCRIBED = {"id", "habit", "title", "why", "anchor", "condition", "offset_days", "every_days", "attempts", "channel", "talking_points", "order", "source"}


@dataclass(frozen=True, slots=True)
class RuleView:
    """A rule as a trainer reads it: plain sentences and settings, all still unescaped text."""

    id: str
    title: str
    why: str
    when: str
    applies_to: str
    channel: str
    """A channel name, or 'preferred'."""
    settings: list[tuple[str, str]]
    talking_points: list[str]


def describe_rule(rule: Any, settings: model.Settings) -> RuleView:
    """Explain a rule's timing, audience and settings in words, from whatever fields it has."""
    values = _fields_of(rule)
    anchor = str(values.get("anchor") or "")
    when = _when(anchor, values, settings)
    condition = values.get("condition")
    applies = str(getattr(condition, "source", condition) or "true")
    extra = [
        (name, _as_text(value, settings))
        for name, value in values.items()
        if name not in _DESCRIBED and not name.startswith("_") and value not in (None, "", (), [], {})
    ]
    points = [str(getattr(p, "source", p)) for p in values.get("talking_points") or ()]
    return RuleView(
        id=str(values.get("id") or ""),
        title=str(values.get("title") or values.get("id") or ""),
        why=str(values.get("why") or ""),
        when=when,
        applies_to="everyone" if applies.strip() == "true" else applies,
        channel=str(values.get("channel") or "preferred"),
        settings=extra,
        talking_points=points,
    )


def _fields_of(rule: Any) -> dict[str, Any]:
    if is_dataclass(rule) and not isinstance(rule, type):
        return {f.name: getattr(rule, f.name) for f in fields(rule)}
    if isinstance(rule, Mapping):
        return {str(k): getattr(v, "value", v) for k, v in rule.items()}
    return {"id": str(rule)}


def _days(value: Any, settings: model.Settings) -> tuple[int | None, str]:
    """(number of days, how it was written): a setting name resolves to today's value."""
    name = getattr(value, "name", None)
    if name is not None:
        sign = getattr(value, "sign", 1)
        number = settings.values.get(name)
        return (sign * int(number) if isinstance(number, int) else None), f" (setting {value})"
    try:
        return int(value), ""
    except (TypeError, ValueError):
        return None, ""


def _when(anchor: str, values: Mapping[str, Any], settings: model.Settings) -> str:
    event = ANCHOR_TEXT.get(anchor, anchor.replace("_", " "))
    offset = values.get("offset_days")
    if offset is None and anchor == "season":
        offset = -int(settings.values.get("appreciation_lead_days") or 0)
    days, how = _days(offset, settings) if offset is not None else (0, "")
    if days is None:
        text = f"{offset} days from {event}"
    elif days == 0:
        text = f"On the day of {event}"
    else:
        unit = "day" if abs(days) == 1 else "days"
        text = f"{abs(days)} {unit}{how} {'after' if days > 0 else 'before'} {event}"
    every = values.get("every_days")
    if every is not None:
        number, how = _days(every, settings)
        text += f", then every {number if number is not None else every} days{how}"
    attempts = values.get("attempts") or ()
    if attempts:
        text += "; without an answer, tries again after " + ", ".join(str(a) for a in attempts) + " days, the last being the final try"
    return text + "."


def _as_text(value: Any, settings: model.Settings) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if getattr(value, "name", None) is not None and hasattr(value, "sign"):
        number, how = _days(value, settings)
        return f"{number}{how}"
    if isinstance(value, list | tuple):
        return ", ".join(_as_text(v, settings) for v in value)
    return str(getattr(value, "source", value))


@dataclass(frozen=True, slots=True)
class HabitView:
    habit: str
    title: str
    why: str
    rules: list[RuleView]
    tasks_this_week: int
    tasks_total: int
    example: model.Task | None


def habits(site: Site) -> list[HabitView]:
    """One entry per habit named by a rule or a task, in the rules' order."""
    order: list[str] = []
    rules: dict[str, list[RuleView]] = defaultdict(list)
    for rule in site.dataset.rules:
        habit = str(_fields_of(rule).get("habit") or "")
        if not slug(habit):
            continue
        if habit not in rules:
            order.append(habit)
        rules[habit].append(describe_rule(rule, site.dataset.settings))
    tasks: dict[str, list[model.Task]] = defaultdict(list)
    for task in site.plan.tasks:
        tasks[task.habit].append(task)
        if task.habit not in rules and task.habit not in order and slug(task.habit):
            order.append(task.habit)
    views = []
    for habit in order:
        own = tasks.get(habit, [])
        this_week = [t for t in own if t.due <= site.week_end]
        example = min(this_week or own, key=_task_order, default=None)
        own_rules = rules.get(habit, [])
        why = own_rules[0].why if own_rules else (example.why if example else "")
        views.append(HabitView(habit, habit_title(habit), why, own_rules, len(this_week), len(own), example))
    return views


# ---------------------------------------------------------------- hand-written pages


def hand_written_pages(docs_dir: Path) -> list[HandWritten]:
    """Every Markdown page below `docs_dir`, with its title (front matter, else first '# ')."""
    if not docs_dir.is_dir():
        return []
    out = []
    for path in sorted(docs_dir.rglob("*.md")):
        if any(part.startswith(".") for part in path.relative_to(docs_dir).parts):
            continue
        relative_path = path.relative_to(docs_dir).as_posix()
        out.append(HandWritten(relative_path, title_of(path.read_text(encoding="utf-8", errors="replace"), relative_path)))
    return out


def title_of(text: str, path: str) -> str:
    """A page's title as MkDocs finds it: front matter `title:`, else the first '# ' heading."""
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":
        for line in lines[1:]:
            if line.strip() == "---":
                break
            if line.startswith("title:"):
                return line.partition(":")[2].strip().strip("'\"")
    for line in lines:
        if line.startswith("# "):
            return line[2:].strip()
    return posixpath.basename(path).removesuffix(".md").replace("-", " ").capitalize()


# ---------------------------------------------------------------- navigation


def site_nav(specs: Iterable[PageSpec], hand_written: Iterable[HandWritten]) -> list[Any]:
    """MkDocs `nav`: audience tabs holding section index pages and the few fixed pages."""
    specs = list(specs)
    in_nav: dict[str, list[Any]] = defaultdict(list)
    for spec in specs:
        section = spec.path.split("/", 1)[0] if "/" in spec.path else "home"
        if spec.in_nav and not spec.path.endswith("/index.md"):
            in_nav[section].append(spec.path)  # MkDocs takes the title from the page's escaped H1
    generated = {spec.path for spec in specs}
    lessons = [h.path for h in hand_written if h.path not in generated]
    tabs: dict[str, list[Any]] = {tab: [] for tab in TABS}
    for section in SECTIONS:
        items: list[Any] = [f"{section.key}/index.md", *in_nav[section.key]]
        if section.key == "lessons":
            items += lessons
        tabs[section.tab].append({section.title: items})
    nav: list[Any] = [{"Home": "index.md"}]
    for tab in TABS[1:]:
        sections = tabs[tab]
        # A tab with one section shows that section's pages directly.
        nav.append({tab: sections[0][next(iter(sections[0]))] if len(sections) == 1 else sections})
    return nav


# ---------------------------------------------------------------- the built-in pages


@page_source("home")
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


@page_source("consultants")
def consultant_pages(site: Site) -> Iterator[PageSpec]:
    people = site.people_with_pages()
    yield PageSpec("consultants/index.md", "consultants/index.md.j2", {"people": people}, in_nav=True)
    for person in people:
        tasks = site.tasks_by_person.get(person.id, [])
        overdue = [t for t in tasks if t.overdue]
        week = [t for t in tasks if not t.overdue and t.due <= site.week_end]
        later = [t for t in tasks if not t.overdue and t.due > site.week_end]
        yield PageSpec(
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


def _by_day(tasks: list[model.Task]) -> list[tuple[date | None, list[model.Task]]]:
    days: dict[date | None, list[model.Task]] = defaultdict(list)
    for task in tasks:
        days[task.due].append(task)
    return list(days.items())  # tasks arrive sorted by due date


@page_source("habits")
def habit_pages(site: Site) -> Iterator[PageSpec]:
    views = habits(site)
    yield PageSpec("habits/index.md", "habits/index.md.j2", {"habits": views}, in_nav=True)
    for view in views:
        yield PageSpec(habit_page(view.habit), "habits/habit.md.j2", {"habit": view}, in_nav=True)
    from generator.core.fact_catalogue import FACTS
    from generator.load.rules import TEMPLATE_NAMES

    yield PageSpec("habits/facts.md", "habits/facts.md.j2", {"facts": FACTS, "names": sorted(TEMPLATE_NAMES.items())}, in_nav=True)


@page_source("lessons")
def lessons_index(site: Site) -> Iterator[PageSpec]:
    if not any(h.path == "lessons/index.md" for h in site.hand_written):
        yield PageSpec("lessons/index.md", "lessons/index.md.j2", {}, in_nav=True)


# ---------------------------------------------------------------- helpers for templates


def channel(name: str | None) -> tuple[str, str]:
    """(icon shortcode, label) of a channel; an unknown channel gets no icon."""
    if name in CHANNELS:
        return CHANNELS[name]
    return ("", str(name or "").replace("_", " "))


CHANNEL_NOTES = {
    "preferred": " (their preference)",
    "inferred": " (they answered this way before)",
    "rotation": " (preference unknown: ask them)",
}


def channel_note(source: str) -> str:
    return CHANNEL_NOTES.get(source, "")


def outcome(value: str) -> str:
    return value.replace("_", " ")


def fallback_points(customer: model.Customer | None) -> list[str]:
    """Something to talk about when the engine gave no talking points: their latest news."""
    if customer is None:
        return []
    points = []
    if customer.notes:
        points.append(max(customer.notes, key=lambda n: n.date).text)
    if customer.interests:
        points.append("Interests: " + ", ".join(customer.interests))
    return points


def birthday(value: model.BirthdayValue) -> str:
    text = f"{value.day} {date(2000, value.month, 1):%B}"
    return f"{text} {value.year}" if value.year else text


TEMPLATE_GLOBALS: dict[str, Any] = {
    "channel": channel,
    "channel_note": channel_note,
    "outcome": outcome,
    "fallback_points": fallback_points,
    "habit_title": habit_title,
    "habit_page": habit_page,
    "plan_page": plan_page,
    "customers_page": customers_page,
    "customer_card": customer_card,
    "customer_history": customer_history,
    "history_page": history_page,
    "last_contact": last_contact,
}
TEMPLATE_FILTERS: dict[str, Any] = {"birthday": birthday}

