"""The plan date of every front door: the one asked for, else settings.as_of, else today.

The command line, `build_site` and the MkDocs plugin all call `plan_date`, so a site, a plan
and a report made on the same day with the same options agree on their date. Only front doors
read the clock.
"""

from __future__ import annotations

from datetime import date

from generator.core import model
from generator.core.project import today
from generator.load.settings import resolve_as_of


def plan_date(explicit: date | None, dataset: model.Dataset) -> date:
    """`explicit` (--as-of, --on, PLAYBOOK_AS_OF ...) when given, else settings.as_of, else today."""
    return resolve_as_of(explicit, dataset, None) or today()
