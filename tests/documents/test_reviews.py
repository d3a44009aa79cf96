"""Relationship reviews: recording them as new files, loading them back, and the checklists."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import MINIMAL_TEAM, run_cli, write_tree

from generator.cli import cli
from generator.core import model
from generator.core.project import Project
from generator.documents.checklists import checklist
from generator.load.dataset import load_dataset
from generator.load.review_questions import DEFAULT_TEXT, default_questions
from generator.load.review_records import review_text

REPO = Path(__file__).resolve().parents[2]

CUSTOMERS = """\
customers:
  - id: ann
    name: Ann Lee
    consultant: dana
    reviews:
      - {date: 2025-03-01, rating: 3, note: Slow alterations.}
  - id: bob
    name: Bob Stone
    consultant: dana
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {
            "content/team.yaml": MINIMAL_TEAM,
            "content/customers.yaml": CUSTOMERS,
            "playbook/rules.yaml": "settings:\n  as_of: 2026-11-16\nrules: []\n",
        },
    )


def run(project: Path, *args: str, exit_code: int = 0) -> Result:
    """playbook on `project`; fails the test unless it exits with `exit_code`."""
    return run_cli("-C", str(project), *args, exit_code=exit_code)


def reviews_of(project: Path, customer: str) -> tuple[model.Review, ...]:
    result = load_dataset(Project.at(project), use_cache=False)
    assert result.dataset is not None, [str(p) for p in result.problems.items]
    return result.dataset.customer(customer).reviews


# ---------------------------------------------------------------- playbook review record


def test_record_writes_a_new_dated_file_that_the_next_load_applies(project: Path) -> None:
    result = run(project, "review", "record", "ann", "--rating", "4", "--note", "Happy with the jacket.", "--on", "2026-11-10")
    path = project / "content" / "reviews" / "2026-11-10-ann.yaml"
    assert result.stderr == f"playbook: recorded a rating of 4 for ann in {path}\n"
    assert path.read_text(encoding="utf-8").endswith(
        "reviews:\n- customer: ann\n  date: 2026-11-10\n  rating: 4\n  note: Happy with the jacket.\n"
    )
    assert reviews_of(project, "ann") == (
        model.Review(date=date(2025, 3, 1), rating=3, note="Slow alterations."),
        model.Review(date=date(2026, 11, 10), rating=4, note="Happy with the jacket."),
    )


def test_record_defaults_to_the_settings_date_and_leaves_out_an_empty_note(project: Path) -> None:
    run(project, "review", "record", "bob", "--rating", "5")
    text = (project / "content" / "reviews" / "2026-11-16-bob.yaml").read_text(encoding="utf-8")
    assert "note" not in text
    assert reviews_of(project, "bob") == (model.Review(date=date(2026, 11, 16), rating=5),)


def test_a_second_review_the_same_day_gets_a_suffix_and_never_rewrites(project: Path) -> None:
    run(project, "review", "record", "ann", "--rating", "4", "--on", "2026-11-10")
    first = project / "content" / "reviews" / "2026-11-10-ann.yaml"
    before = first.read_bytes()
    run(project, "review", "record", "ann", "--rating", "2", "--on", "2026-11-10")
    run(project, "review", "record", "ann", "--rating", "1", "--on", "2026-11-10")
    folder = project / "content" / "reviews"
    assert sorted(p.name for p in folder.iterdir()) == [
        "2026-11-10-ann-2.yaml",
        "2026-11-10-ann-3.yaml",
        "2026-11-10-ann.yaml",
    ]
    assert first.read_bytes() == before
    result = run(project, "check")
    assert "already has a review recorded on 2026-11-10" in result.stderr


TRICKY_NOTES = [
    "NO", "yes", "on", "12:30", "#x", "{a}", "[1, 2]", "- item", "key: value", "0o17", "01234",
    "1e3", "~", "null", "true", "'quoted'", '"double"', "it's", "  leading and trailing  ",
    "line one\nline two", "tab\there", "café ☕", "a\u2028b", "%TAG", "!tag", "&anchor", "*alias",
    "@at", "`tick`", "> folded", "| literal", "ends with colon:", "back\\slash", "=1+1",
]  # fmt: skip


@pytest.mark.parametrize("note", TRICKY_NOTES)
def test_any_note_round_trips_exactly_through_the_loader(project: Path, note: str) -> None:
    run(project, "review", "record", "bob", "--rating", "3", "--note", note, "--on", "2026-11-12")
    assert reviews_of(project, "bob") == (model.Review(date=date(2026, 11, 12), rating=3, note=note),)


def test_the_written_file_is_all_there_is(tmp_path: Path) -> None:
    """No temporary file is left behind beside the record."""
    project = write_tree(
        tmp_path,
        {"content/team.yaml": MINIMAL_TEAM, "content/customers.yaml": CUSTOMERS, "playbook/rules.yaml": "rules: []\n"},
    )
    run(project, "review", "record", "ann", "--rating", "4", "--on", "2026-01-02")
    assert [p.name for p in (project / "content" / "reviews").iterdir()] == ["2026-01-02-ann.yaml"]


def test_unknown_customer_exits_1_with_a_suggestion(project: Path) -> None:
    result = run(project, "review", "record", "anne", "--rating", "4", exit_code=1)
    assert result.stderr == "Error: customer 'anne' is not in the customer files; did you mean 'ann'?\n"
    assert not (project / "content" / "reviews").exists()


@pytest.mark.parametrize("rating", ["0", "6", "four", "4.5"])
def test_a_rating_outside_1_to_5_is_a_usage_error(project: Path, rating: str) -> None:
    result = run(project, "review", "record", "ann", "--rating", rating, exit_code=2)
    assert "Invalid value for '--rating'" in result.stderr
    assert not (project / "content" / "reviews").exists()


def test_missing_rating_and_bad_date_are_usage_errors(project: Path) -> None:
    run(project, "review", "record", "ann", exit_code=2)
    run(project, "review", "record", "ann", "--rating", "4", "--on", "16/11/2026", exit_code=2)


def test_invalid_data_is_reported_and_nothing_is_written(project: Path) -> None:
    (project / "content" / "customers.yaml").write_text(CUSTOMERS + "    consultnat: x\n", encoding="utf-8")
    result = run(project, "review", "record", "ann", "--rating", "4", exit_code=1)
    assert "unknown field 'consultnat'" in result.stderr
    assert not (project / "content" / "reviews").exists()


# ---------------------------------------------------------------- loading review files


def test_mistakes_in_review_files_are_located(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(
        project,
        {
            "content/reviews/2026-11-01-ann.yaml": """\
                reviews:
                  - customer: anne
                    date: 2026-11-01
                    rating: 4
                  - customer: ann
                    date: 2026-02-30
                    rating: 7
                    mood: good
                  - customer: bob
                    date: 2026-11-01
                    rating: 5
                    rating: 4
                """,
            "content/reviews/2026-11-02-x.yaml": "reviews: {customer: ann}\nextra: 1\n",
        },
    )
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stderr == (
        "content/reviews/2026-11-01-ann.yaml:2:15: error: review #1: customer 'anne' is not in the customer files; did you mean 'ann'?\n"
        "content/reviews/2026-11-01-ann.yaml:6:11: error: review #2: 'date': 2026-02-30 is not a date: February 2026 has 28 days\n"
        "content/reviews/2026-11-01-ann.yaml:7:13: error: review #2: 'rating' must be at most 5 (got 7)\n"
        "content/reviews/2026-11-01-ann.yaml:8:5: error: review #2: unknown field 'mood'; known fields: customer, date, rating, note\n"
        "content/reviews/2026-11-01-ann.yaml:12:5: error: review #3: duplicate key 'rating' (first set on line 11); YAML would silently keep only the last value: remove or rename one\n"
        "content/reviews/2026-11-02-x.yaml:1:10: error: 'reviews' must be a list of reviews\n"
        "content/reviews/2026-11-02-x.yaml:2:1: error: unknown field 'extra'; known fields: reviews\n"
        "playbook: 7 errors, 0 warnings\n"
    )


def test_review_text_is_yaml_that_keeps_dates_plain() -> None:
    text = review_text("ann", date(2026, 1, 2), 5, "NO")
    assert text.splitlines()[2:] == ["reviews:", "- customer: ann", "  date: 2026-01-02", "  rating: 5", "  note: 'NO'"]


# ---------------------------------------------------------------- questions and checklists


def test_built_in_questions_validate_and_the_demo_file_matches_them() -> None:
    sections = default_questions()
    kinds = {q.kind for s in sections for q in s.questions}
    assert kinds == {"yes_no", "text", "rating", "people"}
    demo = (REPO / "playbook" / "review_questions.yaml").read_text(encoding="utf-8")
    assert demo.split("\n", 1)[1] == DEFAULT_TEXT


def test_mistakes_in_the_questions_file_are_located(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(
        project,
        {
            "playbook/review_questions.yaml": """\
                sections:
                  - title: Start
                    questions:
                      - ask: Did it go well?
                        kind: yesno
                      - ask: Anything else?
                        kind: text
                        lines: 40
                      - kind: rating
                """,
        },
    )
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    assert result.stderr == (
        "playbook/review_questions.yaml:5:15: error: section #1: question #1: 'kind' must be one of yes_no, text, rating, people (got 'yesno'); did you mean 'yes_no'?\n"
        "playbook/review_questions.yaml:8:16: error: section #1: question #2: 'lines' must be at most 10 (got 40)\n"
        "playbook/review_questions.yaml:9:9: error: section #1: question #3: 'ask' is missing; every question needs one\n"
        "playbook: 3 errors, 0 warnings\n"
    )


def _task(customer: str, due: date, consultant: str = "dana") -> model.Task:
    return model.Task(
        id="t1", due=due, consultant=consultant, customer=customer, habit="review", rule="review",
        channel="phone", channel_source="fixed", reason="", overdue=False,
    )  # fmt: skip


def test_checklist_shows_previous_ratings_people_met_and_whom_to_introduce(tmp_path: Path) -> None:
    team = MINIMAL_TEAM + "  - id: max\n    name: Max Roe\n    role: manager\n  - id: eli\n    name: Eli Park\n    role: consultant\n"
    project = write_tree(
        tmp_path,
        {
            "content/team.yaml": team,
            "content/customers.yaml": """\
                customers:
                  - id: ann
                    name: Ann Lee
                    consultant: dana
                    contacts:
                      - {date: 2026-01-05, channel: phone, by: eli, outcome: reached}
                      - {date: 2026-03-05, channel: phone, by: max, outcome: no_answer}
                      - {date: 2026-06-01, channel: email, by: eli, outcome: replied}
                      - {date: 2026-12-01, channel: email, by: olga, outcome: replied}
                    reviews:
                      - {date: 2024-05-01, rating: 2}
                      - {date: 2025-05-01, rating: 4, note: Better.}
                """,
            "playbook/rules.yaml": "rules: []\n",
        },
    )
    dataset = load_dataset(Project.at(project), use_cache=False).dataset
    assert dataset is not None
    made = checklist(dataset, _task("ann", date(2026, 11, 20)), date(2026, 11, 16))
    assert [(r.date, r.rating) for r in made.previous] == [(date(2025, 5, 1), 4), (date(2024, 5, 1), 2)]
    assert [(m.person.id, m.contacts, m.last) for m in made.met] == [("eli", 2, date(2026, 6, 1))]
    # the consultant first, then managers and owners; the contact after as_of does not count
    assert [p.id for p in made.to_meet] == ["dana", "max", "olga"]
    assert made.next_review == date(2026, 11, 20)


def test_the_next_plan_knows_about_a_recorded_review(tmp_path: Path) -> None:
    project = write_tree(
        tmp_path,
        {
            "content/team.yaml": MINIMAL_TEAM,
            "content/customers.yaml": """\
                customers:
                  - id: ann
                    name: Ann Lee
                    consultant: dana
                    customer_since: 2020-11-20
                """,
            "playbook/rules.yaml": """\
                settings:
                  as_of: 2026-11-16
                rules:
                  - id: relationship-review
                    habit: review
                    title: Hold the yearly review
                    why: Customers who are asked feel heard.
                    anchor: review
                    every_days: 365
                """,
        },
    )

    def reviews_planned() -> list[str]:
        result = run(project, "plan", "--format", "csv")
        return [line.split(",")[1] for line in result.stdout.splitlines()[1:] if ",review," in line]

    assert reviews_planned() == ["2025-11-19"]  # overdue: yearly since 2020-11-20, never reviewed
    run(project, "review", "record", "ann", "--rating", "5", "--on", "2026-11-16")
    assert reviews_planned() == []  # reviewed today: the next one is a year away


@pytest.mark.browser
@pytest.mark.slow
def test_each_checklist_prints_on_one_sheet(tmp_path: Path) -> None:
    """Every consultant's checklist page of the demo prints one A4 sheet per customer."""
    import shutil

    from pypdf import PdfReader

    from generator.build import build_site, render_site
    from generator.documents.checklists import checklists_by_consultant

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("Debian's chromium package is not installed")
    playwright = pytest.importorskip("playwright.sync_api")
    built = build_site(Project.at(REPO), as_of=date(2026, 11, 16), site_dir=tmp_path / "site")
    assert built.site_dir is not None
    result = render_site(Project.at(REPO), as_of=date(2026, 11, 16))
    assert result.dataset is not None and result.plan is not None
    expected = checklists_by_consultant(result.dataset, result.plan, date(2026, 11, 16))
    assert expected, "the demo has reviews in its plan"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        for person, items in expected.items():
            page.goto((built.site_dir / "reviews" / person / "index.html").as_uri())
            page.emulate_media(media="print")
            pdf = tmp_path / f"{person}.pdf"
            pdf.write_bytes(page.pdf(format="A4"))
            sheets = [sheet.extract_text() for sheet in PdfReader(pdf).pages]
            assert len(sheets) == len(items), person
            for sheet, item in zip(sheets, items, strict=True):
                assert item.customer.name in sheet
                assert "Their rating" in sheet
        browser.close()
