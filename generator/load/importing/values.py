"""One cell of an export made a value: text as typed, dates in the forms exports use, amounts, ids.

Every function returns the value or raises `Refused` with the reason a person can act on; a
row with such a cell is refused, never guessed at.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from generator.load.scalars import SLUG_PATTERN, money_mistake


class Refused(Exception):
    """A row that cannot be imported, with the reason (without the row number)."""


_QUOTED_NUMBER = re.compile(r"^'(?=[+\d(])[\d\s+()./-]*$")
_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")


def clean(cell: str) -> str:
    """The cell as typed, without surrounding spaces and without the apostrophe that spreadsheets
    put before a number to keep it text (`'+1 555 0100`, `'02134`); line breaks become `\\n`, and
    any other text is untouched."""
    text = _LINE_BREAKS.sub("\n", cell.strip())
    if _QUOTED_NUMBER.match(text):
        return text[1:]
    return text


# ---------------------------------------------------------------- dates

DATE_ORDERS = ("month-first", "day-first", "iso")
"""How a preset reads `03/05/2024`: month first (US exports), day first, or not at all (iso)."""

_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC)?)?$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$")
_DOTS = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")


def slash_parts(text: str) -> tuple[int, int] | None:
    """The two first numbers of a `NN/NN/YYYY` date, else None."""
    found = _SLASH.match(text)
    return (int(found[1]), int(found[2])) if found else None


def parse_date(text: str, order: str) -> date:
    """The calendar day written (a time and time zone after it are left out).

    ISO dates (`2024-03-05`, `2024/03/05`, `2024-03-05 14:22:10`, `2024-03-05T14:22:10Z`) and day.month.year
    are read in any preset; `03/05/2024` is read in the preset's `order`, and refused when the
    order is `iso` unless one of the numbers is over 12 (then only one reading exists).
    """
    found = _ISO.match(text)
    if found:
        return _day(text, int(found[1]), int(found[2]), int(found[3]))
    found = _DOTS.match(text)
    if found:
        return _day(text, int(found[3]), int(found[2]), int(found[1]))
    parts = slash_parts(text)
    if parts is None:
        msg = f"date {text!r} is not a date this import reads; write it as YYYY-MM-DD"
        raise Refused(msg)
    first, second = parts
    year = int(text.split("/")[2][:4])
    if order == "month-first":
        return _day(text, year, first, second, hint="month/day/year")
    if order == "day-first":
        return _day(text, year, second, first, hint="day/month/year")
    if first > 12 >= second:
        return _day(text, year, second, first)
    if second > 12 >= first or first == second:
        return _day(text, year, first, second)
    msg = f"date {text!r} could be {year}-{first:02d}-{second:02d} or {year}-{second:02d}-{first:02d}; write it as YYYY-MM-DD"
    raise Refused(msg)


def _day(text: str, year: int, month: int, day: int, *, hint: str = "") -> date:
    try:
        return date(year, month, day)
    except ValueError:
        how = f" read as {hint}" if hint else ""
        msg = f"date {text!r}{how} is not a day of the calendar"
        raise Refused(msg) from None


# ---------------------------------------------------------------- amounts

_AMOUNT = re.compile(r"^\d+(?:\.\d+)?$")
_COMMA_DECIMAL = re.compile(r"^\d+,\d{1,2}$")


def parse_amount(text: str, column: str = "") -> Decimal:
    """A plain amount (`240.00`, or `240,00` where the comma is the decimal mark) that the
    customer files take (`scalars.money_mistake`: at most 2 decimal places, at most one trillion);
    anything else (a currency sign, a thousands separator, a negative amount, `12.345`) is
    refused, naming the `column` it was read from (`'Total' (C)`) when one is given."""
    what = f"amount {text!r}" + (f" in column {column}" if column else "")
    plain = text.replace(",", ".") if _COMMA_DECIMAL.match(text) else text
    if not _AMOUNT.match(plain):
        msg = f"{what} is not an amount like 240.00 (no currency sign, no thousands separator)"
        raise Refused(msg)
    try:
        value = Decimal(plain)
    except InvalidOperation:  # pragma: no cover - the pattern already excludes these
        msg = f"{what} is not an amount"
        raise Refused(msg) from None
    mistake = money_mistake(value)
    if mistake is not None:
        msg = f"{what} {mistake}; correct the cell and import the file again"
        raise Refused(msg)
    return value


# ---------------------------------------------------------------- ids and names

_SLUG = re.compile(SLUG_PATTERN)


def slug_of(text: str, *, otherwise: str = "customer") -> str:
    """A safe id from a name: `Zoë Müller` -> `zoe-muller` (at most 60 characters, room for `-2`)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return slug if slug and _SLUG.match(slug) else otherwise


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, else `base-2`, `base-3`... whichever is not taken; the result is added to `taken`."""
    candidate = base
    number = 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


def same_words(text: str) -> str:
    """A name compared as a person reads it: spaces collapsed, case folded (accents kept)."""
    return " ".join(text.split()).casefold()
