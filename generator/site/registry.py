"""Which pages the site has: every page source, by section, in one explicit list.

To add pages to a section (handovers, reviews, reports ...), write a function that takes the
`Site` and yields `PageSpec`s, and add it to `PAGE_SOURCES` with its section; put its template
under `generator/templates/site/<section>/`. A source that yields `<section>/index.md` replaces
the placeholder index; otherwise the placeholder lists every spec that has a `title`. Pages stay
out of the navigation unless `in_nav` is set, which is only for pages whose number does not
grow with the data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from generator.core.problems import Problem
from generator.site.consultant_pages import consultant_pages
from generator.site.habit_pages import habit_pages, lessons_index
from generator.site.handover_pages import handover_pages
from generator.site.home_page import home_page
from generator.site.links import check_path
from generator.site.manager_pages import report_pages, review_pages
from generator.site.spec import SECTIONS, PageSource, PageSpec, Site

PAGE_SOURCES: tuple[tuple[str, PageSource], ...] = (
    ("home", home_page),
    ("consultants", consultant_pages),
    ("habits", habit_pages),
    ("lessons", lessons_index),
    ("reviews", review_pages),
    ("reports", report_pages),
    ("handovers", handover_pages),
)
"""(section, source): 'home' or a `SECTIONS` key, and the function that yields its pages."""


def page_specs(site: Site, sources: Sequence[tuple[str, PageSource]] | None = None) -> tuple[list[PageSpec], list[Problem]]:
    """Every page of the site, in a stable order, plus problems such as unsafe paths.

    `sources` defaults to `PAGE_SOURCES`.
    """
    known = {"home"} | {s.key for s in SECTIONS}
    by_section: dict[str, list[PageSpec]] = defaultdict(list)
    for section_key, source in PAGE_SOURCES if sources is None else sources:
        if section_key not in known:
            msg = f"unknown section {section_key!r}; add it to SECTIONS first"
            raise ValueError(msg)
        by_section[section_key].extend(source(site))
    specs: list[PageSpec] = list(by_section["home"])
    for section in SECTIONS:
        own = by_section[section.key]
        index = f"{section.key}/index.md"
        if not any(spec.path == index for spec in own):
            listed = [s for s in own if s.title is not None]
            specs.append(PageSpec(index, "section.md.j2", {"section": section, "entries": listed}, in_nav=True))
        specs.extend(own)
    problems = [problem for spec in specs if (problem := check_path(spec.path)) is not None]
    problems += [problem for spec in specs for problem in spec.problems]
    return specs, problems
