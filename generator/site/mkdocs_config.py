"""What playbook adds to MkDocs' configuration: a mkdocs.yml for a project without one, the
theme's language for a language code, and a stand-in for a docs folder a project does not have.

A project needs neither mkdocs.yml nor content/pages/ to build: the site's title and language
then come from content/team.yaml (the organisation's name, the signatory's first language).
"""

from __future__ import annotations

import functools
from pathlib import Path

from generator.core.problems import Problems
from generator.core.project import Project
from generator.load.new_project import yaml_string
from generator.load.yamlio import ScalarNode, SequenceNode, read_yaml, value_of

DEFAULT_TITLE = "Playbook"
DEFAULT_LANGUAGE = "en"


def site_title(organization: str) -> str:
    """The site's name for an organisation: 'Corner Shop playbook'."""
    return f"{organization} playbook"


@functools.cache
def _theme_languages() -> dict[str, str]:
    """The languages Material is translated into, by lower-case code: {'pt-br': 'pt-BR', ...}."""
    import material

    folder = Path(material.__file__).parent / "templates" / "partials" / "languages"
    return {path.stem.casefold(): path.stem for path in folder.glob("*.html")}


def theme_language(code: str) -> str:
    """The theme language for a language code: itself, else its base language, else English.

    Material has no page furniture ("Search", "Table of contents") in some languages, and a
    language it does not know stops the build.
    """
    known = _theme_languages()
    folded = code.strip().casefold()
    for candidate in (folded, folded.split("-")[0]):
        if candidate in known:
            return known[candidate]
    return DEFAULT_LANGUAGE


def title_and_language(project: Project) -> tuple[str, str]:
    """From content/team.yaml: '<organisation> playbook' and the signatory's first language.

    Read leniently, only for the site's furniture: mistakes in the file are `check`'s to report
    (the build loads the team again and stops on them).
    """
    root = read_yaml(project.team_file, Problems()) if project.team_file.is_file() else None
    organization = value_of(root, "organization") if root is not None else None
    name = value_of(organization, "name") if organization is not None else None
    signatory = value_of(organization, "signatory") if organization is not None else None
    title = site_title(name.value.strip()) if isinstance(name, ScalarNode) and name.value.strip() else DEFAULT_TITLE
    language = DEFAULT_LANGUAGE
    people = value_of(root, "people") if root is not None else None
    if isinstance(signatory, ScalarNode) and isinstance(people, SequenceNode):
        for person in people.value:
            person_id = value_of(person, "id")
            languages = value_of(person, "languages")
            if isinstance(person_id, ScalarNode) and person_id.value == signatory.value:
                if isinstance(languages, SequenceNode) and languages.value and isinstance(languages.value[0], ScalarNode):
                    language = theme_language(str(languages.value[0].value))
                break
    return title, language


def default_config(project: Project, docs_dir: Path) -> str:
    """mkdocs.yml for a project that has none: Material, tabs, search and the playbook plugin."""
    title, language = title_and_language(project)
    return "\n".join(
        [
            f"site_name: {yaml_string(title)}",
            f"docs_dir: {yaml_string(str(docs_dir))}",
            f"site_dir: {yaml_string(str(project.root / 'site'))}",
            "theme:",
            "  name: material",
            "  font: false",
            f"  language: {yaml_string(language)}",
            "  features: [navigation.tabs, navigation.indexes]",
            "extra:",
            "  generator: false",
            "plugins:",
            "  - search",
            "  - playbook:",
            f"      project: {yaml_string(str(project.root))}",
            "",
        ]
    )


def missing_docs_dir(config_file: Path) -> bool:
    """Whether the docs_dir that mkdocs.yml names (MkDocs' default: docs/) is not a folder.

    MkDocs refuses to start without it; playbook lends an empty one instead, because a project
    whose pages are all generated has nothing to put there.
    """
    from mkdocs.config.defaults import MkDocsConfig

    config = MkDocsConfig(config_file_path=str(config_file))
    try:
        with config_file.open("rb") as fd:
            config.load_file(fd)
    except Exception:  # MkDocs reports a broken file itself, in its own words, when it loads it
        return False
    docs = config.get("docs_dir")
    if not isinstance(docs, str):
        return False
    return not (config_file.parent / docs).is_dir()
