"""`playbook init`: a new project that checks, plans and builds at once, and never borrows the demo."""

from __future__ import annotations

import json
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from generator.core.problems import Problems
from generator.core.project import Project, today
from generator.load.dataset import load_dataset
from generator.load.gift_ideas import default_gift_ideas
from generator.load.yamlio import read_yaml, value_of

START = "2026-12-05"
WALK = "2026-11-20"
"""In the appreciation season: the plan suggests gifts from the built-in ideas."""
FILES = [
    ".gitignore",
    "content/customers.yaml",
    "content/pages/how-we-work.md",
    "content/team.yaml",
    "mkdocs.yml",
    "playbook/rules.yaml",
    "playbook/schema.json",
]
DEMO_ONLY = (
    "Harbour", "Outfitters", "Portsmouth", "garment", "reproof", "kayak", "wetsuit", "boots",
    "jacket", "waterproof", "buoyancy", "salopettes", "Whitlock", "Okafor", "Rahman", "Fernández",
    "Jonas", "Bjørn", "María",
)  # fmt: skip
"""Words of the demo's outdoor shop and its people, which a new project must never show."""


def files_of(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def init(root: Path, *options: str, exit_code: int = 0) -> str:
    return run_cli("init", str(root), *options, exit_code=exit_code).stderr


def test_init_writes_a_project_that_checks_and_plans_a_first_day_that_can_be_done(tmp_path: Path) -> None:
    root = tmp_path / "wheel-works"
    out = init(root, "--name", "Wheel Works", "--currency", "eur", "--as-of", START)
    assert files_of(root) == FILES
    assert out.splitlines()[0] == f"playbook: made a new project in {root} (7 files):"
    check = run_cli("-C", str(root), "check")
    assert check.stderr.splitlines()[-1] == "wheel-works: 3 people, 5 customers, 14 rules: ok"
    plan = run_cli("-C", str(root), "plan", "--as-of", START, "--format", "json")
    tasks = json.loads(plan.stdout)
    assert plan.stderr.splitlines()[-1] == (
        "playbook: 8 tasks (0 overdue) from 2026-12-05 to 2027-01-02, 0 do-not-contact customers excluded"
    )
    assert [(t["due"], t["customer"], t["habit"]) for t in tasks][:3] == [
        ("2026-12-05", "chris-taylor", "thank_you"),
        ("2026-12-06", "lee-wong", "prospect_follow_up"),
        ("2026-12-10", "sam-okoro", "birthday"),
    ]
    assert {t["consultant"] for t in tasks} == {"jamie-chen", "priya-nair"}
    team = (root / "content" / "team.yaml").read_text(encoding="utf-8")
    assert '  currency: "EUR"' in team


def test_the_first_plan_has_nothing_overdue_on_the_day_init_ran(tmp_path: Path) -> None:
    """No --as-of: the example is dated from today, and the plan of today starts fresh."""
    root = tmp_path / "p"
    init(root)
    rules = read_yaml(root / "playbook" / "rules.yaml", Problems())
    assert rules is not None
    start = value_of(value_of(rules, "settings"), "start_date")  # type: ignore[arg-type]
    assert start is not None and start.value == today().isoformat()
    plan = run_cli("-C", str(root), "plan")
    assert re.fullmatch(r"playbook: \d+ tasks \(0 overdue\) from .*", plan.stderr.splitlines()[-1])
    later = (today() + timedelta(days=40)).isoformat()
    assert "(0 overdue)" not in run_cli("-C", str(root), "plan", "--as-of", later).stderr


def test_init_in_the_current_folder_and_one_made_by_git_init(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    out = run_cli("init", "--as-of", START).stderr
    assert files_of(tmp_path) == FILES
    assert out.splitlines()[-3:] == ["  playbook check", "  playbook plan", "  playbook build"]


@pytest.mark.parametrize("inside", ["notes.txt", ".gitignore", "content"])
def test_init_refuses_a_folder_that_is_not_empty_and_writes_nothing(tmp_path: Path, inside: str) -> None:
    root = tmp_path / "mine"
    (root / inside).parent.mkdir(parents=True, exist_ok=True)
    (root / inside).write_text("keep me\n", encoding="utf-8")
    out = init(root, exit_code=1)
    assert out == (
        f"Error: {root} is not empty (it holds {inside}); playbook init makes a project only in an empty "
        "or new folder, so that nothing is overwritten: name a new folder, e.g. playbook init my-project\n"
    )
    assert files_of(root) == [inside]
    assert (root / inside).read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--currency", "EURO", "must be a three-letter currency code such as USD, EUR or GBP (got 'EURO')"),
        ("--currency", "€", "must be a three-letter currency code such as USD, EUR or GBP (got '€')"),
        ("--language", "english please", "must be a language code such as en, es or pt-br (got 'english please')"),
        ("--name", "Two\nlines", "must be one line of text, without tabs or line breaks"),
        ("--name", "  ", "must not be empty"),
    ],
)
def test_bad_codes_and_names_are_usage_errors(tmp_path: Path, option: str, value: str, message: str) -> None:
    out = init(tmp_path / "p", option, value, exit_code=2)
    assert out.splitlines()[-1] == f"Error: Invalid value for '{option}': {message}"
    assert not (tmp_path / "p").exists()


NAMES = [
    "O'Brien & Sons",
    'The "Best" Bakery',
    "Tools: Repairs #1",
    "- Dash Ltd",
    "NO",
    "yes",
    "12:30",
    "[Bracket] {Brace}",
    "Zoë's Café 🍰",
    "{{ 7*7 }} % *bold*",
    "back\\slash",
]


@pytest.mark.parametrize("name", NAMES)
def test_the_name_is_written_exactly_into_team_yaml_and_mkdocs_yml(tmp_path: Path, name: str) -> None:
    from mkdocs.config import load_config

    root = tmp_path / "p"
    init(root, "--name", name, "--as-of", START)
    loaded = load_dataset(Project.at(root))
    assert loaded.dataset is not None, [str(p) for p in loaded.problems.sorted()]
    assert loaded.dataset.organization.name == name
    config = load_config(str(root / "mkdocs.yml"))
    assert config.site_name == f"{name} playbook"


def test_language_and_currency_reach_the_team_customers_and_theme(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    root = tmp_path / "p"
    init(root, "--language", "PT-br", "--currency", "brl", "--as-of", START)
    dataset = load_dataset(Project.at(root)).dataset
    assert dataset is not None
    assert dataset.organization.currency == "BRL"
    assert {p.languages for p in dataset.people.values()} == {("pt-br",)}
    assert {c.language for c in dataset.customers} == {"pt-br"}
    assert load_config(str(root / "mkdocs.yml")).theme["language"] == "pt-BR"
    other = tmp_path / "q"
    out = init(other, "--language", "xx", "--as-of", START)
    assert "playbook: the site's theme has no 'xx'; mkdocs.yml uses 'en'" in out.splitlines()
    assert load_config(str(other / "mkdocs.yml")).theme["language"] == "en"


def test_gitignore_keeps_output_out_and_input_in(tmp_path: Path) -> None:
    root = tmp_path / "p"
    init(root, "--as-of", START)
    ignored = (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"/site/", "/.playbook-cache/", "/handovers/", "/test-output/"} <= set(ignored)
    assert not any(line.startswith(("content", "/content", "playbook", "/playbook")) for line in ignored)


def test_no_demo_text_in_the_new_project_files(tmp_path: Path) -> None:
    root = tmp_path / "p"
    init(root, "--as-of", START)
    for relative in FILES:
        text = (root / relative).read_text(encoding="utf-8")
        assert [w for w in DEMO_ONLY if w.lower() in text.lower()] == [], relative


def test_the_demo_ignores_printed_handovers() -> None:
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/handovers/" in ignored


# ---------------------------------------------------------------- building


def site_texts(site: Path) -> dict[str, str]:
    """Every page and the search index of a built site (the theme's own scripts left out)."""
    found = {p.relative_to(site).as_posix(): p for p in site.rglob("*.html")}
    found["search/search_index.json"] = site / "search" / "search_index.json"
    return {name: path.read_text(encoding="utf-8") for name, path in found.items() if not name.startswith("assets/")}


@pytest.mark.slow
def test_the_readme_walk_through_makes_a_site_with_no_demo_text(tmp_path: Path) -> None:
    """A bicycle shop follows "Start your own project": init, its own people and customers,
    check, plan, log, build; its site shows its name and nothing of the demo's shop."""
    root = tmp_path / "wheel-works"
    init(root, "--name", "Wheel Works Bicycles", "--currency", "EUR", "--as-of", WALK)
    team = root / "content" / "team.yaml"
    team.write_text(team.read_text(encoding="utf-8").replace("Jamie Chen", "Ola Berg"), encoding="utf-8")
    customers = root / "content" / "customers.yaml"
    customers.write_text(
        customers.read_text(encoding="utf-8")
        + "\n  - id: kim-lund\n    name: Kim Lund\n    consultant: jamie-chen\n    phone: \"0612 345678\"\n"
        + "    interests: [touring]\n    purchases:\n      - {date: 2026-11-19, amount: 899.00, item: Touring bicycle}\n",
        encoding="utf-8",
    )
    run_cli("-C", str(root), "check")
    plan = json.loads(run_cli("-C", str(root), "plan", "--as-of", WALK, "--format", "json").stdout)
    kim = next(t for t in plan if t["customer"] == "kim-lund")
    assert (kim["due"], kim["habit"], kim["consultant"]) == ("2026-11-21", "thank_you", "jamie-chen")
    # Kim's seasonal thank-you falls in the week of her thank-you and is folded into it; another
    # customer's still suggests a gift from the built-in ideas.
    assert any(f.startswith("send a personal seasonal thank-you") for f in kim["folded"])
    gift = next(t["talking_points"][1] for t in plan if t["habit"] == "appreciation")
    built_in = default_gift_ideas()
    ideas = [*built_in.default, *(i for group in built_in.ideas.values() for i in group)]
    assert any(gift.startswith(f"Gift idea: {idea} (budget up to €") for idea in ideas), gift
    run_cli("-C", str(root), "log", "kim-lund", "--channel", "phone", "--outcome", "reached", "--on", WALK, "--task", kim["id"])
    after = json.loads(run_cli("-C", str(root), "plan", "--as-of", WALK, "--format", "json").stdout)
    assert kim["id"] not in {t["id"] for t in after}
    run_cli("-C", str(root), "build", "--as-of", WALK)
    texts = site_texts(root / "site")
    assert "<title>This week - Wheel Works Bicycles playbook</title>" in texts["index.html"]
    assert "Ola Berg" in texts["index.html"]
    assert "How we work" in texts["how-we-work/index.html"]
    leaks = {(name, word) for name, text in texts.items() for word in DEMO_ONLY if word.lower() in text.lower()}
    assert leaks == set()


@pytest.mark.slow
def test_a_new_project_builds_for_the_file_system_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`PLAYBOOK_OFFLINE=true playbook build`, as the README says, works in a project init made:
    its links name .html files; without the variable the site is one for a web server."""
    root = tmp_path / "shop"
    init(root, "--name", "Corner Shop", "--as-of", START)
    run_cli("-C", str(root), "build", "--as-of", START, "--site-dir", str(tmp_path / "server"))
    monkeypatch.setenv("PLAYBOOK_OFFLINE", "true")
    run_cli("-C", str(root), "build", "--as-of", START, "--site-dir", str(tmp_path / "disk"))
    server = (tmp_path / "server" / "index.html").read_text(encoding="utf-8")
    disk = (tmp_path / "disk" / "index.html").read_text(encoding="utf-8")
    assert 'href="how-we-work/"' in server and 'href="how-we-work.html"' not in server
    assert 'href="how-we-work.html"' in disk and 'href="how-we-work/"' not in disk


def bare_project(tmp_path: Path) -> Path:
    """A project made by init, then stripped of its rules, site configuration and pages."""
    root = tmp_path / "bare"
    init(root, "--name", 'Corner <b>"Shop"</b>', "--language", "es", "--as-of", START)
    for name in ("playbook", "content/pages"):
        shutil.rmtree(root / name)
    (root / "mkdocs.yml").unlink()
    return root


@pytest.mark.slow
def test_without_mkdocs_yml_the_title_and_language_come_from_the_team(tmp_path: Path) -> None:
    root = bare_project(tmp_path)
    out = run_cli("-C", str(root), "build", "--as-of", START).stderr
    assert out.splitlines()[-1].startswith("playbook: built ")
    html = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in html
    assert "<title>This week - Corner &lt;b&gt;&quot;Shop&quot;&lt;/b&gt; playbook</title>" in html
    assert "<b>" not in html, "the organisation's name shows as text, never as markup"
    assert sorted(p.name for p in root.iterdir()) == [".gitignore", ".playbook-cache", "content", "site"]
    assert not (root / "content" / "pages").exists(), "content/ is never written"


@pytest.mark.slow
def test_without_content_pages_the_site_builds_from_mkdocs_yml(tmp_path: Path) -> None:
    root = tmp_path / "p"
    init(root, "--as-of", START)
    shutil.rmtree(root / "content" / "pages")
    run_cli("-C", str(root), "build", "--as-of", START)
    assert (root / "site" / "index.html").is_file()
    assert not (root / "site" / "how-we-work").exists()
    assert not (root / "content" / "pages").exists(), "content/ is never written"
