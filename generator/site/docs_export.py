"""Stage 5, exporting: the site as a plain MkDocs project that needs no playbook plugin.

`playbook build --docs-dir DIR` writes a folder that any MkDocs-compatible engine (MkDocs with
Material, or Zensical) builds into the same pages without playbook's plugin:

    DIR/mkdocs.yml          the project's configuration with the plugin's work written out:
                            the navigation, the Markdown extensions and stylesheets the pages
                            need, no web fonts, the escaped site name
    DIR/docs/               the generated pages (the Markdown the plugin hands MkDocs), the
                            hand-written pages and files, and every file the plugin adds:
                            stylesheets, calendar files, packet PDFs, robots.txt
    DIR/overrides/main.html the theme override that puts the `noindex` tag in every page's head

The folder is written whole beside DIR and swapped in (`publish.staged`), like a site: a failed
export leaves the previous one as it was. What the plugin does while MkDocs runs cannot be
written down; the README lists what the exported site lacks (search entries of the customer
cards, HTML headings in the table of contents, the plan date in the sitemap).
"""

from __future__ import annotations

import types
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from generator.core import resources
from generator.core.errors import PlaybookError
from generator.core.project import Project, regular_files
from generator.site.mkdocs_config import IFRAME_WORKER
from generator.site.private import ROBOTS_META, ROBOTS_TXT
from generator.site.publish import staged
from generator.site.render import RenderedPage, icon_css

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

MARK = "# Written by `playbook build --docs-dir`: a plain MkDocs project of the site, replaced whole by the next export."
"""The first line of the exported mkdocs.yml: a folder that starts so may be replaced."""
CONFIG = "mkdocs.yml"
DOCS = "docs"
OVERRIDES = "overrides"
CSS = "assets/playbook.css"
ICONS_CSS = "assets/playbook-icons.css"
ROBOTS = "robots.txt"
MAIN_HTML = f"""{{#- Written by `playbook build --docs-dir`: every page tells search engines to stay away. -#}}
{{% extends "base.html" %}}
{{% block extrahead %}}
  {ROBOTS_META}
{{% endblock %}}
"""
"""The theme override that does what the plugin's `on_post_page` does: the `noindex` tag."""


def check_export_target(target: Path, *, inputs: Sequence[Path], outputs: Sequence[Path]) -> None:
    """Refuse a folder that would replace or sit inside the project's inputs or its site.

    `inputs` (the project, content/, playbook/, the docs folder) are read by every build, so
    the export may neither replace them nor be read back as one of them; `outputs` (the site
    folder) are replaced by the next build. An existing folder is replaced only when an
    earlier export wrote it.
    """
    target = target.resolve()
    for path in [*inputs, *outputs]:
        path = path.resolve()
        if target == path or target in path.parents:
            msg = f"{target}: the exported folder would replace {path}; choose another --docs-dir"
            raise PlaybookError(msg)
    for path in [*inputs[1:], *outputs]:  # inside the project folder itself is fine: export/
        path = path.resolve()
        if path in target.parents:
            msg = f"{target} is inside {path}, which playbook reads or replaces; choose a --docs-dir outside it"
            raise PlaybookError(msg)
    if target.exists() and not target.is_dir():
        msg = f"{target} is a file; choose a folder for --docs-dir"
        raise PlaybookError(msg)
    if target.is_dir() and any(target.iterdir()) and not _exported(target):
        msg = (
            f"{target} holds files but no {CONFIG} written by `playbook build --docs-dir`; playbook "
            "replaces the whole folder, so choose an empty or new --docs-dir"
        )
        raise PlaybookError(msg)


def _exported(folder: Path) -> bool:
    config = folder / CONFIG
    if not config.is_file() or config.is_symlink():
        return False
    with config.open("rb") as fd:
        return fd.readline().rstrip(b"\n") == MARK.encode()


def prepare(config: MkDocsConfig, target: Path, project: Project) -> Path:
    """Check the export and turn on what the generated pages need; returns the docs folder.

    The playbook plugin's own `on_config` changes the configuration (extensions, stylesheets,
    no web fonts, the escaped site name), so the exported mkdocs.yml carries exactly its result.
    """
    source = Path(config.docs_dir)
    check_export_target(target, inputs=[project.root, project.content, project.playbook, source], outputs=[Path(config.site_dir)])
    plugin = config.plugins.get("playbook")
    if plugin is None:
        msg = f"{config.config_file_path}: the 'playbook' plugin is not listed under plugins:; add it"
        raise PlaybookError(msg)
    plugin.on_config(config)
    return source


def write_export(config: MkDocsConfig, pages: Sequence[RenderedPage], nav: list[Any], target: Path) -> int:
    """Write the exported project into `target`, swapped in whole; returns the files in docs/."""
    docs = docs_files(Path(config.docs_dir), pages, offline_shim=IFRAME_WORKER in config.extra.get("polyfills", []))
    overrides = theme_overrides(config)
    text = config_text(config, nav)
    with staged(target) as staging:
        for folder, files in ((staging / DOCS, docs), (staging / OVERRIDES, overrides)):
            for relative, data in files.items():
                path = folder / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        (staging / CONFIG).write_text(text, encoding="utf-8")
    return len(docs)


def docs_files(source: Path, pages: Sequence[RenderedPage], *, offline_shim: bool) -> dict[str, bytes]:
    """Every file of the exported docs/ folder by path: the hand-written ones as they are, the
    generated pages and their files, then what the plugin adds when the docs folder lacks it."""
    out: dict[str, bytes] = {}
    for path in sorted(regular_files(source)):
        relative = path.relative_to(source).as_posix()
        if not any(part.startswith(".") for part in relative.split("/")):
            out[relative] = path.read_bytes()
    written = set(out)
    for page in pages:
        for relative, data in [(page.path, page.text.encode()), *page.assets.items()]:
            if relative in out:
                msg = f"{source / relative} has the path of a generated file ({relative}); rename or move it"
                raise PlaybookError(msg)
            out[relative] = data if isinstance(data, bytes) else data.result()
    added = {
        CSS: (resources.ASSETS / "playbook.css").read_bytes(),
        ICONS_CSS: icon_css().encode(),
        ROBOTS: ROBOTS_TXT.encode(),
        **({IFRAME_WORKER: (resources.ASSETS / "iframe-worker.js").read_bytes()} if offline_shim else {}),
    }
    for relative, data in added.items():
        out.setdefault(relative, data)
    if ROBOTS in written and "".join(out[ROBOTS].decode(errors="replace").split()).lower() != "".join(ROBOTS_TXT.split()).lower():
        msg = f"{source / ROBOTS} lets search engines in, but the site holds customer details; delete it (playbook writes a robots.txt that disallows everything)"
        raise PlaybookError(msg)
    return out


def theme_overrides(config: MkDocsConfig) -> dict[str, bytes]:
    """The files of overrides/: the project's own theme overrides, and main.html with the tag."""
    out: dict[str, bytes] = {}
    if config.theme.custom_dir:
        folder = Path(config.theme.custom_dir)
        out = {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(regular_files(folder))}
        if "main.html" in out:
            msg = f"{folder / 'main.html'}: the exported site needs its own main.html to carry the noindex tag; move your blocks into a partial"
            raise PlaybookError(msg)
    out["main.html"] = MAIN_HTML.encode()
    return out


def config_text(config: MkDocsConfig, nav: list[Any]) -> str:
    """The exported mkdocs.yml: the project's own settings as written (environment variables
    resolved), less the playbook plugin, with what the plugin would add written out."""
    from mkdocs.utils.yaml import yaml_load

    with Path(str(config.config_file_path)).open("rb") as fd:
        raw: dict[str, Any] = yaml_load(fd)
    for key in ("docs_dir", "site_dir", "watch"):  # relative to the old file; serve-only
        raw.pop(key, None)
    theme = raw.pop("theme", None) or {}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    theme.update(font=False, custom_dir=OVERRIDES)
    out: dict[str, Any] = {"site_name": str(config.site_name), "docs_dir": DOCS}
    out.update((key, value) for key, value in raw.items() if key not in out)
    out.update(
        theme=theme,
        plugins=_without_playbook(raw.get("plugins", ["search"])),
        extra=dict(config.extra),
        extra_css=list(config.extra_css),
        markdown_extensions=[{n: config.mdx_configs[n]} if config.mdx_configs.get(n) else n for n in config.markdown_extensions],
        validation=_quiet_validation(raw.get("validation")),
        nav=raw.get("nav") or nav,
    )
    if raw.get("hooks"):
        base = Path(str(config.config_file_path)).parent
        out["hooks"] = [str((base / hook).resolve()) for hook in raw["hooks"]]
    try:
        body = yaml.dump(out, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    except yaml.YAMLError as exc:
        msg = f"{config.config_file_path}: a value cannot be written into the exported {CONFIG}: {exc}"
        raise PlaybookError(msg) from exc
    return f"{MARK}\n{body}"


def _quiet_validation(own: Any) -> dict[str, Any]:
    """mkdocs.yml's `validation:` with two notes MkDocs would make only because the plugin is
    gone turned off (unless the project set them): the anchors of the headings inside HTML
    blocks, which the plugin tells MkDocs about, and the pages left out of the navigation on
    purpose (plans, cards, checklists), which the plugin marks so."""
    validation = dict(own) if isinstance(own, Mapping) else {}
    validation.setdefault("anchors", "ignore")
    nav = validation.get("nav")
    validation["nav"] = {"omitted_files": "ignore", **(dict(nav) if isinstance(nav, Mapping) else {})}
    return validation


def _without_playbook(plugins: Any) -> Any:
    """mkdocs.yml's `plugins:` (a list of names and one-key mappings, or a mapping) less ours."""
    if isinstance(plugins, Mapping):
        return {name: value for name, value in plugins.items() if name != "playbook"}
    return [p for p in plugins if p != "playbook" and not (isinstance(p, Mapping) and "playbook" in p)]


class _Dumper(yaml.SafeDumper):
    """YAML for mkdocs.yml: functions (the emoji generator) as `!!python/name:` tags, as written."""


def _represent_function(dumper: yaml.SafeDumper, function: Any) -> yaml.Node:
    name = f"{function.__module__}.{function.__qualname__}"
    if "<" in name:
        raise yaml.representer.RepresenterError(f"{function!r} has no importable name")
    return dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{name}", "")


for _kind in (types.FunctionType, types.BuiltinFunctionType, type):
    _Dumper.add_multi_representer(_kind, _represent_function)
