"""Evaluating a checked condition: each node of the tree becomes a small function, made once.

The engine tests tens of thousands of conditions per plan, so the tree is not walked again for
each customer and day. Nothing is generated as source text and nothing is passed to `eval`.
Comparisons involving a missing value are false, except the explicit `fact == none` tests.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal
from typing import TypeAlias

from generator.core.expr import BoolOp, Compare, Expr, ListExpr, Literal, Name, Not

Value: TypeAlias = "str | int | Decimal | bool | tuple[Value, ...] | None"
"""What a fact or a part of a condition evaluates to."""
Number = int | Decimal
Lookup = Callable[[str], Value]
"""Returns a fact's value by name; None when the fact is missing."""
Evaluator = Callable[[Lookup], Value]

_ORDER_TESTS: dict[str, Callable[[Number, Number], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def walker(expr: Expr) -> Evaluator:
    """Turn the tree into nested functions once, so each evaluation is a few plain calls.

    This is still a walk of the parsed tree: each node becomes a small closure over its
    children.
    """
    if isinstance(expr, Literal):
        value = expr.value
        return lambda lookup: value
    if isinstance(expr, Name):
        name = expr.name
        return lambda lookup: lookup(name)
    if isinstance(expr, ListExpr):
        items = tuple(walker(item) for item in expr.items)
        return lambda lookup: tuple(item(lookup) for item in items)
    if isinstance(expr, Not):
        operand = walker(expr.operand)
        return lambda lookup: not operand(lookup)
    if isinstance(expr, BoolOp):
        operands = tuple(walker(operand) for operand in expr.operands)
        if expr.op == "and":
            return lambda lookup: all(operand(lookup) for operand in operands)
        return lambda lookup: any(operand(lookup) for operand in operands)
    return _compare(expr)


def _compare(expr: Compare) -> Evaluator:
    left, right, op = walker(expr.left), walker(expr.right), expr.op
    constant = expr.right.value if isinstance(expr.right, Literal) else None
    if op in ("==", "!="):
        if constant is not None:
            return _equals_constant(left, constant, op == "==")
        if _is_none(expr.left) or _is_none(expr.right):  # the explicit `fact == none` test
            return _is_missing(left, right, op == "==")
        return _equals(left, right, op == "==")
    if op in ("in", "not in"):
        return _contains(left, right, op == "in")
    if isinstance(constant, Decimal):
        return _order_constant(left, _ORDER_TESTS[op], constant)
    return _order(left, right, _ORDER_TESTS[op])


def _is_none(expr: Expr) -> bool:
    return isinstance(expr, Literal) and expr.value is None


def _is_missing(left: Evaluator, right: Evaluator, equal: bool) -> Evaluator:
    return lambda lookup: (left(lookup) is None and right(lookup) is None) == equal


def _equals(left: Evaluator, right: Evaluator, equal: bool) -> Evaluator:
    def compare_equal(lookup: Lookup) -> bool:
        a, b = left(lookup), right(lookup)
        if a is None or b is None:
            return False
        return (a == b) == equal

    return compare_equal


def _equals_constant(left: Evaluator, value: Value, equal: bool) -> Evaluator:
    """A comparison with a written value, the usual case (`stage == "customer"`): one call fewer."""

    def equals_constant(lookup: Lookup) -> bool:
        found = left(lookup)
        return found is not None and (found == value) == equal

    return equals_constant


def _contains(left: Evaluator, right: Evaluator, inside: bool) -> Evaluator:
    """`in` and `not in`: the type check puts a list on the right."""

    def contains(lookup: Lookup) -> bool:
        a, b = left(lookup), right(lookup)
        if a is None or not isinstance(b, tuple):
            return False
        return (a in b) == inside

    return contains


def _order(left: Evaluator, right: Evaluator, test: Callable[[Number, Number], bool]) -> Evaluator:
    """`<`, `<=`, `>` and `>=` between two facts: the type check allows numbers only."""

    def compare(lookup: Lookup) -> bool:
        a, b = left(lookup), right(lookup)
        if not isinstance(a, (int, Decimal)) or not isinstance(b, (int, Decimal)):
            return False
        return test(a, b)

    return compare


def _order_constant(left: Evaluator, test: Callable[[Number, Number], bool], value: Decimal) -> Evaluator:
    """`days_since_contact > 90`, the most frequent test of all."""

    def compare_constant(lookup: Lookup) -> bool:
        found = left(lookup)
        return isinstance(found, (int, Decimal)) and test(found, value)

    return compare_constant
