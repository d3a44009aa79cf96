"""Checking a parsed condition against the declared fact types, and the checked `Condition`.

A misspelt fact or a comparison of text with a number must surface at `playbook check`, with
the column it was written at, never as a wrong plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from generator.core.expr import (
    BoolOp,
    Compare,
    Expr,
    ExprError,
    ListExpr,
    Literal,
    Name,
    Not,
    Scalar,
    parse,
)
from generator.core.suggest import did_you_mean

#: the value types a fact or a sub-expression can have
NUMBER, TEXT, LIST, BOOL, NONE = "number", "text", "list", "true/false", "none"

_ORDERING = frozenset({"<", "<=", ">", ">="})


@dataclass(frozen=True, slots=True)
class Condition:
    """A parsed and checked condition, with the text the trainer wrote."""

    source: str
    tree: Expr


ALWAYS = Condition("true", Literal(True, 0))


def compile_condition(source: str, types: Mapping[str, str]) -> Condition:
    """Parse and type-check a condition; raise ExprError with a column on any mistake."""
    tree = parse(source)
    check(tree, types)
    return Condition(source, tree)


def check(expr: Expr, types: Mapping[str, str]) -> None:
    """Check names and types against the declared fact types, so mistakes surface at check time.

    The whole condition must be true/false: `lifetime_value` alone is refused, because a trainer
    who writes it means a comparison.
    """
    kind = _type_of(expr, types)
    if kind != BOOL:
        raise ExprError(
            f"the condition is {_article(kind)}, not true/false; compare it, for example "
            f"{_example(expr, kind)}",
            expr.column,
        )


def _example(expr: Expr, kind: str) -> str:
    """A comparison the trainer probably meant, for the hint of a type error."""
    if isinstance(expr, Name):
        if kind == NUMBER:
            return f"{expr.name} > 0"
        if kind == TEXT:
            return f'{expr.name} == "..."'
        if kind == LIST:
            return f'"..." in {expr.name}'
    return 'stage == "customer"'


def _article(kind: str) -> str:
    return {NUMBER: "a number", TEXT: "text", LIST: "a list", NONE: "none"}.get(kind, kind)


def _type_of(expr: Expr, types: Mapping[str, str]) -> str:
    if isinstance(expr, Literal):
        return _literal_type(expr.value)
    if isinstance(expr, Name):
        kind = types.get(expr.name)
        if kind is None:
            hint = did_you_mean(expr.name, types, otherwise="; see the table of facts")
            raise ExprError(f"unknown fact {expr.name!r}{hint}", expr.column)
        return kind
    if isinstance(expr, ListExpr):
        for item in expr.items:
            item_type = _type_of(item, types)
            if item_type not in (TEXT, NUMBER):
                raise ExprError(
                    f"a list holds text or numbers, not {_article(item_type)}", item.column
                )
        return LIST
    if isinstance(expr, Not):
        _require_bool(expr.operand, types, "not")
        return BOOL
    if isinstance(expr, BoolOp):
        for operand in expr.operands:
            _require_bool(operand, types, expr.op)
        return BOOL
    return _comparison_type(expr, types)


def _comparison_type(expr: Compare, types: Mapping[str, str]) -> str:
    """A comparison is true/false when its sides fit its operator; otherwise say why not."""
    left, right = _type_of(expr.left, types), _type_of(expr.right, types)
    op = expr.op
    if op in ("in", "not in"):
        if right != LIST:
            raise ExprError(
                f'{op!r} needs a list on its right, such as interests or ["a", "b"] '
                f"(got {_article(right)})",
                expr.column,
            )
        if left not in (TEXT, NUMBER):
            raise ExprError(
                f"{op!r} looks for text or a number in a list (got {_article(left)})", expr.column
            )
        _check_list_items(expr.right, left, types, op)
        return BOOL
    if op in _ORDERING:
        for side, kind in ((expr.left, left), (expr.right, right)):
            if kind != NUMBER:
                raise ExprError(f"{op!r} compares numbers (got {_article(kind)})", side.column)
        return BOOL
    if NONE not in (left, right) and left != right:
        raise ExprError(
            f"cannot compare {_article(left)} with {_article(right)} using {op!r}", expr.column
        )
    return BOOL


def _check_list_items(container: Expr, item_type: str, types: Mapping[str, str], op: str) -> None:
    """A literal list must hold the kind of value looked for (text facts hold text, ...)."""
    if isinstance(container, ListExpr):
        for item in container.items:
            kind = _type_of(item, types)
            if kind != item_type:
                raise ExprError(
                    f"this list holds {_article(kind)} but {op!r} looks for {_article(item_type)}",
                    item.column,
                )
    elif item_type != TEXT:  # list facts (interests) hold text
        raise ExprError(
            f"{op!r}: this list holds text, not {_article(item_type)}", container.column
        )


def _require_bool(expr: Expr, types: Mapping[str, str], op: str) -> None:
    kind = _type_of(expr, types)
    if kind != BOOL:
        raise ExprError(
            f"{op!r} combines true/false conditions, but this is {_article(kind)}; "
            f"compare it, for example {_example(expr, kind)}",
            expr.column,
        )


def _literal_type(value: Scalar) -> str:
    if value is None:
        return NONE
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, Decimal):
        return NUMBER
    return TEXT
