"""Stage 1, reading: YAML syntax errors in the user's words, located where the mistake starts.

PyYAML and libyaml report where the parser gave up, in the parser's terms ("mapping values are not
allowed in this context"). `explain` turns each of their messages (both wordings) into what went
wrong and what to do, and moves the location back to the cause when the cause is known: the
opening quote of a quote never closed, the `[` of a list never closed, the tab itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import yaml

Found = tuple[int, int, str]
"""A 1-based line and column, and the message."""

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_NAMES = {0: "NUL", 7: "BEL", 8: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "escape", 0x7F: "DEL"}


def control_characters(text: str) -> Iterator[Found]:
    """Every character YAML does not allow in a file (NUL, escape...), at its own line and column."""
    for match in CONTROL.finditer(text):
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        code = ord(match[0])
        name = _NAMES.get(code, "a control character")
        yield line, column, (
            f"an invisible control character (U+{code:04X}, {name}) that a YAML file cannot hold; "
            "delete it (it often comes from copying out of another program)"
        )


def explain(exc: yaml.MarkedYAMLError, text: str) -> Found:
    """The cause of a syntax error, where it starts, and what to do about it."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem, context = exc.problem or "", exc.context or ""
    lines = text.splitlines()
    quote = _unclosed_quote(text, line)
    if quote is not None:
        return quote
    for pattern, rule in _RULES:
        if re.search(pattern, f"{context} | {problem}"):
            found = rule(exc, lines, line, column)
            if found is not None:
                return found
    words = problem or context or "cannot parse"
    return line, column, f"YAML syntax error: {words}; check this line and the one above it"


def _char(lines: list[str], line: int, column: int) -> str:
    if 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def _context_at(exc: yaml.MarkedYAMLError) -> tuple[int, int]:
    mark = exc.context_mark or exc.problem_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _unclosed_quote(text: str, error_line: int) -> Found | None:
    """A quoted value that runs over lines and ends on the error's line: its opening quote was never
    closed, and the parser took the next value's opening quote as the closing one."""
    last: yaml.Token | None = None
    try:
        for token in yaml.scan(text, Loader=yaml.BaseLoader):
            if token.start_mark.line + 1 > error_line:
                break
            if isinstance(token, yaml.ScalarToken) and getattr(token, "style", None) in ('"', "'"):
                last = token
    except yaml.YAMLError as exc:
        if "while scanning a quoted scalar" in str(getattr(exc, "context", "")) and exc.context_mark:  # type: ignore[attr-defined]
            opened = exc.context_mark  # type: ignore[attr-defined]
            quote = text.splitlines()[opened.line][opened.column] if text else '"'
            return _quote_message(opened.line + 1, opened.column + 1, quote)
    if last is None:
        return None
    start, end = last.start_mark, last.end_mark
    if start.line != end.line and end.line + 1 == error_line:
        return _quote_message(start.line + 1, start.column + 1, getattr(last, "style", None) or '"')
    return None


def _quote_message(line: int, column: int, quote: str) -> Found:
    return line, column, (
        f"this quote opened on line {line} is never closed: add the closing {quote} at the end of the value"
    )


Rule = Callable[[yaml.MarkedYAMLError, list[str], int, int], "Found | None"]


def _tab(exc: yaml.MarkedYAMLError, lines: list[str], line: int, column: int) -> Found | None:
    text = lines[line - 1] if 1 <= line <= len(lines) else ""
    where = text.find("\t")
    if where < 0:
        return None
    return line, where + 1, "a tab character: indent with spaces (YAML does not allow tabs for indentation)"


def _cannot_start(exc: yaml.MarkedYAMLError, lines: list[str], line: int, column: int) -> Found | None:
    char = _char(lines, line, column)
    if char == "\t":
        return line, column, "a tab character: indent with spaces (YAML does not allow tabs for indentation)"
    shown = repr(char) if char else "this character"
    return line, column, f"a value cannot start with {shown} in YAML: put the whole value in quotes"


def _colon(exc: yaml.MarkedYAMLError, lines: list[str], line: int, column: int) -> Found | None:
    text = lines[line - 1] if 1 <= line <= len(lines) else ""
    before = text[: column - 1]
    key = before.strip().removeprefix("- ").strip()
    if key and ": " not in before and not before.rstrip().endswith(":"):
        return line, len(before) - len(before.lstrip()) + 1, (
            f"'{key}:' is read as part of the value on the line above: line it up with the field "
            "above it, or give the line above its missing colon"
        )
    return line, column, "a colon followed by a space inside a value: put the whole value in quotes"


def _dash_expected(exc: yaml.MarkedYAMLError, lines: list[str], line: int, column: int) -> Found | None:
    return line, column, (
        "this line does not line up with the lines above it: indent it like the fields of its "
        "entry, or start a new list entry with '- '"
    )


def _key_expected(exc: yaml.MarkedYAMLError, lines: list[str], line: int, column: int) -> Found | None:
    char = _char(lines, line, column)
    before = lines[line - 1][: column - 1].rstrip() if 1 <= line <= len(lines) else ""
    if char == "-":
        return line, column, (
            "a list entry where a field was expected: put the list under its field's name "
            "(for example 'interests:' on its own line, then '  - sailing')"
        )
    if before.endswith(('"', "'")):
        return line, column, f"text after the closing {before[-1]}: put the whole value inside the quotes"
    if before.endswith(("]", "}")):
        return line, column, f"text after the closing '{before[-1]}': put the whole value in quotes"
    return _dash_expected(exc, lines, line, column)


def _flow(exc: yaml.MarkedYAMLError, lines: list[str], line: int, column: int) -> Found | None:
    opened_line, opened_column = _context_at(exc)
    bracket = _char(lines, opened_line, opened_column) or "["
    closing = "]" if bracket == "[" else "}"
    return opened_line, opened_column, (
        f"this '{bracket}' is never closed: end it with '{closing}' on the same line, "
        "or put the whole value in quotes if the bracket is part of the text"
    )


def _reference(exc: yaml.MarkedYAMLError, lines: list[str], line: int, column: int) -> Found | None:
    at_line, at_column = _context_at(exc) if exc.context_mark else (line, column)
    char = _char(lines, at_line, at_column) or "*"
    return at_line, at_column, (
        f"a value starting with {char!r} is read as a YAML reference: put the whole value in quotes"
    )


def _fixed(message: str, *, at_context: bool = False) -> Rule:
    def rule(exc: yaml.MarkedYAMLError, lines: list[str], line: int, column: int) -> Found | None:
        return (*_context_at(exc), message) if at_context else (line, column, message)

    return rule


_RULES: tuple[tuple[str, Rule], ...] = (
    (r"tab character|character '\\t'", _tab),
    (r"cannot start any token", _cannot_start),
    (r"mapping values are not allowed", _colon),
    (r"expected '-' indicator|block collection .*expected <block end>", _dash_expected),
    (r"did not find expected key|block mapping .*expected <block end>", _key_expected),
    (r"expected ',' or '[\]}]'", _flow),
    (r"an alias|an anchor|undefined alias|duplicate anchor", _reference),
    (r"unknown escape character", _fixed(
        "a backslash inside double quotes starts an escape such as \\n: write \\\\ for a backslash, "
        "or use single quotes")),
    (r"could not find expected ':'", _fixed(
        "this line has no colon after its name: write 'name: value' (a colon and a space)", at_context=True)),
    (r"block scalar", _fixed(
        "after '|' or '>' nothing may follow on the line: start the text on the next line, indented")),
    (r"expected node content|expected the node content", _fixed(
        "a value is missing here, or starts with a character YAML reserves (']', '}', ','): "
        "put the whole value in quotes")),
    (r"block sequence entries are not allowed", _fixed(
        "a list entry ('- ') after a value on the same line: put the list on the lines below its "
        "field's name")),
    (r"expected '?<document start>", _fixed(
        "this line is indented less than the first line of the file: the lines at the top level "
        "must all start in the same column")),
    (r"unexpected end of stream", _fixed("the file ends in the middle of a value; check the last lines")),
    (r"document indicator|document separator", _fixed(
        "'---' or '...' at the start of a line inside a value: indent the line, or quote the value")),
    (r"tag", _fixed("a value starting with '!' is read as a YAML tag: put the whole value in quotes")),
    (r"directive", _fixed("a line starting with '%' is read as a YAML directive: put the value in quotes")),
)
