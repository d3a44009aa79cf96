"""A rule's condition in a trainer's words: `stage != "lost"` reads "unless they are a lost customer".

The lesson pages explain who a rule is for without showing the condition language. Each
comparison of a fact with a value has its own wording; anything without one (a comparison of
two facts, an unusual shape) is shown as written, in code, so nothing is ever misstated.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from generator.core.expr import BoolOp, Compare, Expr, ListExpr, Literal, Name, Not, Scalar
from generator.core.expr_check import Condition
from generator.core.money import format_money
from generator.core.rule import join_and

_STAGE_NOUNS = {"customer": "a customer", "prospect": "a prospect", "lost": "a lost customer"}
_TRUE_FACTS: dict[str, tuple[str, str]] = {
    "lapsed": ("they have lapsed (no purchase for a long while)", "they have not lapsed"),
    "quiet": ("they have gone quiet", "they have not gone quiet"),
    "has_interests": ("we know some of their interests", "we know none of their interests"),
    "has_birthday": ("we know their birthday", "we do not know their birthday"),
    "has_email": ("we have their e-mail address", "we have no e-mail address for them"),
    "has_phone": ("we have their phone number", "we have no phone number for them"),
    "has_address": ("we have their postal address", "we have no postal address for them"),
    "handed_over": ("they came to their consultant in a handover", "they did not come in a handover"),
}
"""Each yes/no fact, said when true and when false."""
_NUMBER_FACTS: dict[str, str] = {
    "days_since_contact": "it has been {} days since the last contact",
    "days_since_reached": "it has been {} days since we last reached them",
    "days_since_purchase": "it has been {} days since their last purchase",
    "days_since_first_purchase": "it has been {} days since their first purchase",
    "days_since_review": "it has been {} days since their last review",
    "days_since_customer": "they have been a customer for {} days",
    "days_until_birthday": "their birthday is {} days away",
    "lifetime_value": "they have spent {} in all",
    "yearly_value": "they spend {} a year",
    "expected_value": "their expected value is {}",
    "value_tier": "their value tier is {}",
    "purchases_count": "they have made {} purchases",
    "contacts_count": "{} contacts are logged",
    "reviews_count": "they have had {} reviews",
    "attempts_since_reached": "we have tried {} times since we last reached them",
    "last_rating": "their last rating was {}",
}
"""Each number fact, with a place for the amount ("at least 2000", "more than 90")."""
_AMOUNTS = {">=": "at least {}", ">": "more than {}", "<=": "at most {}", "<": "less than {}", "==": "exactly {}", "!=": "other than {}"}
_MONEY_FACTS = frozenset({"lifetime_value", "yearly_value", "expected_value"})
_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}


def condition_words(condition: Condition, currency: str) -> tuple[str, str]:
    """(how it starts, the words): ("for", "every customer"), ("unless", "they are a lost
    customer") or ("when", "they are a customer and we have their postal address")."""
    tree = condition.tree
    if isinstance(tree, Literal) and tree.value is True:
        return "for", "every customer"
    negative = _negated(tree)
    if negative is not None:
        return "unless", _words(negative, currency)
    return "when", _words(tree, currency)


def _negated(expr: Expr) -> Expr | None:
    """The positive form of a single negative test (`not lapsed`, `stage != "lost"`), else None."""
    if isinstance(expr, Not):
        return expr.operand
    if isinstance(expr, Compare) and expr.op in ("!=", "not in") and not _none(expr.right):
        return Compare("==" if expr.op == "!=" else "in", expr.left, expr.right, expr.column)
    return None


def _words(expr: Expr, currency: str) -> str:
    if isinstance(expr, BoolOp):
        parts = [_words(part, currency) for part in expr.operands]
        if expr.op == "and":
            return join_and(parts)
        return "either " + ", ".join(parts[:-1]) + " or " + parts[-1]
    if isinstance(expr, Name) and expr.name in _TRUE_FACTS:
        return _TRUE_FACTS[expr.name][0]
    if isinstance(expr, Not) and isinstance(expr.operand, Name) and expr.operand.name in _TRUE_FACTS:
        return _TRUE_FACTS[expr.operand.name][1]
    if isinstance(expr, Not):
        return f"it is not so that {_words(expr.operand, currency)}"
    if isinstance(expr, Compare):
        said = _compare(expr, currency)
        if said is not None:
            return said
    return f"`{_source(expr)}`"


def _compare(expr: Compare, currency: str) -> str | None:
    left, right, op = expr.left, expr.right, expr.op
    if isinstance(left, Literal) and isinstance(right, Name) and op in _FLIP:
        left, right, op = right, left, _FLIP[op]  # `2000 <= lifetime_value` reads the other way round
    if op in ("in", "not in") and isinstance(right, Name) and right.name == "interests" and isinstance(left, Literal):
        return f"they are {'not ' if op == 'not in' else ''}interested in {left.value}"
    if not isinstance(left, Name):
        return None
    fact = left.name
    if _none(right) and op in ("==", "!="):
        return f"we {'do not ' if op == '==' else ''}know their {fact.replace('_', ' ')}"
    if isinstance(right, Literal) and isinstance(right.value, bool) and fact in _TRUE_FACTS and op in ("==", "!="):
        return _TRUE_FACTS[fact][0 if right.value == (op == "==") else 1]
    if fact == "stage" and isinstance(right, Literal) and op in ("==", "!="):
        noun = _STAGE_NOUNS.get(str(right.value), f'at the stage "{right.value}"')
        return f"they are {'not ' if op == '!=' else ''}{noun}"
    if fact in _NUMBER_FACTS and isinstance(right, Literal) and isinstance(right.value, Decimal) and op in _AMOUNTS:
        amount = _money(right.value, currency) if fact in _MONEY_FACTS else _number(right.value)
        return _NUMBER_FACTS[fact].format(_AMOUNTS[op].format(amount))
    if isinstance(right, Literal) and isinstance(right.value, str) and op in ("==", "!="):
        return f'their {fact.replace("_", " ")} is {"not " if op == "!=" else ""}"{right.value}"'
    if isinstance(right, ListExpr) and op in ("in", "not in") and all(isinstance(i, Literal) for i in right.items):
        values = [f'"{i.value}"' for i in right.items if isinstance(i, Literal)]
        said = values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]
        return f"their {fact.replace('_', ' ')} is {'not ' if op == 'not in' else ''}{said}"
    return None


def _none(expr: Expr) -> bool:
    return isinstance(expr, Literal) and expr.value is None


def _money(value: Decimal, currency: str) -> str:
    """The amount with the currency; a number too long for money is written as it is."""
    try:
        return format_money(value, currency)
    except InvalidOperation:
        return _number(value)


def _number(value: Decimal) -> str:
    """The number as written, without exponent or trailing zeros: 1_000 reads 1000."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _source(expr: Expr) -> str:
    """The expression written back in the condition language."""
    if isinstance(expr, Literal):
        return _literal(expr.value)
    if isinstance(expr, Name):
        return expr.name
    if isinstance(expr, ListExpr):
        return "[" + ", ".join(_source(i) for i in expr.items) + "]"
    if isinstance(expr, Not):
        return f"not {_source(expr.operand)}"
    if isinstance(expr, BoolOp):
        return f" {expr.op} ".join(f"({_source(o)})" if isinstance(o, BoolOp) else _source(o) for o in expr.operands)
    return f"{_source(expr.left)} {expr.op} {_source(expr.right)}"


def _literal(value: Scalar) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return _number(value)
    return f'"{value}"'
