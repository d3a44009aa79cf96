"""The generated pages' Markdown → HTML conversion, half of it in a forked worker, and their
HTML kept on disk from conversion until MkDocs writes the page.

MkDocs converts every page (`_populate_page`) before it renders any through the theme, and keeps
every page's Markdown and HTML to the end of the build: at 100,000 customers that is gigabytes,
and the conversion is most of MkDocs' time. Once MkDocs has its files and navigation (`on_nav`),
`PageWork.start` forks a worker that converts a share of the generated pages with MkDocs' own
steps (the page events, `Page.render` with the site's Markdown extensions, files and links), so
the HTML is the same bytes. While it works, MkDocs converts the others here and is handed an empty
stand-in for the worker's share; `finish` (at `on_env`, before any page is rendered) gives those
pages what the worker made: table of contents, title, anchors and links for MkDocs' checks.

Each generated page's HTML waits in a spool file, not in memory; `html` reads it back just
before the theme renders the page, and `release` lets go of it once the page is written.
The worker runs only when no other plugin handles page events (it would see the stand-ins).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from generator.core.forked import Pending, forked_start

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
        self._theirs: dict[str, int] = {}
        self._pending: Pending[Page, Converted] | None = None
        self._records: list[tuple[str, int, str]] = []
        if fork and len(pages) >= MIN_PAGES:
            share = worker_share(pages)
            self._theirs = {page.file.src_uri: index for index, page in enumerate(share)}
            self._pending = forked_start(self._convert, share)

    def taken(self, page: Page) -> bool:
        """Whether the worker converts this page (MkDocs here gets an empty stand-in)."""
        return page.file.src_uri in self._theirs and self._pending is not None

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
        for page, converted in zip(pending.items, pending.result(), strict=True):
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
        """A generated page's HTML, back from the spool; None for any other page."""
        number = self._numbers.get(page.file.src_uri)
        if number is None:
            return None
        return self._path(number).read_text(**ENCODING)

    def release(self, page: Page) -> None:
        """Let go of a written page's HTML and table of contents (MkDocs keeps every page)."""
        number = self._numbers.get(page.file.src_uri)
        if number is not None:
            page.content = ""
            page.toc = TableOfContents([])
            self._path(number).unlink(missing_ok=True)

    def close(self) -> None:
        """Stop the worker if it still runs, and delete the spool."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.abandon()
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
                html = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
            finally:
                config._current_page = None
        if html:  # not spooled yet by the plugin's `on_page_content`
            self.keep(page, html)
        links = None if page.links_to_anchors is None else {file.src_uri: dict(found) for file, found in page.links_to_anchors.items()}
        return Converted(page.toc, page._title_from_render, frozenset(page.present_anchor_ids or ()), links, tuple(records))


def worker_share(pages: Sequence[Page]) -> list[Page]:
    """About half of the Markdown to convert, in the pages' order: each page, largest first,
    goes to the side with less so far."""
    sizes = {id(page): _size(page.file) for page in pages}
    ours = theirs = 0
    chosen: set[int] = set()
    for page in sorted(pages, key=lambda page: -sizes[id(page)]):
        if theirs < ours:
            theirs += sizes[id(page)]
            chosen.add(id(page))
        else:
            ours += sizes[id(page)]
    return [page for page in pages if id(page) in chosen]


def _size(file: File) -> int:
    """A page's Markdown size, without reading a spooled page (build.render_pages) into memory."""
    return Path(file.abs_src_path).stat().st_size if file.abs_src_path is not None else len(file.content_string)


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
