"""The condition language: parsing, type checks with columns, and evaluation by walking the tree."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.core.expr import ExprError, conjuncts, names, parse, tokenize
from generator.core.expr_check import ALWAYS, compile_condition
from generator.core.expr_eval import Value, walker
from generator.core.fact_catalogue import FACT_TYPES

FACTS: dict[str, Value] = {
    "stage": "customer",
    "days_since_contact": 143,
    "days_since_purchase": None,
    "lifetime_value": Decimal("4210.00"),
    "purchases_count": 3,
    "interests": ("golf", "sailing"),
    "preferred_channel": None,
    "region": "north",
    "has_email": True,
    "has_phone": False,
}


def holds(source: str, facts: dict[str, Value] | None = None) -> Value:
    """The value of a checked condition, as the engine computes it."""
    values = FACTS if facts is None else facts
    return walker(compile_condition(source, FACT_TYPES).tree)(values.__getitem__)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('stage == "customer"', True),
        ("stage == 'customer'", True),
        ('stage != "customer"', False),
        ("days_since_contact > 90", True),
        ("days_since_contact >= 143", True),
        ("days_since_contact < 143", False),
        ("days_since_contact <= 143", True),
        ("lifetime_value >= 4210", True),
        ("lifetime_value > 4210.001", False),
        ("lifetime_value >= 1_000", True),
        ('"golf" in interests', True),
        ('"chess" in interests', False),
        ('"chess" not in interests', True),
        ('stage in ["customer", "lost"]', True),
        ('stage not in ["customer", "lost"]', False),
        ("purchases_count in [1, 2, 3]", True),
        ('region in ["south",]', False),
        ("has_email", True),
        ("has_phone", False),
        ("not has_phone", True),
        ("not not has_email", True),
        ("has_email == true", True),
        ("has_phone == false", True),
        ('stage == "customer" and days_since_contact > 90', True),
        ('stage == "lost" or days_since_contact > 90', True),
        ('stage == "lost" or days_since_contact > 900', False),
        # and binds tighter than or
        ('stage == "lost" and has_phone or has_email', True),
        ('stage == "lost" and (has_phone or has_email)', False),
        ("not has_phone and has_email", True),
        ("true", True),
        ("false", False),
    ],
)
def test_conditions_evaluate(source: str, expected: bool) -> None:
    assert holds(source) is expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # every comparison with a missing value is false ...
        ("days_since_purchase > 30", False),
        ("days_since_purchase <= 30", False),
        ('preferred_channel == "email"', False),
        ('preferred_channel != "email"', False),
        ('preferred_channel in ["email", "phone"]', False),
        ('preferred_channel not in ["email", "phone"]', False),
        # ... except the explicit tests for a missing value
        ("preferred_channel == none", True),
        ("preferred_channel != none", False),
        ("none == preferred_channel", True),
        ("region == none", False),
        ("region != none", True),
        ('not (preferred_channel == "email")', True),
    ],
)
def test_comparisons_with_none_are_false_except_explicit_tests(source: str, expected: bool) -> None:
    assert holds(source) is expected


@pytest.mark.parametrize(
    ("source", "column", "message"),
    [
        ("", 0, 'the condition is empty; write one such as stage == "customer"'),
        ("stage ==", 8, "the condition ends too early: a value is missing here"),
        ('stage = "customer"', 6, "unexpected character '='; compare with =="),
        ('stage == "customer', 9, 'the text starting here has no closing "'),
        ("has_email && has_phone", 10, "unexpected character '&'; write and"),
        (
            "(has_email or has_phone",
            23,
            "expected ')' to close the '(' at character 1, found the end of the condition",
        ),
        (
            'stage in ["a", "b"',
            18,
            "expected ']' to close the '[' at character 10, found the end of the condition",
        ),
        ('stage "customer"', 6, "unexpected '\"customer\"'; join conditions with and / or"),
        ("days_since_contact > 30 days", 24, "unexpected 'days'; join conditions with and / or"),
        ("lifetime_value > 1.2.3", 17, "'1.2.3' is not a number"),
        ("lifetime_value > 30d", 17, "'30d' is not a number or a name"),
        ("and has_email", 0, "expected a value, found 'and'"),
    ],
)
def test_syntax_errors_point_at_the_character(source: str, column: int, message: str) -> None:
    with pytest.raises(ExprError) as caught:
        parse(source)
    assert (caught.value.column, caught.value.message) == (column, message)


@pytest.mark.parametrize(
    ("source", "column", "message"),
    [
        ('stge == "customer"', 0, "unknown fact 'stge'; did you mean 'stage'?"),
        (
            "days_since_contct > 3",
            0,
            "unknown fact 'days_since_contct'; did you mean 'days_since_contact'?",
        ),
        ("has_email and zzz", 14, "unknown fact 'zzz'; see the table of facts"),
        ('stage > "a"', 0, "'>' compares numbers (got text)"),
        ('lifetime_value == "high"', 15, "cannot compare a number with text using '=='"),
        ("stage == 3", 6, "cannot compare text with a number using '=='"),
        (
            "lifetime_value",
            0,
            "the condition is a number, not true/false; compare it, for example lifetime_value > 0",
        ),
        (
            "has_email and stage",
            14,
            "'and' combines true/false conditions, but this is text; compare it, for example stage == \"...\"",
        ),
        (
            "not interests",
            4,
            "'not' combines true/false conditions, but this is a list; compare it, for example \"...\" in interests",
        ),
        (
            '"golf" in stage',
            7,
            '\'in\' needs a list on its right, such as interests or ["a", "b"] (got text)',
        ),
        ("3 in interests", 5, "'in': this list holds text, not a number"),
        ('stage in ["customer", 3]', 22, "this list holds a number but 'in' looks for text"),
        ("has_email in [true]", 14, "a list holds text or numbers, not true/false"),
    ],
)
def test_type_errors_are_caught_before_any_plan(source: str, column: int, message: str) -> None:
    with pytest.raises(ExprError) as caught:
        compile_condition(source, FACT_TYPES)
    assert (caught.value.column, caught.value.message) == (column, message)


def test_a_rule_without_a_condition_always_holds() -> None:
    assert compile_condition("true", FACT_TYPES) == ALWAYS
    assert walker(ALWAYS.tree)(FACTS.__getitem__) is True


def test_code_is_never_run() -> None:
    """Whatever a file says, the language has no calls, attributes or subscripts to abuse."""
    for source in ('__import__("os").system("true")', "stage.upper()", "interests[0]"):
        with pytest.raises(ExprError):
            compile_condition(source, FACT_TYPES)


def test_tokens_keep_their_columns() -> None:
    tokens = tokenize('stage in ["a", "b"] and not x')
    assert [(t.kind, t.text, t.column) for t in tokens] == [
        ("name", "stage", 0),
        ("keyword", "in", 6),
        ("op", "[", 9),
        ("string", '"a"', 10),
        ("op", ",", 13),
        ("string", '"b"', 15),
        ("op", "]", 18),
        ("keyword", "and", 20),
        ("keyword", "not", 24),
        ("name", "x", 28),
        ("end", "", 29),
    ]


def test_numbers_are_exact_decimals() -> None:
    assert holds("lifetime_value == 4210.00")
    assert holds("lifetime_value > 4209.99")
    assert tokenize("0.1")[0].value == Decimal("0.1")


def test_names_lists_every_fact_read() -> None:
    tree = parse('stage == "customer" and ("golf" in interests or not has_email)')
    assert names(tree) == {"stage", "interests", "has_email"}


def test_conjuncts_are_the_parts_of_a_top_level_and() -> None:
    tree = parse(
        'stage == "customer" and (has_email and not has_phone) and (region == "x" or true)'
    )
    assert [type(part).__name__ for part in conjuncts(tree)] == ["Compare", "Name", "Not", "BoolOp"]
    assert conjuncts(parse("has_email or has_phone")) == (parse("has_email or has_phone"),)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("lifetime_value > 4210", False),
        ("4210 < lifetime_value", False),
        ("4210 <= lifetime_value", True),
        ('"customer" == stage', True),
        ('"customer" != stage', False),
        ("purchases_count != 3", False),
        ("days_since_purchase != 3", False),
        ("3 != days_since_purchase", False),
    ],
)
def test_a_written_value_compares_the_same_on_either_side(source: str, expected: bool) -> None:
    assert holds(source) is expected
