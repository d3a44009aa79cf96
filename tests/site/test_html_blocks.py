"""HTML blocks in generated pages: passed through unparsed, the same HTML as Python-Markdown's
own raw-HTML handling, with links that resolve in the built site whatever the URL style."""

from __future__ import annotations

import itertools
import re
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
from conftest import copy_demo, write_tree
from hypothesis import given, settings
from hypothesis import strategies as st
from material.extensions.emoji import to_svg, twemoji
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from generator.build import build_site, render_site
from generator.core.project import Project
from generator.site import html_blocks, links
from generator.site.render import Heading, headings_of, html_heading, md_text

REPO = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 11, 16)
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details", "pymdownx.tasklist", "pymdownx.emoji"]
CONFIGS = {
    "toc": {"permalink": True},
    "pymdownx.tasklist": {"custom_checkbox": True},
    "pymdownx.emoji": {"emoji_index": twemoji, "emoji_generator": to_svg},
}

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def convert(text: str, *, stash_blocks: bool) -> str:
    extra = [html_blocks.makeExtension()] if stash_blocks else []
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    return markdown.Markdown(extensions=[*EXTENSIONS, *extra], extension_configs=CONFIGS).convert(body)


@pytest.fixture(scope="module")
def demo_pages() -> dict[str, str]:
    result = render_site(Project.at(REPO), as_of=AS_OF)
    assert result.ok
    return {page.path: page.text for page in result.pages}


def test_the_bulk_pages_are_html_blocks(demo_pages: dict[str, str]) -> None:
    for path, text in demo_pages.items():
        if path.endswith(("/plan.md", "/customers.md", "/history.md")) or (path.startswith("reviews/") and path != "reviews/index.md"):
            opened = text.count(f"\n{html_blocks.OPEN}\n")
            assert opened >= 1, path
            assert opened == text.count(f"\n{html_blocks.CLOSE}\n") == text.count(html_blocks.CLOSE), path


def test_stashing_gives_the_same_html_as_parsing(demo_pages: dict[str, str]) -> None:
    """Every demo page converts to the same HTML with the shortcut as without it."""
    compared = 0
    for path, text in demo_pages.items():
        if html_blocks.OPEN not in text:
            continue
        assert convert(text, stash_blocks=True) == convert(text, stash_blocks=False), path
        compared += 1
    assert compared >= 10


def test_a_block_is_kept_whole_and_markdown_around_it_still_converts() -> None:
    text = f"# Title\n\nBefore *this*.\n\n{html_blocks.OPEN}\n<p>*not emphasis* [no](link.md)</p>\n{html_blocks.CLOSE}\n\nAfter *that*.\n"
    html = convert(text, stash_blocks=True)
    assert "<p>Before <em>this</em>.</p>" in html
    assert f"{html_blocks.OPEN}\n<p>*not emphasis* [no](link.md)</p>\n{html_blocks.CLOSE}" in html
    assert "<p>After <em>that</em>.</p>" in html


def test_an_unclosed_block_is_left_to_markdown() -> None:
    text = f"{html_blocks.OPEN}\n\nSome *text*.\n"
    assert convert(text, stash_blocks=True) == convert(text, stash_blocks=False)
    assert "<em>text</em>" in convert(text, stash_blocks=True)


@pytest.mark.parametrize("value", [html_blocks.OPEN, html_blocks.CLOSE, "x\n" + html_blocks.CLOSE + "\n<script>"])
def test_data_can_never_write_a_marker(value: str) -> None:
    escaped = md_text(value)
    assert "<" not in escaped and "\n" not in escaped


PATHS = [
    "index.md",
    "consultants/index.md",
    "consultants/dana/plan.md",
    "consultants/dana/customers.md",
    "habits/thank-you.md",
    "reviews/index.md",
    "reviews/dana.md",
    "handovers/2026-11-16-x.md",
]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_html_links_are_the_urls_mkdocs_writes(directory_urls: bool) -> None:
    for target, start in itertools.product(PATHS, PATHS):
        want = get_relative_url(File(target, "/d", "/s", directory_urls).url, File(start, "/d", "/s", directory_urls).url)
        assert links.href(target, start, directory_urls) == want, (target, start)
        assert links.href(target + "#ann", start, directory_urls) == want + "#ann"


NEW_CONSULTANT = """
  - id: lena-moss
    name: Lena Moss
    role: consultant
    status: active
"""
NEW_CUSTOMER = """\
    customers:
      - id: nina-cole
        name: Nina Cole
        consultant: lena-moss
    """


def broken_links(site: Path) -> list[str]:
    """Every relative link in every page that names no file or no anchor of the site."""
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for link in re.findall(r'<a [^>]*href="([^"]*)"', html):
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("#", "/")):  # 404.html links from the site root
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = set(re.findall(r' id="([^"]+)"', target.read_text(encoding="utf-8")))
                if parts.fragment not in ids[target]:
                    broken.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    return broken


@pytest.mark.slow
@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_link_of_the_built_site_resolves(tmp_path: Path, directory_urls: bool) -> None:
    root = copy_demo(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"use_directory_urls: {str(directory_urls).lower()}\n", encoding="utf-8")
    # A new consultant whose only customer has no purchases or contacts yet: no history page.
    team = root / "content/team.yaml"
    team.write_text(team.read_text(encoding="utf-8") + NEW_CONSULTANT, encoding="utf-8")
    write_tree(root, {"content/customers/new.yaml": NEW_CUSTOMER})
    result = build_site(Project.at(root), as_of=AS_OF, site_dir=tmp_path / "site")
    assert result.site_dir is not None
    assert result.warnings == []
    cards = (result.site_dir / ("consultants/lena-moss/customers/index.html" if directory_urls else "consultants/lena-moss/customers.html"))
    assert "Nina Cole" in cards.read_text(encoding="utf-8")
    plan = (result.site_dir / ("consultants/aisha-rahman/plan/index.html" if directory_urls else "consultants/aisha-rahman/plan.html")).read_text(encoding="utf-8")
    card_links = re.findall(r'<a href="([^"]*customers[^"]*#[^"]+)"', plan)
    assert len(card_links) > 10, "the plan links each task to its customer's card"
    assert broken_links(result.site_dir) == []


HEADING_TITLES = ["Ann Lee", "O'Brien & Sons", "María-José Núñez", "<script>alert(1)</script>", "# not a heading #", "{ #id }", "a *b* _c_ `d`", "[x](javascript:alert(1))", "&amp; &#60;", "¶ § ©"]


def _as_markdown_would(anchor: str, title: str) -> tuple[str, dict]:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    converted = md.convert(f"## {md_text(title)} {{ #{anchor} }}\n")
    return converted, md.toc_tokens[0]  # type: ignore[attr-defined]


@pytest.mark.parametrize("title", HEADING_TITLES)
def test_an_html_heading_is_the_heading_markdown_writes(title: str) -> None:
    written, token = _as_markdown_would("c-1", title)
    heading = html_heading("c-1", title)
    assert heading == written
    assert headings_of(f"\n{html_blocks.OPEN}\n{heading}\n{html_blocks.CLOSE}\n") == (Heading(2, "c-1", token["name"]),)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1).map(str.strip).filter(bool))
def test_any_title_makes_the_same_heading_and_table_of_contents_entry(title: str) -> None:
    written, token = _as_markdown_would("x", title)
    assert html_heading("x", title) == written
    assert headings_of("\n" + html_heading("x", title))[0].title == token["name"]


@pytest.mark.slow
def test_the_table_of_contents_lists_the_customers_of_html_headings(tmp_path: Path) -> None:
    result = build_site(Project.at(REPO), as_of=AS_OF, site_dir=tmp_path / "site")
    assert result.site_dir is not None and result.warnings == []
    dataset = render_site(Project.at(REPO), as_of=AS_OF).dataset
    assert dataset is not None
    for person in sorted({c.consultant for c in dataset.customers}):
        page = (result.site_dir / "consultants" / person / "customers" / "index.html").read_text(encoding="utf-8")
        toc = page.split('<nav class="md-nav md-nav--secondary"', 1)[1].split("</nav>", 1)[0]
        listed = re.findall(r'<a href="#([^"]+)" class="md-nav__link">', toc)
        assert listed == [c.id for c in dataset.customers if c.consultant == person]
