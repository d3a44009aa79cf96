"""The Trainers' sections: a page per habit, the facts rules may use, and the Lessons index."""

from __future__ import annotations

from collections.abc import Iterator

from generator.core.fact_catalogue import FACTS
from generator.load.rules import TEMPLATE_NAMES
from generator.site.descriptions import habits
from generator.site.links import habit_page
from generator.site.spec import PageSpec, Site


def habit_pages(site: Site) -> Iterator[PageSpec]:
    views = habits(site)
    yield PageSpec("habits/index.md", "habits/index.md.j2", {"habits": views}, in_nav=True)
    for view in views:
        yield PageSpec(habit_page(view.habit), "habits/habit.md.j2", {"habit": view}, in_nav=True)
    yield PageSpec("habits/facts.md", "habits/facts.md.j2", {"facts": FACTS, "names": sorted(TEMPLATE_NAMES.items())}, in_nav=True)


def lessons_index(site: Site) -> Iterator[PageSpec]:
    if not any(h.path == "lessons/index.md" for h in site.hand_written):
        yield PageSpec("lessons/index.md", "lessons/index.md.j2", {}, in_nav=True)
