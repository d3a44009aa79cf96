"""`playbook check` on one fixture folder per error class, asserting the exact located output."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_each_error_class_is_reported_with_file_line_and_message(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = BAD / case
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, ["check"], catch_exceptions=False)
    expected = (folder / "expected.txt").read_text(encoding="utf-8")
    assert result.stderr == expected
    has_errors = "error:" in expected
    assert result.exit_code == (1 if has_errors else 0)
    assert "Traceback" not in result.output


def test_fixtures_cover_every_error_class() -> None:
    wanted = {
        "yaml_syntax", "duplicate_keys", "unknown_field", "wrong_types", "bad_dates",
        "duplicate_ids", "unknown_consultant", "departed_consultant", "unsafe_ids",
        "non_utf8", "empty_file", "missing_fields",
        "bad_capacity_keeps_person", "bad_date_keeps_customer", "unknown_consultant_and_field_errors",
        "departed_without_left_on", "date_forms", "words_close_in_meaning", "misspelt_section",
        "yaml_tab", "yaml_unclosed_quote", "yaml_colon_in_value", "yaml_indentation", "yaml_control_byte",
        "yaml_value_starts_with_reserved", "yaml_unclosed_bracket", "ten_mistakes",
    }  # fmt: skip
    assert wanted <= set(CASES)


def test_every_problem_is_reported_in_one_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Problems in several files come out together, in file order, each located."""
    for case in ("duplicate_keys", "wrong_types"):
        source = (BAD / case / "content" / "customers.yaml").read_text(encoding="utf-8")
        target = tmp_path / "content" / "customers" / f"{case}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.replace("id: ann", f"id: ann-{case.replace('_', '-')}"), encoding="utf-8")
    (tmp_path / "content" / "team.yaml").write_text(
        (BAD / "wrong_types" / "content" / "team.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "playbook").mkdir()
    (tmp_path / "playbook" / "rules.yaml").write_text("rules: []\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check"])
    lines = result.stderr.splitlines()
    assert result.exit_code == 1
    assert lines[-1] == "playbook: 6 errors, 0 warnings"
    assert [line.split(":")[0] for line in lines[:-1]] == ["content/customers/duplicate_keys.yaml"] + [
        "content/customers/wrong_types.yaml"
    ] * 5


def test_missing_project_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(tmp_path / "nowhere"), "check"])
    assert result.exit_code == 1
    assert "no such folder" in result.stderr
    assert "Traceback" not in result.output


def test_folder_without_content_is_not_a_project(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "check"])
    assert result.exit_code == 1
    assert "is not a playbook project" in result.stderr


def test_missing_team_file_is_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "playbook").mkdir()
    (tmp_path / "playbook" / "rules.yaml").write_text("rules: []\n", encoding="utf-8")
    (tmp_path / "content" / "customers.yaml").write_text("customers: []\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "content/team.yaml:1:1: error: the file is missing; every project needs one"
    )


def test_usage_error_exits_2(minimal_project: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(minimal_project), "check", "--no-such-option"])
    assert result.exit_code == 2


def test_valid_project_exits_0(minimal_project: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(minimal_project), "check"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "playbook: 0 errors, 0 warnings",
        f"{minimal_project.name}: 2 people, 1 customer, 0 rules: ok",
    ]
