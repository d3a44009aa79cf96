"""Stage 5, rendering: the Jinja environment and the filters that make data safe inside Markdown.

Every value that came from the data passes through `md_text` (or `md_link`, which uses it).
HTML escaping alone is not enough in Markdown: link syntax, `attr_list` braces, emoji shortcodes
and line-start markers (`#`, `---`, `1.`, `>`, `!!!`) all inject. `md_text` therefore writes
as a numeric character reference every character that can open Markdown or HTML syntax
anywhere in a line, and, at the start of the value, any punctuation and the `.` or `)` of a
leading number (a value may land at the start of a line). Python-Markdown passes references
through untouched and no block or inline pattern matches them, while the browser shows the
original character, so the reader sees exactly what was typed. Harmless punctuation (`.,-/@()`
and the like) stays as it is: every reference costs Python-Markdown an inline match, and
names, amounts and addresses are full of it.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote, urlsplit

import jinja2

from generator.core import resources
from generator.core.money import format_money
from generator.core.templating import new_environment
from generator.site.search import SearchEntry

TEMPLATES = resources.TEMPLATES / "site"
"""The page templates shipped with playbook."""
Asset = bytes | Future[bytes]
"""A file published beside a page: its bytes, or their promise while a worker prints them."""

_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_SYNTAX = "\\`*_[]<>&{}|:#!\"~^="
"""Opens syntax anywhere: escapes, code, emphasis, links, HTML, entities, attribute lists,
table cells, emoji shortcodes, heading closers, titles, and the marks of common extensions."""
_ESCAPES = {ord(c): f"&#{ord(c)};" for c in _SYNTAX}
_HAS_SYNTAX = re.compile("[" + re.escape(_SYNTAX) + "]")
_LEADING_NUMBER = re.compile(r"[0-9]+[.)]")
# C0/C1 control characters: Python-Markdown uses STX/ETX as its own placeholder markers,
# so a value holding them could address stashed HTML. Whitespace among them is collapsed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SAFE_SCHEMES = ("http", "https", "mailto")
# Characters a URL may keep as they are inside a Markdown link target; everything else is
# percent-encoded, so no quote, bracket, parenthesis or space can end the target early.
_URL_SAFE = "/:?#=&%@+,;~-.!$"
_PHONE = re.compile(r"^\+?[0-9 ().-]{3,30}$")


def md_text(value: object) -> str:
    """Turn any data value into Markdown that renders as exactly that text, on one line.

    Runs for every value of every page, so the common case is cheap: printable text (no
    control character, no white space but the plain space) needs its spaces collapsed only
    when it has two in a row or at an end, and escaping only when it holds syntax.
    """
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    if not text.isprintable() or text[:1] == " " or text[-1:] == " " or "  " in text:
        text = " ".join(_CONTROL.sub("", text).split())
    if not text:
        return ""
    first = text[0]
    if first in _PUNCTUATION:  # `-`, `+`, `>`, `?`, `=` open a block at the start of a line
        return f"&#{ord(first)};" + _escaped(text[1:])
    if first.isdigit() and (number := _LEADING_NUMBER.match(text)):  # "1986. A year" is a list
        end = number.end() - 1
        return f"{text[:end]}&#{ord(text[end])};" + _escaped(text[end + 1 :])
    return _escaped(text)


def _escaped(text: str) -> str:
    """`text` with every `_SYNTAX` character written as a reference (a search is faster than
    `translate`, which looks up every character, and most values hold none)."""
    return text.translate(_ESCAPES) if _HAS_SYNTAX.search(text) else text


def safe_url(value: object) -> str:
    """Return a link target for an http, https or mailto address, or "" to refuse it.

    `javascript:`, `data:`, relative and scheme-less addresses are refused rather than
    repaired: a link that cannot be trusted is shown as plain text instead.
    """
    if value is None:
        return ""
    text = str(value).strip()
    if _CONTROL.search(text) or any(c.isspace() for c in text):
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in _SAFE_SCHEMES:
        return ""
    if scheme == "mailto":
        address = text[len("mailto:") :]
        if address.count("@") != 1 or address.startswith("@") or address.endswith("@"):
            return ""
        return "mailto:" + quote(address, safe="@.+-")
    if not parts.netloc:
        return ""
    return quote(text, safe=_URL_SAFE)


def email_url(value: object) -> str:
    """A `mailto:` link target for an e-mail address, or "" when it is not one."""
    return "" if value is None else safe_url(f"mailto:{value}")


def phone_url(value: object) -> str:
    """A `tel:` link target when the number holds only digits and separators, else ""."""
    if value is None or not _PHONE.match(str(value).strip()):
        return ""
    digits = re.sub(r"[^0-9+]", "", str(value))
    return f"tel:{digits}" if len(digits.lstrip("+")) >= 3 else ""


def md_link(label: object, url: str) -> str:
    """A Markdown link with escaped text, or just the escaped text when `url` is empty.

    `url` must come from `safe_url`, `email_url`, `phone_url` or a page path we built.
    """
    text = md_text(label)
    if not url:
        return text
    return f"[{text}]({url})"


def html_link(label: object, url: str) -> str:
    """An HTML link with escaped text, or just the escaped text when `url` is empty.

    For HTML blocks, where Markdown links are not read; `url` as for `md_link`.
    """
    text = md_text(label)
    if not url:
        return text
    return f'<a href="{html.escape(url)}">{text}</a>'


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading written as HTML inside an HTML block, which Markdown's table of contents misses."""

    level: int
    anchor: str
    title: str
    """As written in the page: escaped text."""


_HTML_HEADING = re.compile(r'^<h([1-6]) id="([^"]+)"[^>]*>(.*?)<a class="headerlink" ', re.MULTILINE)


def html_heading(anchor: str, title: object, level: int = 2, style: str = "") -> str:
    """A heading for an HTML block, written as Python-Markdown's `toc` writes a permalinked one.

    `headings_of` finds it again so that the site's table of contents can list it.
    """
    attributes = f' id="{html.escape(anchor)}"' + (f' style="{html.escape(style)}"' if style else "")
    return f'<h{level}{attributes}>{md_text(title)}<a class="headerlink" href="#{html.escape(anchor)}" title="Permanent link">&para;</a></h{level}>'


def headings_of(text: str) -> tuple[Heading, ...]:
    """The `html_heading`s of a page, in order (data cannot write one: `md_text` escapes `<`)."""
    if "\n<h" not in text:
        return ()
    return tuple(Heading(int(level), html.unescape(anchor), title) for level, anchor, title in _HTML_HEADING.findall(text))


ICONS = (
    ":material-email-outline:",
    ":material-phone:",
    ":material-account-group:",
    ":material-fountain-pen-tip:",
    ":material-map-marker:",
    ":material-cake-variant:",
    ":material-account-alert:",
)
"""The icons the generated pages draw; `icon_css` gives each one a rule."""


@functools.cache
def icon(shortcode: str, label: str = "") -> str:
    """An icon of the generated pages, drawn by the site's stylesheet (`icon_css`).

    A span per use instead of Material's inline SVG: a card page shows thousands of icons, and
    the SVGs were most of its bytes and of the tags the search indexer reads. `label` says
    what the icon means to a screen reader when no words beside it do.
    """
    if not shortcode:
        return ""
    if shortcode not in ICONS:
        raise ValueError(f"no stylesheet rule for the icon {shortcode}: add it to render.ICONS")
    meaning = f'role="img" aria-label="{html.escape(label)}"' if label else 'aria-hidden="true"'
    return f'<span class="pb-icon pb-icon-{_icon_name(shortcode)}" {meaning}></span>'


def _icon_name(shortcode: str) -> str:
    return shortcode.strip(":").removeprefix("material-")


@functools.cache
def icon_css() -> str:
    """One rule per icon in `ICONS`: Material's own SVG as a mask painted in the text colour.

    The same technique as Material's admonition icons, so the icons follow the colour scheme;
    `print-color-adjust` keeps them on paper, where backgrounds are otherwise left out.
    """
    import material

    icons = Path(material.__file__).parent / "templates" / ".icons" / "material"
    rules = [
        "/* playbook: the icons of the generated pages (made by generator.site.render.icon_css). */",
        ".md-typeset .pb-icon {\n  display: inline-block;\n  width: 1.125em;\n  height: 1.125em;\n"
        "  vertical-align: text-top;\n  background-color: currentcolor;\n"
        "  -webkit-mask: var(--pb-icon) center / contain no-repeat;\n  mask: var(--pb-icon) center / contain no-repeat;\n"
        "  -webkit-print-color-adjust: exact;\n  print-color-adjust: exact;\n}",
    ]
    for shortcode in ICONS:
        name = _icon_name(shortcode)
        svg = (icons / f"{name}.svg").read_text(encoding="utf-8").strip()
        rules.append(f'.pb-icon-{name} {{\n  --pb-icon: url("data:image/svg+xml;charset=utf-8,{quote(svg, safe=" /=:;,.-")}");\n}}')
    return "\n\n".join(rules) + "\n"


@functools.lru_cache(maxsize=4096)  # a page shows the same few weeks of days thousands of times
def date_with_weekday(value: date) -> str:
    """'Monday 16 November 2026': unambiguous in every country that reads the plan."""
    return f"{value:%A} {value.day} {value:%B %Y}"


@functools.lru_cache(maxsize=4096)
def short_date(value: date) -> str:
    """'Mon 16 Nov'."""
    return f"{value:%a} {value.day} {value:%b}"


def iso_date(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def money(amount: Decimal | int | None, currency: str = "USD") -> str:
    """Format an amount with the project's formatter (generator/core/money.py)."""
    if amount is None:
        return ""
    return format_money(Decimal(amount), currency)


def make_environment(extra: Path | None = None) -> jinja2.Environment:
    """One strict environment for every page; templates are compiled once and cached.

    `extra` is a project folder (playbook/templates/site) whose templates override ours.
    Markdown, not HTML: no autoescaping, data goes through `md_text` instead.
    """
    search = [str(extra)] if extra is not None and extra.is_dir() else []
    env = new_environment(jinja2.FileSystemLoader([*search, str(TEMPLATES)]), cache_size=-1)
    env.filters.update(
        md_text=md_text,
        md_link=md_link,
        html_link=html_link,
        safe_url=safe_url,
        email_url=email_url,
        phone_url=phone_url,
        long_date=date_with_weekday,
        short_date=short_date,
        iso_date=iso_date,
        money=money,
    )
    env.globals["icon"] = icon
    env.globals["html_heading"] = html_heading
    return env


_LONE_AMPERSAND = re.compile(r"&(?!#[0-9]+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_ATTR_LIST = re.compile(r"\s*\{[^{}]*\}\s*$")


def with_title(text: str) -> str:
    """Give a page a front-matter `title` copied from its first `# ` heading.

    MkDocs otherwise derives the title from the rendered heading, and Material prints it into
    `<title>` through Jinja's `striptags`, which turns our character references back into `<`
    and `>`; a name holding `</title><script>` would then end the element early. A front-matter
    title is printed as written, so the escaped text stays escaped.
    """
    body = text
    front: list[str] = []
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end == -1:
            return text
        front = text[4:end].split("\n")
        body = text[end + 5 :]
        if any(line.startswith("title:") for line in front):
            return text
    start = 0 if body.startswith("# ") else body.find("\n# ") + 1
    if start == 0 and not body.startswith("# "):
        return text
    heading = body[start + 2 : body.find("\n", start) if "\n" in body[start:] else len(body)]
    title = _ATTR_LIST.sub("", heading).strip()
    title = _LONE_AMPERSAND.sub("&amp;", title).replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
    title = title.replace("\\", "&#92;")
    return "---\n" + "\n".join([f'title: "{title}"', *front]) + "\n---\n" + body


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """One generated Markdown page, ready to hand to MkDocs."""

    path: str
    """Posix path below the docs folder, e.g. `consultants/dana/plan.md`."""
    text: str
    """The Markdown; empty when it waits on disk in `source`."""
    in_nav: bool = False
    assets: Mapping[str, Asset] = field(default_factory=dict)
    """Static files published beside the page (packet PDFs), by posix path."""
    search: tuple[SearchEntry, ...] | None = None
    """The page's own search entries (see PageSpec.search)."""
    headings: tuple[Heading, ...] = ()
    """Headings inside the page's HTML blocks, for its table of contents (`headings_of`)."""
    source: str | None = None
    """The file holding the Markdown (UTF-8) when a build spooled it to disk instead of `text`."""
