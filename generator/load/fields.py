"""Stage 2's vocabulary: field kinds that turn located YAML nodes into typed values.

Each kind converts one node and describes itself as JSON Schema, so `playbook check` and
`playbook schema` read the same tables and can never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from difflib import get_close_matches
from typing import Any

from generator.core.problems import Problems
from generator.load.yamlio import MappingNode, Node, ScalarNode, SequenceNode, where

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
_SLUG = re.compile(SLUG_PATTERN)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH_DAY = re.compile(r"^--(\d{2})-(\d{2})$")
_INT = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_YAML11_BOOLS = frozenset(
    {"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"}
)


class Invalid(Exception):
    """A value the schema cannot take; carries the node so the message is located."""

    def __init__(self, message: str, node: Node) -> None:
        super().__init__(message)
        self.message = message
        self.node = node


def is_plain(node: Node) -> bool:
    """Written without quotes (libyaml reports plain style as '', pure-Python PyYAML as None)."""
    return not node.style


def is_null(node: Node) -> bool:
    """An empty or `null` plain scalar: the field was left blank."""
    return isinstance(node, ScalarNode) and not node.style and node.value in _NULLS


def shown(node: Node) -> str:
    """A short rendering of what the user wrote, for messages."""
    if isinstance(node, ScalarNode):
        return repr(node.value)
    return "a list" if isinstance(node, SequenceNode) else "a mapping"


def scalar_text(node: Node, what: str) -> str:
    if not isinstance(node, ScalarNode):
        raise Invalid(f"must be {what} (got {shown(node)})", node)
    return str(node.value)


class Kind:
    """How one field's node becomes a value, and its JSON Schema."""

    def convert(self, node: Node, context: Context) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Kind):
    """Free text, kept exactly as typed (a phone `01234567` stays `01234567`)."""

    description: str = "text"

    def convert(self, node: Node, context: Context) -> str:
        return scalar_text(node, "text")

    def schema(self) -> dict[str, Any]:
        return {"type": ["string", "number", "boolean"]}


@dataclass(frozen=True)
class Slug(Kind):
    """An identifier that becomes part of file names and links, so it must be a safe slug."""

    def convert(self, node: Node, context: Context) -> str:
        text = scalar_text(node, "an id")
        if not _SLUG.match(text):
            raise Invalid(
                f"{text!r} is not a safe id; use lower-case letters, digits and single hyphens "
                f"(for example {suggest_slug(text)!r})",
                node,
            )
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": SLUG_PATTERN}


def suggest_slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64].strip("-")
    return slug or "customer-1"


@dataclass(frozen=True)
class Url(Kind):
    """A web address; only http and https, so a link can never run script."""

    def convert(self, node: Node, context: Context) -> str:
        text = scalar_text(node, "a web address").strip()
        if not re.match(r"^https?://[^\s<>\"']+$", text, re.IGNORECASE):
            raise Invalid(f"must be a web address starting with https:// (got {text!r})", node)
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^https?://"}


@dataclass(frozen=True)
class Email(Kind):
    def convert(self, node: Node, context: Context) -> str:
        text = scalar_text(node, "an e-mail address").strip()
        if not re.match(r"^[^@\s<>\"'()\[\]:;,]+@[^@\s<>\"'()\[\]:;,]+\.[^@\s<>\"'()\[\]:;,]+$", text):
            raise Invalid(f"must be an e-mail address such as name@example.com (got {text!r})", node)
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "email"}


def parse_iso_date(text: str) -> date | None:
    if not _DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class Date(Kind):
    def convert(self, node: Node, context: Context) -> date:
        text = scalar_text(node, "a date")
        value = parse_iso_date(text)
        if value is None:
            raise Invalid(f"must be a date written YYYY-MM-DD (got {text!r})", node)
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


@dataclass(frozen=True)
class Birthday(Kind):
    """A full date, or `--MM-DD` when the year is not known."""

    def convert(self, node: Node, context: Context) -> Any:
        from generator.core.model import BirthdayValue

        text = scalar_text(node, "a birthday")
        full = parse_iso_date(text)
        if full is not None:
            return BirthdayValue(full.month, full.day, full.year)
        match = _MONTH_DAY.match(text)
        if match:
            month, day = int(match[1]), int(match[2])
            try:
                date(2000, month, day)  # a leap year, so --02-29 is a real birthday
            except ValueError:
                pass
            else:
                return BirthdayValue(month, day, None)
        raise Invalid(
            f"must be YYYY-MM-DD, or \"--MM-DD\" in quotes when the year is unknown (got {text!r})",
            node,
        )

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^(\d{4}|-)-\d{2}-\d{2}$"}


@dataclass(frozen=True)
class Bool(Kind):
    """Only `true` or `false`: YAML 1.1's yes/no/on/off are refused, never guessed."""

    def convert(self, node: Node, context: Context) -> bool:
        text = scalar_text(node, "true or false")
        if is_plain(node) and text in _TRUE:
            return True
        if is_plain(node) and text in _FALSE:
            return False
        hint = " (YAML 1.1 spellings such as yes/no/on/off are not accepted)" if text in _YAML11_BOOLS else ""
        raise Invalid(f"must be true or false (got {text!r}){hint}", node)

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Integer(Kind):
    minimum: int | None = None
    maximum: int | None = None

    def convert(self, node: Node, context: Context) -> int:
        text = scalar_text(node, "a whole number")
        if not is_plain(node) or not _INT.match(text):
            raise Invalid(f"must be a whole number (got {text!r})", node)
        value = int(text)
        if self.minimum is not None and value < self.minimum:
            raise Invalid(f"must be at least {self.minimum} (got {value})", node)
        if self.maximum is not None and value > self.maximum:
            raise Invalid(f"must be at most {self.maximum} (got {value})", node)
        return value

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


@dataclass(frozen=True)
class Money(Kind):
    """A decimal amount such as 120.50, kept exact (no binary floating point)."""

    allow_negative: bool = False

    def convert(self, node: Node, context: Context) -> Decimal:
        text = scalar_text(node, "an amount")
        if not is_plain(node) or not _DECIMAL.match(text):
            raise Invalid(
                f"must be an amount written like 1234.50, without currency signs or thousands separators (got {text!r})",
                node,
            )
        try:
            value = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern already excludes these
            raise Invalid(f"must be an amount (got {text!r})", node) from None
        if value < 0 and not self.allow_negative:
            raise Invalid(f"must not be negative (got {text!r}); record a refund as its own note", node)
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "number", "minimum": 0} if not self.allow_negative else {"type": "number"}


@dataclass(frozen=True)
class Choice(Kind):
    values: tuple[str, ...]

    def convert(self, node: Node, context: Context) -> str:
        text = scalar_text(node, f"one of {', '.join(self.values)}")
        if text not in self.values:
            close = get_close_matches(text, self.values, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise Invalid(f"must be one of {', '.join(self.values)} (got {text!r}){hint}", node)
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}


@dataclass(frozen=True)
class ListOf(Kind):
    item: Kind

    def convert(self, node: Node, context: Context) -> tuple[Any, ...]:
        if not isinstance(node, SequenceNode):
            raise Invalid(f"must be a list (got {shown(node)})", node)
        out = []
        for index, child in enumerate(node.value, start=1):
            with context.item(index):
                value = context.convert(self.item, child)
            if value is not _FAILED:
                out.append(value)
        return tuple(out)

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.schema()}


@dataclass(frozen=True)
class Field:
    """One key of a record: its kind, whether it must be present, and what it means."""

    name: str
    kind: Kind
    required: bool = False
    doc: str = ""


@dataclass(frozen=True)
class Record(Kind):
    """A mapping with known keys that becomes a model object through `build`."""

    label: str
    fields: tuple[Field, ...]
    build: Callable[..., Any] | None = None
    doc: str = ""
    with_line: bool = False
    """Pass the record's 1-based source line and column to `build` as `line` and `column`."""
    by_name: Mapping[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})

    def convert(self, node: Node, context: Context) -> Any:
        values = context.record(self, node)
        if values is None:
            return _FAILED
        if self.with_line:
            values["line"] = node.start_mark.line + 1
            values["column"] = node.start_mark.column + 1
        return self.build(**values) if self.build else values

    def schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "description": self.doc,
            "additionalProperties": False,
            "required": [f.name for f in self.fields if f.required],
            "properties": {
                f.name: {**f.kind.schema(), "description": f.doc} for f in self.fields
            },
        }


_FAILED = object()


class Context:
    """Walks one file's nodes, converting and reporting every problem with its location."""

    def __init__(self, path: str, problems: Problems) -> None:
        self.path = path
        self.problems = problems
        self.labels: list[str] = []

    def item(self, index: int) -> _Label:
        return _Label(self, f"#{index}")

    def named(self, label: str) -> _Label:
        return _Label(self, label)

    def error(self, node: Node, message: str) -> None:
        prefix = ": ".join(self.labels)
        self.problems.error(where(self.path, node), f"{prefix}: {message}" if prefix else message)

    def warning(self, node: Node, message: str) -> None:
        prefix = ": ".join(self.labels)
        self.problems.warning(where(self.path, node), f"{prefix}: {message}" if prefix else message)

    def convert(self, kind: Kind, node: Node) -> Any:
        try:
            return kind.convert(node, self)
        except Invalid as exc:
            self.error(exc.node, exc.message)
            return _FAILED

    def mapping(self, node: Node, what: str) -> dict[str, tuple[Node, Node]] | None:
        """The pairs of a mapping by key; duplicate keys are reported (the first one wins)."""
        if not isinstance(node, MappingNode):
            self.error(node, f"must be a mapping of {what} (got {shown(node)})")
            return None
        pairs: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, "a key must be plain text")
                continue
            key = key_node.value
            if key in pairs:
                first = pairs[key][0].start_mark.line + 1
                self.error(
                    key_node,
                    f"duplicate key {key!r} (first set on line {first}); "
                    "YAML would silently keep only the last value: remove or rename one",
                )
                continue
            pairs[key] = (key_node, value_node)
        return pairs

    def record(self, spec: Record, node: Node) -> dict[str, Any] | None:
        record_id = record_id_of(node)
        name = f"{spec.label} {record_id!r}" if record_id else None
        in_list = bool(self.labels) and self.labels[-1].startswith("#")
        position = self.labels[-1] if in_list else ""
        if in_list:
            self.labels[-1] = name or f"{spec.label} {position}"
        elif name:
            self.labels.append(name)
        try:
            pairs = self.mapping(node, f"{spec.label} fields")
            return None if pairs is None else self._fields(spec, node, pairs)
        finally:
            if in_list:
                self.labels[-1] = position
            elif name:
                self.labels.pop()

    def _fields(
        self, spec: Record, node: Node, pairs: dict[str, tuple[Node, Node]]
    ) -> dict[str, Any] | None:
        values: dict[str, Any] = {}
        ok = True
        by_name = spec.by_name
        for key, (key_node, value_node) in pairs.items():
            field_spec = by_name.get(key)
            if field_spec is None:
                self.error(key_node, unknown_field_message(key, by_name))
                ok = False
                continue
            if is_null(value_node):
                if field_spec.required:
                    self.error(value_node, f"'{key}' must not be empty")
                    ok = False
                continue
            try:
                value = field_spec.kind.convert(value_node, self)
            except Invalid as exc:
                self.error(exc.node, f"'{key}' {exc.message}")
                ok = False
                continue
            if value is _FAILED:
                ok = False
                continue
            values[key] = value
        for field_spec in spec.fields:
            if field_spec.required and field_spec.name not in pairs:
                self.error(node, f"'{field_spec.name}' is missing; every {spec.label} needs one")
                ok = False
        return values if ok else None


class _Label:
    def __init__(self, context: Context, label: str) -> None:
        self.context = context
        self.label = label

    def __enter__(self) -> None:
        self.context.labels.append(self.label)

    def __exit__(self, *exc: object) -> None:
        self.context.labels.pop()


def record_id_of(node: Node) -> str | None:
    """The `id` a mapping gives itself, if any, for labelling its messages."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == "id" and isinstance(value_node, ScalarNode) and value_node.value:
                return str(value_node.value)
    return None


def unknown_field_message(key: str, known: Mapping[str, Field] | Sequence[str]) -> str:
    names = list(known)
    close = get_close_matches(key, names, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f"; known fields: {', '.join(names)}"
    return f"unknown field {key!r}{hint}"


FAILED = _FAILED
