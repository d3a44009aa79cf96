"""Private sites: the data one consultant may see, cut out of the whole before any page is made.

A consultant's site (`playbook build --consultant ID`, and each folder of `--split`) is made
from a dataset and a plan that hold only their customers and their tasks; the team, the rules
and the settings stay. Every page source then works as usual and simply never meets another
customer, so nothing has to be hidden in the HTML: not on a page, in the search index, the
sitemap, a calendar file or a handover packet. Every site, private or not, tells search engines
to stay away (a `robots.txt` that disallows everything; the plugin adds a `noindex` tag to
every page).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, TypeVar

from generator.core import model
from generator.core.errors import PlaybookError
from generator.core.forked import both_ends_map, on_one_core
from generator.core.problems import Problem, Problems
from generator.core.suggest import did_you_mean

MANAGER_FOLDER = "manager"
"""Where `--split` puts the full site, beside one folder per consultant."""

ROBOTS_TXT = "User-agent: *\nDisallow: /\n"
"""Every site's robots.txt: no crawler may read any of it."""

ROBOTS_META = '<meta name="robots" content="noindex, nofollow">'
"""Every page's tag that keeps it out of search engines, should a crawler reach it anyway."""

SPLIT_INDEX = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
{ROBOTS_META}
<title>Private playbook sites</title>
</head>
<body>
<p>This address holds private playbook sites, one folder per consultant and one for managers.
Open the address of your own folder.</p>
</body>
</html>
"""
"""The page at the root of a `--split` output: it links to no folder, so no site leads to another."""


class NotAConsultant(PlaybookError):
    """`--consultant` names nobody, or someone who has no private site (left, or no customers)."""


@dataclass(frozen=True, slots=True)
class View:
    """One site of a build: the folder it goes to below the output folder ('' for the output
    folder itself) and whose data it holds (None: everyone's)."""

    folder: str
    consultant: str | None = None


def consultants_with_sites(dataset: model.Dataset, plan: model.Plan) -> list[str]:
    """The active people who have customers or tasks, by id: those who get a private site."""
    owners = {c.consultant for c in dataset.customers} | {t.consultant for t in plan.tasks}
    return sorted(pid for pid in owners if pid in dataset.people and dataset.people[pid].active)


def check_consultant(dataset: model.Dataset, plan: model.Plan, person_id: str) -> None:
    """Refuse an id that gets no private site, saying why and whom it may have meant."""
    ids = consultants_with_sites(dataset, plan)
    if person_id in ids:
        return
    person = dataset.people.get(person_id)
    listing = f"; consultants with a private site: {', '.join(ids) or 'none'}"
    if person is not None and not person.active:
        left = f" on {person.left_on.isoformat()}" if person.left_on else ""
        msg = f"{person_id!r} left{left}, so they get no private site; their customers appear on the sites of those who took them over{listing}"
    elif person is not None:
        msg = f"{person_id!r} has no customers and no tasks, so there is no private site to build{listing}"
    else:
        starting = [pid for pid in ids if pid.startswith(person_id)][:1]  # 'sam' means sam-whitlock
        hint = did_you_mean(person_id, ids, otherwise=did_you_mean(person_id, starting, otherwise=listing, cutoff=0.0))
        msg = f"no person {person_id!r} in content/team.yaml{hint}"
    raise NotAConsultant(msg)


def views(dataset: model.Dataset, plan: model.Plan, *, consultant: str | None, split: bool) -> list[View]:
    """The sites one build makes: the full site, one consultant's, or (split) the full site in
    `manager/` and each consultant's in a folder named by their id."""
    if consultant is not None:
        check_consultant(dataset, plan, consultant)
        return [View("", consultant)]
    if not split:
        return [View("")]
    ids = consultants_with_sites(dataset, plan)
    if MANAGER_FOLDER in ids:
        msg = f"a consultant's id is {MANAGER_FOLDER!r}, the folder --split gives the full site; rename them in content/team.yaml to split"
        raise NotAConsultant(msg)
    return [View(MANAGER_FOLDER), *(View(pid, pid) for pid in ids)]


class Rendered(Protocol):
    """One site's rendered pages, as `build_views` needs them (build.RenderResult)."""

    problems: Problems

    @property
    def ok(self) -> bool: ...

    @property
    def pages(self) -> Sequence[object]: ...


R = TypeVar("R", bound=Rendered)
N = TypeVar("N")


class SiteErrors(Exception):
    """Some site of a build has pages with errors: nothing of the build may be published."""

    def __init__(self, each: list[Problems]) -> None:
        super().__init__("the pages of a site have errors")
        self.each = each


def build_views(
    sites: Sequence[View],
    render: Callable[[View], R],
    build: Callable[[View, R], N],
    tell: Callable[[N], None] = lambda notes: None,
) -> tuple[list[Problems], int]:
    """Render each site and build it at once, so one site's pages are held at a time (a split
    build of 1,000 consultants never holds them all); returns each site's problems and how many
    pages the first site has.

    The full site comes first, with every core, and holds every page any private site has, so
    errors show there before anything else is built: a site with errors stops the building, the
    others are rendered for their problems only, and SiteErrors carries them all. The private
    sites are then built on both cores, each wholly by one process (`core/forked.both_ends_map`:
    this one from the first, a forked copy from the last); a site with errors is not built.
    `build` returns its notes (MkDocs' warnings), which `tell` hands on in the sites' order,
    whichever process built them.
    """
    if not sites:
        return [], 0
    first, *rest = sites
    result = render(first)
    each = [result.problems]
    pages = len(result.pages)
    if not result.ok:
        each.extend(render(later).problems for later in rest)
        raise SiteErrors(each)
    tell(build(first, result))
    del result  # before the next site is rendered

    def one(view: View) -> tuple[Problems, N | None]:
        with on_one_core():
            rendered = render(view)
            return rendered.problems, build(view, rendered) if rendered.ok else None

    for problems, notes in both_ends_map(one, rest, min_items=2):
        each.append(problems)
        if notes is not None:
            tell(notes)
    if any(problems.has_errors() for problems in each):
        raise SiteErrors(each)
    return each, pages


def merged_problems(each: Sequence[Problems]) -> Problems:
    """The problems of every site of a build, each told once."""
    merged = Problems()
    seen: set[Problem] = set()
    for problems in each:
        for problem in problems.items:
            if problem not in seen:
                seen.add(problem)
                merged.extend([problem])
    return merged


@dataclass(frozen=True, slots=True)
class Shares:
    """Each consultant's tasks and customers (by position in the data), grouped in one pass:
    cutting 1,000 private sites out of 100,000 customers would otherwise read every customer
    and task once a site."""

    tasks: dict[str, tuple[model.Task, ...]]
    customers: dict[str, list[int]]
    positions: dict[str, int]

    @classmethod
    def of(cls, dataset: model.Dataset, plan: model.Plan) -> Shares:
        tasks: dict[str, list[model.Task]] = defaultdict(list)
        for task in plan.tasks:
            tasks[task.consultant].append(task)
        customers: dict[str, list[int]] = defaultdict(list)
        positions: dict[str, int] = {}
        for position, customer in enumerate(dataset.customers):
            customers[customer.consultant].append(position)
            positions.setdefault(customer.id, position)
        return cls({pid: tuple(own) for pid, own in tasks.items()}, dict(customers), positions)

    def kept(self, person_id: str) -> list[int]:
        """The positions of the customers a consultant's site holds, in the data's order."""
        owned = self.customers.get(person_id, [])
        tasked = {self.positions[t.customer] for t in self.tasks.get(person_id, ()) if t.customer in self.positions}
        return sorted(tasked.union(owned))


def restrict(dataset: model.Dataset, plan: model.Plan, person_id: str, shares: Shares | None = None) -> tuple[model.Dataset, model.Plan]:
    """The dataset and plan of one consultant's site: their tasks, the customers they own or
    have tasks for (orphans given to the signatory), and only those customers' handover lines.

    The team, rules and settings stay; the caches in `extras` (keys starting with `_`) go,
    since they index every customer. `shares` (`Shares.of` the same data and plan) saves a
    pass over every customer and task when many sites are cut.
    """
    shares = shares if shares is not None else Shares.of(dataset, plan)
    tasks = shares.tasks.get(person_id, ())
    customers = tuple(dataset.customers[position] for position in shares.kept(person_id))
    keep = {c.id for c in customers} | {t.customer for t in tasks}
    handovers = []
    for handover in dataset.handovers:
        assignments = tuple(a for a in handover.assignments if a.customer in keep)
        if assignments:
            handovers.append(replace(handover, assignments=assignments))
    own = replace(
        dataset,
        customers=customers,
        handovers=tuple(handovers),
        extras={k: v for k, v in dataset.extras.items() if not k.startswith("_")},
    )
    return own, replace(plan, tasks=tasks, excluded=tuple(i for i in plan.excluded if i in keep))


def site_name(name: str, person: model.Person) -> str:
    """A private site's name: the project's, then whose site it is."""
    return f"{name} · {person.name}" if name else person.name


def site_url(url: str | None, folder: str) -> str | None:
    """mkdocs.yml's `site_url` for a site built into `folder` below the output folder."""
    if not url or not folder:
        return url
    return url.rstrip("/") + f"/{folder}/"


def write_split_root(staging: Path) -> None:
    """The files at the root of a `--split` output: a page that links nowhere, and robots.txt."""
    (staging / "index.html").write_text(SPLIT_INDEX, encoding="utf-8")
    (staging / "robots.txt").write_text(ROBOTS_TXT, encoding="utf-8")
