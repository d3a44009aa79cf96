"""A site built for the file system (`PLAYBOOK_OFFLINE=true`), opened from disk in Chromium with
no network: links reach pages (not folder listings), and search works, accents folded."""

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


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, Path, list[str]]]:
    playwright = pytest.importorskip("playwright.sync_api")
    tmp = tmp_path_factory.mktemp("offline")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLAYBOOK_OFFLINE", "true")
        built = build_site(Project.at(copy_demo(tmp)), as_of=date(2026, 11, 16), site_dir=tmp / "site")
    assert built.site_dir is not None
    fetched: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("http*://**", lambda route: (fetched.append(route.request.url), route.abort()))
        yield context.new_page(), built.site_dir, fetched
        browser.close()


def test_links_open_pages_not_folders(offline_site: tuple[object, Path, list[str]]) -> None:
    page, site, fetched = offline_site
    page.goto((site / "index.html").as_uri())  # type: ignore[attr-defined]
    page.locator("article table a", has_text="Sam Whitlock").first.click()  # type: ignore[attr-defined]
    assert page.url == (site / "consultants" / "sam-whitlock" / "plan.html").as_uri()  # type: ignore[attr-defined]
    assert page.locator("h1").first.inner_text().rstrip("¶") == "Sam Whitlock: my plan"  # type: ignore[attr-defined]
    habit = page.locator("article a[href*='habits/']").first  # type: ignore[attr-defined]
    assert habit.get_attribute("href") == "../../habits/stay-in-touch.html"  # a link written by playbook, not MkDocs
    habit.click()
    assert page.url == (site / "habits" / "stay-in-touch.html").as_uri()  # type: ignore[attr-defined]
    assert "Directory listing" not in page.content()  # type: ignore[attr-defined]
    assert fetched == []


def search(page: object, words: str) -> list[str]:
    page.locator(".md-search__input").click()  # type: ignore[attr-defined]
    page.keyboard.type(words)  # type: ignore[attr-defined]  # Material reacts to keys, not to fill()
    page.locator(".md-search-result__item").first.wait_for()  # type: ignore[attr-defined]
    return [t.strip() for t in page.locator(".md-search-result__item article h1, .md-search-result__item article h2").all_inner_texts()]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("words", "card"), [("Haugen", "Bjørn Haugen"), ("Bjorn", "Bjørn Haugen"), ("Tromso", "Erik Lund")])
def test_search_from_disk_finds_customers_without_accents(offline_site: tuple[object, Path, list[str]], words: str, card: str) -> None:
    page, site, fetched = offline_site
    page.goto((site / "index.html").as_uri())  # type: ignore[attr-defined]
    assert card in search(page, words)
    assert fetched == []
