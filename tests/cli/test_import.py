"""`playbook import csv`: exports of HubSpot, Salesforce and Shopify, and plain files, as new YAML."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import run_cli, write_tree

from generator.core import model
from generator.core.project import Project
from generator.load.dataset import load_dataset

TEAM = """\
organization:
  name: Corner Shop
  signatory: olga
people:
  - id: olga
    name: Olga Berg
    role: owner
    email: olga@shop.example
  - id: dana
    name: Dana Fox
    role: consultant
    email: dana@shop.example
  - id: lucia
    name: Lucía Fernández
    role: consultant
    email: lucia@shop.example
"""

CUSTOMERS = """\
customers:
  - id: ann-lee
    name: Ann Lee
    consultant: dana
    email: Ann@Example.org
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "shop",
        {"content/team.yaml": TEAM, "content/customers.yaml": CUSTOMERS, "playbook/rules.yaml": "rules: []\n"},
    )


def export(tmp_path: Path, name: str, text: str, *, encoding: str = "utf-8", bom: bool = False) -> Path:
    """An export as a spreadsheet saves it: CRLF line ends, in `encoding`, with or without a BOM."""
    path = tmp_path / name
    data = text.replace("\n", "\r\n").encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def customers(project: Path) -> dict[str, model.Customer]:
    result = load_dataset(Project.at(project), use_cache=False)
    assert result.dataset is not None, [str(p) for p in result.problems.items]
    return {c.id: c for c in result.dataset.customers}


def tree(root: Path) -> dict[str, bytes]:
    """The project's inputs (the parse cache, which any command may refresh, left aside)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".playbook-cache" not in p.parts}


HUBSPOT = """\
Record ID;First Name;Last Name;Email;Phone Number;Company Name;Contact owner;Lifecycle Stage;Create Date;Street Address;City;Postal Code;Country/Region;Job Title
101;Zoë;Müller;zoe@example.org;'+1 617 555 0100;Acme: #1;Dana Fox;Customer;03/05/2024 14:22;1 Main St;Boston;02134;NO;CEO
102;Ann;Lee;ann@example.org;;;dana@shop.example;Lead;2024-03-05;;;;;
103;Bob;Stone;bob@example.org;0712 345678;;Dana  fox;customer;2024-13-05;;;;;
104;Cy;Hart;cy@example.org;;;Lucia Fernandez;Opportunity;2024-03-05;;;;;
105;Di;Vale;di@example.org;;;LUCIA@shop.example;Other;2024-03-05;;;;;
106;Ed;Moss;ed@example.org;;;olga;salesqualifiedlead;;;;;;
"""


def test_a_hubspot_export_saved_by_excel(project: Path, tmp_path: Path) -> None:
    csv = export(tmp_path, "hubspot.csv", HUBSPOT, encoding="cp1252")
    result = run_cli("-C", str(project), "import", "csv", str(csv), exit_code=1)
    assert result.stderr.splitlines() == [
        f"playbook: read {csv}: 6 rows, Windows-1252, separated by ';', the hubspot layout of customers",
        "playbook: columns not imported: Job Title",
        f"{csv}: row 4: refused: date '2024-13-05' is not a day of the calendar",
        f"{csv}: row 5: refused: owner 'Lucia Fernandez' is nobody in content/team.yaml; did you mean 'Lucía Fernández'?",
        f"{csv}: row 6: left out: lifecycle stage 'Other' is not a customer or a prospect",
        f"playbook: 2 added, 1 already present, 2 refused, 1 left out; wrote {project}/content/customers/hubspot.yaml (2 customers)",
    ]
    found = customers(project)
    zoe = found["zoe-muller"]
    assert (zoe.name, zoe.consultant, zoe.stage, zoe.company) == ("Zoë Müller", "dana", "customer", "Acme: #1")
    assert (zoe.phone, zoe.postcode, zoe.country, zoe.address) == ("+1 617 555 0100", "02134", "NO", "1 Main St")
    assert (zoe.external_id, zoe.customer_since) == ("101", date(2024, 3, 5))
    assert (found["ed-moss"].consultant, found["ed-moss"].stage, found["ed-moss"].customer_since) == ("olga", "prospect", None)
    assert found["ann-lee"].external_id is None  # the existing customer, matched by e-mail, is untouched
    assert run_cli("-C", str(project), "check").exit_code == 0


def test_owners_by_name_and_by_e_mail_and_a_second_import_adds_nothing(project: Path, tmp_path: Path) -> None:
    text = """\
Record ID,First Name,Last Name,Email,Contact owner,Lifecycle Stage
201,Bob,Stone,bob@example.org,Dana  fox,Marketing Qualified Lead
202,Cy,Hart,cy@example.org,LUCIA@shop.example,Customer
203,Cy,Hart,cy2@example.org,Lucía Fernández,evangelist
"""
    csv = export(tmp_path, "hubspot.csv", text, bom=True)
    first = run_cli("-C", str(project), "import", "csv", str(csv))
    assert first.stderr.splitlines()[-1] == (
        f"playbook: 3 added, 0 already present, 0 refused; wrote {project}/content/customers/hubspot.yaml (3 customers)"
    )
    found = customers(project)
    assert [(c.id, c.consultant, c.stage) for c in found.values() if c.external_id] == [
        ("bob-stone", "dana", "prospect"),
        ("cy-hart", "lucia", "customer"),
        ("cy-hart-2", "lucia", "customer"),
    ]
    before = tree(project)
    again = run_cli("-C", str(project), "import", "csv", str(csv))
    assert again.stderr.splitlines()[-1] == "playbook: 0 added, 3 already present, 0 refused; nothing new to write"
    assert tree(project) == before


SALESFORCE = """\
Contact ID,First Name,Last Name,Email,Phone,Account Name,Contact Owner,Mailing Street,Mailing City,Mailing State/Province,Mailing Zip/Postal Code,Mailing Country,Created Date,Birthdate
003A1,Nils,Berg,nils@example.no,0712 345678,Fjord AS,olga@shop.example,"Storgata 1
Leilighet 2",Oslo,,0150,NO,12/31/2023,2/1/1980
003A2,Kim,Park,kim@example.org,,,Dana Fox,2 High St,Boston,MA,02134,US,"3/5/2024, 2:22 PM",
003A3,Lee,Wong,not-an-address,,,Dana Fox,,,,,,1/2/2024,
"""


def test_a_salesforce_report_with_a_two_line_street_and_us_dates(project: Path, tmp_path: Path) -> None:
    csv = export(tmp_path, "contacts.csv", SALESFORCE)
    result = run_cli("-C", str(project), "import", "csv", str(csv), exit_code=1)
    assert result.stderr.splitlines()[1:] == [
        f"{csv}: row 4: refused: e-mail 'not-an-address' is not an address like name@example.com",
        f"playbook: 2 added, 0 already present, 1 refused; wrote {project}/content/customers/contacts.yaml (2 customers)",
    ]
    assert result.stderr.splitlines()[0].endswith("the salesforce layout of customers")
    found = customers(project)
    nils, kim = found["nils-berg"], found["kim-park"]
    assert (nils.address, nils.postcode, nils.country, nils.company) == ("Storgata 1\nLeilighet 2", "0150", "NO", "Fjord AS")
    assert (nils.consultant, nils.customer_since, nils.external_id) == ("olga", date(2023, 12, 31), "003A1")
    assert nils.birthday == model.BirthdayValue(2, 1, 1980)
    assert (kim.region, kim.postcode, kim.customer_since) == ("MA", "02134", date(2024, 3, 5))
    assert run_cli("-C", str(project), "check").exit_code == 0


def test_a_day_first_date_makes_ambiguous_dates_refused(project: Path, tmp_path: Path) -> None:
    text = "Contact ID,First Name,Last Name,Contact Owner,Mailing Street,Created Date\n1,Al,Ng,dana,,25/03/2024\n2,Bo,Ek,dana,,03/05/2024\n"
    csv = export(tmp_path, "eu.csv", text)
    result = run_cli("-C", str(project), "import", "csv", str(csv), "--dry-run", exit_code=1)
    assert result.stderr.splitlines()[1:3] == [
        "playbook: dates: row 2 has the day-first date '25/03/2024', so dates such as 03/05/2024 are refused as ambiguous instead of read month first",
        f"{csv}: row 3: refused: date '03/05/2024' could be 2024-03-05 or 2024-05-03; write it as YYYY-MM-DD",
    ]


SHOPIFY_CUSTOMERS = """\
Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Address1,Default Address Address2,Default Address City,Default Address Province Code,Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Total Spent,Total Orders,Note,Tax Exempt
7001,Ola,Nordmann,ola@example.no,yes,,Storgata 1,Leilighet 2,Oslo,,NO,'0150,,'+47 912 34 567,120.00,1,,no
7002,Ann,Lee,ANN@EXAMPLE.ORG,no,,,,,,,,,,0.00,0,,no
"""


def test_a_shop_export_has_no_owner_so_it_needs_a_consultant(project: Path, tmp_path: Path) -> None:
    csv = export(tmp_path, "customers_export.csv", SHOPIFY_CUSTOMERS)
    result = run_cli("-C", str(project), "import", "csv", str(csv), exit_code=2)
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--consultant': the file has no owner column, so playbook cannot tell whose "
        "customers they are; pass --consultant ID to give them to one consultant (or --map COLUMN=consultant)"
    )
    unknown = run_cli("-C", str(project), "import", "csv", str(csv), "--consultant", "dan", exit_code=2)
    assert unknown.stderr.splitlines()[-1] == "Error: Invalid value for '--consultant': no person 'dan' in content/team.yaml; did you mean 'dana'?"
    done = run_cli("-C", str(project), "import", "csv", str(csv), "--consultant", "dana")
    assert done.stderr.splitlines()[-1] == (
        f"playbook: 1 added, 1 already present, 0 refused; wrote {project}/content/customers/customers-export.yaml (1 customer)"
    )
    ola = customers(project)["ola-nordmann"]
    assert (ola.address, ola.postcode, ola.country, ola.phone) == ("Storgata 1\nLeilighet 2", "0150", "NO", "+47 912 34 567")


SHOPIFY_ORDERS = """\
Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price
#1001,ann@example.org,paid,2025-10-07 09:50:26 +0200,fulfilled,EUR,53.91,53.91,2025-10-07 09:50:26 +0200,2,Wool socks,9.95
#1001,,,,,,,,,1,Gloves,34.01
#1002,ann@example.org,refunded,2025-10-08 10:00:00 +0200,,EUR,20.00,20.00,2025-10-08 10:00:00 +0200,1,Hat,20.00
#1003,nobody@example.org,paid,2025-10-09 10:00:00 +0200,,EUR,20.00,20.00,2025-10-09 10:00:00 +0200,1,Hat,20.00
#1004,ann@example.org,paid,2025-10-10 11:00:00 +0200,,EUR,12.50,12.50,2025-10-10 11:00:00 +0200,1,Wax,12.50
"""


def test_a_shopify_order_export_makes_one_purchase_per_order(project: Path, tmp_path: Path) -> None:
    csv = export(tmp_path, "orders_export.csv", SHOPIFY_ORDERS)
    result = run_cli("-C", str(project), "import", "csv", str(csv), exit_code=1)
    assert result.stderr.splitlines() == [
        f"playbook: read {csv}: 5 rows, UTF-8, separated by ',', the shopify layout of purchases",
        "playbook: columns not imported: Fulfillment Status, Currency, Subtotal, Lineitem price",
        f"{csv}: row 4: left out: order #1002 is refunded, not paid: not a purchase",
        f"{csv}: row 5: refused: no customer has the email 'nobody@example.org'; import the customers first (playbook import csv --kind customers)",
        f"playbook: 2 added, 0 already present, 1 refused, 1 left out; wrote {project}/content/purchases/orders-export.yaml (2 purchases)",
    ]
    ann = customers(project)["ann-lee"]
    assert ann.purchases == (
        model.Purchase(date=date(2025, 10, 7), amount=Decimal("53.91"), item="Wool socks (2), Gloves", external_id="#1001"),
        model.Purchase(date=date(2025, 10, 10), amount=Decimal("12.50"), item="Wax", external_id="#1004"),
    )
    assert run_cli("-C", str(project), "check").exit_code == 0
    again = run_cli("-C", str(project), "import", "csv", str(csv), exit_code=1)
    assert again.stderr.splitlines()[-1] == "playbook: 0 added, 2 already present, 1 refused, 1 left out; nothing new to write"


def test_generic_contacts_and_their_duplicates(project: Path, tmp_path: Path) -> None:
    text = "customer;date;channel;outcome;by;note\nann-lee;2025-11-03;Call;no answer;Dana Fox;Rang twice\nann-lee;2025-11-04;meeting;;olga@shop.example;<script>alert(1)</script>\nann-lee;2025-11-04;in_person;;;again\nann;2025-11-05;email;;;\n"
    csv = export(tmp_path, "log.csv", text)
    result = run_cli("-C", str(project), "import", "csv", str(csv), "--kind", "contacts", exit_code=1)
    assert result.stderr.splitlines()[1:] == [
        f"{csv}: row 5: refused: customer 'ann' is not in the customer files; did you mean 'ann-lee'?",
        f"playbook: 2 added, 1 already present, 1 refused; wrote {project}/content/contacts/log.yaml (2 contacts)",
    ]
    contacts = customers(project)["ann-lee"].contacts
    assert [(c.date, c.channel, c.outcome, c.by, c.note) for c in contacts] == [
        (date(2025, 11, 3), "phone", "no_answer", "dana", "Rang twice"),
        (date(2025, 11, 4), "in_person", "reached", "olga", "<script>alert(1)</script>"),
    ]
    again = run_cli("-C", str(project), "import", "csv", str(csv), "--kind", "contacts", exit_code=1)
    assert again.stderr.splitlines()[-1] == "playbook: 0 added, 3 already present, 1 refused; nothing new to write"


def test_generic_purchases_found_by_the_customers_record_id(project: Path, tmp_path: Path) -> None:
    people = export(tmp_path, "people.csv", "external_id,name,consultant\nC-9,Jo Ray,dana\n")
    run_cli("-C", str(project), "import", "csv", str(people))
    sales = export(tmp_path, "sales.csv", "customer_external_id;date;amount;item;external_id\nC-9;2025-01-02;12,50;Wax;S1\nC-9;2025-01-02;12.50;Wax;S2\nC-9;2025-01-03;9.00;Oil;\nC-9;2025-01-03;9.00;Oil;\n")
    result = run_cli("-C", str(project), "import", "csv", str(sales), "--kind", "purchases")
    assert result.stderr.splitlines()[-1] == (
        f"playbook: 3 added, 1 already present, 0 refused; wrote {project}/content/purchases/sales.yaml (3 purchases)"
    )
    assert customers(project)["jo-ray"].purchases == (
        model.Purchase(date=date(2025, 1, 2), amount=Decimal("12.50"), item="Wax", external_id="S1"),
        model.Purchase(date=date(2025, 1, 2), amount=Decimal("12.50"), item="Wax", external_id="S2"),
        model.Purchase(date=date(2025, 1, 3), amount=Decimal("9.00"), item="Oil"),
    )
    again = run_cli("-C", str(project), "import", "csv", str(sales), "--kind", "purchases")
    assert again.stderr.splitlines()[-1] == "playbook: 0 added, 4 already present, 0 refused; nothing new to write"


def test_a_hostile_cell_stays_data(project: Path, tmp_path: Path) -> None:
    text = 'name,email,consultant,company\n"=HYPERLINK(""http://evil.example"",""click"")",eve@example.org,dana,<b>Bold</b> & co\n'
    csv = export(tmp_path, "hostile.csv", text)
    run_cli("-C", str(project), "import", "csv", str(csv))
    eve = customers(project)["hyperlink-http-evil-example-click"]
    assert (eve.name, eve.company) == ('=HYPERLINK("http://evil.example","click")', "<b>Bold</b> & co")
    assert run_cli("-C", str(project), "check").exit_code == 0


def test_dry_run_writes_nothing_and_shows_the_file(project: Path, tmp_path: Path) -> None:
    csv = export(tmp_path, "people.csv", "name,consultant,postcode,country,phone\nJo: #1,dana,02134,NO,12:30\n")
    before = tree(project)
    result = run_cli("-C", str(project), "import", "csv", str(csv), "--dry-run")
    assert tree(project) == before
    assert result.stdout.splitlines()[2:] == [
        "customers:",
        "- id: jo-1",
        "  name: 'Jo: #1'",
        "  consultant: dana",
        "  phone: '12:30'",
        "  postcode: '02134'",
        "  country: 'NO'",
    ]
    assert result.stderr.splitlines()[-1] == (
        f"playbook: dry run: 1 added, 0 already present, 0 refused; would write {project}/content/customers/people.yaml (1 customer); nothing was written"
    )


def test_map_names_a_field_or_exits_2(project: Path, tmp_path: Path) -> None:
    csv = export(tmp_path, "plain.csv", "Full name,Owner,Zip Code\nJo Ray,dana,02134\n")
    bad_field = run_cli("-C", str(project), "import", "csv", str(csv), "--map", "Zip Code=postcod", exit_code=2)
    assert bad_field.stderr.splitlines()[-1] == "Error: Invalid value for '--map': no customers field 'postcod'; did you mean 'postcode'?"
    bad_column = run_cli("-C", str(project), "import", "csv", str(csv), "--map", "Zip=postcode", exit_code=2)
    assert bad_column.stderr.splitlines()[-1] == "Error: Invalid value for '--map': the file has no column 'Zip'; its columns: Full name, Owner, Zip Code"
    no_name = run_cli("-C", str(project), "import", "csv", str(csv), "--map", "Owner=consultant", exit_code=2)
    assert no_name.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--map': the file has no column for 'name' or 'first_name' or 'last_name' or 'company' "
        "in the generic layout of customers; name one with --map COLUMN=name"
    )
    run_cli("-C", str(project), "import", "csv", str(csv), "--map", "Full name=name", "--map", "Owner=consultant", "--map", "Zip Code=postcode")
    assert customers(project)["jo-ray"].postcode == "02134"


def test_shopifys_customer_export_before_2023(project: Path, tmp_path: Path) -> None:
    text = "First Name,Last Name,Email,Company,Address1,Address2,City,Province,Province Code,Country,Country Code,Zip,Phone,Accepts Marketing,Total Spent,Total Orders,Tags,Note,Tax Exempt\nOla,Nordmann,ola@example.no,,Storgata 1,,Oslo,,,Norway,NO,'0150,,yes,0.00,0,,,no\n"
    csv = export(tmp_path, "customers.csv", text)
    result = run_cli("-C", str(project), "import", "csv", str(csv), "--consultant", "dana")
    assert result.stderr.splitlines()[0].endswith("the shopify layout of customers")
    ola = customers(project)["ola-nordmann"]
    assert (ola.address, ola.postcode, ola.country, ola.consultant) == ("Storgata 1", "0150", "NO", "dana")


def test_a_preset_without_the_kind_exits_2(project: Path, tmp_path: Path) -> None:
    csv = export(tmp_path, "x.csv", "customer,date,channel\n")
    result = run_cli("-C", str(project), "import", "csv", str(csv), "--preset", "hubspot", "--kind", "contacts", exit_code=2)
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--kind': the hubspot preset reads customers, not contacts; use --preset generic with the field names as columns"
    )


TILL = """\
purchases:
- customer: ann-lee
  date: 2025-01-02
  amount: 12.50
  item: Wax
"""


def test_an_amount_finer_than_cents_is_refused_at_its_cell_and_nothing_is_written(project: Path, tmp_path: Path) -> None:
    """The customer files' rule for amounts (`scalars.money_mistake`) refuses the row, naming the
    file, the row and the column, where such an amount used to end the import as a bug (exit 3)."""
    write_tree(project, {"content/purchases/till.yaml": TILL})
    text = 'email,date,amount,item\nann@example.org,2025-01-03,12.345,Oil\nann@example.org,2025-01-04,"1,234.567",Boots\nann@example.org,2025-01-05,2000000000000,Boat\n'
    csv = export(tmp_path, "sales.csv", text)
    before = tree(project)
    refused = [
        f"{csv}: row 2: refused: amount '12.345' in column 'amount' (C) must have at most 2 decimal places, like 1234.50; "
        "correct the cell and import the file again",
        f"{csv}: row 3: refused: amount '1,234.567' in column 'amount' (C) is not an amount like 240.00 "
        "(no currency sign, no thousands separator)",
        f"{csv}: row 4: refused: amount '2000000000000' in column 'amount' (C) must be at most 1,000,000,000,000 (one trillion); "
        "correct the cell and import the file again",
    ]
    dry = run_cli("-C", str(project), "import", "csv", str(csv), "--kind", "purchases", "--dry-run", exit_code=1)
    assert dry.stdout == ""
    assert dry.stderr.splitlines()[1:] == [
        *refused,
        "playbook: dry run: 0 added, 0 already present, 3 refused; nothing new to write; nothing was written",
    ]
    result = run_cli("-C", str(project), "import", "csv", str(csv), "--kind", "purchases", exit_code=1)
    assert result.stderr.splitlines()[1:] == [*refused, "playbook: 0 added, 0 already present, 3 refused; nothing new to write"]
    assert tree(project) == before
    assert customers(project)["ann-lee"].purchases == (model.Purchase(date=date(2025, 1, 2), amount=Decimal("12.50"), item="Wax"),)


def test_an_order_finer_than_cents_is_refused_and_only_the_good_orders_are_written(project: Path, tmp_path: Path) -> None:
    """The import's promise holds: a refused row is never written, the good rows go into one new
    file, and no existing file changes."""
    write_tree(project, {"content/purchases/till.yaml": TILL})
    text = SHOPIFY_ORDERS.replace("53.91,53.91", "53.91,53.905")
    csv = export(tmp_path, "orders_export.csv", text)
    before = tree(project)
    result = run_cli("-C", str(project), "import", "csv", str(csv), exit_code=1)
    assert result.stderr.splitlines()[2:] == [
        f"{csv}: row 2: refused: amount '53.905' in column 'Total' (H) must have at most 2 decimal places, like 1234.50; "
        "correct the cell and import the file again",
        f"{csv}: row 4: left out: order #1002 is refunded, not paid: not a purchase",
        f"{csv}: row 5: refused: no customer has the email 'nobody@example.org'; import the customers first (playbook import csv --kind customers)",
        f"playbook: 1 added, 0 already present, 2 refused, 1 left out; wrote {project}/content/purchases/orders-export.yaml (1 purchase)",
    ]
    after = tree(project)
    assert {k: v for k, v in after.items() if k != "content/purchases/orders-export.yaml"} == before
    assert customers(project)["ann-lee"].purchases == (
        model.Purchase(date=date(2025, 1, 2), amount=Decimal("12.50"), item="Wax"),
        model.Purchase(date=date(2025, 10, 10), amount=Decimal("12.50"), item="Wax", external_id="#1004"),
    )
    assert run_cli("-C", str(project), "check").exit_code == 0


def test_the_installed_command_refuses_such_an_amount_without_a_traceback(project: Path, tmp_path: Path) -> None:
    csv = export(tmp_path, "sales.csv", "customer,date,amount\nann-lee,2025-01-03,12.345\n")
    before = tree(project)
    exe = shutil.which("playbook", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "generator"]
    args = [*command, "-C", str(project), "import", "csv", str(csv), "--kind", "purchases"]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines()[1:] == [
        f"{csv}: row 2: refused: amount '12.345' in column 'amount' (C) must have at most 2 decimal places, like 1234.50; "
        "correct the cell and import the file again",
        "playbook: 0 added, 0 already present, 1 refused; nothing new to write",
    ]
    assert tree(project) == before
