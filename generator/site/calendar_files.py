"""Each consultant's calendar file, published beside their plan page for the plan to link to.

The file is `consultants/<id>/follow-ups.ics`: the same calendar `playbook export ics` writes
for the plan date of the site (documents/calendar.py), so a consultant can download it from
their plan, or subscribe to its address when the site is published where their calendar app
can reach it. A page carries it as an asset, as a handover page carries its packets' PDFs.
"""

from __future__ import annotations

from generator.core import model
from generator.documents.calendar import plan_calendar
from generator.site.render import Asset
from generator.site.spec import Site

FILE_NAME = "follow-ups.ics"
"""The file's name in the consultant's folder, beside `plan.md`: the plan links to it as is."""


def calendar_path(person_id: str) -> str:
    """Where a consultant's calendar file is published, below the site root."""
    return f"consultants/{person_id}/{FILE_NAME}"


def calendar_file(site: Site, person: model.Person) -> dict[str, Asset]:
    """The person's calendar file as a page asset: `{path: bytes}`.

    Writing a calendar takes a fraction of a millisecond an event (the library folds and
    escapes each line in Python): a few seconds for the 20,000 tasks of 10,000 customers.
    """
    tasks = site.tasks_by_person.get(person.id, [])
    return {calendar_path(person.id): plan_calendar(site.dataset, site.plan, person.id, tasks)}

