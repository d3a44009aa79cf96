"""Letters: editable templates, translations, the sandbox, located template errors, escaping."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import REPO, run_cli, write_tree

from generator.cli import cli
from generator.core.project import Project
from generator.documents.letter_templates import DEFAULT_TEMPLATES
from generator.documents.letters import letter_text, parse_letter
from generator.documents.packets import Packet, build_packets, find_handover, packet_html
from generator.load.dataset import load_dataset

TEAM = """\
organization:
  name: Corner Shop
  address: 1 High Street, Leeds
  phone: "0113 496 0000"
  email: hello@corner.example
  signatory: olga
  currency: GBP
people:
  - {id: olga, name: Olga Berg, role: owner, title: Owner, email: olga@corner.example}
  - {id: eve, name: Eve Stone, role: consultant, email: eve@corner.example, phone: "07700 900111", region: south, languages: [en, es]}
  - {id: tom, name: Tom Reed, role: consultant, status: departed, left_on: 2026-11-06}
"""

CUSTOMERS = """\
customers:
  - id: rosa
    name: Rosa Martín
    company: Martín Bakery
    consultant: tom
    language: es
    email: rosa@example.org
    preferred_channel: phone
    customer_since: 2019-04-02
    interests: [sailing]
    purchases:
      - {date: 2026-10-20, amount: 249.00, item: Waterproof jacket}
  - id: ann
    name: Ann Lee
    consultant: tom
    email: ann@example.org
    customer_since: 2020-05-01
    interests: [cycling, baking]
    notes:
      - {date: 2026-09-14, text: Daughter starts university in Leeds this autumn.}
    purchases:
      - {date: 2025-03-01, amount: 80, item: GPS watch}
  - id: bo
    name: "<script>alert(1)</script> [x](javascript:alert(1)) Bo"
    consultant: tom
    language: "../../etc"
    email: bo@example.org
  - id: cy
    name: Cy Day
    consultant: tom
    do_not_contact: true
"""

RECORD = """\
handover:
  date: 2026-11-16
  from: tom
  by: olga
  assignments:
    - {customer: rosa, to: eve, reason: speaks Spanish}
    - {customer: ann, to: eve}
    - {customer: bo, to: eve}
    - {customer: cy, to: eve}
"""


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {
            "content/team.yaml": TEAM,
            "content/customers.yaml": CUSTOMERS,
            "content/handovers/2026-11-16-tom.yaml": RECORD,
            "playbook/rules.yaml": "rules: []\n",
        },
    )


def packet_of(root: Path) -> Packet:
    project = Project.at(root)
    dataset = load_dataset(project, use_cache=False).dataset
    assert dataset is not None
    packets, problems = build_packets(project, dataset, find_handover(dataset, "2026-11-16-tom"))
    assert problems == []
    (packet,) = packets
    return packet


def letters_of(root: Path) -> dict[str, str]:
    return {
        f"{letter.customer.id}-{letter.kind}": letter_text(letter)
        for letter in packet_of(root).letters
    }


def test_the_notice_is_personal_and_names_everyone(shop: Path) -> None:
    assert letters_of(shop)["ann-notice"] == (
        "Dear Ann,\n\n"
        "I am writing to tell you about a change at Corner Shop. Tom Reed, who\n"
        "has looked after you until now, has left us, and from 16 November 2026\n"
        "your consultant will be Eve Stone.\n\n"
        "You have been a customer of ours since May 2020, and your most recent\n"
        "purchase was on 1 March 2025: the GPS watch. Thank you for your loyalty;\n"
        "we want the care you have had from Tom to carry on without a gap.\n\n"
        "Eve will be in touch in the next few days. You are welcome to get in\n"
        "touch directly at any time:\n\n"
        "- Eve Stone\n- Phone: 07700 900111\n- Email: eve@corner.example\n\n"
        "If you would rather speak with me, or with someone else, simply reply to\n"
        "this letter or call us on 0113 496 0000 and we will arrange it.\n\n"
        "With warm regards,\n\n"
        "Olga Berg\nOwner\nCorner Shop\n"
    )


def test_the_introduction_comes_from_the_new_consultant(shop: Path) -> None:
    packet = packet_of(shop)
    intro = next(
        letter
        for letter in packet.letters
        if letter.customer.id == "ann" and letter.kind == "introduction"
    )
    assert intro.sender.id == "eve"
    assert intro.subject == "Hello from Eve Stone at Corner Shop"
    text = letter_text(intro)
    assert "I see that you enjoy cycling." in text
    assert "I would like to know how you prefer to hear from us" in text  # no preferred channel yet
    assert text.endswith("Kind regards,\n\nEve Stone\nCorner Shop\n")


def test_a_customers_language_picks_the_translation(shop: Path) -> None:
    packet = packet_of(shop)
    rosa = [letter for letter in packet.letters if letter.customer.id == "rosa"]
    assert [(letter.kind, letter.language, letter.subject) for letter in rosa] == [
        ("notice", "es", "Su nuevo contacto en Corner Shop"),
        ("introduction", "es", "Un saludo de Eve Stone, de Corner Shop"),
    ]
    paragraphs = [block.lines[0] for block in rosa[0].blocks if block.kind == "paragraph"]
    assert paragraphs[0] == "Hola, Rosa:"
    assert paragraphs[1].endswith(
        "y a partir del 16 de noviembre de 2026 quien le atenderá será Eve Stone."
    )
    assert paragraphs[2].startswith(
        "Es cliente nuestro desde abril de 2019, y su última compra fue el 20 de octubre de 2026: waterproof jacket."
    )
    # an unknown or unsafe language falls back to the default template
    bo = [letter for letter in packet.letters if letter.customer.id == "bo"]
    assert {letter.language for letter in bo} == {"en"}


def test_the_projects_templates_come_first(shop: Path) -> None:
    write_tree(
        shop,
        {
            "playbook/templates/letters/notice.txt.j2": """\
                Subject: News from {{ organization.name }}

                Hello {{ customer.first_name }}, {{ consultant.name }} takes over{% if since %} (since {{ since | month_year }}){% endif %}
                from {{ departing.name }}.
                """,
            "playbook/templates/letters/es/introduction.txt.j2": "Subject: Hola\n\nHola {{ customer.name }}.\n",
        },
    )
    letters = {(letter.customer.id, letter.kind): letter for letter in packet_of(shop).letters}
    ann = letters["ann", "notice"]
    assert ann.subject == "News from Corner Shop"
    # a line ending in {% endif %} keeps its line end; lines of a paragraph are joined
    assert letter_text(ann) == "Hello Ann, Eve Stone takes over (since May 2020) from Tom Reed.\n"
    assert letter_text(letters["rosa", "introduction"]) == "Hola Rosa Martín.\n"
    assert (
        letters["rosa", "notice"].subject == "Su nuevo contacto en Corner Shop"
    )  # shipped translation
    assert letters["ann", "introduction"].subject == "Hello from Eve Stone at Corner Shop"


def test_do_not_contact_customers_get_no_letters(shop: Path) -> None:
    packet = packet_of(shop)
    assert [e.customer.id for e in packet.skipped] == ["cy"]
    assert len(packet.letters) == 6
    assert "Cy Day asked not to be contacted: no letters" in packet_html(packet)


def test_parse_letter_blocks() -> None:
    subject, blocks = parse_letter(
        "\nSubject:  Hi  there\n\nDear A,\n\nOne line\nand more.\nYou can call:\n- Phone: 1\n- Email: x\n\n"
        "Bye,\n\n[signature]\nOlga\n\nOwner\n"
    )
    assert subject == "Hi there"
    assert [(b.kind, b.lines) for b in blocks] == [
        ("paragraph", ("Dear A,",)),
        ("paragraph", ("One line and more. You can call:",)),
        ("list", ("Phone: 1", "Email: x")),
        ("paragraph", ("Bye,",)),
        ("signature", ("Olga", "Owner")),
    ]


# ------------------------------------------------------------------- template errors, located


def export(root: Path, *args: str, exit_code: int = 0) -> Result:
    """`playbook export eml` of the test handover; fails the test unless it exits with `exit_code`."""
    return run_cli(
        "-C", str(root), "export", "eml", "--handover", "2026-11-16-tom", "--output-dir", str(root / "out"), *args,
        exit_code=exit_code,
    )


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "Subject: x\n\n{% if %}\n",
            "3:1: error: template: Expected an expression, got 'end of statement block'",
        ),
        (
            "Subject: x\n\nDear {{ customer.nickname }}\n",
            "3:1: error: template: UndefinedError: 'dict object' has no attribute 'nickname'",
        ),
        (
            "Subject: x\n\n{{ customer.__class__.__mro__ }}\n",
            "3:1: error: template: SecurityError: access to attribute '__class__' of 'dict' object is unsafe.",
        ),
        (
            "Dear {{ customer.name }}\n",
            "1:1: error: template: the letter has no 'Subject: ...' line; start its text with one",
        ),
    ],
)
def test_template_errors_name_the_template_and_line(
    shop: Path, template: str, message: str
) -> None:
    write_tree(shop, {"playbook/templates/letters/notice.txt.j2": template})
    result = export(shop, exit_code=1)
    path = shop / "playbook" / "templates" / "letters" / "notice.txt.j2"
    assert result.stderr == f"{path}:{message}\nplaybook: 1 error, 0 warnings\n"
    assert "Traceback" not in result.output
    assert not (shop / "out").exists()


def test_unknown_handover_and_consultant(shop: Path) -> None:
    result = CliRunner().invoke(
        cli, ["-C", str(shop), "export", "pdf", "--handover", "2026-11-16-tomm"]
    )
    assert result.exit_code == 1
    assert (
        result.stderr
        == "Error: no handover '2026-11-16-tomm' in content/handovers/; did you mean '2026-11-16-tom'?\n"
    )
    result = export(shop, "--to-consultant", "olga", exit_code=1)
    assert (
        result.stderr
        == "Error: 'olga' receives no customers in handover '2026-11-16-tom'; receiving: eve\n"
    )


# ------------------------------------------------------------------- escaping


def test_data_is_text_in_the_packet_html(shop: Path) -> None:
    html = packet_html(packet_of(shop))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1)) Bo" in html
    assert 'href="javascript' not in html


def test_the_demo_ships_the_default_letters() -> None:
    """playbook/templates/letters in this repository is the default set, ready to edit."""
    ours = REPO / "playbook" / "templates" / "letters"
    names = sorted(
        p.relative_to(DEFAULT_TEMPLATES).as_posix() for p in DEFAULT_TEMPLATES.rglob("*.j2")
    )
    assert names == [
        "es/introduction.txt.j2",
        "es/notice.txt.j2",
        "introduction.txt.j2",
        "notice.txt.j2",
    ]
    for name in names:
        assert filecmp.cmp(ours / name, DEFAULT_TEMPLATES / name, shallow=False), name
