"""Records and field kinds on small YAML files: values exactly as typed, problems exactly located."""

from __future__ import annotations

import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from generator.core.problems import Problems
from generator.core.vocabulary import CONTACT_CHANNELS
from generator.load.fields import FAILED, Context, Field, Kind, ListOf, Record
from generator.load.scalars import Bool, Choice, Date, Integer, Money, Slug, Text
from generator.load.yamlio import read_yaml

THING = Record(
    "thing",
    (
        Field("id", Slug(), required=True),
        Field("name", Text(), required=True),
        Field("vip", Bool()),
        Field("visits", Integer(minimum=0, maximum=10)),
        Field("spent", Money()),
        Field("since", Date()),
        Field("channel", Choice(CONTACT_CHANNELS)),
        Field("tags", ListOf(Text())),
    ),
)
THINGS = ListOf(THING)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Problems name `things.yaml` relative to the working folder, as `playbook check` does."""
    monkeypatch.chdir(tmp_path)


def check(text: str, kind: Kind = THINGS) -> tuple[Any, list[str]]:
    """The converted value of a YAML text and every problem, printed as `playbook check` does."""
    path = Path("things.yaml")
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    problems = Problems()
    root = read_yaml(path, problems)
    assert root is not None, problems.items
    value = Context(str(path), problems).convert(kind, root)
    return value, [str(problem) for problem in problems.sorted()]


def one(field: str, written: str) -> tuple[Any, list[str]]:
    """Convert one thing whose `field` is written as given (on line 3, value at column len(field) + 5)."""
    value, problems = check(f"- id: a\n  name: A\n  {field}: {written}\n")
    return (value[0][field] if value else None), problems


def at(field: str, message: str, *, standalone: bool = False) -> list[str]:
    """The one problem `one` reports for a bad value of `field` (`'field': message` when the
    message names the value itself)."""
    colon = ":" if standalone else ""
    return [f"things.yaml:3:{len(field) + 5}: error: thing 'a': '{field}'{colon} {message}"]


# ---------------------------------------------------------------- text


def test_text_stays_exactly_as_typed() -> None:
    value, problems = check(
        """\
        - id: ann
          name: NO
          tags: [01234, NO, "12:30", 12:30, on, yes, 1e3, 0x1F, ~x, 2026-01-01]
        """
    )
    assert problems == []
    assert value == (
        {
            "id": "ann",
            "name": "NO",
            "tags": ("01234", "NO", "12:30", "12:30", "on", "yes", "1e3", "0x1F", "~x", "2026-01-01"),
        },
    )


def test_text_refuses_a_mapping() -> None:
    value, problems = check("- id: a\n  name: {first: A}\n")
    assert value == ()
    assert problems == ["things.yaml:2:9: error: thing 'a': 'name' must be text (got a mapping)"]


# ---------------------------------------------------------------- bool


@pytest.mark.parametrize(("written", "expected"), [("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False), ("FALSE", False)])
def test_bool_accepts_true_and_false(written: str, expected: bool) -> None:
    assert one("vip", written) == (expected, [])


@pytest.mark.parametrize("written", ["yes", "no", "on", "Off", "y", "NO"])
def test_bool_refuses_yaml11_spellings_with_a_hint(written: str) -> None:
    message = f"must be true or false (got {written!r}) (YAML 1.1 spellings such as yes/no/on/off are not accepted)"
    assert one("vip", written) == (None, at("vip", message))


@pytest.mark.parametrize(("written", "shown"), [("1", "'1'"), ("'true'", "'true'"), ("tRUE", "'tRUE'")])
def test_bool_refuses_other_spellings_and_quoted_words(written: str, shown: str) -> None:
    assert one("vip", written) == (None, at("vip", f"must be true or false (got {shown})"))


# ---------------------------------------------------------------- integer


@pytest.mark.parametrize(("written", "expected"), [("0", 0), ("10", 10), ("+7", 7), ("007", 7)])
def test_integer_within_bounds(written: str, expected: int) -> None:
    assert one("visits", written) == (expected, [])


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("-1", "must be at least 0 (got -1)"),
        ("11", "must be at most 10 (got 11)"),
        ("3.5", "must be a whole number (got '3.5')"),
        ("'7'", "must be a whole number (got '7')"),
        ("1_000", "must be a whole number (got '1_000')"),
        ("0x1F", "must be a whole number (got '0x1F')"),
    ],
)
def test_integer_refuses_out_of_bounds_and_non_integers(written: str, message: str) -> None:
    assert one("visits", written) == (None, at("visits", message))


# ---------------------------------------------------------------- money


@pytest.mark.parametrize(("written", "expected"), [("120.50", "120.50"), ("0", "0"), (".5", "0.5"), ("7.", "7")])
def test_money_is_an_exact_decimal(written: str, expected: str) -> None:
    value, problems = one("spent", written)
    assert (value, problems) == (Decimal(expected), [])
    assert isinstance(value, Decimal)


@pytest.mark.parametrize("written", ["$120", "€5", "120 EUR", "1,200.00", "'12.00'", "1e3"])
def test_money_refuses_currency_signs_separators_and_quotes(written: str) -> None:
    shown = repr(written.strip("'"))
    message = f"must be an amount written like 1234.50, without currency signs or thousands separators (got {shown})"
    assert one("spent", written) == (None, at("spent", message))


def test_money_refuses_a_negative_amount() -> None:
    assert one("spent", "-5") == (None, at("spent", "must not be negative (got '-5'); record a refund as its own note"))


# ---------------------------------------------------------------- date


def test_date_is_iso() -> None:
    assert one("since", "2024-02-29") == (date(2024, 2, 29), [])


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2026-13-01", "2026-13-01 is not a date: there is no month 13 (months go from 01 to 12)"),
        ("2026-02-29", "2026-02-29 is not a date: February 2026 has 28 days"),
        ("2026-04-31", "2026-04-31 is not a date: April 2026 has 30 days"),
        ("2026-04-00", "2026-04-00 is not a date: days start at 01"),
        ("2026-1-5", "2026-1-5: write 2026-01-05"),
        ("01/02/2026", "01/02/2026: write 2026-02-01 or 2026-01-02"),
        ("13.03.2026", "13.03.2026: write 2026-03-13"),
        ("05/05/26", "05/05/26: write 2026-05-05"),
        ("31/31/2026", "31/31/2026 is not a date in any reading; write it YYYY-MM-DD, such as 2026-03-12"),
        ("20260101", "20260101: write 2026-01-01"),
        ("2026-W01-1", "'2026-W01-1' is not a date; write it YYYY-MM-DD, such as 2026-03-12"),
        ("'yesterday'", "'yesterday' is not a date; write it YYYY-MM-DD, such as 2026-03-12"),
    ],
)
def test_date_refuses_impossible_and_non_iso_forms_saying_why(written: str, message: str) -> None:
    assert one("since", written) == (None, at("since", message, standalone=True))


# ---------------------------------------------------------------- slug


@pytest.mark.parametrize(("written", "suggested"), [("Ann Smith", "ann-smith"), ("../etc", "etc"), ("-ann-", "ann"), ("Zoë_O'Neil", "zo-o-neil")])
def test_slug_refuses_an_unsafe_id_and_suggests_one(written: str, suggested: str) -> None:
    _, problems = check(f'- id: "{written}"\n  name: A\n')
    assert problems == [
        f"things.yaml:1:7: error: thing {written!r}: 'id' {written!r} is not a safe id; "
        f"use lower-case letters, digits and single hyphens (for example {suggested!r})"
    ]


def test_slug_accepts_lower_case_digits_and_inner_hyphens() -> None:
    value, problems = check("- id: ann-lee-2\n  name: A\n- id: " + "a" * 64 + "\n  name: B\n")
    assert problems == []
    assert [thing["id"] for thing in value] == ["ann-lee-2", "a" * 64]


def test_slug_refuses_an_id_longer_than_64() -> None:
    _, problems = check("- id: " + "a" * 65 + "\n  name: A\n")
    assert len(problems) == 1
    assert "is not a safe id" in problems[0]
    assert problems[0].endswith(f"(for example {'a' * 64!r})")


# ---------------------------------------------------------------- choice


def test_choice_suggests_the_closest_value() -> None:
    assert one("channel", "emial") == (
        None,
        at("channel", "must be one of email, phone, in_person, letter (got 'emial'); did you mean 'email'?"),
    )


def test_choice_without_a_close_value_lists_them_only() -> None:
    assert one("channel", "fax") == (None, at("channel", "must be one of email, phone, in_person, letter (got 'fax')"))


def test_choice_accepts_a_known_value() -> None:
    assert one("channel", "in_person") == ("in_person", [])


# ---------------------------------------------------------------- records


def test_an_unknown_field_gets_a_did_you_mean_at_its_key() -> None:
    value, problems = check("- id: a\n  name: A\n  chanel: email\n")
    assert value == ()
    assert problems == ["things.yaml:3:3: error: thing 'a': unknown field 'chanel'; did you mean 'channel'?"]


def test_an_unknown_field_with_nothing_close_lists_the_known_fields() -> None:
    _, problems = check("- id: a\n  name: A\n  colour: red\n")
    assert problems == [
        "things.yaml:3:3: error: thing 'a': unknown field 'colour'; "
        "known fields: id, name, vip, visits, spent, since, channel, tags"
    ]


def test_a_missing_required_field_is_reported_at_the_record() -> None:
    value, problems = check(
        """\
        - id: ann
          vip: true
        - {name: Bea}
        """
    )  # in flow style the record starts one column before its first key
    assert value == ()
    assert problems == [
        "things.yaml:1:3: error: thing 'ann': 'name' is missing; every thing needs one",
        "things.yaml:3:3: error: thing #2: 'id' is missing; every thing needs one",
    ]


def test_an_empty_required_field_is_reported_at_its_value() -> None:
    _, problems = check("- id: a\n  name:\n  vip: null\n")
    assert problems == ["things.yaml:2:8: error: thing 'a': 'name' must not be empty"]


def test_an_empty_optional_field_is_left_out() -> None:
    value, problems = check("- id: a\n  name: A\n  vip: ~\n  visits:\n  since: null\n")
    assert (value, problems) == (({"id": "a", "name": "A"},), [])


def test_a_quoted_empty_value_is_not_a_blank_field() -> None:
    assert one("spent", "''") == (
        None,
        at("spent", "must be an amount written like 1234.50, without currency signs or thousands separators (got '')"),
    )


def test_a_duplicate_key_is_reported_at_the_second_and_neither_value_is_used() -> None:
    """Which value was meant is unknown, so neither is checked further (no second message about
    it); an optional field is left out, a required one makes the record invalid."""
    value, problems = check("- id: a\n  name: First\n  name: Second\n  vip: true\n  vip: maybe\n")
    assert problems == [
        "things.yaml:3:3: error: thing 'a': duplicate key 'name' (first set on line 2); "
        "YAML would silently keep only the last value: remove or rename one",
        "things.yaml:5:3: error: thing 'a': duplicate key 'vip' (first set on line 4); "
        "YAML would silently keep only the last value: remove or rename one",
    ]
    assert value == ()
    value, problems = check("- id: a\n  name: A\n  vip: true\n  vip: maybe\n")
    assert value == ({"id": "a", "name": "A"},)


def test_every_problem_of_a_record_is_reported_and_good_records_are_kept() -> None:
    value, problems = check(
        """\
        - id: a
          name: A
          vip: yes
          visits: 11
        - id: b
          name: B
          visits: 2
        - id: c
          name: C
          tags: [x, {y: z}]
        """
    )
    # a bad entry of a list is reported and left out; the record itself is kept
    assert value == ({"id": "b", "name": "B", "visits": 2}, {"id": "c", "name": "C", "tags": ("x",)})
    assert problems == [
        "things.yaml:3:8: error: thing 'a': 'vip' must be true or false (got 'yes') "
        "(YAML 1.1 spellings such as yes/no/on/off are not accepted)",
        "things.yaml:4:11: error: thing 'a': 'visits' must be at most 10 (got 11)",
        "things.yaml:10:13: error: thing 'c': #2: must be text (got a mapping)",
    ]


def test_a_record_that_is_not_a_mapping_is_refused() -> None:
    value, problems = check("- just text\n")
    assert value == ()
    assert problems == ["things.yaml:1:3: error: thing #1: must be a mapping of thing fields (got 'just text')"]


def test_a_list_where_one_is_expected() -> None:
    value, problems = check("id: a\nname: A\n")
    assert value is FAILED
    assert problems == ["things.yaml:1:1: error: must be a list (got a mapping)"]


def test_with_line_passes_the_records_position_to_build() -> None:
    built = Record("thing", (Field("id", Slug(), required=True),), build=lambda **values: values, with_line=True)
    value, problems = check("- id: a\n-   id: b\n", ListOf(built))
    assert problems == []
    assert value == ({"id": "a", "line": 1, "column": 3}, {"id": "b", "line": 2, "column": 5})
