"""One page's Markdown from its spec, on demand: the step `build.render_pages` repeats per page.

A `PageMaker` holds what every page shares (the `Site`, the Jinja environment and the values
every template sees) and renders any spec by itself, in any order, as often as asked, so a
page can be made when it is wanted and dropped once written. It keeps nothing of the pages it
made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2

from generator.core.templating import render_template
from generator.site.links import href, relative
from generator.site.render import Heading, RenderedPage, headings_of, with_title
from generator.site.spec import PageSpec, Site


class PageMaker:
    """Renders the pages of one site, one spec at a time."""

    def __init__(self, site: Site, env: jinja2.Environment) -> None:
        self.site = site
        self.env = env
        self.common: dict[str, Any] = {
            "site": site,
            "dataset": site.dataset,
            "plan": site.plan,
            "as_of": site.as_of,
            "currency": site.dataset.organization.currency,
        }

    def markdown(self, spec: PageSpec) -> tuple[str, tuple[Heading, ...]]:
        """The page's Markdown, with its front-matter title, and the headings of its HTML
        blocks; a template mistake raises `TemplateProblem` (core/templating.py)."""
        context = {
            **self.common,
            **spec.context,
            "page": spec.path,
            "rel": _linker(spec.path),
            "href": _html_linker(spec.path, self.site.directory_urls),
        }
        text = render_template(self.env, spec.template, context)
        return with_title(text), headings_of(text)

    def page(self, spec: PageSpec) -> RenderedPage:
        """The rendered page of `spec`, with its assets and search entries."""
        text, headings = self.markdown(spec)
        return RenderedPage(spec.path, text, spec.in_nav, spec.assets, spec.search, headings)


def _linker(start: str) -> Callable[[str], str]:
    """Links for Markdown: MkDocs turns the `.md` path into the page's URL."""
    return lambda target: relative(target, start)


def _html_linker(start: str, directory_urls: bool) -> Callable[[str], str]:
    """Links for HTML blocks, which MkDocs leaves alone: the final relative URL."""
    return lambda target: href(target, start, directory_urls)
