"""The YAML reader's shortcuts change nothing: the same node trees and the same problems.

`read_yaml` composes with resolver calls reduced to C functions, hands libyaml the file's own
bytes instead of re-encoding the decoded text, and finds an empty file with one regular
expression. `_reference_read` below is the reader as it was before those shortcuts (PyYAML's
unmodified libyaml base loader, the text encoded again, the file split into lines); every node
(kind, tag, value, style, both marks) and every problem must come out the same, for the demo
project, the test projects, the hostile project, a generated organisation and documents chosen
to be awkward.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile import hostile_contact_customer, hostile_project
from hypothesis import given, settings
from hypothesis import strategies as st
from test_bench_generate import bench_generate

from generator.core.problems import Location, Problem, Problems
from generator.load import yamlio
from generator.load.yaml_errors import CONTROL, control_characters, explain

REPO = Path(__file__).resolve().parents[2]


def _reference_compose(name: str, text: str, problems: Problems) -> list[yaml.Node] | None:
    controls: list[tuple[int, int, str]] = []
    while True:
        try:
            documents = list(yaml.compose_all(text.encode("utf-8"), Loader=yaml.CBaseLoader))
        except yaml.YAMLError as exc:
            if not controls:
                controls = list(control_characters(text))
                if controls:
                    for line, column, message in controls:
                        problems.error(Location(name, line, column), message)
                    text = CONTROL.sub(" ", text)
                    continue
            if isinstance(exc, yaml.MarkedYAMLError):
                line, column, message = explain(exc, text)
                problems.error(Location(name, line, column), message)
            else:
                problems.error(Location(name, 1, 1), f"YAML syntax error: {exc}")
            return None
        return None if controls else documents


def _reference_read(path: Path, problems: Problems, data: bytes) -> yaml.Node | None:
    """`read_yaml` before its shortcuts (the file's bytes given, as the customer files are)."""
    name = str(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(Location(name, line, column), f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8")
        return None
    text = text.removeprefix("\ufeff")
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        problems.error(Location(name, 1, 1), "the file is empty; add its data or delete the file")
        return None
    documents = _reference_compose(name, text, problems)
    if documents is None or yamlio._refuse_anchors_and_tags(name, text, problems):
        return None
    documents = [doc for doc in documents if doc is not None]
    if not documents:
        problems.error(Location(name, 1, 1), "the file is empty; add its data or delete the file")
        return None
    if len(documents) > 1:
        problems.error(yamlio.where(name, documents[1]), "the file holds more than one YAML document ('---'); keep one document per file")
        return None
    return documents[0]


def _mark(mark: Any) -> tuple[object, ...]:
    return (type(mark), mark.name, mark.index, mark.line, mark.column, mark.buffer, mark.pointer)


def _shape(node: yaml.Node | None) -> object:
    """Everything a node holds, as nested tuples that compare equal only when the trees do."""
    if node is None:
        return None
    marks = (_mark(node.start_mark), _mark(node.end_mark))
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value, node.style, *marks)
    if isinstance(node, yaml.SequenceNode):
        return ("sequence", node.tag, node.flow_style, *marks, tuple(_shape(item) for item in node.value))
    assert isinstance(node, yaml.MappingNode)
    pairs = tuple((_shape(key), _shape(value)) for key, value in node.value)
    return ("mapping", node.tag, node.flow_style, *marks, pairs)


def _both(path: Path, data: bytes) -> tuple[tuple[object, list[Problem]], tuple[object, list[Problem]]]:
    now, before = Problems(), Problems()
    read = _shape(yamlio.read_yaml(path, now, data))
    reference = _shape(_reference_read(path, before, data))
    return (read, now.items), (reference, before.items)


def _assert_same(path: Path, data: bytes) -> None:
    read, reference = _both(path, data)
    assert read == reference, path


def _yaml_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file() and ".playbook-cache" not in p.parts)


def test_every_yaml_file_of_the_demo_and_the_test_projects_reads_the_same() -> None:
    files = [*_yaml_files(REPO / "content"), *_yaml_files(REPO / "playbook"), REPO / "mkdocs.yml"]
    files += _yaml_files(REPO / "tests" / "data") + _yaml_files(REPO / "generator" / "templates")
    assert len(files) > 20
    for path in files:
        _assert_same(path, path.read_bytes())


def test_the_hostile_project_and_a_generated_organisation_read_the_same(tmp_path: Path) -> None:
    hostile = hostile_contact_customer(hostile_project(tmp_path / "hostile"))
    generated = bench_generate().generate(tmp_path / "org", customers=300, seed=5)
    files = _yaml_files(hostile) + _yaml_files(generated)
    assert len(files) >= 6
    for path in files:
        _assert_same(path, path.read_bytes())


LONG = "x" * 200_000
AWKWARD = {
    "plain and quoted": "a: 01234567\nb: NO\nc: '12:30'\nd: \"on\"\ne: 'it''s'\nf: \"tab\\there \\u00e9\"\n",
    "block scalars": "a: |\n  line one\n   indented\n\nb: >-\n  folded\n  text\n\n  para\nc: |+\n  keep\n\n",
    "dates": "birthday: --05-19\nsince: 2016-05-01\nodd: 2016-5-1\n",
    "unicode": "name: Zoë Ødegård 李\nnote: \"emoji 🎉 and \\u2028 in quotes\"\n",
    "comments": "# top\na: 1 # trailing\n# between\nb: '# not a comment'\n",
    "empty values": "a:\nb: ~\nc: null\nd: ''\ne: \"\"\nf: []\ng: {}\n",
    "flow": "a: [x, 'y z', {k: v, k2: [1, 2]}, \"q\"]\nb: {date: 2019-03-02, amount: 27.00, item: Dry bag set}\n",
    "duplicate keys": "a: 1\na: 2\nb: {x: 1, x: 2}\n",
    "anchors and aliases": "a: &x 1\nb: *x\nc: &y {k: v}\n",
    "tags": "a: !!str 1\nb: !custom x\nc: !!binary QUNNRQ==\nd: ! plain\n",
    "a tab": "a:\n\tb: 1\n",
    "a tab inside a value": "a: x\ty\n",
    "a byte order mark": "\ufeffa: 1\nb: [2]\n",
    "two byte order marks": "\ufeff\ufeffa: 1\n",
    "CRLF": "a: 1\r\nb:\r\n  - x\r\n  - 'y'\r\n",
    "a lone CR": "a: 1\rb: 2\r",
    "NUL": "a: x\x00y\nb: 2\n",
    "escape and NUL": "a: \x1bx\nb: [\x00]\n",
    "very long line": f"a: {LONG}\nb: '{LONG}'\n",
    "very long key": f"{LONG}: 1\n",
    "empty": "",
    "blank": "   \n\t\n",
    "only comments": "# a\n   # b\n\n",
    "comments after odd line breaks": "# a\x1c# b\x85 # c\u2028#d",
    "content after odd line breaks": "# a\x1cb: 1\n",
    "content after a line separator": "# a\u2028b: 1\n",
    "content after a next line": "# a\x85b: 1\n",
    "a comment after a form feed": "\x0c# a\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "an empty second document": "a: 1\n---\n",
    "an explicit empty document": "---\n...\n",
    "a bare scalar": "just text\n",
    "unclosed quote": "a: \"open\nb: \"x\"\n",
    "unclosed flow": "a: [1, 2\nb: 3\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "mapping in a plain scalar": "a: b: c\n",
    "reserved character": "a: @home\nb: `tick`\n",
    "question mark key": "? complex\n: value\n",
    "directive": "%YAML 1.1\n---\na: 1\n",
    "unknown directive": "%FOO bar\n---\na: 1\n",
    "multi-line plain": "a: one\n  two\n  three\nb: x\n",
    "multi-line quoted": "a: 'one\n  two'\nb: \"x\\\n  y\"\n",
    "indentless sequence": "a:\n- 1\n- - 2\n  - 3\n",
    "nested": "c:\n  - id: x\n    notes:\n      - {date: 2020-01-01, text: \"t\"}\n      - date: 2021-01-01\n        text: >\n          folded\n",
}


@pytest.mark.parametrize("name", sorted(AWKWARD))
def test_awkward_documents_read_the_same(tmp_path: Path, name: str) -> None:
    _assert_same(tmp_path / "awkward.yaml", AWKWARD[name].encode("utf-8"))


@pytest.mark.parametrize(
    "data",
    [b"a: \xff\n", b"\xef\xbb\xbfa: \xc3\n", b"\xef\xbb", "a: 1\n".encode("utf-16"), b"a: \xed\xa0\x80\n"],
    ids=["bad byte", "bad byte after a mark", "half a mark", "UTF-16", "a surrogate"],
)
def test_bytes_that_are_not_utf8_are_reported_the_same(tmp_path: Path, data: bytes) -> None:
    _assert_same(tmp_path / "bad.yaml", data)


def test_the_comparison_sees_a_difference(tmp_path: Path) -> None:
    """The shapes compare marks and styles, not only values: a moved or re-quoted value differs."""
    path = tmp_path / "a.yaml"
    assert _both(path, b"a: 1\n")[0] != _both(path, b"a:  1\n")[0]
    assert _both(path, b"a: '1'\n")[0] != _both(path, b"a: 1\n")[0]
    assert _both(path, b"a: [1]\n")[0] != _both(path, b"a:\n- 1\n")[0]


_LINE_PIECES = st.sampled_from(["", " ", "\t", "#", "a", "é", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\u2028", "\u2029", "\xa0", "\u3000"])


def _split_content(text: str) -> bool:
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


@pytest.mark.parametrize("brk", ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_has_content_knows_every_line_break_of_splitlines(brk: str) -> None:
    assert len(f"a{brk}b".splitlines()) == 2
    for text in (f"# a{brk}b", f"# a{brk} \tb", f"# a{brk}# b", f"# a{brk}{brk} # b", f"a{brk}# b"):
        assert yamlio.has_content(text) is _split_content(text), repr(text)


@settings(max_examples=500)
@given(st.lists(_LINE_PIECES, max_size=12).map("".join))
def test_has_content_agrees_with_splitting_into_lines(text: str) -> None:
    assert yamlio.has_content(text) is _split_content(text)
