"""A deterministic generator of synthetic organisations, for the benchmarks in bench/run.py.

    python bench/generate.py --customers 10000 --seed 7 --out bench/out/org-10000

writes a complete playbook project: content/team.yaml, content/customers/<consultant>-NNN.yaml
(at most 1,000 customers a file), playbook/rules.yaml and mkdocs.yml (the repository's own when it
has them, so the engine and the site are timed on the real rules and theme). The same arguments always give the same bytes: one
`random.Random(seed)` drives every choice, in a fixed order, against a fixed reference date.

The histories aim to look like a real shop's rather than to be uniform: most customers buy a few
times and a few buy often, some stopped buying years ago, prospects have only contacts, many
preferred channels are unknown, a few customers asked not to be contacted, and about 3% of the
consultants have left, so their customers are orphans (warnings, not errors).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from random import Random

AS_OF = date(2026, 11, 16)
"""The date every generated history leads up to; also written as settings.as_of."""
FILE_SIZE = 1000
"""Most customers written to one file."""
REPO = Path(__file__).resolve().parent.parent

FIRST_NAMES = (
    "Ada", "Aisha", "Alba", "Ana", "Anders", "Ann", "Arjun", "Astrid", "Beatriz", "Ben", "Bjørn",
    "Carmen", "Chen", "Chloé", "Dan", "David", "Elena", "Emil", "Emma", "Erik", "Fatima", "Felix",
    "Grace", "Hana", "Harry", "Ines", "Ivan", "Jakub", "James", "Jonas", "José", "Kate", "Kofi",
    "Lars", "Leila", "Lucía", "Luis", "Maja", "Marta", "Mei", "Mohammed", "Nadia", "Noah", "Olga",
    "Olivia", "Omar", "Peter", "Priya", "Rosa", "Ruth", "Sam", "Sara", "Siobhán", "Sofia", "Tom",
    "Yuki", "Zofia",
)
LAST_NAMES = (
    "Berg", "Brown", "Chen", "Cole", "Dubois", "Fernández", "García", "Grant", "Haddad", "Haugen",
    "Hughes", "Ito", "Jensen", "Kaur", "Kowalski", "Langley", "Lee", "López", "Martín", "Mensah",
    "Müller", "Nowak", "O'Brien", "Okafor", "Ortega", "Patel", "Pemberton", "Rahman", "Reed", "Rossi",
    "Santos", "Schmidt", "Silva", "Singh", "Smith", "Suzuki", "Taylor", "Whitlock", "Wong", "Young",
)
REGIONS: dict[str, tuple[str, ...]] = {
    "north": ("Bergen", "Leeds", "York", "Durham", "Newcastle"),
    "south": ("Portsmouth", "Brighton", "Southampton", "Chichester", "Winchester"),
    "east": ("Norwich", "Cambridge", "Ipswich", "Colchester"),
    "west": ("Bristol", "Exeter", "Bath", "Plymouth"),
    "central": ("Oxford", "Coventry", "Leicester", "Nottingham"),
}
STREETS = ("Mill Lane", "Quay Street", "High Street", "Church Road", "Station Road", "Harbour Walk",
           "Sheep Street", "Orchard Close", "Victoria Road", "The Green")
COMPANY_KINDS = ("Bakery", "Sailing Club", "Surveyors", "Joinery", "Dental Practice", "Bookshop",
                 "Garden Centre", "Architects", "Cycle Hire", "Veterinary Surgery")
INTERESTS = ("sailing", "fishing", "hiking", "cycling", "climbing", "photography", "birdwatching",
             "gardening", "running", "camping", "kayaking", "skiing", "cooking", "travel")
ITEMS: tuple[tuple[str, int, int], ...] = (  # (item, lowest price, highest price)
    ("Waterproof jacket", 120, 380), ("Insulated jacket", 150, 420), ("Walking boots", 90, 260),
    ("Boot resoling", 35, 70), ("Buoyancy aid", 60, 180), ("Sailing gloves", 25, 60),
    ("Fishing waders", 110, 300), ("Dry bag set", 25, 55), ("Steel flask", 18, 40),
    ("Walking socks (3 pairs)", 24, 48), ("Camera backpack", 80, 220), ("Jacket reproofing", 20, 35),
    ("Gift card", 25, 200), ("Salopettes", 140, 320), ("Trekking poles", 45, 140),
    ("Tent, two-person", 180, 520), ("Sleeping bag", 90, 340), ("Fleece", 45, 120),
)
NOTE_TEXTS = (
    "Daughter starts university in {city} this autumn.",
    "Training for a charity walk in the spring.",
    "Prefers to be called after six in the evening.",
    "Retired this year; plans a long trip with friends.",
    "Ship to the office, not to the home address.",
    "Has a new grandson, born in {month}.",
    "Moving house to {city} next year.",
    "Asked us to keep an eye out for a {interest} course.",
    "Recovering from a knee operation; no long walks for now.",
    "Organises the {interest} club's annual outing.",
)
CONTACT_NOTES = {
    "reached": ("Thanked them for the order.", "Checked the {item} fitted well.", "Caught up on the {interest} season."),
    "no_answer": ("No answer; try again next week.", "Rang twice, no answer."),
    "left_message": ("Left a message about the {item}.", "Left a voicemail with the new opening hours."),
    "met": ("Came in to try on the {item}.", "Met at the {interest} show."),
    "replied": ("Replied with thanks for the care tips.", "Wrote back: the {item} went down well as a gift."),
}
REVIEW_NOTES = ("Happy with the service.", "Wants faster alterations.", "Would like more choice in small sizes.",
                "Always finds what they need.", "Parking is difficult.")
CHANNELS_BY_OUTCOME = {  # three equally likely channels per outcome, so no e-mail goes unanswered by phone
    "reached": ("phone", "phone", "email"),
    "no_answer": ("phone", "phone", "phone"),
    "left_message": ("phone", "phone", "phone"),
    "met": ("in_person", "in_person", "in_person"),
    "replied": ("email", "email", "letter"),
}
LANGUAGES = (("en", 80), ("es", 8), ("fr", 6), ("de", 6))
OUTCOMES = (("reached", 40), ("no_answer", 20), ("left_message", 15), ("replied", 15), ("met", 10))
_SAFE_PLAIN = re.compile(r"^[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ0-9 .()'-]*[A-Za-zÀ-ɏ0-9.)]$")


def quoted(text: str) -> str:
    """`text` as a YAML scalar: plain when that is unambiguous, double-quoted otherwise."""
    if _SAFE_PLAIN.match(text) and text.lower() not in {"yes", "no", "on", "off", "null", "true", "false"}:
        return text
    return json.dumps(text, ensure_ascii=False)


def ascii_slug(text: str) -> str:
    """A lower-case ASCII slug of a name (accents dropped), for ids and e-mail addresses."""
    table = str.maketrans("áàâäãåçéèêëíìîïñóòôöõøúùûüýÿæœßł", "aaaaaaceeeeiiiinoooooouuuuyyaosl")
    return re.sub(r"[^a-z0-9]+", "-", text.lower().translate(table)).strip("-")


def weighted(rng: Random, choices: Sequence[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


@dataclass
class Person:
    id: str
    name: str
    role: str
    region: str
    languages: list[str]
    status: str = "active"
    left_on: date | None = None
    weight: float = 1.0
    """How many customers this consultant carries, relative to the others."""
    customers: list[str] = field(default_factory=list)
    """The YAML text of each of their customers."""


def make_team(rng: Random, consultants: int) -> list[Person]:
    """An owner, a few managers and `consultants` consultants, about 3% of them departed."""
    people: list[Person] = []
    used: set[str] = set()

    def person(role: str) -> Person:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        base = f"{ascii_slug(first)}-{ascii_slug(last)}"
        pid, n = base, 1
        while pid in used:
            n += 1
            pid = f"{base}-{n}"
        used.add(pid)
        languages = ["en"] + ([weighted(rng, LANGUAGES[1:])] if rng.random() < 0.2 else [])
        return Person(pid, f"{first} {last}", role, rng.choice(list(REGIONS)), languages)

    people.append(person("owner"))
    people.extend(person("manager") for _ in range(max(1, consultants // 25)))
    team = [person("consultant") for _ in range(consultants)]
    departed = max(1, round(consultants * 0.03))
    for member in rng.sample(team, departed):
        member.status = "departed"
        member.left_on = AS_OF - timedelta(days=rng.randint(5, 60))
    for member in team:
        member.weight = rng.uniform(0.5, 1.5)
    return people + team


def team_yaml(people: list[Person]) -> str:
    owner = people[0]
    out = [
        "# yaml-language-server: $schema=../playbook/schema.json",
        "organization:",
        "  name: Northwind Outdoor (synthetic)",
        '  address: "1 Harbour Walk, Portsmouth"',
        '  phone: "023 9200 0000"',
        "  email: hello@example.com",
        "  website: https://www.example.com",
        f"  signatory: {owner.id}",
        "  currency: GBP",
        "",
        "people:",
    ]
    for i, p in enumerate(people):
        out += [
            f"  - id: {p.id}",
            f"    name: {quoted(p.name)}",
            f"    role: {p.role}",
            f"    email: {p.id}@example.com",
            f'    phone: "07700 {900000 + i:06d}"',
            f"    region: {p.region}",
            f"    languages: [{', '.join(p.languages)}]",
        ]
        if p.role == "consultant":
            out.append(f"    capacity: {int(p.weight * 150)}")
        out.append(f"    status: {p.status}")
        if p.left_on:
            out.append(f"    left_on: {p.left_on.isoformat()}")
        out.append("")
    return "\n".join(out)


def make_customer(rng: Random, number: int, owner: Person, team: list[Person]) -> str:
    """The YAML text of one customer entry, history included."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    cid = f"{ascii_slug(first)}-{ascii_slug(last)}-{number}"
    region = owner.region if rng.random() < 0.9 else rng.choice(list(REGIONS))
    city = rng.choice(REGIONS[region])
    stage = weighted(rng, (("customer", 70), ("prospect", 20), ("lost", 10)))
    interests = rng.sample(INTERESTS, rng.choice((0, 1, 1, 2, 2, 3)))
    lines = [
        f"  - id: {cid}",
        f"    name: {quoted(f'{first} {last}')}",
        f"    consultant: {owner.id}",
    ]
    if rng.random() < 0.3:
        lines.append(f"    company: {quoted(f'{last} {rng.choice(COMPANY_KINDS)}')}")
    lines.append(f"    language: {weighted(rng, LANGUAGES)}")
    lines.append(f"    stage: {stage}")
    if rng.random() < 0.85:
        lines.append(f"    email: {ascii_slug(first)}.{ascii_slug(last)}{number}@example.org")
    if rng.random() < 0.7:
        lines.append(f'    phone: "07{rng.randint(100, 999)} {rng.randint(100000, 999999)}"')
    if rng.random() < 0.6:
        lines.append(f'    address: "{rng.randint(1, 120)} {rng.choice(STREETS)}"')
    lines.append(f"    city: {city}")
    lines.append(f"    region: {region}")
    if rng.random() < 0.1:
        lines.append(f'    country: "{rng.choice(("NO", "ES", "FR", "DE", "IE"))}"')
    if rng.random() < 0.55:
        lines.append(f"    preferred_channel: {rng.choice(('email', 'phone', 'phone', 'in_person'))}")
    if rng.random() < 0.01:
        lines.append("    do_not_contact: true")
    roll = rng.random()
    if roll < 0.35:
        born = date(rng.randint(1940, 2004), rng.randint(1, 12), rng.randint(1, 28))
        lines.append(f"    birthday: {born.isoformat()}")
    elif roll < 0.55:
        lines.append(f'    birthday: "--{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"')
    since = AS_OF - timedelta(days=rng.randint(20, 15 * 365))
    if stage != "prospect":
        lines.append(f"    customer_since: {since.isoformat()}")
    else:
        since = AS_OF - timedelta(days=rng.randint(5, 400))
        if rng.random() < 0.7:
            lines.append(f"    expected_value: {rng.randint(2, 60) * 50}")
    if interests:
        lines.append(f"    interests: [{', '.join(interests)}]")
    lines += _history(rng, stage, since, owner, team, city, interests)
    return "\n".join(lines)


def _history(
    rng: Random, stage: str, since: date, owner: Person, team: list[Person], city: str, interests: list[str]
) -> list[str]:
    """Notes, purchases, contacts and reviews, all between `since` and AS_OF."""
    span = (AS_OF - since).days
    lines: list[str] = []
    notes = sorted(since + timedelta(days=rng.randint(0, span)) for _ in range(rng.choice((0, 0, 1, 1, 2, 3))))
    interest = interests[0] if interests else "walking"
    if notes:
        lines.append("    notes:")
        for day in notes:
            text = rng.choice(NOTE_TEXTS).format(city=city, month=day.strftime("%B"), interest=interest)
            lines += [f"      - date: {day.isoformat()}", f"        text: {quoted(text)}"]
    purchases: list[tuple[date, str]] = []
    if stage != "prospect":
        count = min(20, int(rng.expovariate(1 / 5)) + 1)
        active_until = span if stage == "customer" and rng.random() < 0.75 else rng.randint(0, max(0, span - 400))
        if stage == "lost":
            active_until = rng.randint(0, max(0, span - 730))
        days = sorted(rng.randint(0, active_until) for _ in range(count))
        if days:
            lines.append("    purchases:")
        for offset in days:
            day = since + timedelta(days=offset)
            item, low, high = rng.choice(ITEMS)
            cents = rng.choice(("00", "00", "50", "95", "99"))
            lines.append(f"      - {{date: {day.isoformat()}, amount: {rng.randint(low, high)}.{cents}, item: {quoted(item)}}}")
            purchases.append((day, item))
    contacts: list[tuple[date, str]] = []
    for day, item in purchases:
        if rng.random() < 0.5 and day + timedelta(days=3) < AS_OF:
            contacts.append((day + timedelta(days=rng.randint(1, 10)), item))
    for _ in range(rng.choice((0, 1, 1, 2, 3, 5))):
        contacts.append((since + timedelta(days=rng.randint(0, span)), rng.choice(ITEMS)[0]))
    contacts = sorted(c for c in contacts if c[0] < AS_OF)
    if contacts:
        lines.append("    contacts:")
    for day, item in contacts:
        outcome = weighted(rng, OUTCOMES)
        channel = CHANNELS_BY_OUTCOME[outcome][rng.randrange(3)]
        by = owner if rng.random() < 0.85 else rng.choice(team)
        author = f"by: {by.id}, " if by.left_on is None or day <= by.left_on else ""
        note = rng.choice(CONTACT_NOTES[outcome]).format(item=item.lower(), interest=interest)
        lines.append(
            f"      - {{date: {day.isoformat()}, channel: {channel}, {author}outcome: {outcome}, note: {quoted(note)}}}"
        )
    if stage == "customer" and span > 365 and rng.random() < 0.4:
        lines.append("    reviews:")
        for _ in range(rng.choice((1, 1, 2))):
            day = since + timedelta(days=rng.randint(180, span))
            lines.append(f"      - {{date: {day.isoformat()}, rating: {rng.choice((3, 4, 4, 5, 5, 5))}, note: {quoted(rng.choice(REVIEW_NOTES))}}}")
    return lines


def default_consultants(customers: int) -> int:
    """About 100 customers a consultant, and never fewer than four consultants."""
    return max(4, customers // 100)


def generate(out: Path, *, customers: int, consultants: int | None = None, seed: int = 0) -> Path:
    """Write a complete project under `out` (replacing its content/ and playbook/)."""
    rng = Random(seed)
    people = make_team(rng, consultants if consultants is not None else default_consultants(customers))
    team = [p for p in people if p.role == "consultant"]
    weights = [p.weight for p in team]
    for number in range(1, customers + 1):
        owner = rng.choices(team, weights=weights)[0]
        owner.customers.append(make_customer(rng, number, owner, team))

    for folder in ("content", "playbook", ".playbook-cache"):
        shutil.rmtree(out / folder, ignore_errors=True)
    (out / "content" / "customers").mkdir(parents=True)
    (out / "playbook").mkdir(parents=True)
    write(out / "content" / "team.yaml", team_yaml(people) + "\n")
    header = "# yaml-language-server: $schema=../../playbook/schema.json\ncustomers:\n"
    for person in team:
        for start in range(0, len(person.customers), FILE_SIZE):
            chunk = person.customers[start : start + FILE_SIZE]
            name = f"{person.id}-{start // FILE_SIZE + 1:03d}.yaml"
            write(out / "content" / "customers" / name, header + "\n\n".join(chunk) + "\n")
    copy_playbook_folder(out / "playbook")
    copy_site_config(out)
    return out


def copy_playbook_folder(target: Path) -> None:
    """The repository's rules and templates when it has them, so the engine runs on real rules."""
    source = REPO / "playbook"
    rules = source / "rules.yaml"
    if rules.is_file():
        shutil.copytree(source, target, dirs_exist_ok=True)
    else:
        write(target / "rules.yaml", f"settings:\n  as_of: {AS_OF.isoformat()}\nrules: []\n")


def copy_site_config(out: Path) -> None:
    """The repository's mkdocs.yml, so the site is built with the real theme and extensions.

    Its docs folder (hand-written pages) is left empty: every page is generated.
    """
    source = REPO / "mkdocs.yml"
    (out / "mkdocs.yml").unlink(missing_ok=True)
    if not source.is_file():
        return
    text = re.sub(r"(?m)^site_name:.*$", "site_name: Northwind Outdoor (synthetic) playbook", source.read_text(encoding="utf-8"), count=1)
    write(out / "mkdocs.yml", text)
    (out / "content" / "pages").mkdir(exist_ok=True)


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, required=True)
    parser.add_argument("--consultants", type=int, help="default: customers // 100, at least 4")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    generate(args.out, customers=args.customers, consultants=args.consultants, seed=args.seed)
    print(f"wrote {args.out}", file=sys.stderr)  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
