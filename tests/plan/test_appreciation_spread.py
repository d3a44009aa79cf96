"""Seasonal tasks spread over the working days of the week before, and gifts delivered as the
task's channel says (issue 15: nine thank-yous on one Sunday, a letter that says "hand it over")."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import REPO, run_cli, write_tree

from generator.core import model
from generator.core.project import Project
from generator.load.dataset import load_dataset
from generator.plan.appreciation import gift_delivery, spread_day, working_weekdays
from generator.plan.schedule import schedule

SUNDAY = date(2026, 11, 29)
WEEKDAYS = frozenset(range(5))


def test_a_task_moves_to_a_working_day_of_the_week_up_to_its_date() -> None:
    days = {spread_day(SUNDAY, f"customer-{n}", WEEKDAYS) for n in range(200)}
    assert days == {SUNDAY - timedelta(days=back) for back in range(2, 7)}, "Monday 23 to Friday 27"
    assert spread_day(SUNDAY, "ann", WEEKDAYS) == spread_day(SUNDAY, "ann", WEEKDAYS), "the same day on every run"
    shop = {spread_day(SUNDAY, f"customer-{n}", frozenset(range(6))) for n in range(200)}
    assert max(shop) == date(2026, 11, 28), "a shop open on Saturdays uses the Saturday too"
    assert spread_day(SUNDAY, "ann", frozenset({6})) == SUNDAY, "a team working Sundays only keeps the Sunday"


def test_the_working_days_setting_and_its_default() -> None:
    assert working_weekdays(model.Settings(values={})) == WEEKDAYS
    assert working_weekdays(model.Settings(values={"working_days": ("mon", "sat")})) == {0, 5}
    assert working_weekdays(model.Settings(values={"working_days": ()})) == frozenset(range(7))


def test_a_mistyped_working_day_is_located(tmp_path: Path) -> None:
    project = write_tree(
        tmp_path,
        {
            "content/team.yaml": "organization: {name: Shop, signatory: olga}\npeople:\n  - {id: olga, name: Olga, role: owner}\n",
            "content/customers.yaml": "customers: []\n",
            "playbook/rules.yaml": "settings:\n  working_days: [mon, tues]\nrules: []\n",
        },
    )
    result = run_cli("-C", str(project), "check", exit_code=1)
    assert "playbook/rules.yaml:2:23: error: " in result.stderr
    assert "must be one of mon, tue, wed, thu, fri, sat, sun (got 'tues'); did you mean 'tue'?" in result.stderr


def test_the_demo_thank_yous_fall_on_working_days_a_few_a_day() -> None:
    dataset = load_dataset(Project.at(REPO)).dataset
    assert dataset is not None
    seasonal = [t for t in schedule(dataset, as_of=date(2026, 11, 16)).tasks if t.rule == "seasonal-thanks"]
    assert len(seasonal) >= 20
    assert all(t.due.weekday() != 6 for t in seasonal), "no Sunday: the demo shop works Monday to Saturday"
    assert {t.due for t in seasonal} <= {date(2026, 11, 23) + timedelta(days=n) for n in range(6)}
    per_day = Counter((t.consultant, t.due) for t in seasonal)
    busiest = Counter(t.consultant for t in seasonal).most_common(1)[0]
    assert max(per_day.values()) < busiest[1], "no consultant has all their thank-yous on one day"


PERSON = model.Person(id="dana", name="Dana", region="north")


@pytest.mark.parametrize(
    ("channel", "region", "delivery"),
    [
        ("letter", "north", "post"),  # the issue: a letter that said "hand it over in person"
        ("in_person", "south", "in_person"),  # a visit hands it over, wherever they live
        ("phone", "north", "in_person"),  # a call arranges it: by hand in the consultant's region
        ("email", "south", "post"),
        (None, "north", "in_person"),
    ],
)
def test_the_gift_goes_as_the_task_goes(channel: str | None, region: str, delivery: str) -> None:
    customer = model.Customer(id="ann", name="Ann", consultant="dana", region=region)
    assert gift_delivery(channel, PERSON, customer) == delivery
