"""What letters and call sheets say: wording by stage with true dates, words in the letter's
language, contact details without regions, and the flag for a customer with no postal address."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from conftest import run_cli, write_tree
from test_letters import RECORD, TEAM, packet_of

from generator.documents.letter_language import channel_word, page_words, stage_word
from generator.documents.letters import letter_text
from generator.documents.packets import packet_html

CUSTOMERS = """\
customers:
  - id: lena
    name: Lena Voss
    consultant: tom
    stage: lost
    email: lena@example.org
    address: 4 Mill Lane
    city: Leeds
    customer_since: 2015-09-03
    purchases:
      - {date: 2015-09-03, amount: 50, item: Fleece}
      - {date: 2024-03-14, amount: 164, item: Cycling jacket}
  - id: pia
    name: Pia Ruiz
    consultant: tom
    stage: prospect
    language: es
    preferred_channel: in_person
    email: pia@example.org
    address: Calle Feria 52
    postcode: "41003"
    city: Sevilla
    country: ES
    contacts:
      - {date: 2026-10-02, channel: phone, outcome: no_answer}
  - id: ned
    name: Ned Holt
    consultant: tom
    preferred_channel: phone
    city: Otley
    customer_since: 2020-01-05
"""

RECORD_ALL = RECORD.replace(
    "    - {customer: rosa, to: eve, reason: speaks Spanish}\n"
    "    - {customer: ann, to: eve}\n"
    "    - {customer: bo, to: eve}\n"
    "    - {customer: cy, to: eve}\n",
    "    - {customer: lena, to: eve}\n    - {customer: pia, to: eve}\n    - {customer: ned, to: eve}\n",
)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {
            "content/team.yaml": TEAM.replace("  currency: GBP\n", "  currency: GBP\n  country: GB\n"),
            "content/customers.yaml": CUSTOMERS,
            "content/handovers/2026-11-16-tom.yaml": RECORD_ALL,
            "playbook/rules.yaml": "rules: []\n",
        },
    )


def texts(root: Path) -> dict[str, str]:
    return {f"{x.customer.id}-{x.kind}": letter_text(x) for x in packet_of(root).letters}


def test_a_lost_customer_is_not_thanked_for_loyalty(shop: Path) -> None:
    letters = {name: " ".join(text.split()) for name, text in texts(shop).items()}
    assert "loyalty" not in letters["lena-notice"]
    assert (
        "You first came to us in September 2015, and your last purchase was on 14 March 2024: the "
        "cycling jacket. It has been a while, and we would be glad to look after you again "
        "whenever you need anything."
    ) in letters["lena-notice"]
    assert (
        "I have been reading through your time with us, which goes back to September 2015. It "
        "has been a while since your last purchase, the cycling jacket in March 2024, and I "
        "would be glad to help whenever you need anything."
    ) in letters["lena-introduction"]


def test_a_customer_is_thanked_and_a_prospect_is_not_called_a_customer(shop: Path) -> None:
    letters = texts(shop)
    assert "You have been with us since January 2020, and we are grateful for it." in " ".join(letters["ned-notice"].split())
    notice = " ".join(letters["pia-notice"].split())
    assert "cliente nuestro" not in notice
    assert "Gracias por el interés que nos ha mostrado desde octubre de 2026;" in notice


def test_the_call_sheet_gives_each_stage_its_true_dates(shop: Path) -> None:
    html = unescape(packet_html(packet_of(shop), parts=("callsheet",)))
    metas = [re.sub(r"<[^>]+>", "", m) for m in re.findall(r'<p class="pb-meta">(.*?)</p>', html)]
    assert metas == [
        "Lost · a customer from 3 September 2015 · last purchase 14 March 2024 · bought £214 in all",
        "Customer since 5 January 2020",
        "Prospect · first contact 2 October 2026 · language: es",
    ]
    assert "Lost since" not in html


def test_contact_details_are_name_phone_email_and_the_shop_for_a_visit(shop: Path) -> None:
    letters = texts(shop)
    for text in letters.values():
        assert "Region" not in text and "Zona" not in text and "south" not in text
    assert (
        "- Eve Stone\n- Teléfono: 07700 900111\n- Correo electrónico: eve@corner.example\n"
        "- En la tienda: 1 High Street, Leeds\n"
    ) in letters["pia-notice"]
    assert "En la tienda: 1 High Street, Leeds" in letters["pia-introduction"]
    assert "In the shop" not in letters["ned-notice"]  # prefers a call: no need to come in


def test_words_playbook_supplies_come_in_the_letters_language(shop: Path) -> None:
    letters = texts(shop)
    assert "Eve se pondrá en contacto con usted en los próximos días, en persona, como prefiere." in " ".join(letters["pia-notice"].split())
    assert "Eve will be in touch in the next few days, by phone as you prefer." in " ".join(letters["ned-notice"].split())
    assert channel_word("phone", "es") == "teléfono"
    assert channel_word("email", "no") == "e-post"
    assert channel_word("in_person", "de") == "persönlich"
    assert stage_word("lost", "es") == "antiguo cliente"
    assert stage_word("prospect", "en") == "prospective customer"
    assert page_words("es-mx") == ("Página", "de")
    assert page_words("xx") == ("Page", "of")


def test_letter_templates_may_name_channels_stages_and_countries_in_their_language(shop: Path) -> None:
    write_tree(
        shop,
        {
            "playbook/templates/letters/es/notice.txt.j2": (
                "Subject: x\n\n{{ customer.preferred_channel | channel }}, {{ customer.stage | stage }}, "
                "{{ customer.country | country }}, {{ handover.date | long_date }}\n"
            ),
        },
    )
    assert texts(shop)["pia-notice"] == "en persona, posible cliente, España, 16 de noviembre de 2026\n"


def test_the_address_has_the_country_name_in_the_letters_language(shop: Path) -> None:
    html = unescape(packet_html(packet_of(shop), parts=("letters",)))
    recipients = re.findall(r'<p class="pb-recipient">(.*?)</p>', html)
    assert recipients[4:6] == ["Pia Ruiz<br>Calle Feria 52<br>41003 SEVILLA<br>ESPAÑA"] * 2
    assert recipients[0] == "Lena Voss<br>4 Mill Lane<br>Leeds"  # at home: no country line


def test_a_customer_without_a_postal_address_is_flagged_on_the_cover_and_call_sheet(shop: Path) -> None:
    html = " ".join(unescape(packet_html(packet_of(shop))).split())
    assert (
        '<li class="pb-warning">No postal address and no e-mail for Ned Holt: find the address '
        "before the letters can go, or hand them over in person.</li>"
    ) in html
    assert '<tr><td>Ned Holt <span class="pb-warning">· no postal address</span></td>' in html
    assert (
        '<tr><th>Address</th><td>Otley · <strong class="pb-warning-inline">No postal address and no '
        "e-mail: the letters cannot be sent; ask for the address</strong></td></tr>"
    ) in html
    assert html.count("no postal address") == 1  # Lena and Pia have theirs


def test_check_warns_at_the_customer_when_a_letter_must_be_posted_to_no_address(shop: Path) -> None:
    result = run_cli("-C", str(shop), "check")
    where = shop / "content" / "customers.yaml"
    assert result.stderr.splitlines()[:2] == [
        f"{where}:26:5: warning: customer 'ned': the letters of handover 2026-11-16-tom go by post "
        "(no e-mail address), but a street address is missing; add 'address' and 'city', or an "
        "'email' to send them as e-mail",
        "playbook: 0 errors, 1 warning",
    ]
    write_tree(shop, {"content/customers.yaml": CUSTOMERS.replace("    city: Otley\n", "    address: 2 Kirkgate\n    city: Otley\n")})
    assert run_cli("-C", str(shop), "check").stderr.splitlines()[0] == "playbook: 0 errors, 0 warnings"


def test_e_mail_drafts_name_a_customer_who_can_get_the_letters_neither_way(shop: Path) -> None:
    result = run_cli("-C", str(shop), "export", "eml", "--handover", "2026-11-16-tom", "--output-dir", str(shop / "out"))
    assert result.stderr.splitlines()[0] == (
        "skipped ned: no e-mail address and no postal address; find one before the letters can go"
    )
