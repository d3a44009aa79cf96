"""The site on a phone (390 px wide): the page never scrolls sideways, and every column of every
table is on screen or reachable by scrolling the table's own frame."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import copy_demo

from generator.build import build_site
from generator.core.project import Project

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium package is not installed"),
]

TABLES = """() => [...document.querySelectorAll('article table')].map(t => {
  const frame = t.closest('.md-typeset__scrollwrap') || t;
  const box = frame.getBoundingClientRect();
  const scrolls = getComputedStyle(frame).overflowX === 'auto' || getComputedStyle(frame).overflowX === 'scroll';
  return [...t.querySelectorAll('tr:first-child th')].map(th => {
    const r = th.getBoundingClientRect();
    const inView = r.left >= box.left - 1 && r.right <= box.right + 1;
    const reachable = scrolls && r.left - box.left + frame.scrollLeft < frame.scrollWidth && r.right <= box.left + frame.scrollWidth + 1;
    return [th.textContent.trim(), inView || reachable];
  });
})"""


@pytest.fixture(scope="module")
def phone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, str]]:
    playwright = pytest.importorskip("playwright.sync_api")
    tmp = tmp_path_factory.mktemp("phone")
    built = build_site(Project.at(copy_demo(tmp)), as_of=date(2026, 11, 16), site_dir=tmp / "site")
    assert built.site_dir is not None
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page(viewport={"width": 390, "height": 844})
        yield page, built.site_dir.as_uri() + "/"
        browser.close()


@pytest.mark.parametrize("path", ["index.html", "consultants/index.html", "reviews/index.html", "reports/quiet/index.html"])
def test_no_sideways_scrolling_and_every_column_reachable(phone: tuple[object, str], path: str) -> None:
    page, base = phone
    page.goto(base + path)  # type: ignore[attr-defined]
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390  # type: ignore[attr-defined]
    tables = page.evaluate(TABLES)  # type: ignore[attr-defined]
    assert tables
    for columns in tables:
        assert [name for name, ok in columns if not ok] == []


def test_consultant_names_on_the_index_link_to_their_plans(phone: tuple[object, str]) -> None:
    page, base = phone
    page.goto(base + "consultants/index.html")  # type: ignore[attr-defined]
    link = page.locator("article table a", has_text="Sam Whitlock").first  # type: ignore[attr-defined]
    assert link.get_attribute("href") == "sam-whitlock/plan/"


def test_a_plan_page_on_a_desktop_lights_its_tab_and_fills_the_side_bar(phone: tuple[object, str]) -> None:
    page, base = phone
    page.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        for path, tab, side in (("consultants/sam-whitlock/plan/index.html", "Consultants", "Consultants"), ("reviews/sam-whitlock/index.html", "Managers", "Reviews")):
            page.goto(base + path)  # type: ignore[attr-defined]
            assert page.locator(".md-tabs__item--active").inner_text().strip() == tab  # type: ignore[attr-defined]
            sidebar = page.locator(".md-sidebar--primary .md-nav__link:visible").all_inner_texts()  # type: ignore[attr-defined]
            assert side in [text.strip() for text in sidebar]
    finally:
        page.set_viewport_size({"width": 390, "height": 844})  # type: ignore[attr-defined]


COMMANDS = """() => [...document.querySelectorAll('article .plan-task pre')].flatMap(pre => {
  const code = pre.querySelector(':scope > code');
  const nav = pre.querySelector(':scope > .md-code__nav');
  if (!code || !nav || !nav.querySelector('button[data-md-type=copy]')) return [[pre.textContent, 'no copy button']];
  const button = nav.getBoundingClientRect();
  const found = [];
  for (const scroll of [0, code.scrollWidth]) {
    code.scrollLeft = scroll;
    const clip = code.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(code);
    for (const r of range.getClientRects()) {
      const left = Math.max(r.left, clip.left), right = Math.min(r.right, clip.right);
      const top = Math.max(r.top, clip.top), bottom = Math.min(r.bottom, clip.bottom);
      const seen = right > left && bottom > top;
      if (seen && left < button.right && right > button.left && top < button.bottom && bottom > button.top) {
        found.push([code.textContent, `under the button at scrollLeft ${scroll}`]);
      }
    }
  }
  code.scrollLeft = 0;
  return found;
})"""
ALL_BUTTONS = "() => document.querySelectorAll('article .plan-task pre > .md-code__nav').length === document.querySelectorAll('article .plan-task pre').length"
FITS = "() => [...document.querySelectorAll('article .plan-task pre > code')].filter(c => c.scrollWidth > c.clientWidth).map(c => c.textContent)"


@pytest.mark.parametrize("width", [1280, 390])
def test_plan_page_commands_keep_clear_of_the_copy_button(phone: tuple[object, str], width: int) -> None:
    """Material's copy button sits at the right end of each task's `playbook log` command: the
    text (the part on screen, scrolled to either end) never runs under it, on a desktop every
    command of the demo is whole on its line, and paper shows the commands without the button."""
    page, base = phone
    page.set_viewport_size({"width": width, "height": 800 if width > 390 else 844})  # type: ignore[attr-defined]
    try:
        page.goto(base + "consultants/index.html")  # type: ignore[attr-defined]
        plans = sorted(set(page.eval_on_selector_all("article a[href$='/plan/']", "links => links.map(a => a.getAttribute('href'))")))  # type: ignore[attr-defined]
        assert plans
        for plan in plans:
            page.goto(base + f"consultants/{plan}index.html")  # type: ignore[attr-defined]
            assert page.locator("article .plan-task pre").count() > 0, plan  # type: ignore[attr-defined]
            page.wait_for_function(ALL_BUTTONS)  # type: ignore[attr-defined]
            assert page.evaluate(COMMANDS) == [], plan  # type: ignore[attr-defined]
            assert page.evaluate("document.scrollingElement.scrollWidth") <= width, plan  # type: ignore[attr-defined]
            if width > 390:
                assert page.evaluate(FITS) == [], plan  # type: ignore[attr-defined]
        page.emulate_media(media="print")  # type: ignore[attr-defined]
        assert page.locator("article .plan-task .md-code__nav:visible").count() == 0  # type: ignore[attr-defined]
    finally:
        page.emulate_media(media="screen")  # type: ignore[attr-defined]
        page.set_viewport_size({"width": 390, "height": 844})  # type: ignore[attr-defined]
