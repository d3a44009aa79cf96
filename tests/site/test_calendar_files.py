"""Each consultant's calendar file, published beside their plan page (`site/calendar_files.py`).

The plan page's link to it and the asset in the plan's `PageSpec` are wired in
`site/consultant_pages.py`; until then these tests call the module directly.
"""

from __future__ import annotations

import posixpath
from datetime import date
from pathlib import Path

import icalendar
from conftest import write_tree

from generator.core.project import Project
from generator.documents.calendar import plan_calendar
from generator.load.dataset import load_dataset
from generator.plan.schedule import schedule
from generator.site.calendar_files import FILE_NAME, calendar_file, calendar_path
from generator.site.links import plan_page, relative
from generator.site.spec import Site

AS_OF = date(2026, 11, 16)


def site(root: Path) -> Site:
    write_tree(
        root,
        {
            "content/team.yaml": """\
                organization: {name: Corner Shop, signatory: olga}
                people:
                  - {id: olga, name: Olga Berg, role: owner}
                  - {id: dana, name: Dana Fox, role: consultant}
                """,
            "content/customers.yaml": """\
                customers:
                  - id: una
                    name: Una Park
                    consultant: dana
                    email: una@example.com
                    purchases:
                      - {date: 2026-11-15, amount: 45, item: Lantern}
                """,
            "playbook/rules.yaml": """\
                rules:
                  - id: thank-you
                    habit: thank_you
                    title: Thank them personally for their purchase
                    why: A personal thank-you tells them they matter more than the sale.
                    anchor: purchase
                    offset_days: 2
                    priority: 90
                """,
        },
    )
    dataset = load_dataset(Project.at(root)).dataset
    assert dataset is not None
    return Site.of(dataset, schedule(dataset, as_of=AS_OF), as_of=AS_OF)


def test_the_file_sits_beside_the_plan_page_so_the_plan_links_to_it_by_name() -> None:
    assert calendar_path("dana") == "consultants/dana/follow-ups.ics"
    assert relative(calendar_path("dana"), plan_page("dana")) == FILE_NAME
    assert posixpath.dirname(calendar_path("dana")) == posixpath.dirname(plan_page("dana"))


def test_the_asset_is_the_same_calendar_the_export_command_writes(tmp_path: Path) -> None:
    built = site(tmp_path)
    person = built.dataset.people["dana"]
    assets = calendar_file(built, person)
    assert list(assets) == ["consultants/dana/follow-ups.ics"]
    data = assets["consultants/dana/follow-ups.ics"]
    assert data == plan_calendar(built.dataset, built.plan, "dana")
    assert isinstance(data, bytes)
    read = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in read] == [
        ("Thank them personally for their purchase: Una Park", date(2026, 11, 17))
    ]
