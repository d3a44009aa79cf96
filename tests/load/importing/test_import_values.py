"""Cells made values: kept as typed, the spreadsheet's apostrophe dropped, dates never guessed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import yaml

from generator.core.problems import Problems
from generator.load.fields import Context, Invalid
from generator.load.importing.mapping import column_letters
from generator.load.importing.values import (
    Refused,
    clean,
    parse_amount,
    parse_date,
    slug_of,
    unique_id,
)
from generator.load.scalars import Money


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("'+1 617 555 0100", "+1 617 555 0100"),
        ("'02134", "02134"),
        (" 0712 345678 ", "0712 345678"),
        ("NO", "NO"),
        ("'Tis the season", "'Tis the season"),
        ('=HYPERLINK("http://x","y")', '=HYPERLINK("http://x","y")'),
        ("1 Main St\r\nFlat 2\x85Back", "1 Main St\nFlat 2\nBack"),
    ],
)
def test_cells_are_kept_as_typed(cell: str, value: str) -> None:
    assert clean(cell) == value


@pytest.mark.parametrize(
    ("text", "order", "day"),
    [
        ("2024-03-05", "iso", date(2024, 3, 5)),
        ("2024-03-05 14:22:10", "iso", date(2024, 3, 5)),
        ("2024-03-05T14:22:10.120Z", "iso", date(2024, 3, 5)),
        ("2025-10-07 09:50:26 +0200", "iso", date(2025, 10, 7)),
        ("05.03.2024", "iso", date(2024, 3, 5)),
        ("2024/03/05", "iso", date(2024, 3, 5)),
        ("03/05/2024", "month-first", date(2024, 3, 5)),
        ("3/5/2024, 2:22 PM", "month-first", date(2024, 3, 5)),
        ("03/05/2024", "day-first", date(2024, 5, 3)),
        ("25/03/2024", "iso", date(2024, 3, 25)),
        ("03/25/2024", "iso", date(2024, 3, 25)),
    ],
)
def test_dates_in_the_forms_exports_write(text: str, order: str, day: date) -> None:
    assert parse_date(text, order) == day


@pytest.mark.parametrize(
    ("text", "order", "reason"),
    [
        ("03/05/2024", "iso", "date '03/05/2024' could be 2024-03-05 or 2024-05-03; write it as YYYY-MM-DD"),
        ("25/03/2024", "month-first", "date '25/03/2024' read as month/day/year is not a day of the calendar"),
        ("2024-02-30", "iso", "date '2024-02-30' is not a day of the calendar"),
        ("March 5th", "iso", "date 'March 5th' is not a date this import reads; write it as YYYY-MM-DD"),
    ],
)
def test_ambiguous_or_unreadable_dates_are_refused(text: str, order: str, reason: str) -> None:
    with pytest.raises(Refused) as caught:
        parse_date(text, order)
    assert str(caught.value) == reason


def test_amounts() -> None:
    assert parse_amount("240.00") == Decimal("240.00")
    assert parse_amount("240,5") == Decimal("240.5")
    with pytest.raises(Refused) as caught:
        parse_amount("$1,240.00")
    assert str(caught.value) == "amount '$1,240.00' is not an amount like 240.00 (no currency sign, no thousands separator)"
    with pytest.raises(Refused) as caught:
        parse_amount("12.345", "'Total' (H)")
    assert str(caught.value) == (
        "amount '12.345' in column 'Total' (H) must have at most 2 decimal places, like 1234.50; correct the cell and import the file again"
    )


@pytest.mark.parametrize("text", ["0", "12", "12.3", "12.30", "12.340", "12.345", "0.001", "1000000000000", "1000000000000.01", "999999999999.99"])
def test_an_amount_is_refused_exactly_when_the_customer_files_refuse_it(text: str) -> None:
    """One rule for amounts (`scalars.money_mistake`), in a customer file and in an export."""
    node = yaml.ScalarNode("tag:yaml.org,2002:str", text)
    try:
        in_yaml: Decimal | None = Money().convert(node, Context("test", Problems()))
    except Invalid:
        in_yaml = None
    try:
        in_csv: Decimal | None = parse_amount(text)
    except Refused:
        in_csv = None
    assert in_csv == in_yaml


def test_column_letters_as_a_spreadsheet_shows_them() -> None:
    assert [column_letters(i) for i in (0, 2, 25, 26, 27, 51, 52, 701, 702)] == ["A", "C", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


def test_ids_from_names() -> None:
    assert slug_of("Zoë Müller") == "zoe-muller"
    assert slug_of('=HYPERLINK("http://x","y")') == "hyperlink-http-x-y"
    assert slug_of("李明") == "customer"
    taken = {"ann-lee"}
    assert [unique_id("ann-lee", taken), unique_id("ann-lee", taken)] == ["ann-lee-2", "ann-lee-3"]
