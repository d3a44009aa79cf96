"""Which pages a site has (registry, spec) and how pages link to each other (links)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import write_tree

from generator.core.problems import Problem
from generator.core.project import Project
from generator.load.dataset import load_dataset
from generator.plan.schedule import schedule
from generator.site.links import check_path, href, page_url, relative
from generator.site.registry import page_specs
from generator.site.spec import SECTIONS, PageSpec, Site

AS_OF = date(2026, 3, 2)


@pytest.fixture
def site(minimal_project: Path) -> Site:
    """Two consultants, Dana Fox with one customer and Abe Ives (id sam) with one who has a purchase."""
    write_tree(
        minimal_project,
        {
            "content/team.yaml": (minimal_project / "content/team.yaml").read_text(encoding="utf-8")
            + "  - id: sam\n    name: Abe Ives\n    role: consultant\n",
            "content/customers/sam.yaml": """\
                customers:
                  - id: bo
                    name: Bo Wu
                    consultant: sam
                    purchases:
                      - {date: 2026-02-01, item: Chair, amount: 120}
                """,
        },
    )
    loaded = load_dataset(Project.at(minimal_project), use_cache=False)
    assert loaded.dataset is not None, [str(p) for p in loaded.problems.items]
    return Site.of(loaded.dataset, schedule(loaded.dataset, as_of=AS_OF), as_of=AS_OF)


def paths(specs: list[PageSpec]) -> list[str]:
    return [spec.path for spec in specs]


# ---------------------------------------------------------------- page_specs


def test_home_first_then_each_section_index_in_order(site: Site) -> None:
    specs, problems = page_specs(site)
    assert problems == []
    found = paths(specs)
    assert found[0] == "index.md"
    indexes = [path for path in found if path.endswith("/index.md")]
    assert indexes == [f"{section.key}/index.md" for section in SECTIONS]
    assert len(found) == len(set(found))


def test_each_section_is_one_run_of_pages_opened_by_its_index(site: Site) -> None:
    specs, _ = page_specs(site)
    runs: list[tuple[str, str]] = []  # (section, its first page)
    for path in paths(specs)[1:]:
        key = path.split("/")[0]
        if not runs or runs[-1][0] != key:
            runs.append((key, path))
    assert runs == [(section.key, f"{section.key}/index.md") for section in SECTIONS]


def test_each_consultant_gets_a_plan_and_a_customers_page(site: Site) -> None:
    specs, _ = page_specs(site)
    consultants = [path for path in paths(specs) if path.startswith("consultants/")]
    assert consultants == [
        "consultants/index.md",
        "consultants/sam/plan.md",  # people come by name: Abe Ives before Dana Fox
        "consultants/sam/week.md",
        "consultants/sam/customers.md",
        "consultants/sam/history.md",  # only Abe's customer has a history
        "consultants/dana/plan.md",
        "consultants/dana/week.md",
        "consultants/dana/customers.md",
    ]
    assert not any("/olga/" in path for path in paths(specs))  # the owner: no customers, no tasks, no pages


def test_page_specs_are_stable(site: Site) -> None:
    assert page_specs(site) == page_specs(site)


def test_a_source_for_an_unknown_section_is_refused(site: Site) -> None:
    with pytest.raises(ValueError, match=r"^unknown section 'blog'; add it to SECTIONS first$"):
        page_specs(site, [("blog", lambda site: iter(()))])


def test_a_section_without_its_own_index_gets_a_placeholder_listing_titled_pages(site: Site) -> None:
    titled = PageSpec("handovers/2026-03-01-sam.md", "x.md.j2", title="Sam leaves")
    untitled = PageSpec("handovers/extra.md", "x.md.j2")
    specs, problems = page_specs(site, [("handovers", lambda site: iter((titled, untitled)))])
    assert problems == []
    assert paths(specs) == [
        *(f"{section.key}/index.md" for section in SECTIONS[:3]),
        "handovers/index.md",
        "handovers/2026-03-01-sam.md",
        "handovers/extra.md",
        "reviews/index.md",
        "reports/index.md",
    ]
    placeholder = specs[3]
    assert (placeholder.template, placeholder.in_nav) == ("section.md.j2", True)
    assert placeholder.context == {"section": SECTIONS[3], "entries": [titled]}


def test_a_source_that_yields_its_index_replaces_the_placeholder(site: Site) -> None:
    own = PageSpec("reviews/index.md", "own.md.j2")
    specs, _ = page_specs(site, [("reviews", lambda site: iter((own,)))])
    assert [spec for spec in specs if spec.path == "reviews/index.md"] == [own]


@pytest.mark.parametrize("path", ["../x.md", "A.md", "a/b.txt"])
def test_an_unsafe_generated_path_is_reported(site: Site, path: str) -> None:
    def source(site: Site) -> Iterator[PageSpec]:
        yield PageSpec(path, "x.md.j2")

    specs, problems = page_specs(site, [("home", source)])
    assert path in paths(specs)
    assert problems == [
        Problem("<site>", 1, 1, "error", f"page path {path!r} is not made of safe slugs; this is a bug in a page source")
    ]


def test_the_problems_a_page_met_are_passed_on(site: Site) -> None:
    met = Problem("playbook/letters/x.md", 3, 1, "error", "template error")
    _, problems = page_specs(site, [("reports", lambda site: iter((PageSpec("reports/x.md", "x.md.j2", problems=(met,)),)))])
    assert problems == [met]


# ---------------------------------------------------------------- check_path


@pytest.mark.parametrize("path", ["index.md", "consultants/dana/plan.md", "habits/thank-you.md", "a1/b-2/c3.md"])
def test_safe_paths_pass(path: str) -> None:
    assert check_path(path) is None


@pytest.mark.parametrize(
    "path",
    ["../x.md", "A.md", "a/b.txt", "/abs.md", "a//b.md", "a/.md", "md", "x.md.md", "consultants/Dana/plan.md", "a b.md", "-a.md", "a/b.MD"],
)
def test_unsafe_paths_are_reported(path: str) -> None:
    assert check_path(path) == Problem(
        "<site>", 1, 1, "error", f"page path {path!r} is not made of safe slugs; this is a bug in a page source"
    )


# ---------------------------------------------------------------- relative, page_url, href


@pytest.mark.parametrize(
    ("target", "start", "expected"),
    [
        ("consultants/dana/plan.md", "index.md", "consultants/dana/plan.md"),
        ("consultants/dana/customers.md#ann", "consultants/dana/plan.md", "customers.md#ann"),
        ("habits/thank-you.md", "consultants/dana/plan.md", "../../habits/thank-you.md"),
        ("index.md#going-quiet", "reports/index.md", "../index.md#going-quiet"),
        ("consultants/dana/plan.md", "consultants/dana/plan.md", "plan.md"),
    ],
)
def test_relative_links_between_markdown_pages(target: str, start: str, expected: str) -> None:
    assert relative(target, start) == expected


@pytest.mark.parametrize(
    ("path", "directory_urls", "expected"),
    [
        ("index.md", True, ""),
        ("index.md", False, "index.html"),
        ("reports/index.md", True, "reports/"),
        ("reports/index.md", False, "reports/index.html"),
        ("consultants/dana/plan.md", True, "consultants/dana/plan/"),
        ("consultants/dana/plan.md", False, "consultants/dana/plan.html"),
        ("habits/reindex.md", True, "habits/reindex/"),
        ("handovers/packet.pdf", True, "handovers/packet.pdf"),
        ("handovers/packet.pdf", False, "handovers/packet.pdf"),
    ],
)
def test_page_url_follows_mkdocs(path: str, directory_urls: bool, expected: str) -> None:
    assert page_url(path, directory_urls) == expected


@pytest.mark.parametrize(
    ("target", "start", "directory_urls", "expected"),
    [
        ("consultants/dana/customers.md#ann", "consultants/dana/plan.md", True, "../customers/#ann"),
        ("consultants/dana/customers.md#ann", "consultants/dana/plan.md", False, "customers.html#ann"),
        ("habits/thank-you.md", "consultants/dana/plan.md", True, "../../../habits/thank-you/"),
        ("habits/thank-you.md", "consultants/dana/plan.md", False, "../../habits/thank-you.html"),
        ("index.md", "consultants/dana/plan.md", True, "../../../"),
        ("index.md", "consultants/dana/plan.md", False, "../../index.html"),
        ("reports/index.md", "index.md", True, "reports/"),
        ("reports/index.md", "index.md", False, "reports/index.html"),
        ("index.md", "index.md", True, "./"),
        ("consultants/dana/plan.md#t", "consultants/dana/plan.md", True, "./#t"),
        ("#t", "consultants/dana/plan.md", True, "#t"),
        ("handovers/packet.pdf", "handovers/2026-03-01-sam.md", True, "../packet.pdf"),
        ("handovers/packet.pdf", "handovers/2026-03-01-sam.md", False, "packet.pdf"),
        ("handovers/packet.pdf", "handovers/index.md", True, "packet.pdf"),
    ],
)
def test_href_is_the_final_relative_url(target: str, start: str, directory_urls: bool, expected: str) -> None:
    assert href(target, start, directory_urls) == expected
