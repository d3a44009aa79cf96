"""No output may land on an input (issue 14, failure 3): `export pdf`, `export eml` and `schema`
refuse an --output (or --output-dir) inside content/ or playbook/, or mkdocs.yml, links
resolved, before anything is loaded or written; the inputs stay byte for byte as they were."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli, write_tree

TEAM = """\
organization:
  name: Corner Shop
  signatory: olga
people:
  - {id: olga, name: Olga Berg, role: owner, title: Owner}
  - {id: eve, name: Eve Stone, role: consultant, email: eve@corner.example}
  - {id: tom, name: Tom Reed, role: consultant, status: departed, left_on: 2026-11-06}
"""

CUSTOMERS = """\
customers:
  - id: ann
    name: Ann Lee
    consultant: tom
    email: ann@example.org
"""

RECORD = """\
handover:
  date: 2026-11-16
  from: tom
  by: olga
  assignments:
    - {customer: ann, to: eve}
"""

HANDOVER = "2026-11-16-tom"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "project",
        {
            "content/team.yaml": TEAM,
            "content/customers.yaml": CUSTOMERS,
            "content/handovers/2026-11-16-tom.yaml": RECORD,
            "content/pages/about.md": "# About\n",
            "playbook/rules.yaml": "settings:\n  as_of: 2026-11-16\nrules: []\n",
            "mkdocs.yml": "site_name: Corner Shop\nplugins:\n  - playbook\n",
        },
    )


def inputs(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file() and ".playbook-cache" not in p.parts}


TARGETS = ["content/team.yaml", "content/handovers/2026-11-16-tom.yaml", "content/pages/packet.pdf", "playbook/rules.yaml", "playbook/new.pdf", "mkdocs.yml"]


def refusal(project: Path, target: str, option: str = "--output", shown: Path | None = None) -> str:
    inside = "mkdocs.yml" if target == "mkdocs.yml" else target.split("/")[0]
    return f"Error: {shown or project / target} is inside the project's inputs ({project / inside}); choose another {option}\n"


@pytest.mark.parametrize("target", TARGETS)
def test_export_pdf_never_writes_over_an_input(project: Path, target: str) -> None:
    before = inputs(project)
    result = run_cli("-C", str(project), "export", "pdf", "--handover", HANDOVER, "-o", str(project / target), exit_code=1)
    assert result.stderr == refusal(project, target)
    assert inputs(project) == before


def test_export_pdf_through_a_link_into_the_inputs_is_refused(project: Path, tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(project / "content")
    before = inputs(project)
    shown = tmp_path / "link" / "team.yaml"
    result = run_cli("-C", str(project), "export", "pdf", "--handover", HANDOVER, "-o", str(shown), exit_code=1)
    assert result.stderr == refusal(project, "content/team.yaml", shown=shown)
    assert inputs(project) == before


def test_export_pdf_onto_a_link_to_an_input_is_refused(project: Path, tmp_path: Path) -> None:
    (tmp_path / "team.pdf").symlink_to(project / "content" / "team.yaml")
    before = inputs(project)
    result = run_cli("-C", str(project), "export", "pdf", "--handover", HANDOVER, "-o", str(tmp_path / "team.pdf"), exit_code=1)
    assert result.stderr == f"Error: {tmp_path / 'team.pdf'} is inside the project's inputs ({project / 'content'}); choose another --output\n"
    assert inputs(project) == before


def test_export_pdf_default_path_inside_content_is_refused(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from content/, the default handovers/<id>.pdf would land in content/handovers/."""
    monkeypatch.chdir(project / "content")
    before = inputs(project)
    result = run_cli("-C", str(project), "export", "pdf", "--handover", HANDOVER, exit_code=1)
    assert result.stderr == f"Error: handovers/{HANDOVER}.pdf is inside the project's inputs ({project / 'content'}); choose another --output\n"
    assert inputs(project) == before


@pytest.mark.parametrize("target", ["content", "content/pages", "playbook", "playbook/templates"])
def test_export_eml_never_writes_into_the_inputs(project: Path, target: str) -> None:
    before = inputs(project)
    result = run_cli("-C", str(project), "export", "eml", "--handover", HANDOVER, "--output-dir", str(project / target), exit_code=1)
    assert result.stderr == refusal(project, target, "--output-dir", shown=project / target / HANDOVER)
    assert inputs(project) == before


@pytest.mark.parametrize("target", TARGETS)
def test_schema_never_writes_over_an_input(project: Path, target: str) -> None:
    before = inputs(project)
    result = run_cli("-C", str(project), "schema", "-o", str(project / target), exit_code=1)
    assert result.stderr == refusal(project, target)
    assert inputs(project) == before


def test_schema_may_refresh_its_own_file_in_playbook(project: Path) -> None:
    """`playbook/schema.json` is no input (nothing reads it but editors): `make schema` writes it there."""
    before = inputs(project)
    run_cli("-C", str(project), "schema", "-o", str(project / "playbook" / "schema.json"))
    after = inputs(project)
    assert after.pop("playbook/schema.json").startswith(b"{")
    assert after == before


def test_schema_outside_a_project_writes_where_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    run_cli("schema", "-o", "schema.json")
    assert (tmp_path / "schema.json").read_bytes().startswith(b"{")


def test_schema_through_a_linked_content_folder_is_refused(project: Path, tmp_path: Path) -> None:
    """A project whose content/ is a link is no project (see test_symlinks), but its inputs are still not written."""
    real = tmp_path / "real-content"
    (project / "content").rename(real)
    (project / "content").symlink_to(real)
    before = real.joinpath("team.yaml").read_bytes()
    result = run_cli("-C", str(project), "schema", "-o", str(project / "content" / "team.yaml"), exit_code=1)
    assert result.stderr == f"Error: {project / 'content' / 'team.yaml'} is inside the project's inputs ({real}); choose another --output\n"
    assert real.joinpath("team.yaml").read_bytes() == before
