"""The MkDocs runs of one build list the theme's files once (site/mkdocs_run.py)."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from conftest import copy_demo
from mkdocs.structure.files import Files

from generator.core.cache import TemplateCache
from generator.core.project import Project
from generator.site.mkdocs_run import mkdocs_config, shared_theme_listing

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def theme_files(project: Project) -> list[str]:
    with mkdocs_config(project, None, False) as config:
        files = Files([])
        files.add_files_from_theme(config.theme.get_env(), config)
        return [f.src_uri for f in files]


def test_one_build_lists_the_theme_once_and_gets_the_same_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = Project.at(copy_demo(tmp_path))
    walks: list[int] = []
    walk = jinja2.FileSystemLoader.list_templates

    def counted(self: jinja2.FileSystemLoader) -> list[str]:
        walks.append(1)
        return walk(self)

    monkeypatch.setattr(jinja2.FileSystemLoader, "list_templates", counted)
    alone = [theme_files(project), theme_files(project)]
    assert len(walks) == 2
    walks.clear()
    with shared_theme_listing():
        shared = [theme_files(project) for _ in range(3)]
    assert len(walks) == 1
    assert shared == [alone[0]] * 3 and alone[0] == alone[1]
    assert [name for name in alone[0] if name.startswith("assets/javascripts/bundle.")]  # Material's files
    walks.clear()
    theme_files(project)  # the build is over: the next one lists the files again
    assert len(walks) == 1


def test_the_theme_templates_of_one_build_are_compiled_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The search plugin compiles the theme's language templates at each run's configuration,
    before playbook's plugin gives the environment its cache: the build's cache is there first."""
    project = Project.at(copy_demo(tmp_path))
    compiled: list[str] = []
    compile_ = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: str, name: str | None = None, *args: object, **kwargs: object) -> object:
        compiled.append(name or "")
        return compile_(self, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)

    def language() -> None:
        with mkdocs_config(project, None, False) as config:
            config.theme.get_env().get_template("partials/language.html")

    with shared_theme_listing(TemplateCache(tmp_path / "cache")):
        language()
        assert "partials/language.html" in compiled
        compiled.clear()
        language()
        language()
    assert compiled == []
    language()  # no build: nothing shared
    assert "partials/language.html" in compiled
