"""Inputs come only from regular files inside the project (issue 14, failure 1 and 8).

A symbolic link anywhere in content/ or playbook/ (a page, a folder, a customer file, a record,
a template, the team or rules file) would publish what it points to, such as /etc/os-release;
it is a located error instead, and what it points to is never read. A folder named like a YAML
file is a located error too, rather than a file that silently is not read.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import MINIMAL_TEAM, run_cli, write_tree

SECRET = "Mallory Secret"
"""A name that is only in the file outside the project."""

CUSTOMERS = """\
    customers:
      - id: ann
        name: Ann Lee
        consultant: dana
    """

OUTSIDE_CUSTOMERS = f"""\
    customers:
      - id: mal
        name: {SECRET}
        consultant: dana
    """

LINK = "playbook reads only regular files inside the project"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "project",
        {
            "content/team.yaml": MINIMAL_TEAM,
            "content/customers.yaml": CUSTOMERS,
            "playbook/rules.yaml": "settings:\n  as_of: 2026-11-16\nrules: []\n",
        },
    )


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files outside the project that a link could point to."""
    return write_tree(
        tmp_path / "outside",
        {
            "customers.yaml": OUTSIDE_CUSTOMERS,
            "team.yaml": MINIMAL_TEAM.replace("Olga Berg", SECRET),
            "rules.yaml": f"# {SECRET}\nrules: []\n",
            "page.md": f"# Leaked\n\n{SECRET}\n",
            "notice.txt.j2": f"{SECRET}\n",
            "folder/more.yaml": OUTSIDE_CUSTOMERS,
            "folder/page.md": f"# Leaked\n\n{SECRET}\n",
        },
    )


def link(path: Path, target: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    return path


def file_message(path: Path) -> str:
    return f"{path}:1:1: error: this file is a symbolic link to {path.readlink()}; {LINK}: copy the file in instead of linking it"


def folder_message(path: Path) -> str:
    return f"{path}:1:1: error: this folder is a symbolic link to {path.readlink()}; {LINK}: copy the folder in instead of linking it"


def check_fails_with(project: Path, expected: str) -> None:
    result = run_cli("-C", str(project), "check", exit_code=1)
    assert expected in result.stderr.splitlines()
    assert SECRET not in result.output


@pytest.mark.parametrize(
    ("where", "target"),
    [
        ("content/customers/evil.yaml", "customers.yaml"),
        ("content/contacts/2026-11-16-ann.yaml", "customers.yaml"),
        ("content/reviews/2026-11-16-ann.yaml", "customers.yaml"),
        ("content/handovers/2026-11-16-olga.yaml", "customers.yaml"),
        ("content/purchases/2026-11-16-ann.yaml", "customers.yaml"),
        ("content/pages/leak.md", "page.md"),
        ("content/pages/lessons/leak.md", "page.md"),
        ("content/pages/passwd.txt", "page.md"),
        ("playbook/templates/letters/notice.txt.j2", "notice.txt.j2"),
        ("playbook/review_questions.yaml", "rules.yaml"),
        ("playbook/gift_ideas.yaml", "rules.yaml"),
    ],
)
def test_a_linked_file_is_a_located_error_and_never_read(project: Path, outside: Path, where: str, target: str) -> None:
    path = link(project / where, outside / target)
    check_fails_with(project, file_message(path))


def test_a_linked_team_file_is_a_located_error_and_never_read(project: Path, outside: Path) -> None:
    team = project / "content" / "team.yaml"
    team.unlink()
    link(team, outside / "team.yaml")
    check_fails_with(project, file_message(team))


def test_a_linked_rules_file_is_a_located_error_and_never_read(project: Path, outside: Path) -> None:
    rules = project / "playbook" / "rules.yaml"
    rules.unlink()
    link(rules, outside / "rules.yaml")
    check_fails_with(project, file_message(rules))


def test_a_linked_single_customers_file_is_a_located_error(project: Path, outside: Path) -> None:
    customers = project / "content" / "customers.yaml"
    customers.unlink()
    link(customers, outside / "customers.yaml")
    result = run_cli("-C", str(project), "check", exit_code=1)
    assert file_message(customers) in result.stderr.splitlines()
    assert SECRET not in result.output


@pytest.mark.parametrize("where", ["content/customers", "content/customers/north", "content/pages/more", "playbook/templates"])
def test_a_linked_folder_is_a_located_error_and_nothing_below_it_is_read(project: Path, outside: Path, where: str) -> None:
    path = link(project / where, outside / "folder")
    check_fails_with(project, folder_message(path))


def test_a_link_to_a_file_inside_the_project_is_refused_too(project: Path) -> None:
    path = link(project / "content" / "customers" / "copy.yaml", project / "content" / "customers.yaml")
    result = run_cli("-C", str(project), "check", exit_code=1)
    assert file_message(path) in result.stderr.splitlines()


def test_a_dangling_link_is_a_located_error(project: Path, tmp_path: Path) -> None:
    path = link(project / "content" / "customers" / "gone.yaml", tmp_path / "nowhere.yaml")
    result = run_cli("-C", str(project), "check", exit_code=1)
    assert file_message(path) in result.stderr.splitlines()


def test_an_editor_lock_link_is_left_alone(project: Path) -> None:
    """Emacs marks a file being edited with a dangling link `.#name`; it is no input."""
    link(project / "content" / ".#customers.yaml", Path("someone@host.1234:1700000000"))
    run_cli("-C", str(project), "check", exit_code=0)


@pytest.mark.parametrize("folder", ["content", "playbook"])
def test_a_linked_content_or_playbook_folder_is_refused(project: Path, outside: Path, folder: str) -> None:
    real = project / folder
    real.rename(outside / f"real-{folder}")
    link(real, outside / f"real-{folder}")
    result = run_cli("-C", str(project), "check", exit_code=1)
    assert result.stderr == (
        f"Error: {real} is a symbolic link to {outside / f'real-{folder}'}; {LINK}: copy the folder in instead of linking it\n"
    )


@pytest.mark.parametrize("command", [("plan",), ("report", "quiet"), ("export", "ics", "--consultant", "dana", "-o", "-")])
def test_every_command_that_reads_the_data_refuses_a_link(project: Path, outside: Path, command: tuple[str, ...]) -> None:
    path = link(project / "content" / "customers" / "evil.yaml", outside / "customers.yaml")
    result = run_cli("-C", str(project), *command, exit_code=1)
    assert file_message(path) in result.stderr.splitlines()
    assert SECRET not in result.output


def test_a_build_with_a_linked_page_fails_and_keeps_the_old_site(project: Path, outside: Path, tmp_path: Path) -> None:
    page = link(project / "content" / "pages" / "leak.md", outside / "page.md")
    site = write_tree(tmp_path / "site", {"index.html": "old site\n"})
    result = run_cli("-C", str(project), "build", "--site-dir", str(site), exit_code=1)
    assert file_message(page) in result.stderr.splitlines()
    assert SECRET not in result.output
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "old site\n"


def test_a_folder_named_like_a_yaml_file_is_a_located_error(project: Path) -> None:
    """Its customers would silently not be read (a file inside it without .yaml, say)."""
    folder = project / "content" / "customers" / "north.yaml"
    write_tree(folder, {"customers.txt": OUTSIDE_CUSTOMERS})
    result = run_cli("-C", str(project), "check", exit_code=1)
    assert result.stderr.splitlines()[0] == (
        f"{folder}:1:1: error: this is a folder, but its name ends in .yaml like a data file's; "
        "rename it, or put the file it should be in its place"
    )


@pytest.mark.parametrize("where", ["content/team.yaml", "playbook/rules.yaml", "playbook/gift_ideas.yaml"])
def test_a_fixed_input_that_is_a_folder_is_a_located_error(project: Path, where: str) -> None:
    path = project / where
    if path.exists():
        path.unlink()
    path.mkdir()
    result = run_cli("-C", str(project), "check", exit_code=1)
    assert (
        f"{path}:1:1: error: this is a folder, but its name ends in .yaml like a data file's; "
        "rename it, or put the file it should be in its place"
    ) in result.stderr.splitlines()


def test_a_named_pipe_with_a_yaml_name_is_a_located_error_and_not_waited_on(project: Path) -> None:
    pipe = project / "content" / "customers" / "pipe.yaml"
    pipe.parent.mkdir()
    os.mkfifo(pipe)
    result = run_cli("-C", str(project), "check", exit_code=1)
    assert f"{pipe}:1:1: error: this is not a regular file (a named pipe); playbook reads only regular files: replace it with a file" in result.stderr.splitlines()


def test_a_link_in_a_docs_folder_outside_content_stops_the_build(project: Path, outside: Path, tmp_path: Path) -> None:
    """MkDocs itself reads the docs folder that mkdocs.yml names, and follows links: the plugin stops it."""
    write_tree(project, {"mkdocs.yml": "site_name: Corner Shop\ndocs_dir: docs\ntheme:\n  name: material\nplugins:\n  - playbook\n", "docs/ok.md": "# Fine\n"})
    page = link(project / "docs" / "leak.md", outside / "page.md")
    site = write_tree(tmp_path / "site", {"index.html": "old site\n"})
    result = run_cli("-C", str(project), "build", "--site-dir", str(site), exit_code=1)
    assert file_message(page) in result.stderr
    assert SECRET not in result.output
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
