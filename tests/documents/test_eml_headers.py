"""E-mail drafts: no value can add a header line or start the body (issue 14, failure 8).

The loader refuses line breaks in one-line fields; the .eml writer flattens them as well, so a
value that reached it some other way still cannot forge a header.
"""

from __future__ import annotations

import dataclasses
from email import policy
from email.parser import BytesParser
from pathlib import Path

from conftest import run_cli, write_tree
from test_letters import CUSTOMERS, RECORD, TEAM

from generator.core.project import Project
from generator.documents.export import drafts, load_packets, one_header_line
from generator.load.dataset import load_dataset

FORGED = "Rosa\r\nBcc: all@evil.example\r\n\r\nKind regards,\nOlga Berg, Owner"


def _shop(tmp_path: Path, customers: str = CUSTOMERS) -> Path:
    return write_tree(tmp_path / "shop", {
        "content/team.yaml": TEAM,
        "content/customers.yaml": customers,
        "content/handovers/2026-11-16-tom.yaml": RECORD,
        "playbook/rules.yaml": "rules: []\n",
    })


def test_a_forged_name_is_refused_before_any_draft_is_written(tmp_path: Path) -> None:
    root = _shop(tmp_path, CUSTOMERS.replace("    name: Rosa Martín\n", '    name: "Rosa Martín\\nBcc: all@evil.example"\n'))
    out = tmp_path / "out"
    result = run_cli("-C", str(root), "export", "eml", "--handover", "2026-11-16-tom", "--output-dir", str(out), exit_code=1)
    assert result.stderr.splitlines() == [
        f"{root}/content/customers.yaml:3:11: error: customer 'rosa': 'name' must be one line of text, but holds a line break after 'Rosa Martín'; write it on one line",
        "playbook: 1 error, 0 warnings",
    ]
    assert not out.exists()


def test_the_writer_flattens_line_breaks_in_every_header(tmp_path: Path) -> None:
    project = Project.at(_shop(tmp_path))
    dataset = load_dataset(project).dataset
    assert dataset is not None
    customers = tuple(dataclasses.replace(c, name=FORGED) if c.id == "rosa" else c for c in dataset.customers)
    organization = dataclasses.replace(dataset.organization, name="Corner\r\nBcc: all@evil.example")
    edited = dataclasses.replace(dataset, customers=customers, organization=organization)
    _, packets, _ = load_packets(project, edited, "2026-11-16-tom")
    made, _ = drafts(packets)
    draft = next(d for d in made if d.name == "rosa-notice.eml")
    raw = draft.message.as_bytes(policy=policy.SMTP)
    headers = raw.split(b"\r\n\r\n", 1)[0].decode()
    assert "\nBcc" not in headers
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    assert msg["Bcc"] is None
    assert msg["To"].addresses[0].display_name == "Rosa Bcc: all@evil.example Kind regards, Olga Berg, Owner"
    assert msg["Subject"] == "Su nuevo contacto en Corner"


def test_one_header_line() -> None:
    assert one_header_line("Hello\r\nBcc: x\u2028y\x00z\tend ") == "Hello Bcc: x y z end"
