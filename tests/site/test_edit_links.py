"""The customer cards' edit links: mkdocs.yml's repo_url and edit_uri, joined as MkDocs joins them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import MINIMAL_TEAM, write_tree

from generator.build import build_site, render_site
from generator.core.project import Project
from generator.site.edit_links import EditSource

AS_OF = date(2026, 11, 16)
GITHUB = "https://github.com/shop/playbook"


def test_the_customer_file_is_found_from_the_docs_folder_as_mkdocs_does() -> None:
    edit = EditSource(GITHUB, "edit/main/content/pages/", "", "/p/content/pages")
    assert edit.url("/p/content/customers/north.yaml") == f"{GITHUB}/edit/main/content/customers/north.yaml"
    assert edit.url("/p/content/customers.yaml") == f"{GITHUB}/edit/main/content/customers.yaml"
    slash = EditSource(GITHUB + "/", "edit/main/content/pages/", "", "/p/content/pages")
    assert slash.url("/p/content/customers.yaml") == f"{GITHUB}/edit/main/content/customers.yaml"
    absolute = EditSource("", "https://gitlab.example/shop/-/edit/main/content/pages/", "", "/p/content/pages")
    assert absolute.url("/p/content/customers.yaml") == "https://gitlab.example/shop/-/edit/main/content/customers.yaml"
    template = EditSource(GITHUB, "", "src/main/content/pages/{path}?mode=edit", "/p/content/pages")
    assert template.url("/p/content/customers/a b.yaml") == f"{GITHUB}/src/main/content/customers/a%20b.yaml?mode=edit"


def test_an_address_that_is_no_web_page_gives_no_link() -> None:
    for repo_url, edit_uri in (("javascript:alert(1)//", "x/"), ("", "edit/main/"), ("data:text/html,x", "")):
        assert EditSource(repo_url, edit_uri or "e/", "", "/p/content/pages").url("/p/content/c.yaml") == ""
    assert EditSource(GITHUB, "", "{nope}", "/p/content/pages").url("/p/content/c.yaml") == ""
    markup = EditSource(GITHUB, 'edit/"><script>alert(1)</script>/', "", "/p/content/pages")
    assert markup.url("/p/content/pages/c.yaml") == f"{GITHUB}/edit/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E/c.yaml"


def test_the_settings_come_from_mkdocs_yml(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    (tmp_path / "content" / "pages").mkdir(parents=True)
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: Shop\ndocs_dir: content/pages\nrepo_url: {GITHUB}\nedit_uri: edit/main/content/pages\n")
    assert EditSource.of_config(load_config(str(config))) == EditSource(
        GITHUB, "edit/main/content/pages/", "", str(tmp_path / "content" / "pages")
    )
    config.write_text("site_name: Shop\ndocs_dir: content/pages\n")
    assert EditSource.of_config(load_config(str(config))) is None
    config.write_text(f"site_name: Shop\ndocs_dir: content/pages\nrepo_url: {GITHUB}\nedit_uri: ''\n")
    assert EditSource.of_config(load_config(str(config))) is None
    # A docs folder outside the project (playbook build's stand-in for a missing one): no links.
    (tmp_path / "elsewhere").mkdir()
    config.write_text(f"site_name: Shop\nrepo_url: {GITHUB}\nedit_uri: edit/main/\n")
    assert EditSource.of_config(load_config(str(config), docs_dir=str(tmp_path / "elsewhere"))) is not None
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(config.read_text())
    assert EditSource.of_config(load_config(str(project / "mkdocs.yml"), docs_dir=str(tmp_path / "elsewhere"))) is None


def project(root: Path) -> Path:
    return write_tree(
        root,
        {
            "content/team.yaml": MINIMAL_TEAM,
            "content/customers/north.yaml": "customers:\n  - {id: ann, name: Ann Lee, consultant: dana}\n",
            "content/pages/about.md": "# About\n",
            "playbook/rules.yaml": "rules: []\n",
        },
    )


def test_each_card_links_to_its_file_only_when_an_editor_is_named(tmp_path: Path) -> None:
    root = project(tmp_path)
    edit = EditSource(GITHUB, "edit/main/content/pages/", "", str(root / "content" / "pages"))
    for source, expected in ((edit, [f'<p class="card-edit"><a href="{GITHUB}/edit/main/content/customers/north.yaml">Edit</a></p>']), (None, [])):
        result = render_site(Project.at(root), as_of=AS_OF, edit=source)
        assert result.ok
        cards = next(page.text for page in result.pages if page.path == "consultants/dana/customers.md")
        assert [line for line in cards.splitlines() if "card-edit" in line] == expected


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_playbook_build_and_mkdocs_build_both_link_the_card(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = project(tmp_path / "project")
    link = f'<p class="card-edit"><a href="{GITHUB}/edit/main/content/customers/north.yaml">Edit</a></p>'
    mkdocs_yml = "site_name: Shop\ndocs_dir: content/pages\nplugins: [search, playbook]\n"
    write_tree(root, {"mkdocs.yml": mkdocs_yml + f"repo_url: {GITHUB}\nedit_uri: edit/main/content/pages/\n"})
    built = build_site(Project.at(root), as_of=AS_OF, site_dir=tmp_path / "one")
    assert built.site_dir is not None
    assert link in (built.site_dir / "consultants/dana/customers/index.html").read_text(encoding="utf-8")
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "two")))
    assert link in (tmp_path / "two/consultants/dana/customers/index.html").read_text(encoding="utf-8")
    write_tree(root, {"mkdocs.yml": mkdocs_yml})
    built = build_site(Project.at(root), as_of=AS_OF, site_dir=tmp_path / "three")
    assert built.site_dir is not None
    assert "card-edit" not in (built.site_dir / "consultants/dana/customers/index.html").read_text(encoding="utf-8")
