"""The command line as a user meets it: help everywhere, version, schema, the installed script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from generator import __version__
from generator.cli import cli

REPO = Path(__file__).resolve().parents[2]


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, command in sorted(group.commands.items()):
        out.append((*prefix, name))
        if isinstance(command, click.Group):
            out += all_commands(command, (*prefix, name))
    return out


@pytest.mark.parametrize("path", all_commands(cli), ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output
    summary = result.output.split("\n\n")[1].strip()
    assert len(summary) > 10, f"{' '.join(path)} needs a help text"


@pytest.mark.parametrize("path", all_commands(cli), ids=" ".join)
def test_every_command_is_documented_in_the_readme(path: tuple[str, ...]) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"playbook {' '.join(path)}" in readme


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"playbook, version {__version__}\n"


def test_schema_is_json_and_describes_customers() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    variants = {variant["title"]: variant for variant in schema["anyOf"]}
    customer = variants["customers file"]["properties"]["customers"]["items"]
    assert customer["required"] == ["id", "name", "consultant"]
    assert customer["properties"]["do_not_contact"]["type"] == "boolean"
    assert customer["properties"]["stage"]["enum"] == ["customer", "prospect", "lost"]
    assert customer["additionalProperties"] is False


def test_shipped_schema_file_is_current() -> None:
    """The demo files point editors at playbook/schema.json: it must match `playbook schema`."""
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0, result.output
    assert (REPO / "playbook" / "schema.json").read_text(encoding="utf-8") == result.output


def test_unexpected_error_exits_3_with_a_report_hint(minimal_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("generator.cli.data_commands.load_dataset", broken)
    result = CliRunner().invoke(cli, ["-C", str(minimal_project), "check"])
    assert result.exit_code == 3
    assert "please report it" in result.stderr


def installed_playbook() -> list[str]:
    script = Path(sys.executable).parent / "playbook"
    if script.exists():
        return [str(script)]
    found = shutil.which("playbook")
    if found is None:
        pytest.fail("the playbook console script is not installed; run `pip install -e .`")
    return [found]


def test_installed_script_checks_the_bad_fixture() -> None:
    folder = REPO / "tests" / "data" / "bad" / "duplicate_keys"
    result = subprocess.run(
        [*installed_playbook(), "check"], cwd=folder, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert result.stderr == (folder / "expected.txt").read_text(encoding="utf-8")


def test_installed_script_version_and_usage_error() -> None:
    version = subprocess.run([*installed_playbook(), "--version"], capture_output=True, text=True, check=False)
    assert version.returncode == 0
    assert version.stdout.strip() == f"playbook, version {__version__}"
    usage = subprocess.run([*installed_playbook(), "no-such-command"], capture_output=True, text=True, check=False)
    assert usage.returncode == 2
    assert "No such command" in usage.stderr
