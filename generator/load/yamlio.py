"""Stage 1, reading: bytes -> UTF-8 text -> a YAML node tree that keeps every mark.

The tree comes from PyYAML's composer with the *base* resolver, so every scalar stays the text
the user typed (`01234567`, `NO`, `12:30` and `on` are strings) and duplicate keys stay visible
in the mapping's pairs; the schema, not YAML 1.1 guessing, decides types later.
"""

from __future__ import annotations

import operator
import re
from pathlib import Path

import yaml

from generator.core.files import NotRegular, gc_paused, read_regular
from generator.core.problems import Location, Problems
from generator.load.yaml_errors import CONTROL, control_characters, explain

try:  # libyaml's parser when the wheel ships it; the pure-Python one otherwise
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

Node = yaml.Node
ScalarNode = yaml.ScalarNode
MappingNode = yaml.MappingNode
SequenceNode = yaml.SequenceNode

_DEFAULT_TAGS = {
    ScalarNode: yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG,
    SequenceNode: yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
    MappingNode: yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
}


class _Composer(_Loader):
    """The base loader with its resolver reduced to what it does for the base schema.

    Even libyaml's composer calls the Python resolver three times per node; the base resolver
    has no implicit and no path resolvers, so those calls only ever return the default tag of
    the node's kind. Answering that directly makes composing about 30% faster, same nodes.
    The calls around each node (descend, ascend) do nothing here, so they are C functions whose
    results are dropped: no Python frame per node, about 7% of composing a customers file.
    """

    def resolve(self, kind: type[Node], value: object, implicit: object) -> str:
        return _DEFAULT_TAGS[kind]

    # Called as (parent, index) and with no arguments; what they return is never used.
    descend_resolver = staticmethod(operator.is_)  # type: ignore[assignment]
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]


assert not _Loader.yaml_implicit_resolvers and not _Loader.yaml_path_resolvers, "the base loader resolves nothing"


def pair_of(mapping: Node, key: str) -> tuple[Node, Node] | None:
    """The key and value nodes of `key` in a mapping (the first when written twice), else None."""
    if isinstance(mapping, MappingNode):
        for key_node, value_node in mapping.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return key_node, value_node
    return None


def value_of(mapping: Node, key: str) -> Node | None:
    """The value node of `key` in a mapping, else None."""
    pair = pair_of(mapping, key)
    return None if pair is None else pair[1]


def compose_builtin(text: str) -> Node:
    """The node tree of a YAML text that ships with playbook (one document, known to be valid)."""
    root = yaml.compose(text, Loader=_Loader)
    assert root is not None, "a built-in YAML text holds a document"
    return root


def where(path: str, node: Node) -> Location:
    """The 1-based location of a node."""
    mark = node.start_mark
    return Location(path, mark.line + 1, mark.column + 1)


_CONTENT = re.compile(r"(?:\A|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])\s*[^\s#]")
"""A character that is neither blank nor a comment's `#` and comes first on its line (the line
breaks are those of `str.splitlines`, all of them whitespace for `\\s`)."""


def has_content(text: str) -> bool:
    """True unless every line is blank or a comment: the same answer as
    `any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())`,
    without splitting the whole file into lines."""
    return _CONTENT.search(text) is not None


_PROPERTY = re.compile(r"(?:^|[\s\[\]{},])(?:[&*][^\s\[\]{},]|!)", re.MULTILINE)
"""Where an anchor (&a), an alias (*a) or a tag (!x) could begin; text without any is not parsed twice."""
_SHORT_TAG = "tag:yaml.org,2002:"


def _refuse_anchors_and_tags(name: str, text: str, problems: Problems) -> bool:
    """Report every anchor, alias and explicit tag, each where it was written; True if any.

    They are refused rather than followed: an alias repeats a value wherever it is used (nested
    ones multiply a small file into a huge site), and a tag asks for a type the schema does not
    have (`!!binary`, `!!python/...`); playbook reads every value as the text written. This looks
    at the parser's events, so nothing is expanded or built.
    """
    if not ("&" in text or "*" in text or "!" in text) or not _PROPERTY.search(text):
        return False
    found = False
    for event in yaml.parse(text, Loader=_Loader):
        mark = event.start_mark
        place = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name, 1, 1)
        anchor: str | None = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent):
            problems.error(place, f"alias *{anchor}: anchors and aliases are not supported: write the value out in full")
            found = True
            continue
        if anchor is not None:
            problems.error(place, f"anchor &{anchor}: anchors and aliases are not supported: write the value out where it is used")
            found = True
        tag: str | None = getattr(event, "tag", None)
        if tag is not None:
            written = "!!" + tag.removeprefix(_SHORT_TAG) if tag.startswith(_SHORT_TAG) else tag
            problems.error(place, f"tags like {written} are not read: remove it (every value is read as the text written)")
            found = True
    return found


def _compose(name: str, text: str, problems: Problems, encoded: bytes) -> list[Node] | None:
    """The documents of a text (`encoded`: its UTF-8 bytes), or None after reporting why it cannot be parsed.

    Control characters (NUL, escape...) are looked for only when parsing fails, so reading a good
    file costs nothing more: each is reported at its own place, then the text is parsed again
    with spaces in their place, so the same run also shows any other syntax error.
    """
    controls: list[tuple[int, int, str]] = []
    while True:
        try:
            with gc_paused():
                documents = list(yaml.compose_all(encoded, Loader=_Composer))
        except yaml.YAMLError as exc:
            if not controls:
                controls = list(control_characters(text))
                if controls:
                    for line, column, message in controls:
                        problems.error(Location(name, line, column), message)
                    text = CONTROL.sub(" ", text)
                    encoded = text.encode("utf-8")
                    continue
            if isinstance(exc, yaml.MarkedYAMLError):
                line, column, message = explain(exc, text)
                problems.error(Location(name, line, column), message)
            else:
                problems.error(Location(name, 1, 1), f"YAML syntax error: {exc}")
            return None
        return None if controls else documents


def read_yaml(path: Path, problems: Problems, data: bytes | None = None) -> Node | None:
    """Parse one file into its root node, or report why it cannot be read and return None."""
    name = str(path)
    if data is None:
        try:
            data = read_regular(path)
        except NotRegular as exc:  # a link is never followed, a pipe never waited on
            problems.error(Location(name, 1, 1), str(exc))
            return None
        except OSError as exc:
            problems.error(Location(name, 1, 1), f"cannot read the file: {exc.strerror}")
            return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(
            Location(name, line, column),
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8",
        )
        return None
    if text.startswith("\ufeff"):  # a byte order mark: the text and the bytes parsed start after it
        text, data = text[1:], data[3:]
    if not has_content(text):
        problems.error(Location(name, 1, 1), "the file is empty; add its data or delete the file")
        return None
    documents = _compose(name, text, problems, data)
    if documents is None or _refuse_anchors_and_tags(name, text, problems):
        return None
    documents = [doc for doc in documents if doc is not None]
    if not documents:
        problems.error(Location(name, 1, 1), "the file is empty; add its data or delete the file")
        return None
    if len(documents) > 1:
        problems.error(
            where(name, documents[1]),
            "the file holds more than one YAML document ('---'); keep one document per file",
        )
        return None
    return documents[0]
