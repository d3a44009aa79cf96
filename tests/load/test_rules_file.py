"""playbook/rules.yaml as a whole: the built-in rules when there is none, and what a file may leave out."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from conftest import MINIMAL_TEAM, run_cli, write_tree

from generator.core.problems import Problems
from generator.core.project import Project
from generator.core.vocabulary import DEFAULT_SETTINGS, HABITS
from generator.load.dataset import load_dataset
from generator.load.new_project import with_start_date
from generator.load.rules_file import BUILTIN_RULES, builtin_rules, parse_rules_file
from generator.load.settings import SETTINGS_FIELDS
from generator.load.yamlio import compose_builtin

BUILTIN_IDS = [
    "thank-you", "check-in", "referral-thanks", "prospect-follow-up", "stay-in-touch-valued",
    "stay-in-touch", "birthday-card", "birthday-call", "relationship-review", "seasonal-thanks",
    "win-back", "win-back-lost", "handover-notice", "handover-introduction",
]  # fmt: skip


def test_the_built_in_rules_validate_and_teach_every_habit() -> None:
    rules = builtin_rules()
    assert [r.id for r in rules] == BUILTIN_IDS
    assert {r.habit for r in rules} == set(HABITS)
    assert all(r.source is not None and r.source.file == "<built-in rules>" for r in rules)


def test_every_setting_is_explained_in_the_built_in_file_with_its_default() -> None:
    """Each setting has one commented line; uncommented, the lines load and give the defaults."""
    text = BUILTIN_RULES.read_text(encoding="utf-8")
    commented = re.findall(r"^  # ([a-z_]+): (.+?) +# (.+)$", text, re.MULTILINE)
    assert sorted(name for name, _, _ in commented) == sorted(f.name for f in SETTINGS_FIELDS)
    uncommented = "settings:\n" + "".join(f"  {name}: {value}\n" for name, value, _ in commented)
    problems = Problems()
    settings, _ = parse_rules_file(compose_builtin(uncommented + "rules: []\n"), "x", problems)
    assert problems.items == [] and settings is not None
    defaults = {k: v for k, v in DEFAULT_SETTINGS.items() if v is not None}
    assert {k: settings.values[k] for k in defaults} == defaults
    assert settings.values["value_tiers"] and settings.values["start_date"] == date(2026, 1, 31)


def test_init_writes_the_built_in_file_with_its_start_date() -> None:
    text = BUILTIN_RULES.read_text(encoding="utf-8")
    started = with_start_date(text, date(2026, 12, 5))
    changed = [(a, b) for a, b in zip(text.splitlines(), started.splitlines(), strict=True) if a != b]
    assert len(changed) == 1
    assert changed[0][1] == (
        "  start_date: 2026-12-05           # follow-ups missed before this day are not shown: "
        "the plan starts fresh (written by playbook init)"
    )
    assert changed[0][1].index("#") == changed[0][0].index("#", 4), "lined up with the other comments"
    settings, rules = parse_rules_file(compose_builtin(started), "x", Problems())
    assert settings is not None and settings.values["start_date"] == date(2026, 12, 5)
    assert [r.id for r in rules] == BUILTIN_IDS


def project(tmp_path: Path, rules: str | None) -> Path:
    files = {
        "content/team.yaml": MINIMAL_TEAM,
        "content/customers.yaml": "customers:\n  - {id: ann, name: Ann Lee, consultant: dana, purchases: [{date: 2026-11-10, amount: 50}]}\n",
    }
    if rules is not None:
        files["playbook/rules.yaml"] = rules
    return write_tree(tmp_path, files)


@pytest.mark.parametrize(
    ("rules", "ids", "horizon"),
    [
        (None, BUILTIN_IDS, 28),  # no file
        ("", BUILTIN_IDS, 28),  # an empty file
        ("# all commented out\n#rules:\n", BUILTIN_IDS, 28),
        ("settings:\n  # horizon_days: 7\nrules:\n  # - id: x\n", BUILTIN_IDS, 28),  # blank sections
        ("settings:\n  horizon_days: 7\n", BUILTIN_IDS, 7),  # settings only: the built-in rules
        ("rules: []\n", [], 28),  # no rules, on purpose
        (
            "rules:\n  - {id: mine, habit: thank_you, title: T, why: W, anchor: purchase, offset_days: 2}\n",
            ["mine"],
            28,
        ),
    ],
)
def test_what_a_rules_file_leaves_out_comes_from_playbook(
    tmp_path: Path, rules: str | None, ids: list[str], horizon: int
) -> None:
    loaded = load_dataset(Project.at(project(tmp_path, rules)), use_cache=False)
    assert loaded.problems.items == []
    assert loaded.dataset is not None
    assert [r.id for r in loaded.dataset.rules] == ids
    assert loaded.dataset.settings.values["horizon_days"] == horizon


def test_a_project_without_a_playbook_folder_plans_with_the_built_in_rules(tmp_path: Path) -> None:
    root = project(tmp_path, None)
    assert not (root / "playbook").exists()
    check = run_cli("-C", str(root), "check")
    assert check.stderr.splitlines()[-1] == f"{root.name}: 2 people, 1 customer, 14 rules: ok"
    plan = run_cli("-C", str(root), "plan", "--as-of", "2026-11-11")
    assert plan.stdout.splitlines()[1].split()[:4] == ["2026-11-12", "dana", "Ann", "Lee"]
    assert "thank_you" in plan.stdout.splitlines()[1]


def test_mistakes_in_a_file_that_keeps_the_built_in_rules_are_still_located(tmp_path: Path) -> None:
    root = project(tmp_path, "settings:\n  horizon_days: soon\n")
    result = run_cli("-C", str(root), "check", exit_code=1)
    assert result.stderr.splitlines() == [
        f"{root}/playbook/rules.yaml:2:17: error: 'horizon_days' must be a whole number (got 'soon')",
        "playbook: 1 error, 0 warnings",
    ]
