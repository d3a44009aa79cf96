"""The Handovers section of the site: the summary, every packet, escaping, and the PDF links."""

from __future__ import annotations

import functools
import html
import http.server
import shutil
import subprocess
import threading
from datetime import date
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_tree
from pypdf import PdfReader
from test_letters import CUSTOMERS, RECORD, TEAM

from generator.build import build_site, render_site
from generator.cli import cli
from generator.core.cache import unseal
from generator.core.project import Project
from generator.documents.export import render_pdf
from generator.documents.packets import build_packets, find_handover
from generator.load.dataset import load_dataset

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]
AS_OF = date(2026, 11, 16)


class Tags(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def shop_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = write_tree(
        tmp_path_factory.mktemp("shop"),
        {
            "content/team.yaml": TEAM,
            "content/customers.yaml": CUSTOMERS,
            "content/handovers/2026-11-16-tom.yaml": RECORD,
            "playbook/rules.yaml": "rules: []\n",
        },
    )
    site = root / "site"
    result = build_site(Project.at(root), as_of=AS_OF, site_dir=site)
    assert not result.problems.has_errors(), result.problems.sorted()
    return root, site


def test_the_index_lists_each_handover(shop_site: tuple[Path, Path]) -> None:
    _, site = shop_site
    page = Tags((site / "handovers" / "index.html").read_text(encoding="utf-8"))
    links = [attrs.get("href") for tag, attrs in page.tags if tag == "a"]
    assert "2026-11-16-tom/" in links
    assert "Tom Reed" in page.text


def test_a_handover_page_has_the_summary_then_each_packet(shop_site: tuple[Path, Path]) -> None:
    _, site = shop_site
    html = (site / "handovers" / "2026-11-16-tom" / "index.html").read_text(encoding="utf-8")
    page = Tags(html)
    text = " ".join(" ".join(page.text).split())
    assert "Handover of Tom Reed's customers" in text
    assert "Rosa Martín Tom Reed Eve Stone speaks Spanish" in text
    classes = [attrs.get("class") for _, attrs in page.tags]
    assert classes.count("pb-cover") == 1
    assert classes.count("pb-callsheet") == 1
    assert classes.count("pb-letter") == 6  # two letters for each of three customers; cy opted out
    assert "Cy Day asked not to be contacted: no letters" in text


def test_data_stays_text_on_the_handover_page(shop_site: tuple[Path, Path]) -> None:
    _, site = shop_site
    html = (site / "handovers" / "2026-11-16-tom" / "index.html").read_text(encoding="utf-8")
    page = Tags(html)
    assert "<script>alert(1)</script>" not in html
    assert not [
        a for t, a in page.tags if t == "a" and (a.get("href") or "").startswith("javascript")
    ]
    assert "<script>alert(1)</script> [x](javascript:alert(1)) Bo" in "".join(page.text)


def test_each_packet_pdf_is_linked_from_its_cover(shop_site: tuple[Path, Path]) -> None:
    root, site = shop_site
    html = (site / "handovers" / "2026-11-16-tom" / "index.html").read_text(encoding="utf-8")
    (link,) = [a for t, a in Tags(html).tags if t == "a" and a.get("download")]
    assert link["download"] == "2026-11-16-tom-eve.pdf"
    assert link["href"] == "../2026-11-16-tom-eve.pdf"  # a file published beside the page
    page_dir = site / "handovers" / "2026-11-16-tom"
    pdf = PdfReader(BytesIO((page_dir / link["href"]).resolve().read_bytes()))
    project = Project.at(root)
    dataset = load_dataset(project, use_cache=False).dataset
    assert dataset is not None
    (packet,), _ = build_packets(project, dataset, find_handover(dataset, "2026-11-16-tom"))
    call_sheet = render_pdf([packet], title="x", parts=("callsheet",))[1]
    assert len(pdf.pages) == 1 + call_sheet + 6
    (cached,) = (root / ".playbook-cache" / "packets").glob("*.pdf")  # printed once, then cached
    # Printed in a worker process while the site was built: the same bytes as printing here.
    published = (page_dir / link["href"]).resolve().read_bytes()
    assert unseal(cached.read_bytes()) == published == render_pdf([packet], title="2026-11-16-tom-eve.pdf")[0]


def test_a_letter_template_error_shows_on_the_page(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "content/team.yaml": TEAM,
            "content/customers.yaml": CUSTOMERS,
            "content/handovers/2026-11-16-tom.yaml": RECORD,
            "playbook/rules.yaml": "rules: []\n",
            "playbook/templates/letters/notice.txt.j2": "Subject: x\n\n{{ nope }}\n",
        },
    )
    result = render_site(Project.at(root), as_of=AS_OF)
    (page,) = [p for p in result.pages if p.path == "handovers/2026-11-16-tom.md"]
    assert '!!! failure "The letters could not be written"' in page.text
    assert "notice.txt.j2:3:1: error: template: UndefinedError" in html.unescape(page.text)
    # ...and the build fails with the template's file and line, so nobody prints a broken packet
    assert not result.ok
    errors = [p for p in result.problems.errors if p.file.endswith("notice.txt.j2")]
    assert errors
    assert {(p.line, p.message.split(":")[0]) for p in errors} == {(3, "template")}


def test_check_reports_a_letter_template_syntax_error(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "content/team.yaml": TEAM,
            "content/customers.yaml": CUSTOMERS,
            "playbook/rules.yaml": "rules: []\n",
            "playbook/templates/letters/es/notice.txt.j2": "Asunto: x\n\n{% if customer %}\nHola\n",
        },
    )
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert result.exit_code == 1
    template = root / "playbook" / "templates" / "letters" / "es" / "notice.txt.j2"
    assert f"{template}:4:1: error: template: Unexpected end of template. Jinja was looking for" in result.stderr


# ------------------------------------------------------------------- printed from the browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.browser
@pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium package is not installed"
)
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_printed_from_the_browser_each_letter_is_one_sheet(
    shop_site: tuple[Path, Path], paper: str
) -> None:
    """The page prints its summary, then the cover, the call sheet and one letter per sheet."""
    playwright = pytest.importorskip("playwright.sync_api")
    _, site = shop_site
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/handovers/2026-11-16-tom/")
            data = page.pdf(format=paper)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    reader = PdfReader(BytesIO(data))
    firsts = []
    for number in range(1, len(reader.pages) + 1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), "-", "-"],
            input=data,
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        firsts.append((lines[0] if lines else "", lines[-1] if lines else ""))
    assert firsts[0][0] == "Handover of Tom Reed's customers"
    covers = [
        i
        for i, (first, _) in enumerate(firsts)
        if first.startswith("CORNER SHOP · HANDOVER PACKET")
    ]
    sheets = [i for i, (first, _) in enumerate(firsts) if first.startswith("Call sheet: Eve Stone")]
    letters = [(first, last) for first, last in firsts if first == "Corner Shop"]
    assert len(covers) == 1
    assert sheets == [covers[0] + 1]
    # six letters, each starting on its own sheet and ending on it with the signature block
    assert letters == [("Corner Shop", "Corner Shop")] * 6
