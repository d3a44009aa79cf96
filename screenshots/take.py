"""Refresh the README's pictures of the product: the demo site as a person sees it.

Builds the bundled demo into a temporary folder with the fixed date the tests use, then takes,
with Debian's Chromium: a consultant's plan page on a desktop and on a phone, a habit's lesson
page, the first review checklist as it prints on A4, and the first letter of the handover packet
as it prints. Run it with `make screenshots`; it writes the PNG files next to this script.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
AS_OF = "2026-11-16"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PLAN = "consultants/sam-whitlock/plan/index.html"
LESSON = "habits/thank-you/index.html"
CHECKLIST = "reviews/sam-whitlock/index.html"


def build_demo(work: Path) -> Path:
    """The demo project copied aside (inputs stay untouched) and built with the CLI."""
    project = work / "demo"
    project.mkdir()
    for name in ("content", "playbook", "mkdocs.yml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copy2(source, project / name)
    playbook = Path(sys.executable).with_name("playbook")
    subprocess.run([str(playbook), "build", "--as-of", AS_OF, "--site-dir", "site"], cwd=project, check=True)
    return project


def pdf_page_png(pdf: Path, page: int, target: Path, dpi: int = 70) -> None:
    """One PDF page as a PNG, through poppler (what a printer would put on paper)."""
    stem = target.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
        check=True,
    )


def first_page_with(pdf: Path, words: str) -> int:
    """The number of the first page whose text holds the words (letters follow the cover)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for number, page_text in enumerate(text.split("\f"), start=1):
        if words in page_text:
            return number
    raise SystemExit(f"no page of {pdf.name} holds {words!r}")


def shoot(page: Page, url: str, target: Path, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url)
    page.screenshot(path=str(target))


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        project = build_demo(work)
        site = (project / "site").as_uri() + "/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
            page = browser.new_page()
            shoot(page, site + PLAN, HERE / "plan-desktop.png", 1280, 900)
            shoot(page, site + PLAN, HERE / "plan-phone.png", 390, 844)
            shoot(page, site + LESSON, HERE / "lesson.png", 1280, 900)
            page.goto(site + CHECKLIST)
            page.emulate_media(media="print")
            checklist_pdf = work / "checklist.pdf"
            page.pdf(path=str(checklist_pdf), format="A4", print_background=True, prefer_css_page_size=True)
            browser.close()
        pdf_page_png(checklist_pdf, 1, HERE / "checklist.png")
        packet = sorted((project / "site" / "handovers").glob("*.pdf"))[0]
        pdf_page_png(packet, first_page_with(packet, "Dear"), HERE / "letter.png")
    for name in ("plan-desktop", "plan-phone", "lesson", "checklist", "letter"):
        sys.stdout.write(f"wrote screenshots/{name}.png\n")


if __name__ == "__main__":
    main()
