"""The site: which pages exist and what they say, escaping in the built HTML, determinism,
atomic replacement, a small navigation, and the MkDocs plugin as a second front door."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, date, datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_demo, write_tree
from hostile import HOSTILE, hostile_project

from generator.build import build_site, render_site
from generator.cli import cli
from generator.core import forked, model
from generator.core.errors import PlaybookError
from generator.core.project import Project
from generator.plan.schedule import schedule
from generator.site import links, registry, spec
from generator.site.home_page import orphans
from generator.site.render import html_heading, md_text

REPO = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 11, 16)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# ---------------------------------------------------------------- helpers


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


class Page(HTMLParser):
    """The parts of a built page the tests look at."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []
        self.article: list[str] = []
        self._depth = 0
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._skip += 1
        if self._depth:
            self._depth += 1
        elif tag == "article":
            self._depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.chunks.append(data)
        if self._depth:
            self.article.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.chunks).split())

    @property
    def article_text(self) -> str:
        return " ".join("".join(self.article).split())

    def links(self) -> list[str]:
        return [attrs["href"] or "" for tag, attrs in self.tags if tag == "a" and "href" in attrs]


def read_page(site: Path, path: str) -> Page:
    return Page((site / path).read_text(encoding="utf-8"))


def shown(value: str) -> str:
    return " ".join(value.split())


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project built once for the tests of this module."""
    site = tmp_path_factory.mktemp("demo") / "site"
    result = build_site(Project.at(REPO), as_of=AS_OF, site_dir=site)
    assert result.site_dir == site.resolve(), [str(p) for p in result.problems.sorted()]
    return site


@pytest.fixture(scope="module")
def demo() -> tuple[model.Dataset, model.Plan]:
    result = render_site(Project.at(REPO), as_of=AS_OF)
    assert result.ok, [str(p) for p in result.problems.errors]
    assert result.dataset is not None and result.plan is not None
    return result.dataset, result.plan


# ---------------------------------------------------------------- the demo site's content


@pytest.mark.slow
def test_search_finds_customers_on_their_cards_not_on_plans_or_checklists(demo_site: Path, demo: tuple[model.Dataset, model.Plan]) -> None:
    """Dated plans and printed checklists repeat the cards; indexing them would triple the index."""
    dataset, _ = demo
    index = json.loads((demo_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    pages = {x.split("#")[0] for x in locations}
    assert not [x for x in pages if x.endswith("/plan/") or (x.startswith("reviews/") and x != "reviews/")]
    customer = dataset.customers[0]
    assert f"consultants/{customer.consultant}/customers/#{customer.id}" in locations
    assert any(x.startswith("habits/") for x in locations)
    # Each card is indexed once, by what finds a customer, without the card's labels.
    cards = {doc["location"]: doc for doc in index["docs"] if "/customers/#" in doc["location"]}
    assert len(cards) == len(dataset.customers) == len(set(locations) & set(cards))
    for c in dataset.customers:
        doc = cards[f"consultants/{c.consultant}/customers/#{c.id}"]
        assert unescape(doc["title"]) == c.name
        text = unescape(doc["text"])
        for fact in (c.company, c.email, c.phone, c.city, *c.interests, *(note.text for note in c.notes)):
            assert fact is None or fact in text, (c.id, fact)
        assert "Last contact" not in text and "Stage:" not in text


def test_demo_has_a_plan_and_a_customers_page_per_person(demo: tuple[model.Dataset, model.Plan]) -> None:
    dataset, plan = demo
    result = render_site(Project.at(REPO), as_of=AS_OF)
    paths = {page.path for page in result.pages}
    owners = {task.consultant for task in plan.tasks} | {c.consultant for c in dataset.customers}
    for person in owners:
        assert f"consultants/{person}/plan.md" in paths
        assert f"consultants/{person}/customers.md" in paths
    assert {"index.md", "consultants/index.md", "habits/index.md", "habits/facts.md", "lessons/index.md"} <= paths
    assert {"handovers/index.md", "reviews/index.md", "reports/index.md"} <= paths
    # Pages grow with people, not with customers.
    assert len(paths) < 3 * len(dataset.people) + 30  # plan, week, customers


def test_demo_plan_page_lists_every_task_of_its_consultant(demo: tuple[model.Dataset, model.Plan]) -> None:
    dataset, plan = demo
    pages_by_path = {p.path: p.text for p in render_site(Project.at(REPO), as_of=AS_OF).pages}
    for person in {t.consultant for t in plan.tasks}:
        text = pages_by_path[f"consultants/{person}/plan.md"]
        tasks = [t for t in plan.tasks if t.consultant == person]
        # one command per task that records it (a review with its rating), one entry per
        # customer per day
        reviews = [t for t in tasks if t.habit == "review"]
        assert text.count("<code>playbook log ") == len(tasks) - len(reviews)
        for task in reviews:
            assert f"<code>playbook review record {task.customer} --rating N</code>" in text
        for task in tasks:
            if task.habit != "review":
                assert f" --task {task.id}</code>" in text
        assert f"{len(tasks)} task" in text
        for task in tasks:
            card = links.href(links.customer_card(dataset.customer(task.customer)), links.plan_page(person))
            assert f'<a href="{card}">' in text
            assert md_text(task.reason) in text
        if any(t.overdue or t.due == AS_OF for t in tasks):
            assert text.index("## Today") < text.index('\n<li class="task-list-item plan-entry">')


def test_demo_customer_cards(demo: tuple[model.Dataset, model.Plan]) -> None:
    dataset, _ = demo
    pages_by_path = {p.path: p.text for p in render_site(Project.at(REPO), as_of=AS_OF).pages}
    for customer in dataset.customers:
        text = pages_by_path[f"consultants/{customer.consultant}/customers.md"]
        assert f"\n{html_heading(customer.id, customer.name)}\n" in text
        for note in customer.notes:
            assert f"<li>{note.date.isoformat()}: {md_text(note.text)}</li>\n" in text
        history = pages_by_path.get(f"consultants/{customer.consultant}/history.md", "")
        for purchase in customer.purchases:
            assert f"<td>{md_text(purchase.item)}</td>" in history
            assert f"<td>{md_text(purchase.item)}</td>" not in text, "histories are on their own page"
        for contact in customer.contacts:
            assert f"<li>{contact.date.isoformat()}, " in history
        if customer.purchases or customer.contacts:
            assert f'<a href="../history/#{customer.id}">see the history</a>' in text
            assert f"\n{html_heading(customer.id, customer.name)}\n" in history
        if customer.email:
            assert f'<a href="mailto:{customer.email}">' in text


def test_demo_habit_pages_come_from_the_rules(demo: tuple[model.Dataset, model.Plan]) -> None:
    dataset, plan = demo
    pages_by_path = {p.path: p.text for p in render_site(Project.at(REPO), as_of=AS_OF).pages}
    index = pages_by_path["habits/index.md"]
    week_end = date.fromordinal(AS_OF.toordinal() + 6)
    for rule in dataset.rules:
        page = pages_by_path[links.habit_page(rule.habit)]
        several = sum(r.habit == rule.habit for r in dataset.rules) > 1
        assert (f"**{md_text(rule.title)}.** " in page) == several  # rules named when there are several
        assert md_text(rule.why) in page
        count = sum(1 for t in plan.tasks if t.habit == rule.habit and t.due <= week_end)
        assert f"{count} task{'s' if count != 1 else ''} to do this week" in page
        assert f"({links.slug(rule.habit)}.md)" in index
    lessons = pages_by_path["lessons/index.md"]
    for path in sorted((REPO / "content" / "pages").rglob("*.md")):
        assert f"(../{path.relative_to(REPO / 'content' / 'pages').as_posix()})" in lessons


@pytest.mark.slow
def test_demo_home_page_is_a_dashboard(demo_site: Path, demo: tuple[model.Dataset, model.Plan]) -> None:
    dataset, plan = demo
    home = read_page(demo_site, "index.html")
    for person in {t.consultant for t in plan.tasks}:
        assert f"consultants/{person}/plan/" in home.links()
    for customer in orphans(dataset):
        assert customer.name in home.article_text
    assert "Going quiet" in home.article_text


@pytest.mark.slow
def test_built_plan_page_shows_the_tasks(demo_site: Path, demo: tuple[model.Dataset, model.Plan]) -> None:
    dataset, plan = demo
    person = max({t.consultant for t in plan.tasks}, key=lambda p: sum(t.consultant == p for t in plan.tasks))
    page = read_page(demo_site, f"consultants/{person}/plan/index.html")
    tasks = [t for t in plan.tasks if t.consultant == person]
    items = [attrs for tag, attrs in page.tags if tag == "li" and "task-list-item" in (attrs.get("class") or "")]
    assert len(items) == len(tasks)
    for task in tasks:
        assert dataset.customer(task.customer).name in page.article_text
        assert shown(task.reason) in page.article_text
    assert any("pb-icon" in (attrs.get("class") or "") for tag, attrs in page.tags if tag == "span"), "channel icons"


@pytest.mark.slow
def test_each_plan_page_offers_its_calendar_file(demo_site: Path, demo: tuple[model.Dataset, model.Plan]) -> None:
    """The plan's "My calendar (.ics)" link leads to the consultant's calendar, one event a task."""
    icalendar = pytest.importorskip("icalendar")
    _, plan = demo
    for person in sorted({t.consultant for t in plan.tasks}):
        html = (demo_site / f"consultants/{person}/plan/index.html").read_text(encoding="utf-8")
        assert '<a href="../follow-ups.ics">My calendar (.ics)</a>' in html
        calendar = icalendar.Calendar.from_ical((demo_site / f"consultants/{person}/follow-ups.ics").read_bytes())
        uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
        assert uids and uids <= {f"{t.id}@playbook" for t in plan.tasks if t.consultant == person}


@pytest.mark.slow
def test_site_requests_nothing_from_other_hosts(demo_site: Path) -> None:
    for path in sorted(demo_site.rglob("*.html")):
        page = read_page(demo_site, path.relative_to(demo_site).as_posix())
        for tag, attrs in page.tags:
            for name in ("src", "srcset", "data", "poster") + (("href",) if tag == "link" else ()):
                value = (attrs.get(name) or "").strip().lower()
                assert not re.match(r"^([a-z]+:)?//", value), f"{path}: <{tag} {name}={value}>"
        html = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        assert "cdn.jsdelivr" not in html and "googletagmanager" not in html
    css = (demo_site / "assets" / "playbook.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css


@pytest.mark.slow
def test_sitemap_is_dated_by_the_plan_date_not_the_clock(demo_site: Path) -> None:
    header = (demo_site / "sitemap.xml.gz").read_bytes()[:10]
    mtime = int.from_bytes(header[4:8], "little")
    assert datetime.fromtimestamp(mtime, tz=UTC).date() == AS_OF


@pytest.mark.slow
def test_navigation_is_small_and_by_audience(demo_site: Path) -> None:
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    tabs = re.findall(r'<li class="md-tabs__item[^"]*">\s*<a href="[^"]*" class="md-tabs__link">\s*(.*?)\s*</a>', home)
    assert tabs == ["Home", "Consultants", "Trainers", "Managers"]
    plan = (demo_site / "consultants" / "sam-whitlock" / "plan" / "index.html").read_text(encoding="utf-8")
    assert "customers/" not in re.sub(r".*?<nav class=\"md-nav md-nav--primary\"", "", plan, count=1, flags=re.S).split("</nav>")[0]


# ---------------------------------------------------------------- MkDocs itself, determinism, atomicity


@pytest.mark.slow
def test_mkdocs_build_strict_passes(tmp_path: Path) -> None:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = {**os.environ, "PLAYBOOK_AS_OF": "2026-11-16"}
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "-f", "mkdocs.yml", "-d", str(tmp_path / "site")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    plan = (tmp_path / "site" / "consultants" / "sam-whitlock" / "plan" / "index.html").read_text(encoding="utf-8")
    assert "Sam Whitlock: my plan" in plan
    assert not (REPO / "content" / "pages" / "index.md").exists(), "nothing generated goes into content/"


@pytest.mark.slow
def test_same_inputs_and_date_give_the_same_bytes(tmp_path: Path, demo_site: Path) -> None:
    again = tmp_path / "again"
    build_site(Project.at(REPO), as_of=AS_OF, site_dir=again)
    first, second = files_of(demo_site), files_of(again)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []


@pytest.mark.slow
def test_a_failed_build_leaves_the_previous_site(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    project = Project.at(root)
    assert build_site(project, as_of=AS_OF).site_dir is not None
    before = files_of(root / "site")
    (root / "content" / "customers" / "north.yaml").write_text("customers:\n  - id: Bad Id\n", encoding="utf-8")
    result = build_site(project, as_of=AS_OF)
    assert result.site_dir is None
    assert any("not a safe id" in p.message for p in result.problems.errors)
    assert files_of(root / "site") == before
    # MkDocs failing (a broken link under --strict) leaves it too, and no staging folder behind.
    shutil.copytree(REPO / "content" / "customers", root / "content" / "customers", dirs_exist_ok=True)
    (root / "content" / "pages" / "broken.md").write_text("# Broken\n\n[gone](missing.md)\n", encoding="utf-8")
    with pytest.raises(PlaybookError, match=r"missing\.md"):
        build_site(project, as_of=AS_OF, strict=True)
    assert files_of(root / "site") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == [], "no staging folder left"


def test_site_dir_may_not_replace_the_inputs(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    for target in (root, root / "content", root / "content" / "pages", tmp_path):
        with pytest.raises(PlaybookError, match="would replace"):
            build_site(Project.at(root), as_of=AS_OF, site_dir=target)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(PlaybookError, match="does not look like a built site"):
        build_site(Project.at(root), as_of=AS_OF, site_dir=tmp_path / "notes")
    assert (tmp_path / "notes" / "todo.txt").read_text(encoding="utf-8") == "keep me"


# ---------------------------------------------------------------- hostile data

@pytest.mark.slow
def test_hostile_strings_show_as_text_and_never_as_markup(tmp_path: Path) -> None:
    root = hostile_project(tmp_path / "project")
    project = Project.at(root)
    result = build_site(project, as_of=AS_OF, strict=True)
    assert result.site_dir is not None, [str(p) for p in result.problems.sorted()]
    site = result.site_dir
    plan = schedule(render_site(project, as_of=AS_OF).dataset, as_of=AS_OF)  # type: ignore[arg-type]
    assert [t.customer for t in plan.tasks] == ["ann"], "the plan page must show data too"

    def scripts(page: Page) -> list[str]:
        return [(attrs.get("src") or "inline").rsplit("/", 1)[-1] for tag, attrs in page.tags if tag == "script"]

    baseline = scripts(read_page(site, "handovers/index.html"))
    seen: dict[str, str] = {}
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        page = Page(html)
        assert scripts(page) == baseline, path
        for tag, attrs in page.tags:
            assert tag not in ("img", "iframe", "object", "embed", "h6"), (path, tag, attrs)
            assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
            for name in ("href", "src", "action", "formaction"):
                value = "".join((attrs.get(name) or "").split()).lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (path, tag, attrs)
        for marker in ("onerror=", "javascript:", "<script>alert"):
            assert marker not in html, (path, marker)
        seen[path.relative_to(site).as_posix()] = page.article_text

    plan_text = seen["consultants/dana/plan/index.html"]
    cards = seen["consultants/dana/customers/index.html"]
    assert shown(" ".join(HOSTILE[:6])) in plan_text
    assert shown(" ".join(HOSTILE[:6])) in cards
    for value in HOSTILE:
        assert shown(value) in cards, value
    assert "Dana " + HOSTILE[9] + HOSTILE[-1] in seen["index.html"]
    dataset = render_site(project, as_of=AS_OF).dataset
    assert dataset is not None
    latest = max(dataset.customer("ann").notes, key=lambda n: n.date).text
    assert f"Mention {shown(latest)} and {HOSTILE[16]}" in plan_text  # data through a talking point
    assert f"<title>Dana {md_text(HOSTILE[9] + HOSTILE[-1])}: my plan - " in (site / "consultants/dana/plan/index.html").read_text(encoding="utf-8")
    assert "49" not in plan_text.replace("2026", "")
    # A phone number that is not one is not linked.
    assert not any(link.startswith("tel:") for link in read_page(site, "consultants/dana/customers/index.html").links())
    # The card's own search entry: every value escaped, so search results show it as text.
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entry = next(doc for doc in index["docs"] if doc["location"] == "consultants/dana/customers/#ann")
    assert unescape(entry["title"]) == " ".join(HOSTILE[:6])
    for value in (HOSTILE[6], HOSTILE[7], HOSTILE[8], *HOSTILE[10:14], *HOSTILE):
        assert value in unescape(entry["text"]), value
    assert "<" not in entry["title"] + entry["text"]


# ---------------------------------------------------------------- scale: navigation and pages


def scaled_project(root: Path, consultants: int, customers_each: int) -> Path:
    people = "\n".join(
        f"  - {{id: c{i}, name: Consultant {i}, role: consultant}}" for i in range(consultants)
    )
    customers = "\n".join(
        f"  - {{id: k{i}-{j}, name: Customer {i} {j}, consultant: c{i}, customer_since: 2020-01-01, "
        f"purchases: [{{date: 2026-11-13, amount: 5, item: Socks}}]}}"
        for i in range(consultants)
        for j in range(customers_each)
    )
    return write_tree(
        root,
        {
            "content/team.yaml": "organization: {name: Shop, signatory: o}\npeople:\n  - {id: o, name: Owner, role: owner}\n" + people + "\n",
            "content/customers.yaml": "customers:\n" + customers + "\n",
            "playbook/rules.yaml": textwrap.dedent(
                """\
                rules:
                  - {id: thank-you, habit: thank_you, title: Thank them, why: Thanks matter., anchor: purchase, offset_days: 2}
                """
            ),
        },
    )


def nav_links(html: str) -> int:
    return html.count('class="md-nav__link')


@pytest.mark.slow
def test_navigation_does_not_grow_with_the_data(tmp_path: Path) -> None:
    small = build_site(Project.at(scaled_project(tmp_path / "small", 2, 2)), as_of=AS_OF)
    large = build_site(Project.at(scaled_project(tmp_path / "large", 12, 10)), as_of=AS_OF)
    assert small.site_dir is not None and large.site_dir is not None
    for path in ("index.html", "habits/index.html", "consultants/c1/plan/index.html"):
        assert nav_links((small.site_dir / path).read_text(encoding="utf-8")) == nav_links(
            (large.site_dir / path).read_text(encoding="utf-8")
        ), path
    assert large.pages == small.pages + 4 * 10, "four pages per consultant (plan, week, cards, histories), none per customer"


def test_pages_rendered_in_two_processes_are_the_pages_rendered_in_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = Project.at(scaled_project(tmp_path / "large", 30, 4))
    shared = render_site(project, as_of=AS_OF)
    assert len(shared.pages) >= forked.MIN_ITEMS, "enough pages for the second process"
    monkeypatch.setenv(forked.ONE_CORE, "1")
    alone = render_site(project, as_of=AS_OF)
    assert shared.pages == alone.pages


# ---------------------------------------------------------------- pages, collisions, extension point


def test_hand_written_page_may_not_share_a_generated_path(tmp_path: Path, minimal_project: Path) -> None:
    write_tree(minimal_project, {"content/pages/consultants/index.md": "# Mine\n"})
    result = render_site(Project.at(minimal_project), as_of=AS_OF)
    assert [p.message for p in result.problems.errors] == [
        "this hand-written page has the path of a generated page (consultants/index.md); rename or move it"
    ]
    assert result.problems.errors[0].file == str(minimal_project / "content" / "pages" / "consultants" / "index.md")


def test_generated_paths_are_slugs_only() -> None:
    assert links.check_path("consultants/dana/plan.md") is None
    for bad in ("../x.md", "consultants/Dana/plan.md", "a/b c.md", "consultants//plan.md", "x.html", "/abs.md"):
        problem = links.check_path(bad)
        assert problem is not None and "not made of safe slugs" in problem.message


@pytest.fixture
def extra_source(monkeypatch: pytest.MonkeyPatch) -> None:
    """Add a page source the way a later feature would, for one test."""

    def handover_pages(site: spec.Site) -> Iterator[spec.PageSpec]:
        yield spec.PageSpec("handovers/2026-11-16-sam.md", "section.md.j2", {"section": spec.SECTIONS[3], "entries": []}, title="Sam's customers <b>")

    monkeypatch.setattr(registry, "PAGE_SOURCES", (*registry.PAGE_SOURCES, ("handovers", handover_pages)))


def test_a_page_source_adds_pages_and_the_index_lists_them(extra_source: None, minimal_project: Path) -> None:
    result = render_site(Project.at(minimal_project), as_of=AS_OF)
    by_path = {p.path: p for p in result.pages}
    assert "handovers/2026-11-16-sam.md" in by_path
    assert not by_path["handovers/2026-11-16-sam.md"].in_nav
    assert "- [Sam's customers &#60;b&#62;](2026-11-16-sam.md)\n" in by_path["handovers/index.md"].text
    nav = {next(iter(tab)): tab[next(iter(tab))] for tab in result.nav}
    assert nav["Managers"][0] == {"Handovers": ["handovers/index.md"]}


def test_a_template_error_is_located_in_the_template(tmp_path: Path, minimal_project: Path) -> None:
    write_tree(minimal_project, {"playbook/templates/site/consultants/index.md.j2": "# People\n\n{{ nobody.name }}\n"})
    result = render_site(Project.at(minimal_project), as_of=AS_OF)
    [problem] = result.problems.errors
    assert problem.file.endswith("playbook/templates/site/consultants/index.md.j2")
    assert problem.line == 3
    assert "'nobody' is undefined" in problem.message


# ---------------------------------------------------------------- the command line


@pytest.mark.slow
def test_playbook_build_command(tmp_path: Path, minimal_project: Path) -> None:
    site = tmp_path / "out"
    result = CliRunner().invoke(cli, ["-C", str(minimal_project), "build", "--as-of", "2026-11-16", "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1].startswith("playbook: built ")
    assert "as of 2026-11-16" in result.stderr
    assert (site / "consultants" / "dana" / "customers" / "index.html").is_file()


def test_playbook_build_reports_bad_data_and_exits_1(tmp_path: Path, minimal_project: Path) -> None:
    write_tree(minimal_project, {"content/customers.yaml": "customers:\n  - id: ann\n    name: Ann\n    consultant: nobody\n"})
    result = CliRunner().invoke(cli, ["-C", str(minimal_project), "build", "--as-of", "2026-11-16", "--site-dir", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "consultant 'nobody' is not in content/team.yaml" in result.stderr
    assert result.stderr.splitlines()[-1] == "playbook: 1 error, 0 warnings"
    assert not (tmp_path / "out").exists()


def test_playbook_build_refuses_a_bad_date(minimal_project: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(minimal_project), "build", "--as-of", "16/11/2026"])
    assert result.exit_code == 2


# ---------------------------------------------------------------- the plugin in someone else's mkdocs.yml


@pytest.mark.slow
def test_plugin_completes_a_plain_mkdocs_yml_and_keeps_it_private(tmp_path: Path, minimal_project: Path) -> None:
    write_tree(minimal_project, {"mkdocs.yml": "site_name: Shop\ndocs_dir: content/pages\ntheme:\n  name: material\nplugins:\n  - search\n  - playbook\n", "content/pages/about.md": "# About\n", "content/customers.yaml": "customers:\n  - {id: ann, name: Ann Lee, consultant: dana, email: ann@example.com}\n"})
    result = build_site(Project.at(minimal_project), as_of=AS_OF, site_dir=tmp_path / "site")
    assert result.site_dir is not None
    home = (result.site_dir / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home
    assert 'href="assets/playbook.css"' in home
    cards = (result.site_dir / "consultants" / "dana" / "customers" / "index.html").read_text(encoding="utf-8")
    assert '<span class="pb-icon pb-icon-email-outline" role="img" aria-label="Email"></span>' in cards
    assert 'href="../../../assets/playbook-icons.css"' in cards and "<svg" not in cards.split("<article")[1]
    icons_css = (result.site_dir / "assets" / "playbook-icons.css").read_text(encoding="utf-8")
    assert ".pb-icon-email-outline {" in icons_css and "data:image/svg+xml" in icons_css
    assert ":material-" not in cards


@pytest.mark.slow
def test_plugin_refuses_emoji_images_from_a_cdn(tmp_path: Path, minimal_project: Path) -> None:
    write_tree(
        minimal_project,
        {
            "mkdocs.yml": textwrap.dedent(
                """\
                site_name: Shop
                docs_dir: content/pages
                theme: {name: material, font: false}
                plugins: [search, playbook]
                markdown_extensions:
                  - pymdownx.emoji:
                      emoji_generator: !!python/name:pymdownx.emoji.to_png
                """
            ),
            "content/pages/about.md": "# About\n",
        },
    )
    with pytest.raises(PlaybookError, match="emoji_generator"):
        build_site(Project.at(minimal_project), as_of=AS_OF, site_dir=tmp_path / "site")
    assert not (tmp_path / "site").exists()


@pytest.mark.slow
def test_mkdocs_reads_the_plan_date_from_the_environment(
    tmp_path: Path, minimal_project: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    write_tree(
        minimal_project,
        {"mkdocs.yml": "site_name: Shop\ndocs_dir: content/pages\nplugins: [search, playbook]\n", "content/pages/about.md": "# About\n"},
    )
    monkeypatch.setenv("PLAYBOOK_AS_OF", "2026-02-30")
    config = load_config(str(minimal_project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    with pytest.raises(Exception, match="Aborted with a BuildError"):
        build(config)
    assert "playbook: PLAYBOOK_AS_OF: 2026-02-30 is not a date: February 2026 has 28 days" in caplog.messages
    monkeypatch.setenv("PLAYBOOK_AS_OF", "2026-03-02")
    build(load_config(str(minimal_project / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    plan = (tmp_path / "site" / "consultants" / "dana" / "plan" / "index.html").read_text(encoding="utf-8")
    assert "from Monday 2 March 2026" in plan
