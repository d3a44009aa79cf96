"""What playbook adds to MkDocs' configuration: a mkdocs.yml for a project without one, the
theme's language for a language code, and a stand-in for a docs folder a project does not have.

A project needs neither mkdocs.yml nor content/pages/ to build: the site's title and language
then come from content/team.yaml (the organisation's name, the signatory's first language).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from generator.core.problems import Problems
from generator.core.project import Project
from generator.load.new_project import yaml_string
from generator.load.yamlio import ScalarNode, SequenceNode, read_yaml, value_of
from generator.site.spec import SECTIONS

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.nav import Section as NavSection

DEFAULT_TITLE = "Playbook"
OFFLINE_PLUGIN = "material/offline"
OFFLINE_VARIABLE = "PLAYBOOK_OFFLINE"
"""`PLAYBOOK_OFFLINE=true playbook build`: a site to open from the file system (mkdocs.yml's
`offline` plugin reads it with `enabled: !ENV [PLAYBOOK_OFFLINE, false]`)."""
IFRAME_WORKER = "assets/iframe-worker.js"
"""Material's search runs in a web worker, which a page opened from the file system may not
start; the offline plugin's shim runs it in an iframe instead. Vendored in generator/assets/,
so that nothing is fetched from another host."""
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
            "  - offline:",
            f"      enabled: !ENV [{OFFLINE_VARIABLE}, false]",
            "",
        ]
    )


def offline(config: MkDocsConfig) -> bool:
    """Whether the site is built to be opened from the file system (the `offline` plugin is on).

    The plugin turns MkDocs' directory URLs off in its `on_config`; the links playbook writes
    itself must follow (`plan.html`, not `plan/`, which a file browser shows as a folder).
    """
    plugin = config.plugins.get(OFFLINE_PLUGIN)
    return plugin is not None and bool(getattr(plugin, "config", {}).get("enabled", False))


def use_local_worker_shim(config: MkDocsConfig) -> bool:
    """On an offline build, name playbook's copy of the worker shim among the theme's polyfills,
    before the offline plugin would add unpkg.com's. Returns whether the site needs the file."""
    if not offline(config):
        return False
    polyfills = config.extra.setdefault("polyfills", [])
    if IFRAME_WORKER not in polyfills:
        polyfills.insert(0, IFRAME_WORKER)
    return True


def nav_section(nav: Navigation, src_uri: str) -> NavSection | None:
    """The navigation section a generated page outside the navigation belongs to (a plan page:
    Consultants; a checklist page: Managers, Reviews), else None.

    Made the page's parent, it lights up its tab and fills the side bar with its section,
    instead of an empty column, as if the page were listed there.
    """
    from mkdocs.structure.nav import Section as NavSection

    key = src_uri.split("/", 1)[0]
    section = next((s for s in SECTIONS if s.key == key), None)
    if section is None or "/" not in src_uri:
        return None
    for item in nav.items:
        if isinstance(item, NavSection) and item.title == section.tab:
            inner = (c for c in item.children if isinstance(c, NavSection) and c.title == section.title)
            return next(inner, item)
    return None


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
