"""Private sites: a consultant's site holds no other customer anywhere, every site keeps search
engines out, and `--consultant` / `--split` behave as the README says."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import copy_demo, run_cli, write_tree
from hostile import hostile_project

from generator.build import plan_site
from generator.core import forked, model
from generator.core.problems import Location, Problems
from generator.core.project import Project
from generator.mkdocs_plugin import with_robots_meta
from generator.site import private
from generator.site.private import ROBOTS_META, ROBOTS_TXT

AS_OF = date(2026, 11, 16)
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# ---------------------------------------------------------------- reading every output file


def text_of(path: Path) -> str:
    """What a reader (or a program) can get out of a file of the site, as plain text."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    if path.suffix == ".pdf":
        if shutil.which("pdftotext") is None:  # pragma: no cover - poppler is in the dev setup
            pytest.skip("pdftotext is not installed")
        pages = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode("utf-8")
        return pages + "\n" + " ".join(pages.split())  # also with lines joined: a phone may wrap
    text = data.decode("utf-8", errors="replace")
    if path.suffix == ".json":
        text = json.dumps(json.loads(text), ensure_ascii=False)  # MkDocs writes é as \\u00e9
    return unescape(unescape(text))  # HTML, and HTML inside the search index's JSON


def site_text(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): text_of(p) for p in sorted(site.rglob("*")) if p.is_file()}


@dataclass(frozen=True)
class Marks:
    """The strings that give a customer away: e-mail, phone, and name (as a whole word)."""

    customer: model.Customer

    def found_in(self, text: str) -> list[str]:
        found = [v for v in (self.customer.email, self.customer.phone) if v and v in text]
        if re.search(rf"(?<!\w){re.escape(self.customer.name)}(?!\w)", text):
            found.append(self.customer.name)
        return found


def owned(dataset: model.Dataset, plan: model.Plan, person: str) -> set[str]:
    """The customers a consultant's site may show: theirs, and those their tasks are for."""
    return {c.id for c in dataset.customers if c.consultant == person} | {t.customer for t in plan.tasks if t.consultant == person}


def assert_private(site: Path, dataset: model.Dataset, plan: model.Plan, person: str) -> None:
    """No other customer's e-mail, phone or name in any file; each own customer is on the site."""
    texts = site_text(site)
    assert any(name.endswith(".pdf") for name in texts) or not any(
        a.to == person for h in dataset.handovers for a in h.assignments
    ), "the consultant received customers in a handover, so their packet PDF must be there"
    mine = owned(dataset, plan, person)
    leaks = [
        f"{name}: {value} ({c.id})"
        for c in dataset.customers
        if c.id not in mine
        for name, text in texts.items()
        for value in Marks(c).found_in(text)
    ]
    assert leaks == []
    everything = "\n".join(texts.values())
    missing = [c.id for c in dataset.customers if c.id in mine and not Marks(c).found_in(everything)]
    assert missing == []
    assert_closed(site)


def assert_closed(site: Path) -> None:
    """Every HTML page asks not to be indexed, and robots.txt keeps every crawler out."""
    pages = sorted(site.rglob("*.html"))
    assert pages
    assert [p.relative_to(site).as_posix() for p in pages if ROBOTS_META not in p.read_text(encoding="utf-8")] == []
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, model.Dataset, model.Plan]:
    root = copy_demo(tmp_path_factory.mktemp("private"))
    planned = plan_site(Project.at(root), as_of=AS_OF)
    assert planned.dataset is not None and planned.plan is not None
    return root, planned.dataset, planned.plan


# ---------------------------------------------------------------- cutting the data (fast)


def test_restrict_keeps_only_the_consultants_customers_tasks_and_handover_lines(demo_data: tuple[Path, model.Dataset, model.Plan]) -> None:
    _, dataset, plan = demo_data
    own, own_plan = private.restrict(dataset, plan, "sam-whitlock")
    assert {t.consultant for t in own_plan.tasks} == {"sam-whitlock"}
    assert len(own_plan.tasks) == sum(1 for t in plan.tasks if t.consultant == "sam-whitlock")
    assert {c.id for c in own.customers} == owned(dataset, plan, "sam-whitlock")
    assert own.people == dataset.people  # the team stays
    assert [a.to for h in own.handovers for a in h.assignments] == ["sam-whitlock", "sam-whitlock"]
    assert not [k for k in own.extras if k.startswith("_")]


def test_consultants_with_sites_are_the_active_people_with_customers_or_tasks(demo_data: tuple[Path, model.Dataset, model.Plan]) -> None:
    _, dataset, plan = demo_data
    assert private.consultants_with_sites(dataset, plan) == ["aisha-rahman", "david-okafor", "lucia-fernandez", "maria-lopez", "sam-whitlock"]


def test_the_robots_tag_goes_first_into_the_head_once() -> None:
    page = "<!doctype html><html><head><title>x</title></head><body></body></html>"
    tagged = with_robots_meta(page)
    assert tagged == f'<!doctype html><html><head>\n{ROBOTS_META}<title>x</title></head><body></body></html>'
    assert with_robots_meta(tagged) == tagged
    assert ROBOTS_TXT == "User-agent: *\nDisallow: /\n"


@dataclass
class FakeRendered:
    problems: Problems
    pages: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems.has_errors()


def _render(view: private.View) -> FakeRendered:
    time.sleep(0.05)  # long enough for a forked copy to start and take its share
    problems = Problems()
    if view.folder.startswith("bad"):
        problems.error(Location("x.yaml", 1, 1), f"{view.folder} is wrong")
    return FakeRendered(problems, [view.folder] * 3)


def _built(view: private.View, result: FakeRendered) -> str:
    return f"built {view.folder} in {os.getpid()}"


def test_build_views_builds_the_full_site_first_then_each_private_site_once_on_either_core() -> None:
    told: list[str] = []
    sites = [private.View("manager"), *(private.View(f"p{n}", f"p{n}") for n in range(8))]
    each, pages = private.build_views(sites, _render, _built, told.append)
    assert pages == 3 and [p.items for p in each] == [[]] * len(sites)
    assert [note.split(" in ")[0] for note in told] == [f"built {site.folder}" for site in sites]  # in the sites' order
    builders = {note.split(" in ")[1] for note in told}
    assert told[0].endswith(f" in {os.getpid()}")  # the full site, here
    assert len(builders) == (2 if forked.can_fork() else 1)


def test_a_full_site_with_errors_stops_the_build_and_a_private_one_is_not_built() -> None:
    told: list[str] = []
    sites = [private.View("bad-all"), private.View("b", "b"), private.View("bad-c", "c")]
    with pytest.raises(private.SiteErrors) as failed:
        private.build_views(sites, _render, _built, told.append)
    assert told == []  # nothing is built once the full site has errors
    assert [[p.message for p in problems.items] for problems in failed.value.each] == [["bad-all is wrong"], [], ["bad-c is wrong"]]

    sites = [private.View("all"), *(private.View(name, name) for name in ("b", "bad-c", "d", "bad-e"))]
    with pytest.raises(private.SiteErrors) as failed:
        private.build_views(sites, _render, _built, told.append)
    assert [note.split(" in ")[0] for note in told] == ["built all", "built b", "built d"]
    assert [[p.message for p in problems.items] for problems in failed.value.each] == [[], [], ["bad-c is wrong"], [], ["bad-e is wrong"]]


# ---------------------------------------------------------------- the command line


@pytest.mark.parametrize(
    ("consultant", "message"),
    [
        ("sam", "no person 'sam' in content/team.yaml; did you mean 'sam-whitlock'?"),
        ("sam-whitlok", "no person 'sam-whitlok' in content/team.yaml; did you mean 'sam-whitlock'?"),
        (
            "jonas-berg",
            "'jonas-berg' left on 2026-11-06, so they get no private site; their customers appear on the sites of "
            "those who took them over; consultants with a private site: aisha-rahman, david-okafor, lucia-fernandez, "
            "maria-lopez, sam-whitlock",
        ),
    ],
)
def test_a_consultant_without_a_private_site_is_a_usage_error(tmp_path: Path, consultant: str, message: str) -> None:
    root = copy_demo(tmp_path)
    result = run_cli("--project", str(root), "build", "--consultant", consultant, "--as-of", "2026-11-16", exit_code=2)
    assert f"Error: Invalid value for '--consultant': {message}\n" in result.output
    assert not (root / "site").exists()


def test_consultant_and_split_together_are_a_usage_error(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    result = run_cli("--project", str(root), "build", "--consultant", "sam-whitlock", "--split", exit_code=2)
    assert "Error: --consultant and --split do not go together: --split already builds every consultant's site" in result.output


# ---------------------------------------------------------------- building (slow)


@pytest.mark.slow
def test_a_private_build_holds_no_other_customer_in_any_file(demo_data: tuple[Path, model.Dataset, model.Plan], tmp_path: Path) -> None:
    root, dataset, plan = demo_data
    out = tmp_path / "sam"
    result = run_cli("--project", str(root), "build", "--consultant", "sam-whitlock", "--as-of", "2026-11-16", "--site-dir", str(out))
    assert "playbook: built 27 generated pages for sam-whitlock as of 2026-11-16 into" in result.output
    assert_private(out, dataset, plan, "sam-whitlock")
    texts = site_text(out)
    assert "consultants/sam-whitlock/follow-ups.ics" in texts
    assert not [n for n in texts if n.startswith("consultants/") and n.count("/") > 1 and not n.startswith("consultants/sam-whitlock/")]
    assert "search/search_index.json" in texts
    assert "<title>This week - Harbour & Pine Outfitters playbook · Sam Whitlock</title>" in texts["index.html"]


@pytest.mark.slow
def test_a_split_build_gives_each_consultant_a_private_folder_and_managers_the_whole(demo_data: tuple[Path, model.Dataset, model.Plan], tmp_path: Path) -> None:
    root, dataset, plan = demo_data
    out = tmp_path / "site"
    result = run_cli("--project", str(root), "build", "--split", "--as-of", "2026-11-16", "--site-dir", str(out))
    people = private.consultants_with_sites(dataset, plan)
    assert sorted(p.name for p in out.iterdir()) == sorted(["index.html", "robots.txt", "manager", *people])
    assert f"playbook: the full site is in manager/; private sites in {', '.join(f'{p}/' for p in people)}\n" in result.output
    for person in people:
        assert_private(out / person, dataset, plan, person)
    assert_closed(out / "manager")
    everything = "\n".join(site_text(out / "manager").values())
    assert [c.id for c in dataset.customers if not Marks(c).found_in(everything)] == []
    root_page = (out / "index.html").read_text(encoding="utf-8")
    assert ROBOTS_META in root_page and "<a " not in root_page
    assert (out / "robots.txt").read_text(encoding="utf-8") == ROBOTS_TXT
    # No site links into another's folder (404.html links to /assets/ at the server's root).
    folders = [(out / name).resolve() for name in ["manager", *people]]
    for person in people:
        others = [f for f in folders if f.name != person]
        for page in (out / person).rglob("*.html"):
            for link in re.findall(r'(?:href|src)="([^"#]*)', page.read_text(encoding="utf-8")):
                if link.startswith(("mailto:", "tel:", "https:", "http:", "data:")):
                    continue
                resolved = (out / link.lstrip("/") if link.startswith("/") else page.parent / link).resolve()
                assert not [f for f in others if resolved.is_relative_to(f)], (page, link)


@pytest.mark.slow
def test_a_normal_build_keeps_search_engines_out_too(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    run_cli("--project", str(root), "build", "--as-of", "2026-11-16", "--site-dir", str(tmp_path / "out"))
    assert_closed(tmp_path / "out")


@pytest.mark.slow
def test_a_hand_written_robots_txt_that_lets_crawlers_in_is_refused(tmp_path: Path) -> None:
    root = copy_demo(tmp_path)
    write_tree(root, {"content/pages/robots.txt": "User-agent: *\nAllow: /\n"})
    result = run_cli("--project", str(root), "build", "--as-of", "2026-11-16", "--site-dir", str(tmp_path / "out"), exit_code=1)
    assert (
        "playbook: robots.txt in the docs folder lets search engines in, but the site holds customer details; "
        "delete it (playbook writes a robots.txt that disallows everything)"
    ) in " ".join(result.output.split())
    assert not (tmp_path / "out").exists()


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


@pytest.mark.slow
def test_a_private_site_of_hostile_data_shows_it_as_text(tmp_path: Path) -> None:
    """The consultant's name goes into the site's title: it is text there, as everywhere."""
    root = hostile_project(tmp_path / "project")
    out = tmp_path / "dana"
    run_cli("--project", str(root), "build", "--consultant", "dana", "--strict", "--as-of", "2026-11-16", "--site-dir", str(out))
    assert_closed(out)
    for path in sorted(out.rglob("*.html")):
        parser = Tags()
        parser.feed(path.read_text(encoding="utf-8"))
        for tag, attrs in parser.found:
            assert tag not in ("img", "iframe", "object", "embed"), (path, tag)
            assert not [name for name, _ in attrs if name.startswith("on")], (path, tag, attrs)


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_each_folder_of_a_split_build_is_byte_for_byte_the_site_built_on_its_own(demo_data: tuple[Path, model.Dataset, model.Plan], tmp_path: Path) -> None:
    """One process builds every site of a split (theme files listed once, each site rendered
    when it is built): each folder must be exactly what a build of that site alone gives."""
    root, dataset, plan = demo_data
    run_cli("--project", str(root), "build", "--split", "--as-of", "2026-11-16", "--site-dir", str(tmp_path / "split"))
    alone = {"manager": tmp_path / "alone-full"}
    run_cli("--project", str(root), "build", "--as-of", "2026-11-16", "--site-dir", str(alone["manager"]))
    for person in private.consultants_with_sites(dataset, plan):
        alone[person] = tmp_path / f"alone-{person}"
        run_cli("--project", str(root), "build", "--consultant", person, "--as-of", "2026-11-16", "--site-dir", str(alone[person]))
    for folder, site in alone.items():
        split, single = files_of(tmp_path / "split" / folder), files_of(site)
        assert sorted(split) == sorted(single), folder
        assert [name for name in single if split[name] != single[name]] == [], folder
