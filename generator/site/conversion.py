"""The generated pages from Markdown to written HTML, on both cores.

MkDocs converts every page (`_populate_page`) before it renders any through the theme, and keeps
every page's Markdown and HTML to the end of the build: at 100,000 customers that is gigabytes,
and the conversion is most of MkDocs' time. Once MkDocs has its files and navigation (`on_nav`),
`PageWork` forks a worker that converts generated pages with MkDocs' own steps (the page events,
`Page.render` with the site's Markdown extensions, files and links), so the HTML is the same
bytes, from the last page backwards, while MkDocs here converts them in order; each page is
converted by whichever reaches it first (`core/forked.FromBothEnds`), and MkDocs gets an empty
stand-in for the worker's. `finish` (at `on_env`, before any page is rendered) gives those pages
what the worker made: table of contents, title, anchors and links for MkDocs' checks.

Each generated page's HTML waits in a spool file, not in memory; `html` reads it back just
before the theme renders the page, and `release` lets go of it once the page is written. Then
`start_writing` forks a writer that renders and writes the pages search leaves out, the same
way from the end. The workers run only when no other plugin handles page events (it would see
the stand-ins).
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from generator.core.forked import FromBothEnds
from generator.site.search import left_out

MIN_PAGES = 8
"""Below this many generated pages, a worker costs more than it saves."""
ENCODING = {"encoding": "utf-8", "errors": "surrogatepass"}
"""How spooled HTML is written and read: every string comes back exactly."""


@dataclass(frozen=True, slots=True)
class Converted:
    """What the worker made of one page, besides its HTML (which it spooled)."""

    toc: TableOfContents
    title: str | None
    anchors: frozenset[str]
    links: dict[str, dict[str, str]] | None
    """MkDocs' `links_to_anchors`, by the linked file's source path."""
    records: tuple[tuple[str, int, str], ...]
    """MkDocs' log messages while converting: (logger, level, message), told again here."""


KNOWN_PLUGINS = ("mkdocs.contrib.search", "material.plugins.search", "material.plugins.offline")
"""Plugins that read no page's Markdown or HTML outside the page's own events (search indexes
each page as the theme renders it)."""


def worker_safe(config: MkDocsConfig, own: BasePlugin) -> bool:  # type: ignore[type-arg]
    """Whether every other plugin is one of `KNOWN_PLUGINS`: another could read a page while
    it is an empty stand-in, spooled or released."""
    return all(plugin is own or type(plugin).__module__.startswith(KNOWN_PLUGINS) for plugin in config.plugins.values())


class PageWork:
    """The generated pages of one MkDocs build, from conversion to written page."""

    def __init__(self, generated: Iterable[File], config: MkDocsConfig, files: Files, *, fork: bool) -> None:
        self.config = config
        self.files = files
        self.spool = Path(tempfile.mkdtemp(prefix="playbook-html-"))
        self._numbers: dict[str, int] = {}
        pages = []
        for number, file in enumerate(generated):
            self._numbers[file.src_uri] = number
            pages.append(file.page if file.page is not None else Page(None, file, config))  # as MkDocs makes them
        self._pages = pages
        self._pending: FromBothEnds[Page, Converted] | None = None
        self._writer: FromBothEnds[Page, tuple[tuple[str, int, str], ...]] | None = None
        self._writable: dict[str, int] = {}
        self._elsewhere: set[str] = set()
        """Pages the writer (`start_writing`) writes: MkDocs here renders them as nothing."""
        self._builder = os.getpid()
        """The build's own process; any other is a worker."""
        self._records: list[tuple[str, int, str]] = []
        if fork and len(pages) >= MIN_PAGES:
            self._pending = FromBothEnds(self._convert, pages)

    def taken(self, page: Page) -> bool:
        """Whether the worker converts this page (MkDocs here gets an empty stand-in): it
        converts from the last page backwards while MkDocs here goes forwards, and each page
        is converted by whichever reaches it first."""
        number = self._numbers.get(page.file.src_uri)
        return number is not None and self._pending is not None and not self._pending.mine(number)

    def keep(self, page: Page, html: str) -> str:
        """Spool a generated page's finished HTML (MkDocs keeps "" until `html`)."""
        number = self._numbers.get(page.file.src_uri)
        if number is None:
            return html
        self._path(number).write_text(html, **ENCODING)
        page.markdown = ""  # not None: MkDocs takes a page without Markdown for one not read yet
        page.file.content_string = ""
        return ""

    def finish(self) -> None:
        """Wait for the worker and give its pages what it made; tell its log messages here."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        for number, converted in sorted(pending.result().items()):
            page = self._pages[number]
            page.toc = converted.toc
            page._title_from_render = converted.title
            page.present_anchor_ids = set(converted.anchors)
            if converted.links is None:
                page.links_to_anchors = None
            else:
                page.links_to_anchors = {self.files.src_uris[uri]: links for uri, links in converted.links.items()}
            for name, level, message in converted.records:
                logging.getLogger(name).log(level, message)

    def html(self, page: Page) -> str | None:
        """A generated page's HTML, back from the spool ("" for a page the writer writes);
        None for any other page."""
        number = self._numbers.get(page.file.src_uri)
        if number is None:
            return None
        if page.file.src_uri in self._elsewhere:
            return ""
        return self._path(number).read_text(**ENCODING)

    def start_writing(self, env: jinja2.Environment, nav: Navigation) -> None:
        """Fork a writer that renders generated pages through the theme and writes them, from
        the last backwards, while MkDocs here goes forwards (call it from `on_env`, when every
        page is converted). It takes only pages the theme's search leaves out, whose rendering
        adds nothing to what this process keeps; here, MkDocs gets an empty template for each
        page the writer took, so it writes nothing (`_quiet_skips` hides the notice it logs)."""
        candidates = [page for page in self._pages if left_out(page.meta)]
        if len(candidates) < MIN_PAGES:
            return
        doc_files = self.files.documentation_pages(inclusion=InclusionLevel.is_included)
        self._writable = {page.file.src_uri: index for index, page in enumerate(candidates)}
        self._writer = FromBothEnds(functools.partial(self._write, env=env, nav=nav, doc_files=doc_files), candidates)
        if not self._writer.forked:
            self._writer.abandon()
            self._writer = None
            return
        blank, choose = env.from_string(""), env.get_template

        def get_template(name: str | jinja2.Template, parent: str | None = None, globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
            page = self.config._current_page
            if parent is None and page is not None and self._written_there(page):
                return blank
            return choose(name, parent, globals)

        env.get_template = get_template  # type: ignore[method-assign]  # MkDocs' `_build_page` asks for the page's template
        logging.getLogger("mkdocs.commands.build").addFilter(self._quiet_skips)

    def _written_there(self, page: Page) -> bool:
        """Whether the writer writes `page` (it took it first); if not, it is this process's now."""
        index = self._writable.get(page.file.src_uri)
        if index is None or self._writer is None or self._writer.mine(index):
            return False
        self._elsewhere.add(page.file.src_uri)
        return True

    def finish_writing(self) -> None:
        """Wait for the writer; tell its log messages here (pages it could not write are written here)."""
        writer, self._writer = self._writer, None
        if writer is None:
            return
        for _, records in sorted(writer.result().items()):
            for name, level, message in records:
                logging.getLogger(name).log(level, message)

    def _write(self, page: Page, *, env: jinja2.Environment, nav: Navigation, doc_files: Sequence[File]) -> tuple[tuple[str, int, str], ...]:
        """In the writer: MkDocs' `_build_page`. Here, if the writer failed: undo the stand-in first."""
        from mkdocs.commands.build import _build_page

        self._elsewhere.discard(page.file.src_uri)
        with _recorded() as records:
            _build_page(page, self.config, doc_files, nav, env)
        return tuple(records)

    def _quiet_skips(self, record: logging.LogRecord) -> bool:
        """Drop MkDocs' "Page skipped" notice for the pages the writer writes."""
        message = record.getMessage()
        return not (message.startswith("Page skipped: '") and message.split("'")[1] in self._elsewhere)

    def release(self, page: Page) -> None:
        """Let go of a written page's HTML and table of contents (MkDocs keeps every page)."""
        number = self._numbers.get(page.file.src_uri)
        if number is not None:
            page.content = ""
            page.toc = TableOfContents([])
            in_worker = os.getpid() != self._builder  # a failed writer's pages are read again here
            if not in_worker and page.file.src_uri not in self._elsewhere:  # the writer's go with `close`
                self._path(number).unlink(missing_ok=True)

    def close(self) -> None:
        """Stop the workers if they still run, and delete the spool."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.abandon()
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.abandon()
        logging.getLogger("mkdocs.commands.build").removeFilter(self._quiet_skips)
        shutil.rmtree(self.spool, ignore_errors=True)

    def _path(self, number: int) -> Path:
        return self.spool / f"{number}.html"

    def _convert(self, page: Page) -> Converted:
        """In the worker: what MkDocs' `_populate_page` does, then spool the HTML."""
        config, files = self.config, self.files
        self._pending = None  # in the worker, every page is converted for real
        with _recorded() as records:
            config._current_page = page
            try:
                page = config.plugins.on_pre_page(page, config=config, files=files)
                page.read_source(config)
                assert page.markdown is not None
                page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
                page.render(config, files)
                assert page.content is not None
                page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
            finally:
                config._current_page = None
        if page.content:  # not spooled yet by the plugin's `on_page_content`
            page.content = self.keep(page, page.content)  # the HTML is in the spool, not kept here
        links = None if page.links_to_anchors is None else {file.src_uri: dict(found) for file, found in page.links_to_anchors.items()}
        return Converted(page.toc, page._title_from_render, frozenset(page.present_anchor_ids or ()), links, tuple(records))


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


@contextmanager
def _recorded() -> Iterator[list[tuple[str, int, str]]]:
    """MkDocs' log messages while the block runs, kept instead of told (the worker's are told
    by the build's own process, so its warnings count in `--strict` and reach the user once)."""
    logger = logging.getLogger("mkdocs")
    recorder = _Recorder()
    handlers, propagate = logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [recorder], False
    try:
        yield recorder.records
    finally:
        logger.handlers, logger.propagate = handlers, propagate
