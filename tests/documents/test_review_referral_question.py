"""The review checklist's `when` questions: whom they would recommend us to, asked after a 4 or 5."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import MINIMAL_TEAM, run_cli, write_tree

from generator.core import model
from generator.core.project import Project
from generator.documents.checklists import checklist
from generator.load.dataset import load_dataset
from generator.load.review_questions import default_questions

ASK = "They rated us 4 or 5 last time. Whom would they recommend us to?"
CUSTOMERS = """\
customers:
  - id: ann
    name: Ann Lee
    consultant: dana
    reviews: [{date: 2024-05-01, rating: 2}, {date: 2025-05-01, rating: 4}]
  - id: bob
    name: Bob Stone
    consultant: dana
    reviews: [{date: 2024-05-01, rating: 5}, {date: 2025-05-01, rating: 3}]
  - id: cem
    name: Cem Acar
    consultant: dana
  - id: dee
    name: Dee Moss
    consultant: dana
    reviews: [{date: 2025-05-01, rating: 4}, {date: 2026-12-01, rating: 2}]
"""


def _task(customer: str) -> model.Task:
    return model.Task(
        id="t1", due=date(2026, 11, 20), consultant="dana", customer=customer, habit="review", rule="review",
        channel="phone", channel_source="fixed", reason="", overdue=False,
    )  # fmt: skip


def _asked(root: Path, customer: str) -> list[str]:
    dataset = load_dataset(Project.at(root), use_cache=False).dataset
    assert dataset is not None
    made = checklist(dataset, _task(customer), date(2026, 11, 16))
    return [q.ask for section in made.sections for q in section.questions]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {"content/team.yaml": MINIMAL_TEAM, "content/customers.yaml": CUSTOMERS, "playbook/rules.yaml": "rules: []\n"},
    )


def test_the_built_in_referral_question_asks_only_after_a_4_or_5(project: Path) -> None:
    conditions = [q.when.source for s in default_questions() for q in s.questions if q.when is not None]
    assert conditions == ["last_rating >= 4"]
    assert _asked(project, "ann")[-1] == ASK  # last rated 4
    assert ASK not in _asked(project, "bob")  # a 5 before, but a 3 last time
    assert ASK not in _asked(project, "cem")  # never reviewed
    assert _asked(project, "dee")[-1] == ASK  # the 2 after the checklist's date is not known yet
    assert len(_asked(project, "ann")) == len(_asked(project, "bob")) + 1


def test_a_trainers_when_hides_a_whole_section_when_nothing_in_it_applies(project: Path) -> None:
    write_tree(
        project,
        {
            "playbook/review_questions.yaml": """\
                sections:
                  - title: Start
                    questions:
                      - {ask: How was it?, kind: text}
                  - title: Regulars
                    questions:
                      - {ask: Still happy with the boots?, kind: yes_no, when: reviews_count >= 2 and last_rating <= 3}
                """,
        },
    )
    assert _asked(project, "bob") == ["How was it?", "Still happy with the boots?"]
    assert _asked(project, "ann") == ["How was it?"]


def test_a_mistake_in_when_is_located(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(
        project,
        {
            "playbook/review_questions.yaml": """\
                sections:
                  - title: Start
                    questions:
                      - ask: Whom would they recommend us to?
                        kind: text
                        when: last_ratin >= 4
                """,
        },
    )
    monkeypatch.chdir(project)
    result = run_cli("check", exit_code=1)
    assert result.stderr.splitlines() == [
        "playbook/review_questions.yaml:6:15: error: section #1: question #1: 'when' is not valid: unknown fact 'last_ratin'; did you mean 'last_rating'?",
        "playbook: 1 error, 0 warnings",
    ]
