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
import re
import unicodedata
from collections.abc import Iterable, Mapping
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


_BLOCK_END = re.compile(r"(</(?:td|th|tr|dt|dd|div|section|figcaption|caption|h[1-6])>|<br\s*/?>)(?=[^\s<])|(</(?:td|th|dt|dd|div)>)(?=<)")


def left_out(meta: Mapping[str, object]) -> bool:
    """Whether a page's front matter leaves it out of the theme's search (`search: exclude`)."""
    search = meta.get("search")
    return isinstance(search, dict) and bool(search.get("exclude"))


def spaced_blocks(page_html: str) -> str:
    """A page's HTML with white space after the ends of cells, terms, blocks and line breaks.

    The search plugin keeps the text of a table cell or a definition and drops the tag, so
    `<dt>Reach</dt><dd>Prefers e-mail</dd>` would be indexed as "ReachPrefers e-mail". A line
    break between such elements changes nothing on screen.
    """
    return _BLOCK_END.sub(lambda m: (m.group(1) or m.group(2)) + "\n", page_html)


_FOLD = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i"})


def folded(text: str) -> str:
    """`text` without accents and with ø, æ, ß, ł... spelt in plain letters: 'Bjørn Ångström' → 'Bjorn Angstrom'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def with_folded(text: str, *names: str) -> str:
    """`text`, then the names spelt without accents where that differs, so that someone who
    types "Bjorn" finds "Bjørn". `add_entries` writes them hidden (between NUL and SOH, which
    `md_text`-free data never holds in a search entry): searched, never shown twice."""
    extra = []
    for name in names:
        plain = folded(name)
        if plain != name and plain not in extra:
            extra.append(plain)
    return text + "".join(f" \x00{plain}\x01" for plain in extra)


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
    text = " · ".join(fact for fact in facts if fact)
    return with_folded(text, *(part for part in (customer.name, customer.company, customer.city) if part))


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
        text = html.escape(entry.text, quote=False).replace("\x00", '<span hidden>').replace("\x01", "</span>")
        index["docs"].append(
            {
                "location": f"{url}#{entry.anchor}" if entry.anchor else url,
                "title": html.escape(entry.title, quote=False),
                "text": text,
            }
        )
    write_atomically(path, json.dumps(index, separators=(",", ":")))
