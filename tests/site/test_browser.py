"""The built site in a real browser: from the home page to a plan, then printed to PDF.

Keeps `test-output/plan.png` (the page on screen) and `test-output/plan-print.png` (the first
printed A4 page), with the PDFs, so a person can look at them; likewise `plan-today.png`,
`week.png` and the week sheet's PDFs (`week-A4.pdf`, `week-Letter.pdf`, `week-long-*.pdf`).
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import write_tree
from pypdf import PdfReader

from generator.build import build_site, render_site
from generator.core.project import Project
from generator.site.render import phone_url
from generator.site.template_helpers import log_command

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "test-output"
AS_OF = date(2026, 11, 16)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium package is not installed"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def serve() -> Iterator[object]:
    """A function that serves a folder on 127.0.0.1 and returns its base URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def pdf_pages(data: bytes, path: Path) -> tuple[int, str]:
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return len(PdfReader(path).pages), " ".join(text.split())


def test_home_to_plan_and_print(tmp_path: Path, serve, browser) -> None:  # type: ignore[no-untyped-def]
    project = Project.at(REPO)
    built = build_site(project, as_of=AS_OF, site_dir=tmp_path / "site")
    assert built.site_dir is not None
    rendered = render_site(project, as_of=AS_OF)
    dataset, plan = rendered.dataset, rendered.plan
    assert dataset is not None and plan is not None
    week_end = AS_OF + timedelta(days=6)
    person = max(
        sorted({t.consultant for t in plan.tasks}),
        key=lambda p: sum(1 for t in plan.tasks if t.consultant == p and t.due <= week_end),
    )
    tasks = [t for t in plan.tasks if t.consultant == person]
    name = dataset.people[person].name

    base = serve(built.site_dir)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    elsewhere: list[str] = []
    page.on("request", lambda r: elsewhere.append(r.url) if urlsplit(r.url).hostname != "127.0.0.1" else None)

    page.goto(base)
    page.wait_for_load_state("networkidle")
    assert page.title().startswith(("Harbour", "This week"))
    page.get_by_role("link", name=name, exact=True).first.click()
    page.wait_for_url(f"**/consultants/{person}/plan/")
    page.wait_for_load_state("networkidle")

    assert page.locator("h1").inner_text().rstrip("¶") == f"{name}: my plan"
    items = page.locator("article li.plan-entry")
    shown = {items.nth(i).locator("strong").first.inner_text() for i in range(items.count())}
    assert shown == {dataset.customer(t.customer).name for t in tasks}
    assert page.locator("article div.plan-task").count() == len(tasks)  # entries merge tasks
    article = " ".join(page.locator("article").inner_text().split())
    for task in tasks:
        assert " ".join(task.reason.split()) in article
    if any(t.overdue for t in tasks):
        headings = [h.rstrip("¶") for h in page.locator("article h2").all_inner_texts()]
        assert headings[0] == "Today"

    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "plan.png"), full_page=True)
    nav_labels = ["Trainers", "Managers", "Table of contents", "Harbour & Pine Outfitters playbook", "Search"]
    for paper in ("A4", "Letter"):
        count, text = pdf_pages(page.pdf(format=paper, print_background=True), OUTPUT / f"plan-{paper}.pdf")
        assert count >= 1
        for label in nav_labels:
            assert label not in text, (paper, label)
        assert f"{name}: my plan" in text
        for task in tasks:
            assert dataset.customer(task.customer).name in text, (paper, task.customer)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(OUTPUT / "plan-A4.pdf"), str(OUTPUT / "plan-print")],
        check=True,
    )
    assert (OUTPUT / "plan-print.png").is_file()
    assert elsewhere == []


def letter_project(root: Path) -> Path:
    letter = """\
<div class="letter" markdown>

**Harbour & Pine Outfitters**<br>12 Quay Street, Portsmouth

16 November 2026

Dear {name},

""" + "\n\n".join(
        ["Sam Whitlock, who has looked after you for six years, has moved on. " * 3] * 6
    ) + """

With best wishes,

María López, Owner

</div>
"""
    return write_tree(
        root,
        {
            "content/team.yaml": """\
                organization: {name: Shop, signatory: o}
                people:
                  - {id: o, name: Owner, role: owner}
                  - {id: dana, name: Dana Fox, role: consultant}
                """,
            "content/customers.yaml": "customers:\n  - {id: ann, name: Ann Lee, consultant: dana}\n",
            "playbook/rules.yaml": "rules: []\n",
            "content/pages/letters/one.md": "# One letter\n\n" + letter.format(name="Ann"),
            "content/pages/letters/two.md": "# Two letters\n\n" + letter.format(name="Ann") + "\n" + letter.format(name="Bob"),
        },
    )


def test_one_page_prints_as_exactly_one_page(tmp_path: Path, serve, browser) -> None:  # type: ignore[no-untyped-def]
    """Material's own print styles add a blank trailing page; ours remove it."""
    project = Project.at(letter_project(tmp_path / "project"))
    built = build_site(project, as_of=AS_OF, site_dir=tmp_path / "site")
    assert built.site_dir is not None
    base = serve(built.site_dir)
    page = browser.new_page()
    expected = {"handovers/": 1, "letters/one/": 1, "letters/two/": 2}
    for path, pages in expected.items():
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        for paper in ("A4", "Letter"):
            count, text = pdf_pages(page.pdf(format=paper), tmp_path / "print.pdf")
            assert count == pages, (path, paper, text[:200])
            assert "Managers" not in text
        if path.startswith("letters/"):
            assert "One letter" not in text and "Two letters" not in text, "a letter page prints only its letters"


def test_plan_with_many_tasks_keeps_tasks_whole_on_paper(tmp_path: Path, serve, browser) -> None:  # type: ignore[no-untyped-def]
    """A long plan breaks between tasks, never inside one (nor inside a table row)."""
    customers = "\n".join(
        f"  - {{id: c{i:02d}, name: Customer {i:02d}, consultant: dana, purchases: [{{date: 2026-11-1{i % 5}, amount: 5, item: Socks}}],"
        f" notes: [{{date: 2026-01-01, text: 'Long note {i} about their life and family, their plans for the winter and what they asked us last time.'}}]}}"
        for i in range(40)
    )
    root = write_tree(
        tmp_path / "project",
        {
            "content/team.yaml": "organization: {name: Shop, signatory: o}\npeople:\n  - {id: o, name: Owner, role: owner}\n  - {id: dana, name: Dana Fox, role: consultant}\n",
            "content/customers.yaml": "customers:\n" + customers + "\n",
            "playbook/rules.yaml": "rules:\n  - {id: thanks, habit: thank_you, title: Thank them, why: Thanks matter., anchor: purchase, offset_days: 2,"
            " talking_points: ['Mention {{ last_note }}']}\n",
        },
    )
    built = build_site(Project.at(root), as_of=AS_OF, site_dir=tmp_path / "site")
    assert built.site_dir is not None
    page = browser.new_page()
    page.goto(serve(built.site_dir) + "consultants/dana/plan/")
    page.wait_for_load_state("networkidle")
    data = page.pdf(format="A4")
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    reader = PdfReader(path)
    assert len(reader.pages) > 1
    for number in range(1, len(reader.pages)):
        text = reader.pages[number].extract_text()
        first = next(line for line in text.splitlines() if line.strip())
        # A page starts with a task's first line (or a heading), not with the middle of a task.
        assert first.lstrip().startswith(("Customer", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Later", "This week", "Overdue")), first


def test_icons_are_painted_on_screen_and_on_paper(tmp_path: Path, serve, browser) -> None:  # type: ignore[no-untyped-def]
    """The stylesheet draws the icons; printing keeps them even without background graphics."""
    built = build_site(Project.at(REPO), as_of=AS_OF, site_dir=tmp_path / "site")
    assert built.site_dir is not None
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(serve(built.site_dir) + "consultants/aisha-rahman/customers/")
    page.wait_for_load_state("networkidle")
    icons = page.locator("article .pb-icon")
    assert icons.count() > 20
    first = icons.first
    box = first.bounding_box()
    assert box is not None and box["width"] > 10 and box["height"] > 10
    first.scroll_into_view_if_needed()
    box = first.bounding_box()
    drawn = page.screenshot(clip=box)
    printed = page.pdf(format="A4")  # Chromium's default: no background graphics
    page.add_style_tag(content=".pb-icon { visibility: hidden; }")
    assert page.screenshot(clip=box) != drawn, "the icon's pixels are its own, not the background's"
    without = page.pdf(format="A4")
    rasters = []
    for name, data in (("with", printed), ("without", without)):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)], check=True)
        rasters.append((tmp_path / f"{name}.png").read_bytes())
    assert rasters[0] != rasters[1], "the icons print"


def test_search_finds_a_customer_by_a_note_and_opens_their_card(tmp_path: Path, serve, browser) -> None:  # type: ignore[no-untyped-def]
    """Card pages give their own search entries; the theme's search shows and links them."""
    project = Project.at(REPO)
    built = build_site(project, as_of=AS_OF, site_dir=tmp_path / "site")
    assert built.site_dir is not None
    dataset = render_site(project, as_of=AS_OF).dataset
    assert dataset is not None
    # A word that only one customer's notes hold, and that names no one.
    words: dict[str, set[str]] = {}
    for customer in dataset.customers:
        for note in customer.notes:
            for word in note.text.replace(".", " ").replace(",", " ").split():
                if word.isalpha() and len(word) > 7:
                    words.setdefault(word.lower(), set()).add(customer.id)
    word, owners = min((w, o) for w, o in words.items() if len(o) == 1)
    customer = dataset.customer(owners.pop())

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(serve(built.site_dir))
    page.wait_for_load_state("networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(word, delay=20)  # the theme reads keys
    result = page.locator("a.md-search-result__link", has_text=customer.name)
    result.wait_for(timeout=10_000)
    assert word in result.inner_text().lower()
    result.click()
    card = f"/consultants/{customer.consultant}/customers/"
    page.wait_for_url(lambda url: urlsplit(url).path.endswith(card) and urlsplit(url).fragment == customer.id)
    assert page.locator(f"h2#{customer.id}").is_visible()


def test_the_plan_is_a_days_work_with_links_and_commands_to_copy(tmp_path: Path, serve, browser) -> None:  # type: ignore[no-untyped-def]
    """Today first; every phone and e-mail a link; each task's log command copies exactly."""
    project = Project.at(REPO)
    built = build_site(project, as_of=AS_OF, site_dir=tmp_path / "site")
    assert built.site_dir is not None
    rendered = render_site(project, as_of=AS_OF)
    dataset, plan = rendered.dataset, rendered.plan
    assert dataset is not None and plan is not None
    backlog_from = AS_OF - timedelta(days=int(dataset.settings.backlog_after_days))
    overdue = {t.consultant for t in plan.tasks if backlog_from <= t.due < AS_OF}
    assert overdue, "the demo has a consultant with overdue tasks"
    person = max(sorted(overdue), key=lambda p: sum(1 for t in plan.tasks if t.consultant == p))
    tasks = [t for t in plan.tasks if t.consultant == person]

    context = browser.new_context(viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(serve(built.site_dir) + f"consultants/{person}/plan/")
    page.wait_for_load_state("networkidle")
    headings = [h.rstrip("¶") for h in page.locator("article h2").all_inner_texts()]
    assert headings[0] == "Today"
    assert headings == [h for h in ("Today", "This week", "Later", "Backlog") if h in headings]

    entries = page.locator("article li.plan-entry")
    phones = emails = 0
    for i in range(entries.count()):
        entry = entries.nth(i)
        card = entry.locator("strong a").first.get_attribute("href") or ""
        customer = dataset.customer(card.partition("#")[2])
        assert entry.locator("strong").first.inner_text() == customer.name
        if customer.phone and phone_url(customer.phone):
            phones += 1
            link = entry.locator('a[href^="tel:"]')
            assert link.count() == 1 and link.inner_text() == customer.phone, customer.id
            assert link.get_attribute("href") == "tel:" + "".join(c for c in customer.phone if c.isdigit() or c == "+")
        if customer.email:
            emails += 1
            link = entry.locator('a[href^="mailto:"]')
            assert link.count() == 1 and link.inner_text() == customer.email, customer.id
            assert link.get_attribute("href") == f"mailto:{customer.email}"
    assert phones and emails

    # Material's copy button on each command; a click puts exactly that command on the clipboard.
    blocks = page.locator("article div.plan-task div.highlight")
    assert blocks.count() == len(tasks)
    commands = sorted(log_command(t) for t in tasks)
    assert sorted(blocks.nth(i).locator("code").inner_text() for i in range(blocks.count())) == commands
    for i in sorted({0, blocks.count() // 2, blocks.count() - 1}):
        block = blocks.nth(i)
        block.scroll_into_view_if_needed()
        button = block.locator("button.md-code__button[data-md-type=copy]")
        assert button.count() == 1
        button.click()
        assert page.evaluate("navigator.clipboard.readText()") == block.locator("code").inner_text()
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "plan-today.png"))

    # The week sheet: at most two sheets on A4 and on US Letter, every customer on it.
    week_end = AS_OF + timedelta(days=6)
    on_sheet = [t for t in tasks if backlog_from <= t.due <= week_end]
    assert on_sheet
    page.goto(serve(built.site_dir) + f"consultants/{person}/week/")
    page.wait_for_load_state("networkidle")
    assert page.locator("table.week-sheet tbody tr").count() == len(on_sheet)
    page.screenshot(path=str(OUTPUT / "week.png"), full_page=True)
    for paper in ("A4", "Letter"):
        data = page.pdf(format=paper)
        count, _ = pdf_pages(data, OUTPUT / f"week-{paper}.pdf")
        assert 1 <= count <= 2, (paper, count)
        text = " ".join(page_text for page_text in pdf_texts(OUTPUT / f"week-{paper}.pdf"))
        assert "Outcome" in text
        for task in on_sheet:
            assert dataset.customer(task.customer).name in text, (paper, task.customer)


def pdf_texts(path: Path) -> list[str]:
    """Each page's text in reading order (a name wrapped in its cell reads as one), spaces squeezed."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def test_a_long_week_sheet_keeps_rows_whole_and_repeats_its_header(tmp_path: Path, serve, browser) -> None:  # type: ignore[no-untyped-def]
    """30 tasks in a week, names over several lines: the header on each sheet, no row split between two.

    Chromium splits a table row of four lines or more across sheets unless told not to
    (`break-inside: avoid`); two-line rows it keeps whole anyway (orphans and widows)."""
    customers = "\n".join(
        f"  - {{id: c{i:02d}, name: 'First{i:02d} of the Harbourside Walking and Sailing Club, care of the Harbour Master''s Office Last{i:02d}', consultant: dana,"
        f" phone: '+44 7700 900{i:03d}', purchases: [{{date: 2026-11-{8 + i % 7:02d}, amount: 5, item: Socks}}]}}"
        for i in range(30)
    )
    root = write_tree(
        tmp_path / "project",
        {
            "content/team.yaml": "organization: {name: Shop, signatory: o}\npeople:\n  - {id: o, name: Owner, role: owner}\n  - {id: dana, name: Dana Fox, role: consultant}\n",
            "content/customers.yaml": "customers:\n" + customers + "\n",
            "playbook/rules.yaml": "rules:\n  - {id: thanks, habit: thank_you, title: Thank them for their purchase, why: Thanks matter., anchor: purchase, offset_days: 2}\n",
        },
    )
    built = build_site(Project.at(root), as_of=AS_OF, site_dir=tmp_path / "site")
    assert built.site_dir is not None
    page = browser.new_page()
    page.goto(serve(built.site_dir) + "consultants/dana/week/")
    page.wait_for_load_state("networkidle")
    assert page.locator("table.week-sheet tbody tr").count() == 30
    OUTPUT.mkdir(exist_ok=True)
    for paper in ("A4", "Letter"):
        path = OUTPUT / f"week-long-{paper}.pdf"
        path.write_bytes(page.pdf(format=paper))
        texts = pdf_texts(path)
        assert len(texts) >= 2, (paper, len(texts))
        seen: list[str] = []
        for text in texts:
            assert text.count("Outcome") == 1, (paper, "the header repeats on each sheet")
            firsts = re.findall(r"First(\d\d)", text)
            lasts = re.findall(r"Last(\d\d)", text)
            phones = re.findall(r"900(\d\d\d)", text)
            assert firsts == lasts, (paper, "a row split between sheets", firsts, lasts)
            assert [f"0{n}" for n in firsts] == phones, (paper, firsts, phones)
            seen += firsts
        assert sorted(seen) == [f"{i:02d}" for i in range(30)]
