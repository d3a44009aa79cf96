"""`playbook export ics`: a consultant's calendar file, written where asked and never over an input."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
from conftest import run_cli, write_tree

TEAM = """\
    organization:
      name: Corner Shop
      signatory: olga
    people:
      - {id: olga, name: Olga Berg, role: owner}
      - {id: dana, name: Dana Fox, role: consultant}
    """

CUSTOMERS = """\
    customers:
      - id: una
        name: Una Park
        consultant: dana
        email: una@example.com
        purchases:
          - {date: 2026-11-12, amount: 45, item: Lantern}
      - id: omar
        name: Omar Diaz
        consultant: dana
        phone: "555 0102"
        purchases:
          - {date: 2026-11-05, amount: 250, item: Kayak}
    """

RULES = """\
    settings:
      as_of: 2026-11-16
      backlog_after_days: 5
    rules:
      - id: thank-you
        habit: thank_you
        title: Thank them personally for their purchase
        why: A personal thank-you tells them they matter more than the sale.
        anchor: purchase
        offset_days: 2
        expires_days: 14
        priority: 90
      - id: check-in
        habit: check_in
        title: Check the purchase met their expectations
        why: Asking shows we stand behind what we sold.
        anchor: purchase
        offset_days: 21
        expires_days: 30
        priority: 70
    """


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "shop",
        {
            "content/team.yaml": TEAM,
            "content/customers.yaml": CUSTOMERS,
            "playbook/rules.yaml": RULES,
            "mkdocs.yml": "site_name: Corner Shop\n",
        },
    )


def inputs(project: Path) -> dict[Path, bytes]:
    files = [project / "mkdocs.yml", *(project / "content").rglob("*"), *(project / "playbook").rglob("*")]
    return {p: p.read_bytes() for p in files if p.is_file()}


def summaries(data: bytes) -> list[str]:
    return [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]


def test_writes_the_consultants_file_here_by_default(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("-C", str(project), "export", "ics", "--consultant", "dana")
    assert result.stdout == ""
    assert result.stderr == (
        "playbook: wrote dana.ics (3 events from 2026-11-16 to 2026-12-14; 1 task overdue more than 5 days "
        "left out (the backlog: see `playbook plan`))\n"
    )
    assert summaries((tmp_path / "dana.ics").read_bytes()) == [
        "Thank them personally for their purchase: Una Park",
        "Check the purchase met their expectations: Omar Diaz",
        "Check the purchase met their expectations: Una Park",
    ]


def test_as_of_days_and_output_choose_the_period_and_the_file(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "mine.ics"
    result = run_cli("-C", str(project), "export", "ics", "--consultant", "dana", "--as-of", "2026-11-25", "--days", "3", "-o", str(out))
    assert result.stderr == (
        f"playbook: wrote {out} (1 event from 2026-11-25 to 2026-11-28; 1 task overdue more than 5 days "
        "left out (the backlog: see `playbook plan`))\n"
    )
    assert summaries(out.read_bytes()) == ["Check the purchase met their expectations: Omar Diaz"]


def test_dash_writes_to_standard_output_and_runs_repeat_byte_for_byte(project: Path) -> None:
    first = run_cli("-C", str(project), "export", "ics", "--consultant", "dana", "-o", "-")
    second = run_cli("-C", str(project), "export", "ics", "--consultant", "dana", "-o", "-")
    assert first.stdout_bytes == second.stdout_bytes
    assert first.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
    assert len(summaries(first.stdout_bytes)) == 3
    assert first.stderr.startswith("playbook: wrote standard output (3 events from 2026-11-16")


def test_someone_without_tasks_gets_an_empty_calendar(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "olga.ics"
    result = run_cli("-C", str(project), "export", "ics", "--consultant", "olga", "-o", str(out))
    assert result.stderr == f"playbook: wrote {out} (0 events from 2026-11-16 to 2026-12-14)\n"
    assert summaries(out.read_bytes()) == []
    assert str(icalendar.Calendar.from_ical(out.read_bytes())["X-WR-CALNAME"]) == "Olga Berg: follow-ups"


@pytest.mark.parametrize("target", ["content/team.yaml", "content/new.ics", "playbook/rules.yaml", "mkdocs.yml"])
def test_output_never_replaces_an_input(project: Path, target: str) -> None:
    before = inputs(project)
    result = run_cli("-C", str(project), "export", "ics", "--consultant", "dana", "-o", str(project / target), exit_code=1)
    inside = "mkdocs.yml" if target == "mkdocs.yml" else target.split("/")[0]
    assert result.stderr == (
        f"Error: {project / target} is inside the project's inputs ({project / inside}); choose another --output\n"
    )
    assert inputs(project) == before


def test_output_through_a_link_into_the_inputs_is_refused(project: Path, tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(project / "content")
    run_cli("-C", str(project), "export", "ics", "--consultant", "dana", "-o", str(tmp_path / "link" / "team.yaml"), exit_code=1)
    assert (project / "content" / "team.yaml").read_text(encoding="utf-8").startswith("organization:")


@pytest.mark.parametrize(("given", "hint"), [("dnaa", "did you mean 'dana'?"), ("zz", "known: dana, olga")])
def test_unknown_consultant_is_a_usage_error(project: Path, tmp_path: Path, given: str, hint: str) -> None:
    result = run_cli("-C", str(project), "export", "ics", "--consultant", given, "-o", str(tmp_path / "x.ics"), exit_code=2)
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--consultant': no person {given!r} in content/team.yaml; {hint}"
    )
    assert not (tmp_path / "x.ics").exists()


def test_consultant_is_required(project: Path) -> None:
    result = run_cli("-C", str(project), "export", "ics", exit_code=2)
    assert result.stderr.splitlines()[-1] == "Error: Missing option '--consultant'."
