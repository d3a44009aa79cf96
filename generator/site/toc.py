"""The table of contents of a page whose headings are partly HTML (see `render.html_heading`).

Markdown's `toc` extension only sees Markdown headings; the per-customer headings of cards,
histories and checklists live inside HTML blocks. They are added here to the page's table of
contents and to the anchors MkDocs knows, so the sidebar and MkDocs' link checks treat them
exactly as Markdown headings.
"""

from __future__ import annotations

from collections.abc import Iterable

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from generator.site.render import Heading


def add_to_toc(page: Page, headings: Iterable[Heading]) -> None:
    """Nest each heading under the last one of a higher level, as Markdown's `toc` does.

    The HTML headings come after the page's Markdown headings (a title and an introduction,
    then one block per customer), so appending them keeps the page's order.
    """
    headings = list(headings)
    for heading in headings:
        siblings = page.toc.items
        while siblings and siblings[-1].level < heading.level:
            siblings = siblings[-1].children
        siblings.append(AnchorLink(heading.title, heading.anchor, heading.level))
    anchors = getattr(page, "present_anchor_ids", None)  # MkDocs checks links to anchors against it
    if isinstance(anchors, set):
        anchors.update(heading.anchor for heading in headings)
