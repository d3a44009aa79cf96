"""Referrals on the site: the customer card and the quiet-customers page, names escaped."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import MINIMAL_TEAM, write_tree

from generator.build import render_site
from generator.core.project import Project

TEAM = MINIMAL_TEAM + "  - id: eli\n    name: Eli Park\n    role: consultant\n"
CUSTOMERS = """\
customers:
  - id: ann
    name: <b>Ann & Co</b>
    consultant: dana
    purchases: [{date: 2024-05-01, amount: 400}]
  - id: bob
    name: Bob Stone
    consultant: eli
    referred_by: ann
    purchases: [{date: 2026-11-10, amount: 80}]
  - id: cem
    name: Cem Acar
    consultant: dana
    referred_by: ann
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = write_tree(
        tmp_path_factory.mktemp("referrals"),
        {"content/team.yaml": TEAM, "content/customers.yaml": CUSTOMERS, "playbook/rules.yaml": "rules: []\n"},
    )
    result = render_site(Project.at(root), as_of=date(2026, 11, 16))
    assert result.ok
    return {page.path: page.text for page in result.pages}


def _lines(text: str, start: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(start)]


def test_the_card_links_the_customers_they_sent_and_who_sent_them(pages: dict[str, str]) -> None:
    dana = pages["consultants/dana/customers.md"]
    eli = pages["consultants/eli/customers.md"]
    assert _lines(dana, "<li>Recommended") == [
        '<li>Recommended us to: <a href="../../eli/customers/#bob">Bob Stone</a>, <a href="./#cem">Cem Acar</a></li>',
        '<li>Recommended by: <a href="./#ann">&#60;b&#62;Ann &#38; Co&#60;/b&#62;</a></li>',
    ]
    assert _lines(eli, "<li>Recommended") == [
        '<li>Recommended by: <a href="../../dana/customers/#ann">&#60;b&#62;Ann &#38; Co&#60;/b&#62;</a></li>',
    ]


def test_the_quiet_page_counts_the_referrals_of_each_quiet_customer(pages: dict[str, str]) -> None:
    quiet = pages["reports/quiet.md"]
    assert "| Customer | Consultant | Stage | Last contact | Last purchase | Value at risk | Referrals | Next planned task |" in quiet
    assert _lines(quiet, "| [") == [
        "| [&#60;b&#62;Ann &#38; Co&#60;/b&#62;](../consultants/dana/customers.md#ann) | Dana Fox | customer | never | 2024-05-01 | $400 | 2 | none planned |",
        "| [Cem Acar](../consultants/dana/customers.md#cem) | Dana Fox | customer | never | never | $0 | 0 | none planned |",
    ]


def test_the_home_pages_quiet_list_counts_them_too(pages: dict[str, str]) -> None:
    home = pages["index.md"]
    assert _lines(home, "| [&#60;b&#62;Ann") == [
        "| [&#60;b&#62;Ann &#38; Co&#60;/b&#62;](consultants/dana/customers.md#ann) | Dana Fox | 2024-05-01 | 929 | &#36;400 | 2 |",
    ]
