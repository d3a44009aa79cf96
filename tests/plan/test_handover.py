"""`playbook handover`: the assignment rules on hand-made teams, recording, idempotence and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from conftest import run_cli, write_tree

from generator.core.project import Project
from generator.load.dataset import load_dataset

TEAM = """\
organization:
  name: Corner Shop
  signatory: olga
  currency: EUR
people:
  - {id: olga, name: Olga Berg, role: owner, email: olga@example.com}
  - {id: dana, name: Dana Fox, role: consultant, region: north, languages: [en], capacity: 4}
  - {id: eve, name: Eve Stone, role: consultant, region: south, languages: [en, es], capacity: 6}
  - {id: finn, name: Finn Lund, role: consultant, region: north, languages: [en], capacity: 6}
  - {id: max, name: Max Ode, role: manager, region: north, languages: [en]}
  - {id: zoe, name: Zoe Hart, role: consultant, region: north, status: departed, left_on: 2026-09-01}
  - {id: tom, name: Tom Reed, role: consultant, region: north, languages: [en, es], status: departed, left_on: 2026-11-06}
"""


def customer(cid: str, consultant: str = "tom", **fields: str) -> str:
    extra = "".join(f", {key}: {value}" for key, value in fields.items())
    return f"  - {{id: {cid}, name: {cid.title()}, consultant: {consultant}{extra}}}\n"


def project(tmp_path: Path, customers: str, team: str = TEAM) -> Path:
    return write_tree(
        tmp_path,
        {
            "content/team.yaml": team,
            "content/customers.yaml": "customers:\n" + customers,
            "playbook/rules.yaml": "rules: []\n",
        },
    )


def run(root: Path, *args: str, exit_code: int = 0) -> Result:
    """`playbook handover` on `root`; fails the test unless it exits with `exit_code`."""
    return run_cli("-C", str(root), "handover", *args, exit_code=exit_code)


def proposal(root: Path, *args: str) -> dict[str, str]:
    """customer -> to, from the JSON output of a dry run."""
    result = run(
        root, "--from", "tom", "--on", "2026-11-16", "--dry-run", "--format", "json", *args
    )
    return {row["customer"]: row["to"] for row in json.loads(result.stdout)}


def reasons(root: Path, *args: str) -> dict[str, str]:
    result = run(
        root, "--from", "tom", "--on", "2026-11-16", "--dry-run", "--format", "json", *args
    )
    return {row["customer"]: row["reason"] for row in json.loads(result.stdout)}


# ------------------------------------------------------------------- the assignment rules


def test_same_region_is_preferred(tmp_path: Path) -> None:
    root = project(tmp_path, customer("ann", region="south") + customer("bob", region="north"))
    assert proposal(root) == {"ann": "eve", "bob": "finn"}
    assert reasons(root) == {
        "ann": "same region (south); load 1/6",
        "bob": "same region (north); lightest load (1/6)",
    }


def test_regions_match_whatever_their_case_and_surrounding_spaces(tmp_path: Path) -> None:
    """The same comparison as the gift's delivery (`plan.regions`)."""
    team = TEAM.replace("region: south,", "region: ' South ',")
    root = project(tmp_path, customer("ann", region="south"), team)
    assert reasons(root) == {"ann": "same region (south); load 1/6"}


def test_a_shared_language_outweighs_the_region(tmp_path: Path) -> None:
    """Letters and calls happen in the customer's language; a visit can cross regions."""
    root = project(tmp_path, customer("rosa", region="north", language="es"))
    assert proposal(root) == {"rosa": "eve"}
    assert reasons(root)["rosa"] == "speaks Spanish; load 1/6"


def test_region_and_language_together_win(tmp_path: Path) -> None:
    root = project(tmp_path, customer("ann", region="north", language="en"))
    assert reasons(root) == {"ann": "same region (north); speaks English; lightest load (1/6)"}
    assert proposal(root) == {"ann": "finn"}  # dana's 1/4 is a heavier share than finn's 1/6


def test_capacity_is_respected(tmp_path: Path) -> None:
    """Dana (capacity 4) already carries 4 customers: she gets none, even in her own region."""
    existing = "".join(customer(f"d{i}", "dana") for i in range(4))
    book = "".join(customer(f"n{i}", region="north") for i in range(3))
    root = project(
        tmp_path,
        existing + book,
        TEAM.replace("capacity: 6}\n  - {id: max", "capacity: 1}\n  - {id: max"),
    )
    assert proposal(root) == {"n0": "finn", "n1": "eve", "n2": "eve"}


def test_customers_of_one_company_move_together(tmp_path: Path) -> None:
    book = (
        customer("kate", region="north", company="Hayling Watersports")
        + customer("dan", region="south", company="hayling  watersports", stage="prospect")
        + customer("ola", region="south", company="Hayling Watersports")
    )
    root = project(tmp_path, book)
    assert proposal(root) == {"dan": "eve", "kate": "eve", "ola": "eve"}
    assert reasons(root)["kate"] == (
        "same region (south); keeps Hayling Watersports together (3 customers); "
        "prospect, 1st key account for them; load 3/6"
    )


def test_high_value_customers_and_prospects_are_spread(tmp_path: Path) -> None:
    """Finn has far more room, so ordinary customers all go to him; key accounts are shared."""
    team = TEAM.replace("capacity: 4", "capacity: 10").replace(
        "capacity: 6}\n  - {id: max", "capacity: 40}\n  - {id: max"
    )
    ordinary = "".join(customer(f"c{i}", region="north") for i in range(3))
    root = project(tmp_path / "ordinary", ordinary, team)
    assert set(proposal(root, "--to", "dana", "--to", "finn").values()) == {"finn"}
    purchase = "purchases: [{date: 2026-01-05, amount: 900}]"
    key = "".join(
        f"  - {{id: v{i}, name: V{i}, consultant: tom, region: north, {purchase}}}\n"
        for i in range(2)
    )
    key += "".join(
        customer(f"p{i}", region="north", stage="prospect", expected_value="500") for i in range(2)
    )
    root = project(tmp_path / "key", key, team)
    assert proposal(root, "--to", "dana", "--to", "finn") == {
        "p0": "finn",
        "p1": "dana",
        "v0": "finn",
        "v1": "dana",
    }
    assert reasons(root, "--to", "dana", "--to", "finn") == {
        "v0": "same region (north); high value (€900), 1st key account for them; lightest load (1/40)",
        "v1": "same region (north); high value (€900), 1st key account for them; load 1/10",
        "p0": "same region (north); prospect (€500), 2nd key account for them; lightest load (2/40)",
        "p1": "same region (north); prospect (€500), 2nd key account for them; load 2/10",
    }


def test_to_limits_the_colleagues(tmp_path: Path) -> None:
    root = project(tmp_path, customer("ann", region="south") + customer("bob", region="north"))
    assert set(proposal(root, "--to", "max", "--to", "dana").values()) <= {"max", "dana"}
    assert proposal(root, "--to", "max") == {"ann": "max", "bob": "max"}


def test_the_proposal_is_deterministic(tmp_path: Path) -> None:
    """The same data in another order gives byte-identical output."""
    rows = [customer(f"c{i}", region=("north", "south")[i % 2]) for i in range(8)]
    first = project(tmp_path / "a", "".join(rows))
    second = project(tmp_path / "b", "".join(reversed(rows)))
    args = ("--from", "tom", "--on", "2026-11-16", "--dry-run")
    outputs = {run(root, *args).stdout for root in (first, second, first)}
    assert len(outputs) == 1


def test_text_output(tmp_path: Path) -> None:
    root = project(tmp_path, customer("ann", region="south") + customer("bob", region="north"))
    result = run(root, "--from", "tom", "--on", "2026-11-16", "--dry-run")
    assert result.stdout == (
        "Handover 2026-11-16-tom: 2 customers of Tom Reed (tom, left on 2026-11-06), decided by Olga Berg\n"
        "\n"
        "customer  to    reason\n"
        "ann       eve   same region (south); load 1/6\n"
        "bob       finn  same region (north); lightest load (1/6)\n"
        "\n"
        "Eve Stone (eve) takes 1: now 1/6\n"
        "Finn Lund (finn) takes 1: now 1/6\n"
    )
    assert result.stderr == "playbook: dry run; nothing written\n"
    assert not (root / "content" / "handovers").exists()


# ------------------------------------------------------------------- recording and idempotence

RECORD = """\
# yaml-language-server: $schema=../../playbook/schema.json
# Handover of Tom Reed's customers, proposed by playbook for 2026-11-16; edit 'to' by hand if needed.
handover:
  date: 2026-11-16
  from: tom
  by: olga
  assignments:
    - customer: ann
      to: eve
      reason: same region (south); load 1/6
    - customer: bob
      to: finn
      reason: same region (north); lightest load (1/6)
"""


def test_record_is_written_and_applied(tmp_path: Path) -> None:
    root = project(tmp_path, customer("ann", region="south") + customer("bob", region="north"))
    result = run(root, "--from", "tom", "--on", "2026-11-16")
    path = root / "content" / "handovers" / "2026-11-16-tom.yaml"
    assert result.stderr == f"playbook: wrote {path}\n"
    assert path.read_text(encoding="utf-8") == RECORD
    assert (root / "content" / "customers.yaml").read_text(encoding="utf-8").count(
        "consultant: tom"
    ) == 2
    loaded = load_dataset(Project.at(root), use_cache=False)
    assert loaded.problems.items == []  # the orphan warnings are gone
    assert loaded.dataset is not None
    ann = loaded.dataset.customer("ann")
    assert (ann.consultant, ann.handed_over, ann.original_consultant) == (
        "eve",
        "2026-11-16-tom",
        "tom",
    )
    (handover,) = loaded.dataset.handovers
    assert (handover.id, handover.departing, handover.by) == ("2026-11-16-tom", "tom", "olga")
    assert [a.to for a in handover.assignments] == ["eve", "finn"]
    assert not [p for p in path.parent.iterdir() if p.name != path.name]  # no temporary file left


def test_running_twice_writes_nothing_new(tmp_path: Path) -> None:
    root = project(tmp_path, customer("ann", region="south") + customer("bob", region="north"))
    first = run(root, "--from", "tom", "--on", "2026-11-16")
    second = run(root, "--from", "tom", "--on", "2026-11-16")
    path = root / "content" / "handovers" / "2026-11-16-tom.yaml"
    assert second.exit_code == 0
    assert second.stdout == first.stdout
    assert second.stderr == f"playbook: already recorded in {path}; nothing written\n"
    assert list(path.parent.iterdir()) == [path]
    assert path.read_text(encoding="utf-8") == RECORD


def test_a_hand_edited_record_is_not_overwritten(tmp_path: Path) -> None:
    root = project(tmp_path, customer("ann", region="south") + customer("bob", region="north"))
    run(root, "--from", "tom", "--on", "2026-11-16")
    path = root / "content" / "handovers" / "2026-11-16-tom.yaml"
    edited = RECORD.replace("to: eve", "to: finn")
    path.write_text(edited, encoding="utf-8")
    loaded = load_dataset(Project.at(root), use_cache=False)
    assert loaded.dataset is not None
    assert loaded.dataset.customer("ann").consultant == "finn"  # the manager's edit is what counts
    result = run(root, "--from", "tom", "--on", "2026-11-16", exit_code=1)
    assert result.stderr == (
        f"Error: {path} already exists and differs from this proposal (edited by hand, or the data "
        "changed); keep it, or pass --force to replace it\n"
    )
    assert path.read_text(encoding="utf-8") == edited
    run(root, "--from", "tom", "--on", "2026-11-16", "--force")
    assert path.read_text(encoding="utf-8") == RECORD


def test_customers_handed_over_earlier_are_not_proposed_again(tmp_path: Path) -> None:
    root = project(tmp_path, customer("ann", region="south"))
    run(root, "--from", "tom", "--on", "2026-11-16")
    with (root / "content" / "customers.yaml").open("a", encoding="utf-8") as out:
        out.write(customer("cat", region="north"))
    result = run(root, "--from", "tom", "--on", "2026-11-20", "--format", "json")
    assert json.loads(result.stdout) == [
        {"customer": "cat", "to": "finn", "reason": "same region (north); lightest load (1/6)"}
    ]
    again = run(root, "--from", "tom", "--on", "2026-11-30")
    assert again.stderr == "playbook: tom has no customers left to hand over; nothing written\n"
    assert sorted(p.name for p in (root / "content" / "handovers").iterdir()) == [
        "2026-11-16-tom.yaml",
        "2026-11-20-tom.yaml",
    ]


def test_reasons_read_back_exactly_whatever_the_company_is_called(tmp_path: Path) -> None:
    """A reason holding YAML syntax (': ', ' #', quotes) is quoted in the record, never mangled."""
    company = '"Bob\'s #1: Shop"'
    root = project(tmp_path, customer("ann", company=company) + customer("bob", company=company))
    proposed = reasons(root)
    run(root, "--from", "tom", "--on", "2026-11-16")
    text = (root / "content" / "handovers" / "2026-11-16-tom.yaml").read_text(encoding="utf-8")
    assert (
        '      reason: "keeps Bob\'s #1: Shop together (2 customers); lightest load (2/6)"\n'
        in text
    )
    loaded = load_dataset(Project.at(root), use_cache=False)
    assert loaded.dataset is not None
    assert {a.customer: a.reason for a in loaded.dataset.handovers[0].assignments} == proposed


def test_a_later_record_moves_a_customer_again(tmp_path: Path) -> None:
    root = project(tmp_path, customer("ann"))
    write_tree(
        root,
        {
            "content/handovers/2026-08-01-tom.yaml": """\
                handover: {date: 2026-08-01, from: tom, assignments: [{customer: ann, to: zoe}]}
                """,
            "content/handovers/2026-10-01-zoe.yaml": """\
                handover: {date: 2026-10-01, from: zoe, assignments: [{customer: ann, to: eve}]}
                """,
        },
    )
    loaded = load_dataset(Project.at(root), use_cache=False)
    assert loaded.problems.items == []
    assert loaded.dataset is not None
    ann = loaded.dataset.customer("ann")
    assert (ann.consultant, ann.handed_over, ann.original_consultant) == (
        "eve",
        "2026-10-01-zoe",
        "tom",
    )
    assert [h.id for h in loaded.dataset.handovers] == ["2026-08-01-tom", "2026-10-01-zoe"]


def test_a_planned_departure_is_allowed_with_a_warning(tmp_path: Path) -> None:
    root = project(tmp_path, customer("ann", "finn", region="north"))
    result = run(root, "--from", "finn", "--on", "2026-11-16", "--dry-run", "--format", "json")
    assert json.loads(result.stdout)[0]["to"] == "dana"
    assert result.stderr.splitlines()[0] == (
        "warning: 'finn' is still active: recording a planned handover; set status: departed and "
        "left_on in content/team.yaml when they leave"
    )


# ------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "tomm"], "--from 'tomm' is not in content/team.yaml; did you mean 'tom'?"),
        (
            ["--from", "tom", "--to", "zoe"],
            "--to 'zoe' left on 2026-09-01; name active colleagues only",
        ),
        (
            ["--from", "tom", "--to", "evee"],
            "--to 'evee' is not in content/team.yaml; did you mean 'eve'?",
        ),
        (
            ["--from", "tom", "--to", "tom"],
            "--to 'tom' is the person leaving; name the colleagues who take over",
        ),
        (
            ["--from", "tom", "--by", "zoe"],
            "--by 'zoe' left on 2026-09-01; name an active manager or owner",
        ),
        (
            ["--from", "tom", "--to", "dana"],
            "6 customers to hand over but only 4 places left (dana 4); raise a capacity in "
            "content/team.yaml or name more colleagues with --to",
        ),
    ],
)
def test_errors_are_clear(tmp_path: Path, args: list[str], message: str) -> None:
    root = project(tmp_path, "".join(customer(f"c{i}") for i in range(6)))
    result = run(root, *args, "--on", "2026-11-16", exit_code=1)
    assert result.stderr == f"Error: {message}\n"
    assert result.stdout == ""
    assert not (root / "content" / "handovers").exists()


def test_a_company_too_big_for_anyone_is_an_error(tmp_path: Path) -> None:
    book = "".join(customer(f"c{i}", company="Big Co") for i in range(5))
    root = project(
        tmp_path, book, TEAM.replace("capacity: 6}\n  - {id: max", "capacity: 3}\n  - {id: max")
    )
    result = run(root, "--from", "tom", "--on", "2026-11-16", "--to", "dana", "--to", "finn", exit_code=1)
    assert result.stderr == (
        "Error: no colleague has room left for Big Co (5 customers of one company): dana 4, finn 3; "
        "raise a capacity in content/team.yaml or name more colleagues with --to\n"
    )
    assert proposal(root, "--to", "eve") == {f"c{i}": "eve" for i in range(5)}


def test_invalid_data_stops_before_proposing(tmp_path: Path) -> None:
    root = project(tmp_path, customer("ann", "nobody"))
    result = run(root, "--from", "tom", "--on", "2026-11-16", exit_code=1)
    assert result.stderr.splitlines()[-1] == "playbook: 1 error, 0 warnings"


# ------------------------------------------------------------------- record validation, located


def check(root: Path) -> list[str]:
    """`playbook check` on data with mistakes: it must exit 1; its messages, paths relative."""
    result = run_cli("-C", str(root), "check", exit_code=1, catch_exceptions=False)
    return [line.replace(str(root) + "/", "") for line in result.stderr.splitlines()]


def test_every_record_error_is_located(tmp_path: Path) -> None:
    root = project(tmp_path, customer("ann") + customer("bob") + customer("cy", "dana"))
    write_tree(
        root,
        {
            "content/handovers/2026-11-16-tom.yaml": """\
                handover:
                  date: 2026-11-16
                  from: tom
                  assignments:
                    - customer: ann
                      to: dana
                    - customer: ann
                      to: eve
                    - customer: cy
                      to: finn
                    - customer: zed
                      to: evee
                    - customer: bob
                      to: zoe
                    - customer: bob
                      colour: red
                """,
            "content/handovers/2026-11-17-tom.yaml": """\
                handover:
                  date: 2026-11-31
                  from: tomm
                  from: tom
                  assignments: []
                """,
            "content/handovers/Bad Name.yaml": "handover: {}\n",
            "content/handovers/2026-11-18-x.yaml": """\
                handover:
                  date: 2026-11-18
                  from: tomm
                  by: olgaa
                  assignments: [{customer: bob, to: tom}]
                """,
        },
    )
    h = "content/handovers"
    assert check(root) == [
        "content/customers.yaml:3:38: warning: customer 'bob': consultant 'tom' left on 2026-11-06; the customer is an orphan until handed over (playbook handover --from tom)",
        f"{h}/2026-11-16-tom.yaml:7:17: error: handover '2026-11-16-tom': customer 'ann' is assigned twice (first on line 5); keep one assignment",
        f"{h}/2026-11-16-tom.yaml:9:17: error: handover '2026-11-16-tom': customer 'cy' is with 'dana', not 'tom'; only the departing person's customers can be handed over",
        f"{h}/2026-11-16-tom.yaml:11:17: error: handover '2026-11-16-tom': customer 'zed' is not in any customer file",
        f"{h}/2026-11-16-tom.yaml:12:11: error: handover '2026-11-16-tom': 'to' 'evee' is not in content/team.yaml; did you mean 'eve'?",
        f"{h}/2026-11-16-tom.yaml:14:11: error: handover '2026-11-16-tom': 'to' 'zoe' left on 2026-09-01; name an active colleague",
        f"{h}/2026-11-16-tom.yaml:15:7: error: handover '2026-11-16-tom': assignment #6: 'to' is missing; every assignment needs one",
        f"{h}/2026-11-16-tom.yaml:16:7: error: handover '2026-11-16-tom': assignment #6: unknown field 'colour'; known fields: customer, to, reason",
        f"{h}/2026-11-17-tom.yaml:2:9: error: handover '2026-11-17-tom': 'date': 2026-11-31 is not a date: November 2026 has 30 days",
        f"{h}/2026-11-17-tom.yaml:4:3: error: handover '2026-11-17-tom': duplicate key 'from' (first set on line 3); YAML would silently keep only the last value: remove or rename one",
        f"{h}/2026-11-18-x.yaml:3:9: error: handover '2026-11-18-x': 'from' 'tomm' is not in content/team.yaml; did you mean 'tom'?",
        f"{h}/2026-11-18-x.yaml:4:7: error: handover '2026-11-18-x': 'by' 'olgaa' is not in content/team.yaml; did you mean 'olga'?",
        f"{h}/2026-11-18-x.yaml:5:28: error: handover '2026-11-18-x': customer 'bob' is with 'tom', not 'tomm'; only the departing person's customers can be handed over",
        f"{h}/2026-11-18-x.yaml:5:37: error: handover '2026-11-18-x': 'to' 'tom' left on 2026-11-06; name an active colleague",
        f"{h}/Bad Name.yaml:1:1: error: handover file name 'Bad Name.yaml' is not a safe id; name it like 2026-11-16-tom-reed.yaml (lower-case letters, digits and hyphens)",
        "playbook: 14 errors, 1 warning",
    ]
