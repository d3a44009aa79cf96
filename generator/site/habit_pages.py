"""The Trainers' sections: a lesson page per habit, the facts rules may use, and the Lessons index."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.core import model
from generator.core.fact_catalogue import FACTS
from generator.load.rules import TEMPLATE_NAMES
from generator.site.descriptions import habits
from generator.site.links import habit_page
from generator.site.spec import PageSpec, Site, task_order

EXAMPLES = 3
"""How many real tasks a lesson page shows."""


def habit_pages(site: Site) -> Iterator[PageSpec]:
    views = habits(site)
    yield PageSpec("habits/index.md", "habits/index.md.j2", {"habits": views}, in_nav=True)
    for view in views:
        examples = example_tasks(site, [t for t in site.plan.tasks if t.habit == view.habit])
        yield PageSpec(habit_page(view.habit), "habits/habit.md.j2", {"habit": view, "examples": examples}, in_nav=True)
    yield PageSpec("habits/facts.md", "habits/facts.md.j2", {"facts": FACTS, "names": sorted(TEMPLATE_NAMES.items())}, in_nav=True)


def example_tasks(site: Site, tasks: Sequence[model.Task]) -> list[model.Task]:
    """Up to `EXAMPLES` of a habit's tasks to teach from, the same ones on every build.

    This week's come first, then later ones; tasks with talking points before those without;
    each new example is, where possible, another rule, consultant and customer than the ones
    already picked, so the page shows the habit's range rather than one customer three times.
    """
    ranked = sorted(tasks, key=task_order)
    picked: list[model.Task] = []
    while ranked and len(picked) < EXAMPLES:
        best = min(  # the first of the best: ties keep the plan's order
            ranked,
            key=lambda t: (
                t.due > site.week_end,
                any(p.customer == t.customer for p in picked),
                not t.talking_points,
                sum(p.rule == t.rule for p in picked) + sum(p.consultant == t.consultant for p in picked),
            ),
        )
        picked.append(best)
        ranked.remove(best)
    return sorted(picked, key=task_order)


def lessons_index(site: Site) -> Iterator[PageSpec]:
    if not any(h.path == "lessons/index.md" for h in site.hand_written):
        yield PageSpec("lessons/index.md", "lessons/index.md.j2", {}, in_nav=True)
