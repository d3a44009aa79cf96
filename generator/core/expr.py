"""The condition language of playbook rules: a tokenizer, a recursive-descent parser and a tree walker.

Conditions are written by sales trainers in `playbook/rules.yaml`, so they must be safe (nothing
is ever passed to `eval`), small enough to learn from one table, and checked before any plan is
made: a misspelt fact or a comparison of text with a number is a located `playbook check` error.

Grammar (lowest precedence first)::

    condition  := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := value [("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in") value]
    value      := NUMBER | STRING | "none" | "true" | "false" | NAME | list | "(" or_expr ")"
    list       := "[" [value ("," value)* [","]] "]"

Comparisons involving a missing value (`none`) are false, except the explicit tests
`fact == none` and `fact != none`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import get_close_matches
from typing import Any

#: the value types a fact or a sub-expression can have
NUMBER, TEXT, LIST, BOOL, NONE = "number", "text", "list", "true/false", "none"

_KEYWORDS = frozenset({"and", "or", "not", "in", "none", "true", "false"})
_OPERATORS = ("==", "!=", "<=", ">=", "<", ">", "(", ")", "[", "]", ",")
_ORDERING = frozenset({"<", "<=", ">", ">="})


class ExprError(Exception):
    """A condition that cannot be parsed or type-checked; `column` is a 0-based offset into it."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    """'number', 'string', 'name', 'keyword', 'op' or 'end'."""
    text: str
    column: int
    value: Any = None


def tokenize(source: str) -> list[Token]:
    """Split a condition into tokens; an unknown character or an unclosed quote is an error."""
    tokens: list[Token] = []
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        if char.isspace():
            i += 1
            continue
        if char in "\"'":
            end = source.find(char, i + 1)
            if end < 0:
                raise ExprError(f"the text starting here has no closing {char}", i)
            text = source[i : end + 1]
            tokens.append(Token("string", text, i, source[i + 1 : end]))
            i = end + 1
            continue
        if char.isdigit() or (char == "." and i + 1 < n and source[i + 1].isdigit()):
            start = i
            while i < n and (source[i].isdigit() or source[i] in "._"):
                i += 1
            text = source[start:i]
            digits = text.replace("_", "")
            if digits.count(".") > 1 or digits.endswith("."):
                raise ExprError(f"{text!r} is not a number", start)
            if i < n and (source[i].isalpha() or source[i] == "_"):
                raise ExprError(f"{source[start : i + 1]!r} is not a number or a name", start)
            tokens.append(Token("number", text, start, Decimal(digits)))
            continue
        if char.isalpha() or char == "_":
            start = i
            while i < n and (source[i].isalnum() or source[i] == "_"):
                i += 1
            word = source[start:i]
            tokens.append(Token("keyword" if word in _KEYWORDS else "name", word, start))
            continue
        for op in _OPERATORS:
            if source.startswith(op, i):
                tokens.append(Token("op", op, i))
                i += len(op)
                break
        else:
            hint = {
                "=": "; compare with ==",
                "&": "; write and",
                "|": "; write or",
                "!": "; write not, or != to compare",
            }.get(char, "")
            raise ExprError(f"unexpected character {char!r}{hint}", i)
    tokens.append(Token("end", "", n))
    return tokens


# --- the tree --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Literal:
    value: Any
    column: int


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    column: int


@dataclass(frozen=True, slots=True)
class ListExpr:
    items: tuple[Expr, ...]
    column: int


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr
    column: int


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: str
    """'and' or 'or'."""
    operands: tuple[Expr, ...]
    column: int


@dataclass(frozen=True, slots=True)
class Compare:
    op: str
    """One of == != < <= > >= in, or 'not in'."""
    left: Expr
    right: Expr
    column: int
    """Where the operator was written, for type errors."""


Expr = Literal | Name | ListExpr | Not | BoolOp | Compare


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.pos = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def at(self, kind: str, text: str | None = None) -> bool:
        token = self.token
        return token.kind == kind and (text is None or token.text == text)

    def expect_op(self, text: str, opened: Token) -> None:
        if not self.at("op", text):
            raise ExprError(
                f"expected {text!r} to close the {opened.text!r} at character {opened.column + 1}, "
                f"found {_describe(self.token)}",
                self.token.column,
            )
        self.advance()

    def parse(self) -> Expr:
        if self.at("end"):
            raise ExprError('the condition is empty; write one such as stage == "customer"', 0)
        expr = self.or_expr()
        if not self.at("end"):
            token = self.token
            hint = (
                "; join conditions with and / or"
                if token.kind in ("name", "string", "number")
                else ""
            )
            raise ExprError(f"unexpected {_describe(token)}{hint}", token.column)
        return expr

    def or_expr(self) -> Expr:
        first = self.token
        operands = [self.and_expr()]
        while self.at("keyword", "or"):
            self.advance()
            operands.append(self.and_expr())
        return operands[0] if len(operands) == 1 else BoolOp("or", tuple(operands), first.column)

    def and_expr(self) -> Expr:
        first = self.token
        operands = [self.not_expr()]
        while self.at("keyword", "and"):
            self.advance()
            operands.append(self.not_expr())
        return operands[0] if len(operands) == 1 else BoolOp("and", tuple(operands), first.column)

    def not_expr(self) -> Expr:
        if self.at("keyword", "not"):
            token = self.advance()
            return Not(self.not_expr(), token.column)
        return self.comparison()

    def comparison(self) -> Expr:
        left = self.value()
        token = self.token
        if token.kind == "op" and token.text in ("==", "!=", "<", "<=", ">", ">="):
            self.advance()
            return Compare(token.text, left, self.value(), token.column)
        if self.at("keyword", "in"):
            self.advance()
            return Compare("in", left, self.value(), token.column)
        if self.at("keyword", "not") and self.tokens[self.pos + 1].text == "in":
            self.advance()
            self.advance()
            return Compare("not in", left, self.value(), token.column)
        return left

    def value(self) -> Expr:
        token = self.token
        if token.kind in ("number", "string"):
            self.advance()
            return Literal(token.value, token.column)
        if token.kind == "keyword" and token.text in ("none", "true", "false"):
            self.advance()
            return Literal({"none": None, "true": True, "false": False}[token.text], token.column)
        if token.kind == "name":
            self.advance()
            return Name(token.text, token.column)
        if self.at("op", "("):
            self.advance()
            inner = self.or_expr()
            self.expect_op(")", token)
            return inner
        if self.at("op", "["):
            self.advance()
            items: list[Expr] = []
            while not self.at("op", "]"):
                items.append(self.value())
                if not self.at("op", ","):
                    break
                self.advance()
            self.expect_op("]", token)
            return ListExpr(tuple(items), token.column)
        if token.kind == "end":
            raise ExprError("the condition ends too early: a value is missing here", token.column)
        raise ExprError(f"expected a value, found {_describe(token)}", token.column)


def _describe(token: Token) -> str:
    if token.kind == "end":
        return "the end of the condition"
    return f"{token.text!r}"


def parse(source: str) -> Expr:
    """Parse a condition into its tree, or raise ExprError pointing at the offending character."""
    return _Parser(source).parse()


# --- checking types --------------------------------------------------------------------------


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
            close = get_close_matches(expr.name, list(types), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else "; see the table of facts"
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


def _literal_type(value: Any) -> str:
    if value is None:
        return NONE
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, Decimal):
        return NUMBER
    return TEXT


# --- evaluating --------------------------------------------------------------------------------


Lookup = Callable[[str], Any]
Evaluator = Callable[[Lookup], Any]

_ORDER_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "in": lambda a, b: a in b,
    "not in": lambda a, b: a not in b,
}


def evaluate(expr: Expr, lookup: Lookup) -> Any:
    """Walk the tree; `lookup` returns a fact's value (None when the fact is missing)."""
    return walker(expr)(lookup)


def walker(expr: Expr) -> Evaluator:
    """Turn the tree into nested functions once, so each evaluation is a few plain calls.

    This is still a walk of the parsed tree: each node becomes a small closure over its
    children. Nothing is generated as source text and nothing is passed to eval.
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
    if isinstance(expr.right, Literal) and expr.right.value is not None:
        return _compare_constant(left, op, expr.right.value)
    if op in ("==", "!="):
        equal = op == "=="
        if (isinstance(expr.left, Literal) and expr.left.value is None) or (
            isinstance(expr.right, Literal) and expr.right.value is None
        ):  # the explicit `fact == none` test
            return lambda lookup: (left(lookup) is None and right(lookup) is None) == equal

        def compare_equal(lookup: Lookup) -> bool:
            a, b = left(lookup), right(lookup)
            if a is None or b is None:
                return False
            return (a == b) == equal

        return compare_equal
    test = _ORDER_TESTS[op]

    def compare(lookup: Lookup) -> bool:
        a, b = left(lookup), right(lookup)
        if a is None or b is None:
            return False
        return test(a, b)

    return compare


def _compare_constant(left: Evaluator, op: str, value: Any) -> Evaluator:
    """A comparison with a written value, the usual case (`stage == "customer"`): one call fewer."""
    if op in ("==", "!="):
        equal = op == "=="

        def equals_constant(lookup: Lookup) -> bool:
            found = left(lookup)
            return found is not None and (found == value) == equal

        return equals_constant
    test = _ORDER_TESTS[op]

    def compare_constant(lookup: Lookup) -> bool:
        found = left(lookup)
        return found is not None and test(found, value)

    return compare_constant


def names(expr: Expr) -> set[str]:
    """Every fact name the condition reads (for documentation and tests)."""
    if isinstance(expr, Name):
        return {expr.name}
    if isinstance(expr, ListExpr):
        return set().union(*(names(i) for i in expr.items)) if expr.items else set()
    if isinstance(expr, Not):
        return names(expr.operand)
    if isinstance(expr, BoolOp):
        return set().union(*(names(o) for o in expr.operands))
    if isinstance(expr, Compare):
        return names(expr.left) | names(expr.right)
    return set()


def conjuncts(expr: Expr) -> tuple[Expr, ...]:
    """The parts joined by a top-level `and` (nested ones too); the whole condition otherwise."""
    if isinstance(expr, BoolOp) and expr.op == "and":
        return tuple(part for operand in expr.operands for part in conjuncts(operand))
    return (expr,)


@dataclass(frozen=True)
class Condition:
    """A parsed and checked condition, with the text the trainer wrote."""

    source: str
    tree: Expr
    run: Evaluator = field(compare=False, repr=False)

    def matches(self, lookup: Lookup) -> bool:
        return bool(self.run(lookup))


ALWAYS = Condition("true", Literal(True, 0), lambda lookup: True)


def compile_condition(source: str, types: Mapping[str, str]) -> Condition:
    """Parse and type-check a condition; raise ExprError with a column on any mistake."""
    tree = parse(source)
    check(tree, types)
    return Condition(source, tree, walker(tree))
