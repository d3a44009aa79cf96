"""The `playbook` MkDocs plugin: a front door that adds the generated pages as virtual files.

`mkdocs build` and `mkdocs serve` then give the same site as `playbook build`; nothing is
written into the docs folder. The plugin also makes sure the Markdown extensions the pages
use are on, that the theme loads nothing from third-party hosts, and that search engines are
kept out: a `noindex, nofollow` tag in every page's head and a `robots.txt` that disallows all.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import Future
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext
from watchdog.observers.polling import PollingObserver

from generator.build import AS_OF_VARIABLE, PRE_RENDERED, RenderResult, render_site, template_cache
from generator.core import resources
from generator.core.errors import PlaybookError
from generator.core.problems import Problems
from generator.core.project import Project
from generator.documents.printing import warm_up
from generator.load.scalars import date_mistake
from generator.site.conversion import PageWork, worker_safe
from generator.site.edit_links import EditSource
from generator.site.mkdocs_config import IFRAME_WORKER, nav_section, use_local_worker_shim
from generator.site.navigation import irregular_pages, title_of
from generator.site.private import ROBOTS_META, ROBOTS_TXT
from generator.site.problems_page import problems_page
from generator.site.render import TEMPLATES, Heading, icon_css
from generator.site.search import SearchEntry, add_entries, left_out, spaced_blocks
from generator.site.spec import HandWritten
from generator.site.toc import add_to_toc

log = logging.getLogger("mkdocs.plugins.playbook")

ASSETS = resources.ASSETS
CSS = "assets/playbook.css"
ICONS_CSS = "assets/playbook-icons.css"
POLL_SECONDS = 0.2
"""How often `serve` looks for changed files."""

REQUIRED_EXTENSIONS: dict[str, dict[str, Any]] = {
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},  # `<div class="letter" markdown>` wraps a letter for printing
    "tables": {},
    "toc": {},
    "pymdownx.details": {},
    "pymdownx.tasklist": {"custom_checkbox": True},
    "pymdownx.emoji": {},  # filled in on_config: Material's icons, inlined as SVG
    "generator.site.html_blocks": {},  # the generated pages' HTML blocks, passed through unparsed
}


class PlaybookConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' Config.__init_subclass__ has no annotations
    project = c.Type(str, default=".")
    """Project folder (holding content/ and playbook/), relative to mkdocs.yml."""
    as_of = c.Optional(c.Type(str))
    """Plan date YYYY-MM-DD; PLAYBOOK_AS_OF overrides it; default settings.as_of, else today."""


class PlaybookPlugin(BasePlugin[PlaybookConfig]):  # type: ignore[no-untyped-call]  # as for PlaybookConfig
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.project: Project | None = None
        self.as_of: date | None = None
        self._prepared: RenderResult | None = None
        self._printing: list[tuple[File, Future[bytes]]] = []
        self._search: list[tuple[str, SearchEntry]] = []
        """(page URL, entry) of the generated pages that index themselves."""
        self._headings: dict[str, tuple[Heading, ...]] = {}
        self._serving = False
        self._problems_page: str | None = None
        """While serving data with errors: the page shown at every address instead of the site."""
        self._worker_shim = False
        self._nav: Navigation | None = None
        """The site's navigation, to give the generated pages outside it a section (`nav_section`)."""
        """Whether the site is built to open from the file system (generator/site/mkdocs_config.py)."""
        """The headings inside each generated page's HTML blocks, by source path."""
        self._generated: set[str] = set()
        """Source paths of the generated pages of this build."""
        self._work: PageWork | None = None
        """The generated pages' conversion and HTML until written (generator/site/conversion.py)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this keeps one plugin instance across `mkdocs serve` rebuilds."""
        self._serving = command == "serve"
        if command == "serve":
            warm_up()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Take the pages `playbook build` offered (`PRE_RENDERED`), else find the project from
        mkdocs.yml; then turn on what the generated pages need."""
        offered = PRE_RENDERED.take()
        self._prepared = None
        if offered is not None:
            self._prepared, self.project = offered
        else:
            root = Path(config.config_file_path or ".").parent / self.config.project
            try:
                self.project = Project.at(root)
            except PlaybookError as exc:
                raise PluginError(f"playbook: {exc}") from exc
        _ensure_extensions(config)
        _ensure_private(config)
        _site_name_as_text(config)
        for stylesheet in (CSS, ICONS_CSS):
            if stylesheet not in config.extra_css:
                config.extra_css.append(stylesheet)
        self._worker_shim = use_local_worker_shim(config)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        result, self._prepared = self._prepared, None
        self._printing = []
        self._search = []
        self._headings = {}
        self._generated = set()
        linked = irregular_pages(Path(config.docs_dir))  # MkDocs would follow a link and publish its target
        if result is None:
            result = RenderResult(Problems()) if linked else self._render(files, config)
        result.problems.extend(linked)
        for problem in result.problems.sorted():
            # Data warnings are the data's business, not the site's: INFO keeps --strict usable.
            log.info(str(problem))
        if not result.ok:
            return self._failed(result.problems, config)
        self.as_of = result.as_of
        # From here the Files hold each page's Markdown alone, so MkDocs' conversion lets it go
        # page by page (site/conversion.py) instead of the offer keeping all of it to the end.
        pages, result.pages = result.pages, []
        for page in pages:
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(f"playbook: {page.path} exists in the docs folder and would be replaced by a generated page; rename it")
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            if page.source is not None:  # spooled by `build_site`: MkDocs reads it when it converts the page
                file = File.generated(config, page.path, abs_src_path=page.source, inclusion=inclusion)
            else:
                file = File.generated(config, page.path, content=page.text, inclusion=inclusion)
            files.append(file)
            self._generated.add(file.src_uri)
            if page.search is not None:
                self._search.extend((file.url, entry) for entry in page.search)
            if page.headings:
                self._headings[file.src_uri] = page.headings
            for asset, data in page.assets.items():
                if isinstance(data, bytes):
                    files.append(File.generated(config, asset, content=data))
                else:  # still printing: filled in on_env, just before MkDocs copies it
                    files.append(file := File.generated(config, asset, content=b""))
                    self._printing.append((file, data))
        if files.get_file_from_path(CSS) is None:
            css = (ASSETS / "playbook.css").read_text(encoding="utf-8")
            files.append(File.generated(config, CSS, content=css))
        if files.get_file_from_path(ICONS_CSS) is None:
            files.append(File.generated(config, ICONS_CSS, content=icon_css()))
        _robots_txt(files, config)
        if self._worker_shim and files.get_file_from_path(IFRAME_WORKER) is None:
            files.append(File.generated(config, IFRAME_WORKER, content=(ASSETS / "iframe-worker.js").read_bytes()))
        if config.nav is None:
            config.nav = result.nav
        return files

    def _failed(self, problems: Problems, config: MkDocsConfig) -> Files:
        """Stop the build on errors; while serving, build only the page that lists them, so the
        browser shows them instead of waiting for a site (generator/site/problems_page.py)."""
        if not self._serving:
            errors = "\n".join(str(p) for p in problems.sorted() if p.severity == "error")
            raise PluginError(f"playbook: the data has errors:\n{errors}")
        self._problems_page = problems_page(problems.sorted())
        config.nav = []
        return Files([])

    def _render(self, files: Files, config: MkDocsConfig) -> RenderResult:
        assert self.project is not None
        hand_written = [
            HandWritten(f.src_uri, title_of(f.content_string, f.src_uri))
            for f in files.documentation_pages()
            if f.generated_by is None
        ]
        return render_site(
            self.project,
            as_of=self._as_of(),
            hand_written=hand_written,
            directory_urls=config.use_directory_urls,
            edit=EditSource.of_config(config),
        )

    def _as_of(self) -> date | None:
        """The plan date asked for: PLAYBOOK_AS_OF, else the plugin's `as_of` (else None)."""
        text = os.environ.get(AS_OF_VARIABLE) or self.config.as_of
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            source = AS_OF_VARIABLE if os.environ.get(AS_OF_VARIABLE) else "plugins: playbook: as_of"
            raise PluginError(f"playbook: {source}: {date_mistake(text)}") from None

    @event_priority(-100)  # the environment is final: the writer renders with it
    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Keep the theme's templates compiled between builds, collect the printed PDFs, and
        start the forked writer of the generated pages search leaves out (site/conversion.py).

        MkDocs calls this after converting every page and before copying static files, so the
        PDFs were printed while the pages were converted.
        """
        if self.project is not None and env.bytecode_cache is None:
            env.bytecode_cache = template_cache(self.project)
        printing, self._printing = self._printing, []
        for file, printed in printing:
            file.content_bytes = printed.result()
        if self._work is not None:
            self._work.finish()
            if not self._serving and self._nav is not None:
                self._work.start_writing(env, self._nav)
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A page the worker converts is an empty stand-in here until `on_env`."""
        if self._work is not None and self._work.taken(page):
            page.file.content_string = ""
            return ""
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """List the headings of the page's HTML blocks in its table of contents, as Markdown's would
        be; a generated page's HTML then waits in the spool until the theme renders the page."""
        if self._work is not None and self._work.taken(page):
            return ""
        headings = self._headings.get(page.file.src_uri)
        if headings:
            add_to_toc(page, headings)
        if not left_out(page.meta):  # the spacing is for the search index alone
            html = spaced_blocks(html)
        return html if self._work is None else self._work.keep(page, html)

    @event_priority(100)  # before the search plugin indexes the page
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        """Give a generated page its HTML back from the spool, just before the theme renders it."""
        if self._work is not None and (html := self._work.html(page)) is not None:
            page.content = html
        return context

    def on_build_error(self, *, error: Exception) -> None:
        self._close_work()

    def _close_work(self) -> None:
        work, self._work = self._work, None
        if work is not None:
            work.close()

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Wait for the writer, add the entries of the pages that index themselves
        (generator/site/search.py); while serving data with errors, put the page of problems at
        every address instead."""
        if self._work is not None:
            self._work.finish_writing()
        self._close_work()
        page, self._problems_page = self._problems_page, None
        if page is not None:  # `serve` answers a missing page with 404.html
            for name in ("index.html", "404.html"):
                (Path(config.site_dir) / name).write_text(page, encoding="utf-8")
            return
        add_entries(Path(config.site_dir), self._search)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Tell search engines to leave every page alone (robots.txt asks the same of the site);
        a written generated page lets go of its HTML."""
        if self._work is not None:
            self._work.release(page)
        return with_robots_meta(output)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The theme's own HTML pages (404.html) carry the tag too."""
        return with_robots_meta(output_content) if template_name.endswith(".html") else output_content

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """Date every page by the plan date, not the clock: same inputs, same bytes (sitemap too)."""
        if self.as_of is not None:
            page.update_date = self.as_of.isoformat()
        if page.parent is None and self._nav is not None and page.file.inclusion.is_not_in_nav():  # type: ignore[no-untyped-call]
            page.parent = nav_section(self._nav, page.file.src_uri)
        return page

    @event_priority(-100)  # the files and navigation are final
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Start converting the generated pages: half in a forked worker, when no unknown plugin could see it."""
        self._nav = nav
        self._close_work()
        if self._generated and worker_safe(config, self):
            generated = [file for file in files.documentation_pages() if file.src_uri in self._generated]
            self._work = PageWork(generated, config, files, fork=True)
        return nav

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """Rebuild when any YAML, rule or template changes, not only the docs folder.

        MkDocs polls for changes every half second; polling every 0.2 s makes an edit show a
        quarter of a second sooner on average, for a few thousand `stat` calls a second.
        """
        watched = [config.docs_dir, *([config.config_file_path] if config.config_file_path else [])]
        for path in watched:
            server.unwatch(path)
        server.observer = PollingObserver(timeout=POLL_SECONDS)
        for path in watched:
            server.watch(path)
        if self.project is not None:
            for folder in (self.project.content, self.project.playbook):
                if folder.is_dir():
                    server.watch(str(folder))
        for folder in (TEMPLATES, ASSETS):
            server.watch(str(folder))
        return server


def _short(name: str) -> str:
    return name.removeprefix("markdown.extensions.")


def _ensure_extensions(config: MkDocsConfig) -> None:
    """Turn on the extensions the generated pages use, and refuse emoji from a CDN."""
    from material.extensions.emoji import to_svg, twemoji

    present = {_short(name): name for name in config.markdown_extensions}
    for name, options in REQUIRED_EXTENSIONS.items():
        if name not in present:
            config.markdown_extensions.append(name)
            config.mdx_configs[name] = dict(options)
    emoji = config.mdx_configs.setdefault(present.get("pymdownx.emoji", "pymdownx.emoji"), {})
    generator = emoji.get("emoji_generator")
    if generator is None:
        emoji.update(emoji_index=twemoji, emoji_generator=to_svg)
    elif generator is not to_svg:
        raise PluginError(
            "playbook: pymdownx.emoji must use emoji_generator: !!python/name:material.extensions.emoji.to_svg "
            "so icons are part of the page; other generators load images from a third-party host"
        )


def _site_name_as_text(config: MkDocsConfig) -> None:
    """The theme prints site_name into pages unescaped; it may come from team.yaml (no
    mkdocs.yml) or `playbook init --name`, so `<`, `>` and `"` are turned into entities."""
    name = str(config.site_name or "")
    config.site_name = name.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def with_robots_meta(html: str) -> str:
    """The page with `<meta name="robots" content="noindex, nofollow">` at the start of its head."""
    if ROBOTS_META in html:
        return html
    head = html.find("<head>")
    if head < 0:
        return html
    at = head + len("<head>")
    return f"{html[:at]}\n{ROBOTS_META}{html[at:]}"


def _robots_txt(files: Files, config: MkDocsConfig) -> None:
    """Every site gets a robots.txt that keeps all crawlers out; a hand-written one must say the same."""
    own = files.get_file_from_path("robots.txt")
    if own is None:
        files.append(File.generated(config, "robots.txt", content=ROBOTS_TXT))
    elif "".join(own.content_string.split()).lower() != "".join(ROBOTS_TXT.split()).lower():
        raise PluginError(
            f"playbook: {own.src_uri} in the docs folder lets search engines in, but the site holds customer details; "
            "delete it (playbook writes a robots.txt that disallows everything)"
        )


def _ensure_private(config: MkDocsConfig) -> None:
    """A site of customer details must not tell anyone else who reads it."""
    if config.theme.name == "material" and config.theme.get("font") is not False:
        log.info("playbook: turning off the theme's web fonts so pages load nothing from Google")
        config.theme["font"] = False
    if config.extra.get("analytics"):
        raise PluginError("playbook: remove extra.analytics from mkdocs.yml; pages of customer details must not report their readers")
