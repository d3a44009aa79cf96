"""Time `check` and `plan` on a real purchase history against the libyaml floor, same run.

    python bench/real.py [--repeat 3] [--out bench/out]

The data is the CDNOW master file: every purchase of the 23,570 customers who first bought at
the CDNOW online music shop in the first quarter of 1997, up to the end of June 1998 (69,659
transactions: date, number of CDs, dollars). It was published by Peter Fader and Bruce Hardie
("Forecasting repeat sales at CDNOW", Interfaces 31(3), 2001) and ships inside the MIT-licensed
`lifetimes` package on PyPI, which this script downloads with pip at run time (the data is not
kept in this repository). Customers have no names in the data, so each is named after its
number and given to one of 235 synthetic consultants, about 3% of whom have left.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from random import Random

import generate  # bench/ is first on sys.path when this runs as a script
import run

WHEEL = "lifetimes==0.11.3"
MEMBER = "lifetimes/datasets/CDNOW_master.txt"
AS_OF = date(1998, 7, 1)
"""The day after the last transaction."""
CDNOW = -1
"""The size key of this organisation in bench/run.py's tables."""


def fetch(folder: Path) -> bytes:
    """The CDNOW master file, from the lifetimes wheel (downloaded once into `folder`)."""
    wheels = sorted(folder.glob("[Ll]ifetimes-*.whl"))
    if not wheels:
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:", WHEEL, "-d", str(folder)],
            check=True,
        )
        wheels = sorted(folder.glob("[Ll]ifetimes-*.whl"))
    with zipfile.ZipFile(wheels[-1]) as wheel:
        return wheel.read(MEMBER)


def purchases_by_customer(data: bytes) -> dict[str, list[tuple[date, str, int]]]:
    """Customer number -> [(date, dollars, CDs)], in file order (which is by date)."""
    out: dict[str, list[tuple[date, str, int]]] = defaultdict(list)
    for line in data.decode("ascii").splitlines()[1:]:
        fields = line.split()
        if len(fields) != 4:
            continue
        number, day, cds, dollars = fields
        out[number].append((date(int(day[:4]), int(day[4:6]), int(day[6:])), dollars, int(cds)))
    return out


def convert(data: bytes, root: Path, *, seed: int = 1) -> int:
    """Write the purchases as a playbook project under `root`; returns the number of customers."""
    customers = purchases_by_customer(data)
    rng = Random(seed)
    people = generate.make_team(rng, generate.default_consultants(len(customers)))
    for person in people:
        if person.left_on is not None:
            person.left_on = date(1998, 6, rng.randint(1, 28))
    team = [p for p in people if p.role == "consultant"]
    for index, (number, history) in enumerate(sorted(customers.items())):
        owner = team[index % len(team)]
        lines = [
            f"  - id: cdnow-{number}",
            f"    name: CDNOW customer {number}",
            f"    consultant: {owner.id}",
            "    stage: customer",
            f"    region: {owner.region}",
            f"    customer_since: {history[0][0].isoformat()}",
            "    purchases:",
        ]
        for day, dollars, cds in history:
            item = "1 CD" if cds == 1 else f"{cds} CDs"
            lines.append(f"      - {{date: {day.isoformat()}, amount: {dollars}, item: {item}}}")
        owner.customers.append("\n".join(lines))
    for folder in ("content", "playbook", ".playbook-cache"):
        shutil.rmtree(root / folder, ignore_errors=True)
    (root / "content" / "customers").mkdir(parents=True)
    generate.write(root / "content" / "team.yaml", generate.team_yaml(people) + "\n")
    header = "# CDNOW master data set (Fader and Hardie), converted by bench/real.py\ncustomers:\n"
    for person in team:
        for start in range(0, len(person.customers), generate.FILE_SIZE):
            chunk = person.customers[start : start + generate.FILE_SIZE]
            name = f"{person.id}-{start // generate.FILE_SIZE + 1:03d}.yaml"
            generate.write(root / "content" / "customers" / name, header + "\n\n".join(chunk) + "\n")
    generate.copy_playbook_folder(root / "playbook")
    return len(customers)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage; the median is shown")
    parser.add_argument("--out", type=Path, default=run.BENCH / "out")
    parser.add_argument("-v", "--verbose", action="store_true", help="progress on stderr even when it is not a terminal")
    args = parser.parse_args(argv)
    run._VERBOSE = args.verbose
    out = args.out.resolve()
    root = out / "real" / "cdnow"
    count = convert(fetch(out / "real"), root)
    run.LABELS[CDNOW] = f"CDNOW ({count:,})"
    runner = run.Runner(out, args.repeat, as_of=AS_OF.isoformat())
    runner.run(CDNOW, root, ("floor_parse", "floor_parse_nogc", "check", "check_warm", "plan"))
    run.finish(runner, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
