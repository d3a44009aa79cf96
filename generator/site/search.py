"""Search entries that generated pages give themselves, added to the theme's search index.

The search plugin reads every page's HTML tag by tag. For the customer cards that is most of
the site's build time at scale, and it indexes every label and date of every card. A card page
instead says what it is searched by (`SearchEntry`: the customer's name, company, contact
details, place, interests and notes), its front matter leaves it out of the theme's indexing,
and `add_entries` appends its entries to the index the theme wrote.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.core import model
from generator.core.files import write_atomically

INDEX = Path("search") / "search_index.json"
"""Where the search plugin (Material's and MkDocs' own) writes its index in the site."""


@dataclass(frozen=True, slots=True)
class SearchEntry:
    """One search result: a section of a page (the page itself when `anchor` is empty)."""

    anchor: str
    title: str
    """Plain text, escaped when written."""
    text: str
    """Plain text, escaped when written."""


def card_entries(title: str, customers: Iterable[model.Customer]) -> tuple[SearchEntry, ...]:
    """The card page, then one entry per card: what someone would type to find a customer."""
    customers = list(customers)
    count = f"{len(customers)} customer{'s' if len(customers) != 1 else ''}."
    return (SearchEntry("", title, count), *(SearchEntry(c.id, c.name, _card_text(c)) for c in customers))


def _card_text(customer: model.Customer) -> str:
    place = ", ".join(part for part in (customer.address, customer.city, customer.region, customer.country) if part)
    facts = [
        customer.company,
        customer.email,
        customer.phone,
        place,
        ", ".join(customer.interests),
        *(note.text for note in sorted(customer.notes, key=lambda note: note.date, reverse=True)),
    ]
    return " · ".join(fact for fact in facts if fact)


def add_entries(site_dir: Path, entries: Iterable[tuple[str, SearchEntry]]) -> None:
    """Append `(page URL, entry)` pairs to the site's search index, when the site has one.

    Titles and texts are escaped the way the search plugin escapes page text: its results
    show them as HTML.
    """
    path = site_dir / INDEX
    if not path.is_file():  # the search plugin is off
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for url, entry in entries:
        index["docs"].append(
            {
                "location": f"{url}#{entry.anchor}" if entry.anchor else url,
                "title": html.escape(entry.title, quote=False),
                "text": html.escape(entry.text, quote=False),
            }
        )
    write_atomically(path, json.dumps(index, separators=(",", ":")))
