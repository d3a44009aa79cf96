"""What every output format shares: CSV that spreadsheets cannot run, aligned columns, and the
one way dates, amounts and shares are written."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from generator.plan.activity import CENT

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The one CSV writer of the tool: a header, None as an empty cell, and text cells that a
    spreadsheet would run as a formula get a leading '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _cell(v) for v in row])
    return out.getvalue()


def _cell(value: object) -> str:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return str(value)


def text_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, right: Iterable[int] = ()
) -> str:
    """Aligned plain-text columns for the terminal, with a rule under the header."""
    right = set(right)
    widths = (
        [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=True)]
        if rows
        else [len(h) for h in header]
    )

    def line(cells: Sequence[str]) -> str:
        parts = [
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return (
        "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]) + "\n"
    )


def money_text(amount: Decimal) -> str:
    """Plain decimal with two places, for CSV: no currency sign, no thousands separator."""
    return str(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def json_number(amount: Decimal) -> float:
    """JSON numbers are decimal text; a cent-rounded amount prints back exactly ('1234.5')."""
    return float(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def iso(day: date | None) -> str | None:
    """YYYY-MM-DD, or None for no date."""
    return day.isoformat() if day else None


def percent(part: int, whole: int) -> str:
    """A whole-number share, or '-' when there is nothing to share."""
    return "-" if whole == 0 else f"{round(100 * part / whole)}%"
