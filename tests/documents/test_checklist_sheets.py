"""Review checklists printed from the site: one sheet per checklist on A4 and on US Letter."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import copy_demo
from pypdf import PdfReader

from generator.build import build_site
from generator.core.project import Project

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium package is not installed"),
]


def test_each_checklist_prints_on_one_sheet_of_a4_and_of_letter(tmp_path: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    built = build_site(Project.at(copy_demo(tmp_path)), as_of=date(2026, 11, 16), site_dir=tmp_path / "site")
    assert built.site_dir is not None
    pages = sorted(built.site_dir.glob("reviews/*/index.html"))
    assert len(pages) == 4
    counted = {}
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        for html in pages:
            page.goto(html.as_uri())
            checklists = page.locator("section.checklist").count()
            for paper in ("A4", "Letter"):
                sheets = PdfReader(io.BytesIO(page.pdf(format=paper))).pages
                counted[(html.parent.name, paper)] = (checklists, len(sheets))
                texts = [sheet.extract_text() for sheet in sheets]
                # each sheet starts with its own customer's name, and the writing space reaches the foot
                names = page.locator("section.checklist h2").all_inner_texts()
                assert [t.splitlines()[0].strip() for t in texts] == [n.strip("¶ ") for n in names]
        browser.close()
    assert all(checklists == sheets for checklists, sheets in counted.values()), counted
    assert counted[("sam-whitlock", "Letter")] == (4, 4)
