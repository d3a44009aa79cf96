"""Records of fields: how a YAML mapping is checked key by key and every problem is located.

A `Kind` turns one node into a typed value and describes itself as JSON Schema (the kinds of
single values are in `scalars`); a `Record` names the fields of a mapping, and a `Context`
walks one file, labels each message with where it is (`rule 'x': #2`) and collects them. So
`playbook check` and `playbook schema` read the same tables and can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.core.problems import Problems
from generator.core.suggest import closest, did_you_mean
from generator.load.yamlio import MappingNode, Node, ScalarNode, SequenceNode, where

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class Invalid(Exception):
    """A value the schema cannot take; carries the node so the message is located."""

    def __init__(self, message: str, node: Node, *, standalone: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.node = node
        self.standalone = standalone
        """The message names the value itself, so a field's name is followed by a colon."""


def is_plain(node: Node) -> bool:
    """Written without quotes (libyaml reports plain style as '', pure-Python PyYAML as None)."""
    return isinstance(node, ScalarNode) and not node.style


def is_null(node: Node) -> bool:
    """An empty or `null` plain scalar: the field was left blank."""
    return isinstance(node, ScalarNode) and not node.style and node.value in _NULLS


def shown(node: Node) -> str:
    """A short rendering of what the user wrote, for messages."""
    if isinstance(node, ScalarNode):
        return repr(node.value)
    return "a list" if isinstance(node, SequenceNode) else "a mapping"


def scalar_text(node: Node, what: str) -> str:
    """The text of a scalar node; a list or mapping is `Invalid`, naming `what` was expected."""
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
class ListOf(Kind):
    """A list of one kind; a bad entry is reported under its number and left out."""

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
_DUPLICATED: Any = ScalarNode("tag:yaml.org,2002:str", "")
"""Stands for the value of a key written twice, so no value of it is used or checked further."""


class Context:
    """Walks one file's nodes, converting and reporting every problem with its location."""

    def __init__(self, path: str, problems: Problems) -> None:
        self.path = path
        self.problems = problems
        self.labels: list[str] = []
        self.duplicated: set[str] = set()
        """The keys written twice in the mapping read last (each already reported)."""

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
        self.duplicated = set()
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
                self.duplicated.add(key)
                continue
            pairs[key] = (key_node, value_node)
        return pairs

    def record(self, spec: Record, node: Node, *, partial: bool = False) -> dict[str, Any] | None:
        """The converted fields of a mapping, or None when any field has an error.

        With `partial`, a record with errors still comes back (None only when `node` is not a
        mapping): each field that failed or is missing is left out, or set to None when it is
        required, so the record can still be named by cross-references (a person with a bad
        capacity is still a person) without a second message about the same mistake.
        """
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
            if pairs is None:
                return None
            for key in self.duplicated:  # which value was meant is unknown: the field is in error
                pairs[key] = (pairs[key][0], _DUPLICATED)
            return self._fields(spec, node, pairs, partial)
        finally:
            if in_list:
                self.labels[-1] = position
            elif name:
                self.labels.pop()

    def _fields(
        self, spec: Record, node: Node, pairs: dict[str, tuple[Node, Node]], partial: bool = False
    ) -> dict[str, Any] | None:
        values: dict[str, Any] = {}
        ok = True
        by_name = spec.by_name
        misspelt: set[str | None] = set()
        for key, (key_node, value_node) in pairs.items():
            field_spec = by_name.get(key)
            if field_spec is None:
                self.error(key_node, unknown_field_message(key, by_name))
                misspelt.add(closest(key, by_name))
                ok = False
                continue
            if value_node is _DUPLICATED:
                ok = ok and not field_spec.required
                continue
            if is_null(value_node):
                if field_spec.required:
                    self.error(value_node, f"'{key}' must not be empty")
                    ok = False
                continue
            try:
                value = field_spec.kind.convert(value_node, self)
            except Invalid as exc:
                self.error(exc.node, f"'{key}'{':' if exc.standalone else ''} {exc.message}")
                ok = False
                continue
            if value is _FAILED:
                ok = False
                continue
            values[key] = value
        for field_spec in spec.fields:
            if field_spec.name in misspelt and field_spec.name not in pairs:
                ok = False  # the misspelt key's message already names it
            elif field_spec.required and field_spec.name not in pairs:
                self.error(node, f"'{field_spec.name}' is missing; every {spec.label} needs one")
                ok = False
        if ok:
            return values
        if not partial:
            return None
        return {f.name: None for f in spec.fields if f.required} | values


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


def section_of(key: str, pairs: Mapping[str, object], known: Sequence[str]) -> str | None:
    """The known section a key means: itself, or the known one it misspells when that one is not
    written too (`customer:` for `customers:`), so its content is still read; else None."""
    if key in known:
        return key
    meant = closest(key, known)
    return meant if meant is not None and meant not in pairs else None


def missing(name: str, pairs: Mapping[str, object], known: Sequence[str]) -> bool:
    """`name` is not written, not even misspelt (a misspelt key's message already names it)."""
    return name not in pairs and all(closest(key, known) != name for key in pairs)


def unknown_field_message(key: str, known: Mapping[str, Field] | Sequence[str]) -> str:
    names = list(known)
    hint = did_you_mean(key, names, otherwise=f"; known fields: {', '.join(names)}")
    return f"unknown field {key!r}{hint}"


FAILED = _FAILED
