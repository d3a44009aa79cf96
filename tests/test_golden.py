"""Golden files: whole outputs of the demo project, compared byte for byte.

A change that alters a plan page, a customer card, a review checklist, a letter or the plan's
JSON shows up here as a diff to read; so does any change to the content of any page of the
built demo and hostile sites (kept as one digest per page, of what playbook puts in the page's
article, so a new release of the theme's chrome does not count as a change). When the change is intended, write the new files with

    make golden

(which runs this module with PLAYBOOK_UPDATE_GOLDEN=1) and commit them with the change.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO
from hostile import hostile_project

from generator.build import build_site, render_site
from generator.cli import cli
from generator.core.project import Project

GOLDEN = Path(__file__).resolve().parent / "golden"
AS_OF = date(2026, 11, 16)
UPDATE = os.environ.get("PLAYBOOK_UPDATE_GOLDEN") == "1"
CONSULTANT = "lucia-fernandez"
"""Took customers over in the demo handover: her pages show every kind of task and card."""

PAGES = {
    "plan-page.md": f"consultants/{CONSULTANT}/plan.md",
    "customers-page.md": f"consultants/{CONSULTANT}/customers.md",
    "review-checklists.md": f"reviews/{CONSULTANT}.md",
}
LETTERS = {
    "letter-introduction-en.eml": "kate-pemberton-introduction.eml",
    "letter-notice-es.eml": "jose-ortega-notice.eml",
}


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/<name>, or rewrite it when updating."""
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    assert path.is_file(), f"{path} is missing; write it with `make golden`"
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{name} differs from its golden file; if intended, run `make golden`"


@pytest.fixture(scope="module")
def demo_pages() -> dict[str, str]:
    result = render_site(Project.at(REPO), as_of=AS_OF)
    assert result.ok, [str(p) for p in result.problems.sorted()]
    return {page.path: page.text for page in result.pages}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_generated_page_matches_its_golden_file(name: str, demo_pages: dict[str, str]) -> None:
    check_golden(name, demo_pages[PAGES[name]])


def test_plan_json_matches_its_golden_file() -> None:
    result = CliRunner().invoke(cli, ["-C", str(REPO), "plan", "--as-of", AS_OF.isoformat(), "--format", "json"])
    assert result.exit_code == 0, result.output
    check_golden("plan.json", result.stdout)


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_letter_draft_matches_its_golden_file(name: str, tmp_path: Path) -> None:
    handover = "2026-11-16-jonas-berg"
    result = CliRunner().invoke(
        cli, ["-C", str(REPO), "export", "eml", "--handover", handover, "--output-dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    draft = tmp_path / handover / LETTERS[name]
    check_golden(name, draft.read_bytes().decode("utf-8"))


def test_a_changed_output_fails_against_its_golden_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison can fail: a one-character change to a copy of a golden file is caught."""
    if UPDATE:
        pytest.skip("updating the golden files")
    original = (GOLDEN / "plan.json").read_bytes().decode("utf-8")
    (tmp_path / "plan.json").write_bytes(original.replace("2026", "2027", 1).encode("utf-8"))
    monkeypatch.setattr("test_golden.GOLDEN", tmp_path)
    with pytest.raises(AssertionError, match="differs from its golden file"):
        check_golden("plan.json", original)


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def site_digest(site: Path) -> str:
    """One line per page: its path and the SHA-256 of its article; then playbook's stylesheets."""
    lines = []
    for path in sorted(site.rglob("*.html")):
        found = _ARTICLE.search(path.read_text(encoding="utf-8"))
        content = found.group(1) if found else "(no article)"
        lines.append(f"{path.relative_to(site).as_posix()}  {hashlib.sha256(content.encode()).hexdigest()}")
    own = [p for p in sorted(site.rglob("playbook*")) if p.is_file()]
    lines += [f"{p.relative_to(site).as_posix()}  {hashlib.sha256(p.read_bytes()).hexdigest()}" for p in own]
    return "\n".join(lines) + "\n"


@pytest.mark.slow
@pytest.mark.parametrize("which", ["demo", "hostile"])
def test_built_site_content_matches_its_golden_digest(which: str, tmp_path: Path) -> None:
    root = REPO if which == "demo" else hostile_project(tmp_path / "project")
    result = build_site(Project.at(root), as_of=AS_OF, site_dir=tmp_path / "site", strict=True)
    assert result.site_dir is not None, [str(p) for p in result.problems.sorted()]
    check_golden(f"{which}-site.sha256", site_digest(result.site_dir))
