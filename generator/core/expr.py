"""The condition language of playbook rules: its tokenizer, its syntax tree and its parser.

Conditions are written by sales trainers in `playbook/rules.yaml`, so they must be safe (nothing
is ever passed to `eval`), small enough to learn from one table, and checked before any plan is
made: a misspelt fact or a comparison of text with a number is a located `playbook check` error
(`core.expr_check`). `core.expr_eval` turns a tree into the functions the engine calls.

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

from dataclasses import dataclass
from decimal import Decimal

Scalar = Decimal | str | bool | None
"""What a condition can write down: a number, a text, true/false or none."""

_KEYWORDS = frozenset({"and", "or", "not", "in", "none", "true", "false"})
_OPERATORS = ("==", "!=", "<=", ">=", "<", ">", "(", ")", "[", "]", ",")
_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})
_WORD_VALUES: dict[str, Scalar] = {"none": None, "true": True, "false": False}
_HINTS = {
    "=": "; compare with ==",
    "&": "; write and",
    "|": "; write or",
    "!": "; write not, or != to compare",
}
"""What a trainer used to another language probably meant by a character the language lacks."""


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
    value: Decimal | str | None = None
    """The number or the text a 'number' or 'string' token stands for."""


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
            tokens.append(Token("string", source[i : end + 1], i, source[i + 1 : end]))
            i = end + 1
        elif char.isdigit() or (char == "." and i + 1 < n and source[i + 1].isdigit()):
            tokens.append(_number(source, i))
            i += len(tokens[-1].text)
        elif char.isalpha() or char == "_":
            start = i
            while i < n and (source[i].isalnum() or source[i] == "_"):
                i += 1
            word = source[start:i]
            tokens.append(Token("keyword" if word in _KEYWORDS else "name", word, start))
        else:
            op = next((op for op in _OPERATORS if source.startswith(op, i)), None)
            if op is None:
                raise ExprError(f"unexpected character {char!r}{_HINTS.get(char, '')}", i)
            tokens.append(Token("op", op, i))
            i += len(op)
    tokens.append(Token("end", "", n))
    return tokens


def _number(source: str, start: int) -> Token:
    """The number token starting at `start`: digits, `.` and `_` separators, read exactly."""
    i, n = start, len(source)
    while i < n and (source[i].isdigit() or source[i] in "._"):
        i += 1
    text = source[start:i]
    digits = text.replace("_", "")
    if digits.count(".") > 1 or digits.endswith("."):
        raise ExprError(f"{text!r} is not a number", start)
    if i < n and (source[i].isalpha() or source[i] == "_"):
        raise ExprError(f"{source[start : i + 1]!r} is not a number or a name", start)
    return Token("number", text, start, Decimal(digits))


# --- the tree --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Literal:
    value: Scalar
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


# --- parsing ---------------------------------------------------------------------------------


def parse(source: str) -> Expr:
    """Parse a condition into its tree, or raise ExprError pointing at the offending character."""
    return _Parser(source).parse()


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
        if token.kind == "op" and token.text in _COMPARISONS:
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
        if token.kind == "keyword" and token.text in _WORD_VALUES:
            self.advance()
            return Literal(_WORD_VALUES[token.text], token.column)
        if token.kind == "name":
            self.advance()
            return Name(token.text, token.column)
        if self.at("op", "("):
            self.advance()
            inner = self.or_expr()
            self.expect_op(")", token)
            return inner
        if self.at("op", "["):
            return self.list_value()
        if token.kind == "end":
            raise ExprError("the condition ends too early: a value is missing here", token.column)
        raise ExprError(f"expected a value, found {_describe(token)}", token.column)

    def list_value(self) -> ListExpr:
        opened = self.advance()
        items: list[Expr] = []
        while not self.at("op", "]"):
            items.append(self.value())
            if not self.at("op", ","):
                break
            self.advance()
        self.expect_op("]", opened)
        return ListExpr(tuple(items), opened.column)


def _describe(token: Token) -> str:
    if token.kind == "end":
        return "the end of the condition"
    return f"{token.text!r}"
