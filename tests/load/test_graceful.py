"""`playbook check` keeps its promise: every problem in one run, each once, at its cause, in plain words.

The fixtures are under tests/data/bad/ (their whole output is checked by test_check.py); here, the
properties the issue asks for, and the message tables, each on its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.core.problems import Problems
from generator.core.suggest import closest
from generator.core.vocabulary import CONTACT_CHANNELS, OUTCOMES, PERSON_STATUSES, STAGES
from generator.load.yaml_errors import explain
from generator.load.yamlio import read_yaml

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"


def check(case: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    monkeypatch.chdir(BAD / case)
    result = CliRunner().invoke(cli, ["check"])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr.splitlines()


def test_ten_independent_mistakes_of_ten_kinds_are_ten_problems_in_one_run(monkeypatch: pytest.MonkeyPatch) -> None:
    code, lines = check("ten_mistakes", monkeypatch)
    assert code == 1
    assert lines[-1] == "playbook: 10 errors, 0 warnings"
    problems = lines[:-1]
    assert len(problems) == 10
    # one problem per mistake, each on the line of its mistake
    assert [int(line.split(":")[1]) for line in problems] == [4, 5, 6, 7, 9, 12, 14, 16, 17, 19]


def test_a_person_with_a_bad_capacity_is_still_a_person(monkeypatch: pytest.MonkeyPatch) -> None:
    code, lines = check("bad_capacity_keeps_person", monkeypatch)
    assert (code, lines) == (1, [
        "content/team.yaml:14:15: error: person 'raj-patel': 'capacity' must be a whole number (got 'twenty')",
        "playbook: 1 error, 0 warnings",
    ])  # fmt: skip


def test_a_customer_with_a_bad_date_is_still_a_customer_for_handovers_and_contacts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, lines = check("bad_date_keeps_customer", monkeypatch)
    assert (code, lines) == (1, [
        "content/customers.yaml:5:21: error: customer 'tom-baker': 'customer_since': 2026-02-30 is not a date: February 2026 has 28 days",
        "playbook: 1 error, 0 warnings",
    ])  # fmt: skip


def test_an_unknown_consultant_is_reported_with_the_field_errors_of_the_same_customer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, lines = check("unknown_consultant_and_field_errors", monkeypatch)
    assert (code, lines) == (1, [
        "content/customers.yaml:4:17: error: customer 'ann': consultant 'dan' is not in content/team.yaml; did you mean 'dana'?",
        "content/customers.yaml:5:21: error: customer 'ann': 'do_not_contact' must be true or false (got 'yes') (YAML 1.1 spellings such as yes/no/on/off are not accepted)",
        "content/customers.yaml:7:9: error: customer 'ann': contact on 2026-11-02: 'by' 'olgaa' is not in content/team.yaml; did you mean 'olga'?",
        "content/customers.yaml:12:36: error: customer 'ann': purchase #2: 'amount' must be an amount written like 1234.50, without currency signs or thousands separators (got '$12')",
        "playbook: 4 errors, 0 warnings",
    ])  # fmt: skip


def test_a_departed_person_without_left_on_is_one_clear_error_and_never_none(monkeypatch: pytest.MonkeyPatch) -> None:
    code, lines = check("departed_without_left_on", monkeypatch)
    assert code == 1
    assert "content/team.yaml:11:5: error: person 'sam' has status departed but no left_on: add the date they left (left_on: YYYY-MM-DD)" in lines
    assert not any("None" in line for line in lines)


def test_a_misspelt_required_key_is_one_mistake(tmp_path: Path) -> None:
    problems = Problems()
    from generator.load.fields import Context
    from generator.load.tables import CUSTOMER

    root = read_yaml(tmp_path / "c.yaml", problems, b"id: ann\nname: Ann\nconsultnat: dana\n")
    assert root is not None
    values = Context("c.yaml", problems).record(CUSTOMER, root, partial=True)
    assert [p.message for p in problems.items] == ["customer 'ann': unknown field 'consultnat'; did you mean 'consultant'?"]
    assert values is not None
    assert values["id"] == "ann"
    assert values["consultant"] is None


# ---------------------------------------------------------------- YAML syntax, both parsers

SYNTAX = {
    "tab": ("a:\n  b: c\n\td: e\n", "3:1", "a tab character: indent with spaces"),
    "unclosed quote at the end": ('a:\n  b: "c\n  d: e\n', "2:6", "this quote opened on line 2 is never closed"),
    "unclosed quote before another": ('a:\n  b: "c\n  d: e\n  f: "g"\n', "2:6", "this quote opened on line 2 is never closed"),
    "colon in a value": ("a: Call back: soon\n", "1:13", "a colon followed by a space inside a value: put the whole value in quotes"),
    "over-indented field": ("a:\n  b: c\n    d: e\n", "3:5", "'d:' is read as part of the value on the line above"),
    "under-indented field": ("a:\n  - b: c\n    d: e\n   f: g\n", "4:4", "this line does not line up with the lines above it"),
    "list under a value": ("a:\n  b: c\n  - d\n", "3:3", "a list entry where a field was expected"),
    "text after quotes": ('a: "b" c\n', "1:8", 'text after the closing ": put the whole value inside the quotes'),
    "unclosed bracket": ("a: [b, c\nd: e\n", "1:4", "this '[' is never closed"),
    "reserved first character": ("a: @b\n", "1:4", "a value cannot start with '@' in YAML: put the whole value in quotes"),
    "alias": ("a: *b* c\n", "1:4", "a value starting with '*' is read as a YAML reference"),
    "escape": ('a: "C:\\dir"\n', None, "a backslash inside double quotes starts an escape"),
    "no colon": ("a: b\nc\n", None, None),
    "top level indented": ("  a: b\nc: d\n", "2:1", "this line is indented less than the first line of the file"),
    "block scalar": ("a: |x\n  b\n", "1:5", "after '|' or '>' nothing may follow on the line"),
}


@pytest.mark.parametrize("loader", [yaml.BaseLoader, getattr(yaml, "CBaseLoader", yaml.BaseLoader)])
@pytest.mark.parametrize("case", sorted(SYNTAX))
def test_yaml_syntax_errors_are_in_the_users_words_at_their_cause(case: str, loader: type) -> None:
    text, at, words = SYNTAX[case]
    try:
        list(yaml.compose_all(text, Loader=loader))
    except yaml.MarkedYAMLError as exc:
        line, column, message = explain(exc, text)
    else:  # pragma: no cover - a case that parses is a broken case
        pytest.fail(f"{case!r} parsed")
    assert not message.startswith("YAML syntax error"), message
    if at is not None:
        assert f"{line}:{column}" == at
    if words is not None:
        assert message.startswith(words)


def test_control_bytes_are_located_at_their_own_line_and_column(tmp_path: Path) -> None:
    problems = Problems()
    lines = [f"k{n}: v{n}" for n in range(300)]
    lines[199] = "k199: a\x00b"
    assert read_yaml(tmp_path / "f.yaml", problems, "\n".join(lines).encode()) is None
    assert [(p.line, p.column, p.message) for p in problems.items] == [
        (200, 8, "an invisible control character (U+0000, NUL) that a YAML file cannot hold; delete it (it often comes from copying out of another program)")
    ]


# ---------------------------------------------------------------- did you mean, in meaning first


@pytest.mark.parametrize(
    ("written", "known", "meant"),
    [
        ("answered", OUTCOMES, "reached"),
        ("noanswer", OUTCOMES, "no_answer"),
        ("no answer", OUTCOMES, "no_answer"),
        ("No-Answer", OUTCOMES, "no_answer"),
        ("emailed", OUTCOMES, "sent"),
        ("voicemail", OUTCOMES, "left_message"),
        ("won", STAGES, "customer"),
        ("closed lost", STAGES, "lost"),
        ("Lost", STAGES, "lost"),
        ("lead", STAGES, "prospect"),
        ("left", PERSON_STATUSES, "departed"),
        ("call", CONTACT_CHANNELS, "phone"),
        ("reachd", OUTCOMES, "reached"),
        ("xyzzy", OUTCOMES, None),
    ],
)
def test_suggestions_are_close_in_meaning_before_spelling(written: str, known: tuple[str, ...], meant: str | None) -> None:
    assert closest(written, known) == meant


# ---------------------------------------------------------------- dates on the command line


def test_date_options_show_yyyy_mm_dd_in_help() -> None:
    result = CliRunner().invoke(cli, ["plan", "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "--as-of YYYY-MM-DD" in result.output
    assert "%Y" not in result.output


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("2026-02-30", "2026-02-30 is not a date: February 2026 has 28 days"),
        ("12/03/2026", "12/03/2026: write 2026-03-12 or 2026-12-03"),
    ],
)
def test_a_date_option_says_what_is_wrong_in_the_words_of_the_files(written: str, said: str) -> None:
    result = CliRunner().invoke(cli, ["plan", "--as-of", written])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: Invalid value for '--as-of': {said}"
