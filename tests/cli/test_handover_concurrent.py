"""`playbook handover` never loses a record (issue 14, failure 2).

Two runs at the same time, or a hand edit while one runs: a record is created exclusively (the
second writer finds the name taken), and a record is replaced only if it still holds what was
read when the run started. The loser says so and exits 1; nothing is lost.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli, write_tree

import generator.plan.handover

TEAM = """\
organization:
  name: Corner Shop
  signatory: olga
people:
  - {id: olga, name: Olga Berg, role: owner}
  - {id: dana, name: Dana Fox, role: consultant}
  - {id: eve, name: Eve Stone, role: consultant}
  - {id: tom, name: Tom Reed, role: consultant, status: departed, left_on: 2026-11-06}
"""

CUSTOMERS = """\
customers:
  - {id: ann, name: Ann Lee, consultant: tom}
  - {id: bo, name: Bo Park, consultant: tom}
"""

RECORD = "content/handovers/2026-11-16-tom.yaml"

HAND_WRITTEN = """\
handover:
  date: 2026-11-16
  from: tom
  by: olga
  assignments:
    - {customer: ann, to: eve, reason: asked for her}
    - {customer: bo, to: eve}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "project",
        {"content/team.yaml": TEAM, "content/customers.yaml": CUSTOMERS, "playbook/rules.yaml": "settings:\n  as_of: 2026-11-16\nrules: []\n"},
    )


def meanwhile(monkeypatch: pytest.MonkeyPatch, action: Any) -> None:
    """Do `action` while `playbook handover` works: after it has read the data, before it writes."""
    propose = generator.plan.handover.propose

    def proposing(*args: Any, **kwargs: Any) -> Any:
        action()
        return propose(*args, **kwargs)

    monkeypatch.setattr(generator.plan.handover, "propose", proposing)


def changed(path: Path) -> str:
    return f"Error: {path} changed while playbook was working (someone edited it or another handover ran); run again\n"


def test_a_record_written_by_another_run_meanwhile_is_kept(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = project / RECORD
    meanwhile(monkeypatch, lambda: write_tree(project, {RECORD: HAND_WRITTEN}))
    result = run_cli("-C", str(project), "handover", "--from", "tom", "--to", "dana", exit_code=1)
    assert result.stderr.endswith(changed(path))
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN
    assert sorted(p.name for p in path.parent.iterdir()) == ["2026-11-16-tom.yaml"]


def test_a_hand_edit_made_while_a_forced_handover_runs_is_kept(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = project / RECORD
    run_cli("-C", str(project), "handover", "--from", "tom", "--to", "dana")
    edited = path.read_text(encoding="utf-8").replace("to: dana", "to: eve", 1)
    meanwhile(monkeypatch, lambda: path.write_text(edited, encoding="utf-8"))
    result = run_cli("-C", str(project), "handover", "--from", "tom", "--to", "eve", "--force", exit_code=1)
    assert result.stderr.endswith(changed(path))
    assert path.read_text(encoding="utf-8") == edited
    assert sorted(p.name for p in path.parent.iterdir()) == ["2026-11-16-tom.yaml"]


def test_a_forced_handover_replaces_a_record_nobody_touched(project: Path) -> None:
    path = project / RECORD
    run_cli("-C", str(project), "handover", "--from", "tom", "--to", "dana")
    result = run_cli("-C", str(project), "handover", "--from", "tom", "--to", "eve", "--force")
    assert result.stderr.endswith(f"playbook: wrote {path}\n")
    assert "to: eve" in path.read_text(encoding="utf-8")
    assert "to: dana" not in path.read_text(encoding="utf-8")
    assert sorted(p.name for p in path.parent.iterdir()) == ["2026-11-16-tom.yaml"]


def test_two_handover_runs_at_the_same_time_never_both_write(project: Path) -> None:
    """Different proposals for the same person and day: one is written, the other says why not.

    Many customers make the time between reading and writing long enough for the runs to overlap.
    """
    many = "".join(f"  - {{id: c{n}, name: C {n}, consultant: tom}}\n" for n in range(3000))
    write_tree(project, {"content/customers.yaml": CUSTOMERS + many})
    playbook = Path(sys.executable).parent / "playbook"
    path = project / RECORD
    for trial in range(4):
        path.unlink(missing_ok=True)
        runs = [
            subprocess.Popen(
                [str(playbook), "-C", str(project), "handover", "--from", "tom", "--to", to],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for to in ("dana", "eve")
        ]
        finished = [(p.wait(timeout=120), p.communicate()[1]) for p in runs]
        wrote = [to for to, (code, err) in zip(("dana", "eve"), finished, strict=True) if code == 0 and "playbook: wrote" in err]
        assert len(wrote) == 1, (trial, finished)
        other = next(err for code, err in finished if "playbook: wrote" not in err)
        assert other.endswith(
            (changed(path), f"Error: {path} already exists and differs from this proposal (edited by hand, or the data changed); keep it, or pass --force to replace it\n")
        ), (trial, finished)
        assert f"to: {wrote[0]}" in path.read_text(encoding="utf-8")
        assert sorted(p.name for p in path.parent.iterdir()) == ["2026-11-16-tom.yaml"]
