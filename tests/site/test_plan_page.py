"""The plan page as a consultant reads it: Today first, then This week, Later and the Backlog;
one entry per customer per day; phone and e-mail as links; the command that logs each task."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import MINIMAL_TEAM, write_tree
from hostile import HOSTILE, HOSTILE_EMAIL, HOSTILE_PHONE, hostile_contact_customer, hostile_project

from generator.build import render_site
from generator.core.project import Project
from generator.site.render import email_url

AS_OF = date(2026, 11, 16)
CUSTOMERS = """\
customers:
  - id: ann
    name: Ann Lee
    consultant: dana
    phone: +44 7700 900123
    email: ann@example.com
    preferred_channel: phone
    purchases: [{date: 2026-11-10, amount: 150, item: Boots}]
    contacts: [{date: 2026-11-13, channel: phone, outcome: no_answer}]
  - id: bob
    name: Bob Stone
    consultant: dana
    phone: ask at the desk
    email: bob@example.com
    preferred_channel: email
    purchases: [{date: 2026-11-16, amount: 40, item: Hat}]
  - id: cem
    name: Cem Acar
    consultant: dana
    preferred_channel: in_person
    purchases: [{date: 2026-10-20, amount: 40, item: Coat}]
  - id: dee
    name: Dee Hart
    consultant: dana
    phone: "0123 456"
    purchases: [{date: 2026-09-01, amount: 40, item: Scarf}]
    contacts: [{date: 2026-09-01, channel: email, outcome: replied}]
"""
RULES = """\
settings:
  max_touches_per_week: 5{backlog}
rules:
  - {{id: thanks, habit: thank_you, title: Thank them, why: Thanks matter., anchor: purchase, offset_days: 2}}
  - id: fit
    habit: check_in
    title: Check the fit
    why: A good fit brings them back.
    anchor: purchase
    offset_days: 2
    condition: lifetime_value >= 100
  - id: month
    habit: stay_in_touch
    title: A month on
    why: Keep in touch.
    anchor: purchase
    offset_days: 30
    condition: lifetime_value >= 100
"""


def plan_page(root: Path, backlog: str = "") -> str:
    files = {
        "content/team.yaml": MINIMAL_TEAM,
        "content/customers.yaml": CUSTOMERS,
        "playbook/rules.yaml": RULES.format(backlog=backlog),
    }
    result = render_site(Project.at(write_tree(root, files)), as_of=AS_OF)
    assert result.ok, [str(p) for p in result.problems.sorted()]
    return next(page.text for page in result.pages if page.path == "consultants/dana/plan.md")


class Text(HTMLParser):
    """An HTML block's text as a reader sees it: one line per paragraph or list item."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "li", "div", "pre"):
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        self.lines[-1] += data

    @property
    def text(self) -> list[str]:
        return [" ".join(line.split()) for line in self.lines if line.strip()]


def outline(page: str) -> list[tuple[str, ...]]:
    """The page's headings, and each entry as its lines of text, in order."""
    items: list[tuple[str, ...]] = []
    for part in re.split(r'(?m)^(#{2,3} .*)$|<li class="task-list-item plan-entry">', page):
        if part is None or not part.strip():
            continue
        if part.startswith("#"):
            items.append((part,))
        elif "plan-task" in part:
            items.append(tuple(Text(part).text))
    return items


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    return plan_page(tmp_path_factory.mktemp("plan"))


ANN = (
    "Ann Lee",
    "+44 7700 900123 · ann@example.com · prefers phone",
    "Last contact: Friday 13 November 2026, phone, no answer",
)
CEM = ("Cem Acar", "prefers in person", "Last contact: none recorded")
DEE = ("Dee Hart", "0123 456", "Last contact: Tuesday 1 September 2026, email, replied")
RECORD = "Once done, record it (change the outcome if you did not reach them):"
CEM_THANKS = (
    "Thank them · Due Thursday 22 October 2026 · In person (their preference) · Habit: Say thank you",
    "Why now: bought Coat on 2026-10-20 (27 days ago); no contact since",
    RECORD,
)
DEE_THANKS = (
    "Thank them · Due Thursday 3 September 2026 · Email (they answered this way before) · Habit: Say thank you",
    "Why now: bought Scarf on 2026-09-01 (76 days ago); no contact since",
    RECORD,
)


def commands(page: str) -> dict[str, list[str]]:
    """Each customer's log commands, as the code blocks show them (the copy button copies these)."""
    found: dict[str, list[str]] = {}
    for code in re.findall(r"<code>(.*?)</code>", page):
        text = unescape(code)
        found.setdefault(text.split()[2], []).append(text)
    return found


def without_commands(item: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(line for line in item if not line.startswith("playbook "))


def test_today_comes_first_then_this_week_later_and_the_backlog(page: str) -> None:
    assert "[Backlog](#backlog): 1 task overdue more than 30 days, at the end of the page." in page.splitlines()
    assert page.index("[Backlog](#backlog)") < page.index("## Today")
    assert [without_commands(item) for item in outline(page)] == [
        ("## Today",),
        (*CEM, *CEM_THANKS),
        (
            *ANN,
            "Check the fit · Due Thursday 12 November 2026 · Phone (their preference) · Habit: Check in after the purchase",
            "Why now: bought Boots on 2026-11-10 (6 days ago); tried on 2026-11-13 (no answer)",
            RECORD,
            "Thank them · Due Thursday 12 November 2026 · Phone (their preference) · Habit: Say thank you",
            "Why now: bought Boots on 2026-11-10 (6 days ago); tried on 2026-11-13 (no answer)",
            RECORD,
        ),
        ("## This week",),
        ("### Wednesday 18 November 2026",),
        (
            "Bob Stone",
            "ask at the desk · bob@example.com · prefers email",
            "Last contact: none recorded",
            "Thank them · Email (their preference) · Habit: Say thank you",
            "Why now: bought Hat on 2026-11-16 (today); no contact since",
            RECORD,
        ),
        ("## Later",),
        ("### Thursday 10 December 2026",),
        (
            *ANN,
            "A month on · Phone (their preference) · Habit: Stay in touch",
            "Why now: bought Boots on 2026-11-10 (6 days ago); last contact 2026-11-13",
            RECORD,
        ),
        ("## Backlog",),
        (*DEE, *DEE_THANKS),
    ]


def test_the_backlog_setting_moves_the_line(tmp_path: Path) -> None:
    page = plan_page(tmp_path, backlog="\n  backlog_after_days: 10")
    assert "[Backlog](#backlog): 2 tasks overdue more than 10 days, at the end of the page." in page.splitlines()
    items = [without_commands(item) for item in outline(page)]
    assert [item[0] for item in items] == [
        "## Today", "Ann Lee", "## This week", "### Wednesday 18 November 2026", "Bob Stone",
        "## Later", "### Thursday 10 December 2026", "Ann Lee", "## Backlog", "Dee Hart", "Cem Acar",
    ]
    assert items[-2:] == [(*DEE, *DEE_THANKS), (*CEM, *CEM_THANKS)]


def test_a_customer_with_two_tasks_on_a_day_has_one_entry_holding_both(page: str) -> None:
    today = page.split("## Today")[1].split("## This week")[0]
    assert today.count('<li class="task-list-item plan-entry">') == 2
    assert today.count('<a href="../customers/#ann">Ann Lee</a>') == 1
    ann = today.split("Ann Lee")[1]
    assert ann.count('<div class="plan-task">') == 2
    assert 'Habit: <a href="../../../habits/check-in/">Check in after the purchase</a>' in ann
    assert 'Habit: <a href="../../../habits/thank-you/">Say thank you</a>' in ann
    assert ann.count("tried on 2026-11-13 (no answer)") == 2


def test_phone_and_email_are_links_only_when_they_are_numbers_and_addresses(page: str) -> None:
    links = re.findall(r'<a href="((?:tel|mailto):[^"]*)">([^<]*)</a>', page)
    assert sorted(set(links)) == [
        ("mailto:ann@example.com", "ann@example.com"),
        ("mailto:bob@example.com", "bob@example.com"),
        ("tel:+447700900123", "&#43;44 7700 900123"),
        ("tel:0123456", "0123 456"),
    ]
    assert 'aria-label="Phone"></span> ask at the desk · <span' in page  # text, not a link


def test_each_task_has_the_command_that_logs_it(page: str) -> None:
    ids = re.findall(r"--task ([0-9a-f]{10})", page)
    assert len(ids) == len(set(ids)) == 6
    found = commands(page)
    assert sorted(found) == ["ann", "bob", "cem", "dee"]
    assert [re.sub(r"--task [0-9a-f]{10}$", "--task ID", c) for c in found["cem"]] == [
        "playbook log cem --channel in_person --outcome met --task ID"
    ]
    assert [re.sub(r"--task [0-9a-f]{10}$", "--task ID", c) for c in found["bob"]] == [
        "playbook log bob --channel email --outcome sent --task ID"
    ]
    assert {re.sub(r"--task [0-9a-f]{10}$", "--task ID", c) for c in found["ann"]} == {
        "playbook log ann --channel phone --outcome reached --task ID"
    }
    assert '<div class="highlight"><pre><span></span><code>playbook log cem --channel in&#95;person --outcome met --task ' in page


def test_a_review_task_shows_the_command_that_records_the_review(tmp_path: Path) -> None:
    files = {
        "content/team.yaml": MINIMAL_TEAM,
        "content/customers.yaml": "customers:\n  - {id: ann, name: Ann Lee, consultant: dana, customer_since: 2024-01-01}\n",
        "playbook/rules.yaml": "rules:\n  - {id: yearly, habit: review, title: Review the year, why: Reviews matter., anchor: customer_since, every_days: 365}\n",
    }
    result = render_site(Project.at(write_tree(tmp_path, files)), as_of=AS_OF)
    assert result.ok, [str(p) for p in result.problems.sorted()]
    page = next(p.text for p in result.pages if p.path == "consultants/dana/plan.md")
    assert "<p>Once done, record the review (its rating from 1 to 5):</p>" in page
    assert re.findall(r"<code>(.*?)</code>", page) == ["playbook review record ann --rating N"]


class Tags(HTMLParser):
    """Every tag and attribute of an HTML block, and the text of each table row's cells."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[list[str]] = []
        self._in_cell = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.rows[-1].append("")
            self._in_cell = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.rows[-1][-1] += data


def test_hostile_phone_email_and_names_stay_text_on_the_plan_and_the_week_sheet(tmp_path: Path) -> None:
    root = hostile_contact_customer(hostile_project(tmp_path))
    result = render_site(Project.at(root), as_of=AS_OF)
    assert result.ok, [str(p) for p in result.problems.sorted()]
    pages = {page.path: page.text for page in result.pages}
    bea = HOSTILE[4] + " " + HOSTILE[0]
    for path in ("consultants/dana/plan.md", "consultants/dana/week.md"):
        blocks = re.findall(r"<!-- playbook:html -->(.*?)<!-- /playbook:html -->", pages[path], re.S)
        assert blocks, path
        for block in blocks:
            tags = Tags(block).tags
            assert {tag for tag, _ in tags} <= {"ul", "li", "p", "label", "input", "span", "strong", "a", "div", "pre", "code", "table", "thead", "tbody", "tr", "th", "td"}, path
            for tag, attrs in tags:
                assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
                assert not (attrs.get("href") or "").lower().startswith(("javascript:", "data:")), (path, attrs)
    plan = outline(pages["consultants/dana/plan.md"])
    entry = next(item for item in plan if item[0] == bea)
    assert entry[1] == f"{HOSTILE_PHONE} · {HOSTILE_EMAIL} · prefers email"
    assert f'<a href="{email_url(HOSTILE_EMAIL).replace("&", "&amp;")}">' in pages["consultants/dana/plan.md"]
    assert email_url(HOSTILE_EMAIL) == "mailto:%2Ax%2A_y_%7Bonerror%3Dalert%601%60%7D%7C%26a@evil.example"
    (command,) = [line for line in entry if line.startswith("playbook ")]
    assert re.fullmatch(r"playbook log bea --channel email --outcome sent --task [0-9a-f]{10}", command)
    rows = Tags(pages["consultants/dana/week.md"]).rows
    assert rows[0] == ["Day", "Customer", "Phone", "Channel", "What to do", "Outcome"]
    assert ["overdue, Sun 15 Nov", " ".join(HOSTILE[:6]), "javascript:alert(1)", "Email", "Thank them", ""] in rows
    assert ["Mon 16 Nov", bea, HOSTILE_PHONE, "Email", "Thank them", ""] in rows
