"""Where pages live and how one page links to another.

Page paths are posix paths below the docs folder (`consultants/dana/plan.md`). Markdown links
use `relative` (MkDocs turns `.md` targets into URLs); links inside HTML blocks use `href`,
which writes the final URL because MkDocs leaves HTML alone.
"""

from __future__ import annotations

import functools
import posixpath
import re

from generator.core import model
from generator.core.problems import Problem
from generator.load.scalars import SLUG_PATTERN

_SLUG = re.compile(SLUG_PATTERN)


@functools.lru_cache(maxsize=65536)
def relative(target: str, start: str) -> str:
    """Link from page `start` to page `target` (both docs-relative posix paths; '#' kept).

    Cached: a page links to the same few pages thousands of times.
    """
    target_path, hash_, anchor = target.partition("#")
    link = posixpath.relpath(target_path, posixpath.dirname(start) or ".")
    return link + hash_ + anchor


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives the file at docs path `path`: 'a/b.md' -> 'a/b/', 'a/index.md' -> 'a/'.

    Any other file (a PDF, say) keeps its path.
    """
    if not path.endswith(".md"):
        return path
    stem = path.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


@functools.lru_cache(maxsize=65536)
def href(target: str, start: str, directory_urls: bool = True) -> str:
    """Link from page `start` to page or file `target` ('#' kept) as the browser needs it.

    MkDocs turns `.md` links into URLs only in Markdown; inside an HTML block the link must
    already be the final URL, relative so the site works from any folder.
    """
    target_path, hash_, anchor = target.partition("#")
    if not target_path:
        return hash_ + anchor
    return _page_href(target_path, start, directory_urls) + hash_ + anchor


@functools.lru_cache(maxsize=4096)
def _page_href(target_path: str, start: str, directory_urls: bool) -> str:
    """`href` without an anchor: one per pair of pages, however many cards a page links to."""
    url = page_url(target_path, directory_urls)
    here = page_url(start, directory_urls).rpartition("/")[0]
    link = posixpath.relpath("/" + url, "/" + here)
    if url.endswith("/") or not url:
        link = "./" if link == "." else link + "/"
    return link


def check_path(path: str) -> Problem | None:
    """Generated paths are slugs joined by '/', ending in '.md': nothing else becomes a file."""
    parts = path.split("/")
    stem, dot, suffix = parts[-1].rpartition(".")
    if dot and suffix == "md" and all(_SLUG.match(p) for p in [*parts[:-1], stem]):
        return None
    return Problem("<site>", 1, 1, "error", f"page path {path!r} is not made of safe slugs; this is a bug in a page source")


def slug(text: str) -> str:
    """A habit or rule id as a page name: 'thank_you' -> 'thank-you'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def habit_page(habit: str) -> str:
    return f"habits/{slug(habit)}.md"


def plan_page(person_id: str) -> str:
    return f"consultants/{person_id}/plan.md"


def week_page(person_id: str) -> str:
    """The printable next 7 days of a consultant's plan."""
    return f"consultants/{person_id}/week.md"


def customers_page(person_id: str) -> str:
    return f"consultants/{person_id}/customers.md"


def customer_card(customer: model.Customer) -> str:
    return f"{customers_page(customer.consultant)}#{customer.id}"


def history_page(person_id: str) -> str:
    return f"consultants/{person_id}/history.md"


def customer_history(customer: model.Customer) -> str:
    return f"{history_page(customer.consultant)}#{customer.id}"
