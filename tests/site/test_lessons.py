"""Lesson pages a trainer can project and hand out (issue 15): the habit in one line, why it
matters, how the rule decides in plain words, real examples with their talking points filled
in, an exercise, and one printed sheet per habit."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO

from generator.build import build_site, render_site
from generator.core.expr_check import compile_condition
from generator.core.fact_catalogue import FACT_TYPES
from generator.core.project import Project
from generator.site import links
from generator.site.condition_words import condition_words
from generator.site.descriptions import describe_rule, spoken_days
from generator.site.habit_pages import EXAMPLES, example_tasks
from generator.site.render import md_text
from generator.site.spec import Site

AS_OF = date(2026, 11, 16)


@pytest.fixture(scope="module")
def rendered():  # type: ignore[no-untyped-def]
    result = render_site(Project.at(REPO), as_of=AS_OF)
    assert result.ok, [str(p) for p in result.problems.items]
    return result


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        ("true", ("for", "every customer")),
        ('stage != "lost"', ("unless", "they are a lost customer")),
        ("not lapsed", ("unless", "they have lapsed (no purchase for a long while)")),
        (
            'stage == "customer" and lifetime_value >= 2000 and not lapsed',
            ("when", "they are a customer, they have spent at least £2,000 in all and they have not lapsed"),
        ),
        ('stage == "customer" and not has_address', ("when", "they are a customer and we have no postal address for them")),
        ('"sailing" in interests', ("when", "they are interested in sailing")),
        ("days_since_contact > 90 or contacts_count == 0", ("when", "either it has been more than 90 days since the last contact or exactly 0 contacts are logged")),
        ('region in ["north", "south"]', ("when", 'their region is "north" or "south"')),
        ("last_rating == none", ("when", "we do not know their last rating")),
        ("days_since_purchase > days_since_contact", ("when", "`days_since_purchase > days_since_contact`")),
        ("lifetime_value >= 99999999999999999999999999999999999", ("when", "they have spent at least 99999999999999999999999999999999999 in all")),
        ("days_since_contact >= 90.50 and value_tier == 1_000", ("when", "it has been at least 90.5 days since the last contact and their value tier is exactly 1000")),
    ],
)
def test_a_condition_in_a_trainers_words(condition: str, words: tuple[str, str]) -> None:
    assert condition_words(compile_condition(condition, FACT_TYPES), "GBP") == words


def test_days_as_a_trainer_says_them() -> None:
    assert [spoken_days(n) for n in (1, 2, 7, 14, 21, 30, 365, -7)] == [
        "a day", "two days", "a week", "two weeks", "three weeks", "30 days", "a year", "a week",
    ]  # fmt: skip


def test_how_the_demo_rules_decide(rendered) -> None:  # type: ignore[no-untyped-def]
    dataset = rendered.dataset
    rules = {r.id: r for r in dataset.rules}
    view = describe_rule(rules["thank-you"], dataset.settings, "GBP")
    assert view.decides == [
        "Two days after each purchase, unless they are a lost customer.",
        "You do it through the customer's preferred channel (each channel in turn while we do not know it).",
        "Done when you reach them or you send them something (a message, a letter or a card); a contact up to a day before it falls due counts too.",
        "A missed one stays on the plan as overdue for two weeks.",
        "Priority 90.",
    ]
    assert describe_rule(rules["seasonal-thanks"], dataset.settings, "GBP").decides[:2] == [
        "Three weeks before the winter holidays (20 December), when they are a customer and we know some of their interests.",
        "The tasks are spread over the working days of the week up to that day, so they do not all fall on one.",
    ]
    assert describe_rule(rules["win-back"], dataset.settings, "GBP").decides[0] == (
        "A year (the setting lapsed_after_days) after their last purchase, and every 180 days after that while nothing changes, when they are a customer."
    )
    assert describe_rule(rules["prospect-follow-up"], dataset.settings, "GBP").decides[:2] == [
        "Up to four tries while they do not answer: the first three days after the last contact, the next ones 7, 14 and 30 days after each unanswered try; the last is the final one.",
        "Only when they are a prospect.",
    ]
    assert describe_rule(rules["handover-notice"], dataset.settings, "GBP").decides[1] == (
        "The organisation's signatory, not the consultant, sends it by letter or handwritten card."
    )


def test_every_lesson_page_teaches_from_real_tasks(rendered) -> None:  # type: ignore[no-untyped-def]
    dataset, plan = rendered.dataset, rendered.plan
    pages = {p.path: p.text for p in rendered.pages}
    for habit in {r.habit for r in dataset.rules}:
        page = pages[links.habit_page(habit)]
        assert "{{" not in page and "&#123;&#123;" not in page, f"{habit}: a placeholder left as written"
        assert "| Setting | Value |" not in page
        for heading in ("## Why it matters", "## How the rule", "## From this week's plans", "## Try it"):
            assert heading in page, (habit, heading)
        for rule in dataset.rules:
            if rule.habit == habit and rule.lesson:
                assert md_text(rule.lesson) in page
        tasks = [t for t in plan.tasks if t.habit == habit]
        shown = [t for t in tasks if f"#{t.customer})**," in page]
        assert len(shown) == min(EXAMPLES, len({t.customer for t in tasks})), habit
        for task in shown:
            for point in task.talking_points:
                assert f"    - {md_text(point)}\n" in page, (habit, point)
    thanks = pages["habits/thank-you.md"]
    assert "**Thank every customer yourself, soon after they buy, for choosing us.**" in thanks
    assert "Two days after each purchase, unless they are a lost customer." in thanks
    assert "<p class=\"lesson-exercise\">Take one example above and write the thank-you you would send" in thanks


def test_examples_are_this_weeks_and_show_the_habits_range(rendered) -> None:  # type: ignore[no-untyped-def]
    site = Site.of(rendered.dataset, rendered.plan, as_of=AS_OF)
    tasks = [t for t in rendered.plan.tasks if t.habit == "appreciation"]
    picked = example_tasks(site, tasks)
    assert len(picked) == EXAMPLES
    assert len({t.customer for t in picked}) == EXAMPLES
    assert len({t.consultant for t in picked}) == EXAMPLES, "three consultants where the plans have them"
    assert picked == example_tasks(site, list(reversed(tasks))), "the same examples whatever the order"
    this_week = [t for t in rendered.plan.tasks if t.habit == "review" and t.due <= site.week_end]
    assert all(t.due <= site.week_end for t in example_tasks(site, [t for t in rendered.plan.tasks if t.habit == "review"])) == (len(this_week) >= EXAMPLES)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium package is not installed")
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_each_lesson_prints_on_one_sheet(tmp_path: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    from pypdf import PdfReader

    built = build_site(Project.at(REPO), as_of=AS_OF, site_dir=tmp_path / "site")
    assert built.site_dir is not None
    habits = sorted(p.parent.name for p in (built.site_dir / "habits").glob("*/index.html") if p.parent.name != "facts")
    assert len(habits) >= 11
    output = REPO / "test-output"
    output.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for habit in habits:
            page.goto((built.site_dir / "habits" / habit / "index.html").as_uri())
            if habit == "appreciation":
                page.screenshot(path=str(output / "lesson.png"), full_page=True)  # for the README
            for paper in ("A4", "Letter"):
                path = tmp_path / f"{habit}-{paper}.pdf"
                path.write_bytes(page.pdf(format=paper))
                assert len(PdfReader(path).pages) == 1, (habit, paper)
                text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
                assert "Try it" in text and "Why it matters" in text, (habit, paper)
                if habit == "appreciation" and paper == "A4":
                    shutil.copy(path, output / "lesson-A4.pdf")
        browser.close()
