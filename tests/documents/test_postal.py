"""Addresses on letters: country names in the letter's language, postal order, the country line."""

from __future__ import annotations

import pytest

from generator.core import model
from generator.documents.postal import (
    address_lines,
    country_code,
    country_name,
    goes_by_post,
    has_postal_address,
    home_country,
    return_line,
)


def customer(**fields: object) -> model.Customer:
    values: dict[str, object] = {"id": "c", "name": "Bjørn Haugen", "consultant": "sam", **fields}
    return model.Customer(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "language", "name"),
    [
        ("NO", "en", "Norway"),
        ("NO", "es", "Noruega"),
        ("no", "es", "Noruega"),
        ("GB", "es", "Reino Unido"),
        ("UK", "en", "United Kingdom"),
        ("Norway", "es", "Noruega"),
        ("Noruega", "en", "Norway"),
        ("ES", "es-mx", "España"),
        ("DE", "xx", "Germany"),  # a language without names: English
        ("Atlantis", "es", "Atlantis"),  # not a country we know: as typed
    ],
)
def test_country_names_come_in_the_letters_language(value: str, language: str, name: str) -> None:
    assert country_name(value, language) == name


def test_country_codes() -> None:
    assert country_code(" norway ") == "NO"
    assert country_code("XZ") is None
    assert country_code("") is None


def test_the_shops_country_is_set_or_comes_from_a_one_country_currency() -> None:
    assert home_country(model.Organization(name="S", signatory="o", country="Norway")) == "NO"
    assert home_country(model.Organization(name="S", signatory="o", currency="GBP")) == "GB"
    assert home_country(model.Organization(name="S", signatory="o", currency="EUR")) is None


def test_mail_abroad_gets_the_country_in_capitals_in_the_letters_language() -> None:
    bjorn = customer(address="Nordnesgaten 14", postcode="5005", city="Bergen", country="NO")
    assert address_lines(bjorn, "en", "GB") == ["Bjørn Haugen", "Nordnesgaten 14", "5005 BERGEN", "NORWAY"]
    assert address_lines(bjorn, "es", "GB")[-1] == "NORUEGA"
    # at home: no country line, the town as typed
    assert address_lines(bjorn, "en", "NO") == ["Bjørn Haugen", "Nordnesgaten 14", "5005 Bergen"]
    # the call sheet writes it on one line, without capitals
    assert address_lines(bjorn, "en", "GB", envelope=False)[-2:] == ["5005 Bergen", "Norway"]


def test_no_shop_country_means_a_country_line_whenever_one_is_given() -> None:
    bjorn = customer(address="Nordnesgaten 14", city="Bergen", country="NO")
    assert address_lines(bjorn, "en", None)[-1] == "NORWAY"
    assert address_lines(customer(address="1 High St", city="Leeds"), "en", None) == ["Bjørn Haugen", "1 High St", "Leeds"]


def test_postcodes_go_where_each_country_writes_them() -> None:
    british = customer(company="Harbour Ltd", address="3 Bosmere Road\nFlat 2", postcode="PO9 1AA", city="Havant")
    assert address_lines(british, "en", "GB") == ["Bjørn Haugen", "Harbour Ltd", "3 Bosmere Road", "Flat 2", "Havant", "PO9 1AA"]
    american = customer(address="12 Main St", postcode="62704", city="Springfield", region="IL")
    assert address_lines(american, "en", "US") == ["Bjørn Haugen", "12 Main St", "Springfield, IL 62704"]
    spanish = customer(address="Calle Feria 52", postcode="41003", city="Sevilla", country="ES")
    assert address_lines(spanish, "es", "GB") == ["Bjørn Haugen", "Calle Feria 52", "41003 SEVILLA", "ESPAÑA"]


def test_who_needs_a_postal_address() -> None:
    assert has_postal_address(customer(address="1 High St", city="Leeds"))
    assert not has_postal_address(customer(city="Leeds"))
    assert not has_postal_address(customer(address="1 High St"))
    assert goes_by_post(customer())
    assert not goes_by_post(customer(email="b@example.org"))
    assert not goes_by_post(customer(do_not_contact=True))


def test_the_return_address_names_the_shops_country_on_mail_abroad() -> None:
    shop = model.Organization(name="Harbour & Pine", signatory="o", address="12 Quay Street, Portsmouth", country="GB")
    abroad = customer(city="Bergen", country="NO")
    assert return_line(shop, abroad, "es") == "Harbour & Pine · 12 Quay Street, Portsmouth · Reino Unido"
    assert return_line(shop, customer(city="Leeds"), "en") == "Harbour & Pine · 12 Quay Street, Portsmouth"
