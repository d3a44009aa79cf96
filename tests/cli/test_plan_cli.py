"""`playbook plan` as a user meets it, and the follow-up engine on the demo project."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import REPO, run_cli, write_tree

from generator.cli import cli
from generator.core import model
from generator.core.money import SYMBOLS
from generator.core.project import Project
from generator.core.vocabulary import HABITS
from generator.load.dataset import load_dataset
from generator.plan.schedule import schedule
from generator.reports.output.plan import JSON_KEYS, plan_json, task_record

TEAM = """\
    organization:
      name: Corner Shop
      signatory: olga
      currency: USD
    people:
      - {id: olga, name: Olga Berg, role: owner}
      - {id: dana, name: Dana Fox, role: consultant}
      - {id: sam, name: Sam Lee, role: consultant, status: departed, left_on: 2026-10-01}
    """

CUSTOMERS = """\
    customers:
      - id: quinn
        name: Quinn Hale
        consultant: dana
        email: quinn@example.com
        do_not_contact: true
        purchases:
          - {date: 2026-11-10, amount: 300, item: Stove}
      - id: una
        name: Una Park
        consultant: dana
        email: una@example.com
        phone: "555 0101"
        purchases:
          - {date: 2026-11-12, amount: 45, item: Lantern}
      - id: omar
        name: Omar Diaz
        consultant: dana
        phone: "555 0102"
        preferred_channel: phone
        purchases:
          - {date: 2026-03-01, amount: 2500, item: Kayak}
        contacts:
          - {date: 2026-06-01, channel: phone, outcome: reached}
      - id: dora
        name: Dora Weiss
        consultant: sam
        email: dora@example.com
        preferred_channel: email
        purchases:
          - {date: 2026-11-01, amount: 120, item: Boots}
        contacts:
          - {date: 2026-11-02, channel: email, outcome: replied}
    """


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Four customers written for this test: do-not-contact, unknown channel, overdue, orphan."""
    return write_tree(
        tmp_path,
        {
            "content/team.yaml": TEAM,
            "content/customers.yaml": CUSTOMERS,
            "playbook/rules.yaml": (REPO / "playbook" / "rules.yaml").read_text(encoding="utf-8"),
        },
    )


def run(*args: str, exit_code: int = 0) -> Any:
    """playbook with `args`; fails the test unless it exits with `exit_code`."""
    return run_cli(*args, exit_code=exit_code)


def test_json_lists_every_task_with_the_documented_keys(project: Path) -> None:
    result = run("-C", str(project), "plan", "--as-of", "2026-11-16", "--format", "json")
    tasks = json.loads(result.stdout)
    assert [list(task) for task in tasks] == [
        [
            "id", "due", "overdue", "consultant", "customer", "customer_name", "phone", "email",
            "habit", "rule", "title", "channel", "channel_source", "orphan", "reason", "folded",
            "why", "talking_points",
        ]
    ] * 4  # fmt: skip
    picked = [
        {
            k: t[k]
            for k in (
                "due",
                "overdue",
                "consultant",
                "customer",
                "habit",
                "rule",
                "channel",
                "channel_source",
                "orphan",
                "reason",
            )
        }
        for t in tasks
    ]
    assert picked == [
        {
            "due": "2026-09-29", "overdue": True, "consultant": "dana", "customer": "omar",
            "habit": "stay_in_touch", "rule": "stay-in-touch-valued", "channel": "phone",
            "channel_source": "preferred", "orphan": False,
            "reason": "last reached 168 days ago; bought once, $2,500 in total",
        },
        {
            "due": "2026-11-14", "overdue": True, "consultant": "dana", "customer": "una",
            "habit": "thank_you", "rule": "thank-you", "channel": "email",
            "channel_source": "rotation", "orphan": False,
            "reason": "bought Lantern on 2026-11-12 (4 days ago); no contact since",
        },
        {
            "due": "2026-11-22", "overdue": False, "consultant": "olga", "customer": "dora",
            "habit": "check_in", "rule": "check-in", "channel": "email",
            "channel_source": "preferred", "orphan": True,
            "reason": "bought Boots on 2026-11-01 (15 days ago); last contact 2026-11-02; "
            "Sam Lee left on 2026-10-01: no consultant until a handover",
        },
        {
            "due": "2026-12-03", "overdue": False, "consultant": "dana", "customer": "una",
            "habit": "check_in", "rule": "check-in", "channel": "phone",
            "channel_source": "rotation", "orphan": False,
            "reason": "bought Lantern on 2026-11-12 (4 days ago); no contact since",
        },
    ]  # fmt: skip
    assert all(re.fullmatch(r"[0-9a-f]{10}", t["id"]) for t in tasks)
    assert tasks[1]["customer_name"] == "Una Park"
    assert tasks[1]["title"] == "Thank them personally for their purchase"
    assert tasks[1]["why"].startswith("A personal thank-you within two days")
    assert tasks[1]["talking_points"][0] == "Thank Una for choosing the Lantern."
    assert result.stderr.splitlines()[-1] == (
        "playbook: 4 tasks (2 overdue) from 2026-11-16 to 2026-12-14, 1 do-not-contact customer excluded"
    )


def test_the_settings_as_of_is_the_default_date(project: Path) -> None:
    explicit = run("-C", str(project), "plan", "--as-of", "2026-11-16", "--format", "json")
    default = run("-C", str(project), "plan", "--format", "json")
    assert default.stdout == explicit.stdout


def test_days_narrows_the_horizon(project: Path) -> None:
    result = run(
        "-C", str(project), "plan", "--as-of", "2026-11-16", "--days", "5", "--format", "json"
    )
    assert [t["due"] for t in json.loads(result.stdout)] == ["2026-09-29", "2026-11-14"]
    assert "from 2026-11-16 to 2026-11-21" in result.stderr


def test_consultant_filter_keeps_that_persons_tasks(project: Path) -> None:
    result = run("-C", str(project), "plan", "--consultant", "olga", "--format", "json")
    assert [(t["customer"], t["consultant"]) for t in json.loads(result.stdout)] == [
        ("dora", "olga")
    ]
    assert result.stderr.splitlines()[-1] == (
        "playbook: 1 task (0 overdue) from 2026-11-16 to 2026-12-14, 0 do-not-contact customers excluded"
    )


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        ("dnaa", "did you mean 'dana'?"),
        ("ol", "did you mean 'olga'?"),
        ("zz", "known: dana, olga, sam"),
    ],
)
def test_unknown_consultant_is_a_usage_error(project: Path, given: str, hint: str) -> None:
    result = CliRunner().invoke(cli, ["-C", str(project), "plan", "--consultant", given])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--consultant': no person {given!r} in content/team.yaml; {hint}"
    )
    assert result.stdout == ""


def test_table_is_aligned_and_marks_overdue_orphans_and_guessed_channels(project: Path) -> None:
    result = run("-C", str(project), "plan")
    assert result.stdout.splitlines() == [
        "DUE                  CONSULTANT     CUSTOMER    HABIT          CHANNEL           REASON",
        "2026-09-29  overdue  dana           Omar Diaz   stay_in_touch  phone             last reached 168 days ago; bought once, $2,500 in total",
        "2026-11-14  overdue  dana           Una Park    thank_you      email (rotation)  bought Lantern on 2026-11-12 (4 days ago); no contact since",
        "2026-11-22           olga (orphan)  Dora Weiss  check_in       email             bought Boots on 2026-11-01 (15 days ago); last contact 2026-11-02; Sam Lee left on 2026-10-01: no consultant until a handover",
        "2026-12-03           dana           Una Park    check_in       phone (rotation)  bought Lantern on 2026-11-12 (4 days ago); no contact since",
    ]


def test_csv_has_a_header_and_one_row_per_task(project: Path) -> None:
    result = run("-C", str(project), "plan", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(table[0]) == [
        "id", "due", "overdue", "consultant", "customer", "customer_name", "phone", "email",
        "habit", "rule", "title", "channel", "channel_source", "orphan", "reason", "folded",
    ]  # fmt: skip
    assert [(r["customer"], r["phone"], r["email"]) for r in table] == [
        ("omar", "555 0102", ""),
        ("una", "555 0101", "una@example.com"),
        ("dora", "", "dora@example.com"),
        ("una", "555 0101", "una@example.com"),
    ]
    assert [(r["due"], r["overdue"], r["customer_name"], r["orphan"]) for r in table] == [
        ("2026-09-29", "yes", "Omar Diaz", "no"),
        ("2026-11-14", "yes", "Una Park", "no"),
        ("2026-11-22", "no", "Dora Weiss", "yes"),
        ("2026-12-03", "no", "Una Park", "no"),
    ]


def test_csv_guards_cells_a_spreadsheet_would_run(tmp_path: Path) -> None:
    hostile = CUSTOMERS.replace("name: Una Park", "name: '=HYPERLINK(\"x\")'").replace(
        'phone: "555 0102"', 'phone: "+1 555 0102"'
    )
    root = write_tree(
        tmp_path,
        {
            "content/team.yaml": TEAM,
            "content/customers.yaml": hostile,
            "playbook/rules.yaml": (REPO / "playbook" / "rules.yaml").read_text(encoding="utf-8"),
        },
    )
    result = run("-C", str(root), "plan", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    names = [row[5] for row in rows[1:]]
    assert '\'=HYPERLINK("x")' in names
    assert "'+1 555 0102" in [row[6] for row in rows[1:]]
    assert not [cell for row in rows for cell in row if cell.startswith(("=", "+", "-", "@"))]


def test_an_empty_plan_is_an_empty_json_list(project: Path) -> None:
    result = run(
        "-C",
        str(project),
        "plan",
        "--as-of",
        "2026-11-16",
        "--days",
        "0",
        "--consultant",
        "sam",
        "--format",
        "json",
    )
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    assert result.stderr.splitlines()[-1] == (
        "playbook: 0 tasks (0 overdue) from 2026-11-16 to 2026-11-16, 0 do-not-contact customers excluded"
    )


def test_plan_refuses_a_project_with_errors(project: Path) -> None:
    rules = project / "playbook" / "rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace(
            'condition: stage != "lost"', "condition: stge != 1", 1
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["-C", str(project), "plan"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        ": error: rules: rule 'thank-you': 'condition' is not valid: unknown fact 'stge'; did you mean 'stage'?"
        in result.stderr
    )


def test_installed_command_prints_the_same_json_twice(project: Path) -> None:
    exe = shutil.which("playbook", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "generator"]
    args = [*command, "-C", str(project), "plan", "--format", "json"]
    first = subprocess.run(args, capture_output=True, text=True, check=False)
    second = subprocess.run(args, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(json.loads(first.stdout)) == 4


# --- the demo project ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo() -> tuple[model.Dataset, model.Plan]:
    result = load_dataset(Project.at(REPO), use_cache=False)
    assert result.dataset is not None, [str(p) for p in result.problems.items]
    dataset = result.dataset
    return dataset, schedule(dataset, as_of=dataset.settings.values["as_of"])


def test_demo_plan_has_every_habit(demo: tuple[model.Dataset, model.Plan]) -> None:
    dataset, made = demo
    habits = {task.habit for task in made.tasks}
    handover_habits = {"notify", "introduce"}
    assert set(HABITS) - handover_habits <= habits
    if not dataset.handovers:
        pytest.skip("the demo has no handover record yet, so notify and introduce cannot occur")
    assert handover_habits <= habits


def test_demo_with_a_handover_announces_it(tmp_path: Path) -> None:
    """The same demo plus a handover record of the departed consultant's customers."""
    for folder in ("content", "playbook"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    handovers = tmp_path / "content" / "handovers"
    if not any(handovers.glob("*.yaml")):
        departed = load_dataset(Project.at(REPO), use_cache=False).dataset
        assert departed is not None
        gone = next(p for p in departed.people.values() if not p.active)
        heir = next(p for p in departed.people.values() if p.active and p.role == "consultant")
        moved = [c.id for c in departed.customers if c.consultant == gone.id][:2]
        write_tree(
            tmp_path,
            {
                f"content/handovers/2026-11-16-{gone.id}.yaml": "handover:\n  date: 2026-11-16\n"
                f"  from: {gone.id}\n  assignments:\n"
                + "".join(f"    - {{customer: {c}, to: {heir.id}}}\n" for c in moved)
            },
        )
    result = load_dataset(Project.at(tmp_path), use_cache=False)
    assert result.dataset is not None, [str(p) for p in result.problems.items]
    made = schedule(result.dataset, as_of=date(2026, 11, 16))
    habits = {task.habit for task in made.tasks}
    assert set(HABITS) <= habits
    signatory = result.dataset.organization.signatory
    assert all(t.consultant == signatory for t in made.tasks if t.habit == "notify")


def test_demo_json_keys_come_in_the_documented_order(
    demo: tuple[model.Dataset, model.Plan],
) -> None:
    dataset, made = demo
    assert all(list(task_record(task, dataset)) == list(JSON_KEYS) for task in made.tasks)
    records = json.loads(plan_json(list(made.tasks), dataset))
    assert [list(record) for record in records] == [list(JSON_KEYS)] * len(made.tasks)


def test_demo_excludes_do_not_contact_customers(demo: tuple[model.Dataset, model.Plan]) -> None:
    dataset, made = demo
    expected = sorted(c.id for c in dataset.customers if c.do_not_contact)
    assert list(made.excluded) == expected
    assert not {t.customer for t in made.tasks} & set(expected)


def test_demo_orphans_go_to_the_signatory(demo: tuple[model.Dataset, model.Plan]) -> None:
    dataset, made = demo
    departed = {p.id for p in dataset.people.values() if not p.active}
    for task in made.tasks:
        customer = dataset.customer(task.customer)
        assert task.orphan == (customer.consultant in departed and task.habit != "notify")
        if task.orphan:
            assert task.consultant == dataset.organization.signatory


# Each part of a reason ("; "-separated) must be recognised by one of these and be true of the
# customer's raw data as of the plan date. The recomputation below reads the customer records
# directly and shares no code with the scheduler.

DATE = r"(\d{4}-\d{2}-\d{2})"
DAYS_AGO = r"(today|\d+ days? ago)"


def _ago(text: str) -> int:
    return 0 if text == "today" else int(text.split()[0])


def _money(text: str, currency: str) -> Decimal:
    symbol = SYMBOLS.get(currency, "")
    return Decimal(text.replace(symbol, "").replace(currency, "").replace(",", "").strip())


def _verify_part(part: str, customer: model.Customer, dataset: model.Dataset, as_of: date) -> None:
    contacts = sorted((c for c in customer.contacts if c.date <= as_of), key=lambda c: c.date)
    purchases = sorted((p for p in customer.purchases if p.date <= as_of), key=lambda p: p.date)
    reviews = sorted((r for r in customer.reviews if r.date <= as_of), key=lambda r: r.date)
    currency = dataset.organization.currency
    reached = [c for c in contacts if c.outcome in ("reached", "met", "replied")]
    if m := re.fullmatch(rf"(bought|first purchase) (.+) on {DATE} \({DAYS_AGO}\)", part):
        purchase = purchases[-1] if m[1] == "bought" else purchases[0]
        assert (purchase.item or f"for {m[2]}", purchase.date.isoformat()) == (m[2], m[3])
        assert (as_of - purchase.date).days == _ago(m[4])
    elif part == "no contact since":
        assert not [c for c in contacts if c.date > purchases[-1].date]
    elif m := re.fullmatch(rf"last contact {DATE}", part):
        assert contacts[-1].date.isoformat() == m[1]
    elif m := re.fullmatch(rf"last contact {DAYS_AGO}(?: \((.+) by (.+)\))?", part):
        assert (as_of - contacts[-1].date).days == _ago(m[1])
        if m[2]:
            assert (
                contacts[-1].outcome.replace("_", " "),
                contacts[-1].channel.replace("_", " "),
            ) == (m[2], m[3])
    elif m := re.fullmatch(rf"tried on {DATE} \((no answer|left message)\)(?: and (.+) before)?", part):
        tries = [c for c in contacts if c.outcome in ("no_answer", "left_message")]
        assert (tries[-1].date.isoformat(), tries[-1].outcome) == (m[1], m[2].replace(" ", "_"))
        words = {None: 0, "once": 1, "twice": 2}
        before = words[m[3]] if m[3] in words else int(m[3].split()[0])
        assert len(tries) > before
    elif m := re.fullmatch(rf"recommended us to (.+), who first bought on {DATE} \({DAYS_AGO}\)", part):
        referred = [c for c in dataset.customers if c.referred_by == customer.id and c.purchases]
        first = {min(p.date for p in c.purchases if p.date <= as_of): c for c in referred}
        latest = max(first)
        assert (first[latest].name, latest.isoformat()) == (m[1], m[2])
        assert (as_of - latest).days == _ago(m[3])
    elif m := re.fullmatch(rf"last reached {DAYS_AGO}", part):
        assert (as_of - reached[-1].date).days == _ago(m[1])
    elif part in ("never reached", "no contact logged", "no contact logged yet"):
        assert not (reached if part == "never reached" else contacts)
    elif m := re.fullmatch(rf"last purchase {DAYS_AGO}(?: \((.+)\))?", part):
        assert (as_of - purchases[-1].date).days == _ago(m[1])
        assert m[2] is None or m[2] == (purchases[-1].item or f"for {m[2]}")
    elif m := re.fullmatch(r"bought (once|(\d+) times), (.+) in total", part):
        assert len(purchases) == (1 if m[1] == "once" else int(m[2]))
        assert sum(p.amount for p in purchases) == _money(m[3], currency)
    elif m := re.fullmatch(r"no purchases yet(?:, expected value (.+))?", part):
        assert not purchases
        assert m[1] is None or customer.expected_value == _money(m[1], currency)
    elif m := re.fullmatch(rf"last review {DAYS_AGO} \(rated (\d)/5\)", part):
        assert (as_of - reviews[-1].date).days == _ago(m[1])
        assert reviews[-1].rating == int(m[2])
    elif part == "never reviewed":
        assert not reviews
    elif m := re.fullmatch(rf"customer since {DATE}", part):
        assert (customer.customer_since or purchases[0].date).isoformat() == m[1]
    elif m := re.fullmatch(rf"(?:turns (\d+)|birthday) on {DATE} \(in (\d+) days?\)", part):
        day = date.fromisoformat(m[2])
        assert customer.birthday is not None
        assert (day.month, day.day) == (customer.birthday.month, customer.birthday.day) or (
            (customer.birthday.month, customer.birthday.day, day.month, day.day) == (2, 29, 2, 28)
        )
        assert m[1] is None or int(m[1]) == day.year - (customer.birthday.year or 0)
        assert (day - as_of).days == int(m[3])
    elif m := re.fullmatch(rf"(.+) on {DATE} \(in (\d+) days?\)", part):
        assert m[1] == dataset.settings.values["appreciation_season"]
        assert m[2][4:] == dataset.settings.values["appreciation_date"][1:]
        assert (date.fromisoformat(m[2]) - as_of).days == int(m[3])
    elif m := re.fullmatch(r"interests: (.+)", part):
        assert tuple(m[1].split(", ")) == customer.interests
    elif part == "marked lost":
        assert customer.stage == "lost"
    elif m := re.fullmatch(r"(?:final attempt \((\d+) of (\d+)\)|attempt (\d+) of (\d+))", part):
        attempt = int(m[1] or m[3])
        since = [c for c in contacts if not reached or c.date > reached[-1].date]
        assert attempt == len(since) + 1
        if m[1] is not None:  # the final attempt is the last of the sequence
            assert m[1] == m[2]
        else:
            assert int(m[3]) < int(m[4])
    elif m := re.fullmatch(rf"(.+) left on {DATE}: no consultant until a handover", part):
        person = dataset.people[customer.consultant]
        assert (person.name, person.status, str(person.left_on)) == (m[1], "departed", m[2])
    elif m := re.fullmatch(rf"handed over from (.+) to (.+) on {DATE}", part):
        handover = next(h for h in dataset.handovers if h.id == customer.handed_over)
        names = (dataset.people[handover.departing].name, dataset.people[customer.consultant].name)
        assert names == (m[1], m[2]) and handover.date.isoformat() == m[3]
    else:
        pytest.fail(f"reason part not recognised: {part!r}")


def test_every_demo_reason_is_true_of_the_data(demo: tuple[model.Dataset, model.Plan]) -> None:
    dataset, made = demo
    checked = 0
    for task in made.tasks:
        customer = dataset.customer(task.customer)
        reasons = [task.reason] + [folded.split(": ", 1)[1] for folded in task.folded]
        for reason in reasons:
            for part in reason.split("; "):
                _verify_part(part, customer, dataset, made.as_of)
                checked += 1
    assert checked > len(made.tasks)


def test_demo_plan_is_deterministic() -> None:
    first = run("-C", str(REPO), "plan", "--format", "json")
    second = run("-C", str(REPO), "plan", "--format", "json")
    assert first.exit_code == 0
    assert first.stdout == second.stdout
    tasks = json.loads(first.stdout)
    keys = [(t["due"], t["consultant"], t["customer"], t["rule"]) for t in tasks]
    assert keys == sorted(keys)
    assert len({t["id"] for t in tasks}) == len(tasks)
