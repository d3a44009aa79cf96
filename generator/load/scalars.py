"""Field kinds for single values: text, ids, addresses, dates, numbers, amounts and choices.

Each one reads the text exactly as typed (YAML guessed nothing) and either returns the typed value
or raises `Invalid` with a message that says what was expected and what was written.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from generator.core.model import BirthdayValue
from generator.core.suggest import did_you_mean
from generator.load.fields import Context, Invalid, Kind, is_plain, scalar_text
from generator.load.yamlio import Node

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
_SLUG = re.compile(SLUG_PATTERN)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH_DAY = re.compile(r"^--(\d{2})-(\d{2})$")
_INT = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)
"""Dates playbook plans with (data, settings and --as-of); plans reach a few years past them."""
DATE_RANGE = f"{DATE_MIN.isoformat()} to {DATE_MAX.isoformat()}"
_DATE_PATTERN = r"^(19|20|21)\d{2}-\d{2}-\d{2}$"
MONEY_MAX = Decimal(1_000_000_000_000)
"""The largest amount (one trillion): sums of many stay exact within Decimal's 28 digits."""
MONEY_PLACES = 2
"""The decimal places an amount may have (cents)."""
_LONGEST_INT = 15
_YAML11_BOOLS = frozenset(
    {"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"}
)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Characters no text may hold: control characters (but tab and line break) and Unicode's line
and paragraph separators, which some programs show as line breaks and others hide."""
_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""What a one-line field may not hold: the above, tabs and line breaks."""


_NAMED = {
    "\n": "a line break",
    "\r": "a carriage return",
    "\t": "a tab",
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
}


def control_mistake(text: str, pattern: re.Pattern[str] = _CONTROL, *, one_line: bool = False) -> str | None:
    """Why `text` holds a character it may not (naming it and what comes before it), else None."""
    found = pattern.search(text)
    if found is None:
        return None
    char = found.group()
    what = _NAMED.get(char, f"the control character U+{ord(char):04X}")
    before = text[: found.start()][-30:]
    where = f" after {before!r}" if before else " at its start"
    if one_line:
        return f"must be one line of text, but holds {what}{where}; write it on one line"
    return f"holds {what}{where}, which no text may hold; remove it"


def one_line(node: Node, text: str) -> str:
    """`text` checked to be one line; trailing line breaks (a `|` or `>` block ends with one) go."""
    text = text.rstrip("\n") if "\n" in text else text
    if (mistake := control_mistake(text, _LINE_CONTROL, one_line=True)) is not None:
        raise Invalid(mistake, node)
    return text


@dataclass(frozen=True)
class Text(Kind):
    """Free text that may hold several lines (a note, an address), kept exactly as typed; only
    control characters are refused."""

    description: str = "text"

    def convert(self, node: Node, context: Context) -> str:
        text = scalar_text(node, "text")
        if (mistake := control_mistake(text)) is not None:
            raise Invalid(mistake, node)
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": ["string", "number", "boolean"]}


@dataclass(frozen=True)
class Line(Kind):
    """One line of text (a name, a phone, a title), kept as typed (a phone `01234567` stays
    `01234567`). A line break, tab or control character is refused: such a value could forge
    lines in an e-mail draft or a letter."""

    def convert(self, node: Node, context: Context) -> str:
        return one_line(node, scalar_text(node, "text"))

    def schema(self) -> dict[str, Any]:
        return {"type": ["string", "number", "boolean"], "pattern": r"^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*\n*$"}


@dataclass(frozen=True)
class Slug(Kind):
    """An identifier that becomes part of file names and links, so it must be a safe slug."""

    def convert(self, node: Node, context: Context) -> str:
        text = scalar_text(node, "an id")
        if not _SLUG.match(text):
            raise Invalid(
                f"{text!r} is not a safe id; use lower-case letters, digits and single hyphens "
                f"(for example {suggest_slug(text)!r})",
                node,
            )
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": SLUG_PATTERN}


def suggest_slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64].strip("-")
    return slug or "customer-1"


@dataclass(frozen=True)
class Url(Kind):
    """A web address; only http and https, so a link can never run script."""

    def convert(self, node: Node, context: Context) -> str:
        text = one_line(node, scalar_text(node, "a web address")).strip()
        if not re.match(r"^https?://[^\s<>\"']+$", text, re.IGNORECASE):
            raise Invalid(f"must be a web address starting with https:// (got {text!r})", node)
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^https?://"}


@dataclass(frozen=True)
class Email(Kind):
    def convert(self, node: Node, context: Context) -> str:
        text = one_line(node, scalar_text(node, "an e-mail address")).strip()
        if not re.match(r"^[^@\s<>\"'()\[\]:;,]+@[^@\s<>\"'()\[\]:;,]+\.[^@\s<>\"'()\[\]:;,]+$", text):
            raise Invalid(f"must be an e-mail address such as name@example.com (got {text!r})", node)
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "email"}


def date_out_of_range(value: date) -> str | None:
    """Why a real date is outside `DATE_RANGE`, else None."""
    if DATE_MIN <= value <= DATE_MAX:
        return None
    return f"{value.isoformat()} is outside the dates playbook plans with ({DATE_RANGE})"


def parse_iso_date(text: str) -> date | None:
    if not _DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.\-]?(\d{1,2})[/.\-]?(\d{1,2})$")


def date_mistake(text: str, expected: str = "YYYY-MM-DD, such as 2026-03-12") -> str:
    """Why `text` is not a YYYY-MM-DD date, in words that stand alone (a field or an option).

    An impossible date says which part is impossible ("2026-02-30 is not a date: February 2026
    has 28 days"); a date in another common format shows its readings as YYYY-MM-DD.
    """
    if _DATE.match(text):
        return f"{text} is not a date: {_impossible(int(text[:4]), int(text[5:7]), int(text[8:]))}"
    readings = _readings(text.strip())
    if readings:
        return f"{text}: write {' or '.join(readings)}"
    if _DAY_FIRST.match(text.strip()) or _YEAR_FIRST.match(text.strip()):
        return f"{text} is not a date in any reading; write it {expected}"
    return f"{text!r} is not a date; write it {expected}"


def _impossible(year: int, month: int, day: int) -> str:
    if not 1 <= month <= 12:
        return f"there is no month {month:02d} (months go from 01 to 12)"
    if day == 0:
        return "days start at 01"
    length = calendar.monthrange(year, month)[1]
    return f"{_MONTHS[month - 1]} {year} has {length} days"


def _readings(text: str) -> list[str]:
    """The YYYY-MM-DD dates `text` could mean (day first, then month first), without repeats."""
    parts: list[tuple[int, int, int]] = []
    if match := _YEAR_FIRST.match(text):
        parts.append((int(match[1]), int(match[2]), int(match[3])))
    elif match := _DAY_FIRST.match(text):
        year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
        parts += [(year, int(match[2]), int(match[1])), (year, int(match[1]), int(match[2]))]
    out: list[str] = []
    for year, month, day in parts:
        try:
            reading = date(year, month, day).isoformat()
        except ValueError:
            continue
        if reading not in out:
            out.append(reading)
    return out


@dataclass(frozen=True)
class Date(Kind):
    def convert(self, node: Node, context: Context) -> date:
        text = scalar_text(node, "a date")
        value = parse_iso_date(text)
        if value is None:
            raise Invalid(date_mistake(text), node, standalone=True)
        if (outside := date_out_of_range(value)) is not None:
            raise Invalid(outside, node, standalone=True)
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": _DATE_PATTERN}


@dataclass(frozen=True)
class Birthday(Kind):
    """A full date, or `--MM-DD` when the year is not known."""

    def convert(self, node: Node, context: Context) -> BirthdayValue:
        text = scalar_text(node, "a birthday")
        full = parse_iso_date(text)
        if full is not None:
            if (outside := date_out_of_range(full)) is not None:
                raise Invalid(outside, node, standalone=True)
            return BirthdayValue(full.month, full.day, full.year)
        match = _MONTH_DAY.match(text)
        if not match:
            expected = 'YYYY-MM-DD, or "--MM-DD" in quotes when the year is unknown'
            raise Invalid(date_mistake(text, expected), node, standalone=True)
        month, day = int(match[1]), int(match[2])
        try:
            date(2000, month, day)  # a leap year, so --02-29 is a real birthday
        except ValueError:
            why = _impossible(2000, month, day).replace(" 2000", "")
            raise Invalid(f"{text} is not a day of the year: {why}", node, standalone=True) from None
        return BirthdayValue(month, day, None)

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^((19|20|21)\d{2}|-)-\d{2}-\d{2}$"}


@dataclass(frozen=True)
class Bool(Kind):
    """Only `true` or `false`: YAML 1.1's yes/no/on/off are refused, never guessed."""

    def convert(self, node: Node, context: Context) -> bool:
        text = scalar_text(node, "true or false")
        if is_plain(node) and text in _TRUE:
            return True
        if is_plain(node) and text in _FALSE:
            return False
        hint = " (YAML 1.1 spellings such as yes/no/on/off are not accepted)" if text in _YAML11_BOOLS else ""
        raise Invalid(f"must be true or false (got {text!r}){hint}", node)

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Integer(Kind):
    minimum: int | None = None
    maximum: int | None = None

    def convert(self, node: Node, context: Context) -> int:
        text = scalar_text(node, "a whole number")
        if not is_plain(node) or not _INT.match(text):
            raise Invalid(f"must be a whole number (got {text!r})", node)
        value = whole_number(text, node)
        if self.minimum is not None and value < self.minimum:
            raise Invalid(f"must be at least {self.minimum} (got {value})", node)
        if self.maximum is not None and value > self.maximum:
            raise Invalid(f"must be at most {self.maximum} (got {value})", node)
        return value

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


def whole_number(text: str, node: Node) -> int:
    """The int of a whole number already matched, refusing one too long to be meant (and too
    long for Python's int(), which stops at 4300 digits)."""
    if len(text.lstrip("+-")) > _LONGEST_INT:
        raise Invalid(f"must be a whole number of at most {_LONGEST_INT} digits (got {len(text.lstrip('+-'))} digits)", node)
    return int(text)


def money_mistake(value: Decimal, got: str = "", *, allow_negative: bool = False) -> str | None:
    """Why `value` is not an amount playbook takes (below 0, over `MONEY_MAX`, finer than
    `MONEY_PLACES`), in words that follow the amount's name ("must ..."), else None.

    The one rule for amounts: in the YAML files (`Money`), `playbook log purchase --amount` and
    `playbook import csv`. `got` (such as ` (got '12.345')`) goes where the message names the value.
    """
    if value < 0 and not allow_negative:
        return f"must not be negative{got}; record a refund as its own note"
    if abs(value) > MONEY_MAX:
        return f"must be at most {MONEY_MAX:,} (one trillion){got}"
    if value != value.quantize(Decimal(1).scaleb(-MONEY_PLACES)):
        return f"must have at most {MONEY_PLACES} decimal places, like 1234.50{got}"
    return None


@dataclass(frozen=True)
class Money(Kind):
    """A decimal amount such as 120.50, kept exact (no binary floating point)."""

    allow_negative: bool = False

    def convert(self, node: Node, context: Context) -> Decimal:
        text = scalar_text(node, "an amount")
        if not is_plain(node) or not _DECIMAL.match(text):
            raise Invalid(
                f"must be an amount written like 1234.50, without currency signs or thousands separators (got {text!r})",
                node,
            )
        try:
            value = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern already excludes these
            raise Invalid(f"must be an amount (got {text!r})", node) from None
        mistake = money_mistake(value, f" (got {text!r})", allow_negative=self.allow_negative)
        if mistake is not None:
            raise Invalid(mistake, node)
        return value

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "number", "maximum": int(MONEY_MAX)}
        return out if self.allow_negative else {**out, "minimum": 0}


@dataclass(frozen=True)
class Choice(Kind):
    values: tuple[str, ...]

    def convert(self, node: Node, context: Context) -> str:
        text = scalar_text(node, f"one of {', '.join(self.values)}")
        if text not in self.values:
            hint = did_you_mean(text, self.values)
            raise Invalid(f"must be one of {', '.join(self.values)} (got {text!r}){hint}", node)
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}
