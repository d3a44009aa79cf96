"""Every date, day count and amount has a range that `check` enforces (issue 14, failure 5).

Before, values outside what the planner can compute passed `check` and crashed `plan` (exit 3).
"""

from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL_TEAM, run_cli, write_tree

RULE = """\
rules:
  - id: thanks
    habit: thank_you
    title: Thank them
    why: Because it matters.
    anchor: purchase
    offset_days: {offset}
"""


def _project(tmp_path: Path, *, as_of: str = "2026-03-01", offset: str = "3", amount: str = "120.50",
             purchase_date: str = "2026-01-05", birthday: str = "1960-04-02") -> Path:
    return write_tree(
        tmp_path,
        {
            "content/team.yaml": MINIMAL_TEAM,
            "content/customers.yaml": f"""\
customers:
  - id: ann
    name: Ann Lee
    consultant: dana
    birthday: {birthday}
    purchases:
      - date: {purchase_date}
        amount: {amount}
""",
            "playbook/rules.yaml": f"settings:\n  as_of: {as_of}\n" + RULE.format(offset=offset),
        },
    )


def _errors(tmp_path: Path) -> list[str]:
    result = run_cli("-C", str(tmp_path), "check", exit_code=1)
    return [line.removeprefix(f"{tmp_path}/") for line in result.stderr.splitlines()]


def test_a_plan_date_far_in_the_future_is_a_located_error(tmp_path: Path) -> None:
    _project(tmp_path, as_of="9999-12-25")
    assert _errors(tmp_path) == [
        "playbook/rules.yaml:2:10: error: 'as_of': 9999-12-25 is outside the dates playbook plans with (1900-01-01 to 2199-12-31)",
        "playbook: 1 error, 0 warnings",
    ]


def test_a_huge_offset_is_a_located_error(tmp_path: Path) -> None:
    _project(tmp_path, offset="3000000")
    assert _errors(tmp_path) == [
        "playbook/rules.yaml:9:18: error: rules: rule 'thanks': 'offset_days' must be at most 3660 (got 3000000)",
        "playbook: 1 error, 0 warnings",
    ]


def test_a_number_too_long_for_python_is_a_located_error(tmp_path: Path) -> None:
    _project(tmp_path, offset="9" * 5000)
    assert _errors(tmp_path)[0].endswith("'offset_days' must be a whole number of at most 15 digits (got 5000 digits)")


def test_a_huge_amount_is_a_located_error(tmp_path: Path) -> None:
    _project(tmp_path, amount="1" + "0" * 29)
    assert _errors(tmp_path) == [
        "content/customers.yaml:8:17: error: customer 'ann': purchase #1: 'amount' must be at most "
        f"1,000,000,000,000 (one trillion) (got '1{'0' * 29}')",
        "playbook: 1 error, 0 warnings",
    ]


def test_an_amount_with_fractions_of_a_cent_is_a_located_error(tmp_path: Path) -> None:
    _project(tmp_path, amount="12.345")
    assert _errors(tmp_path) == [
        "content/customers.yaml:8:17: error: customer 'ann': purchase #1: 'amount' must have at most 2 decimal places, like 1234.50 (got '12.345')",
        "playbook: 1 error, 0 warnings",
    ]


def test_data_dates_and_birthdays_before_1900_are_located_errors(tmp_path: Path) -> None:
    _project(tmp_path, purchase_date="0001-01-05", birthday="1850-04-02")
    assert _errors(tmp_path) == [
        "content/customers.yaml:5:15: error: customer 'ann': 'birthday': 1850-04-02 is outside the dates playbook plans with (1900-01-01 to 2199-12-31)",
        "content/customers.yaml:7:15: error: customer 'ann': purchase #1: 'date': 0001-01-05 is outside the dates playbook plans with (1900-01-01 to 2199-12-31)",
        "playbook: 2 errors, 0 warnings",
    ]


def test_an_as_of_option_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    _project(tmp_path)
    result = run_cli("-C", str(tmp_path), "plan", "--as-of", "0001-01-01", exit_code=2)
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--as-of': 0001-01-01 is outside the dates playbook plans with (1900-01-01 to 2199-12-31)"
    )


def test_settings_day_counts_have_a_maximum(tmp_path: Path) -> None:
    _project(tmp_path)
    rules = tmp_path / "playbook/rules.yaml"
    rules.write_text(rules.read_text().replace("settings:\n", "settings:\n  lapsed_after_days: 100000000\n"))
    assert _errors(tmp_path) == [
        "playbook/rules.yaml:2:22: error: 'lapsed_after_days' must be at most 3660 (got 100000000)",
        "playbook: 1 error, 0 warnings",
    ]


def test_the_edges_of_every_range_plan_without_a_crash(tmp_path: Path) -> None:
    for as_of, purchase, offset in (("2199-12-31", "2199-12-31", "3660"), ("1900-01-01", "1900-01-01", "-3660")):
        _project(tmp_path, as_of=as_of, purchase_date=purchase, offset=offset, amount="1000000000000", birthday="2199-02-28")
        run_cli("-C", str(tmp_path), "check")
        run_cli("-C", str(tmp_path), "plan", "--days", "366")
        run_cli("-C", str(tmp_path), "plan", "--format", "json")
        run_cli("-C", str(tmp_path), "report", "quiet")
