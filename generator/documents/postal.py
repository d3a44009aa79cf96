"""Postal addresses on letters: the lines a window envelope shows, and who needs one.

A letter's address block follows postal practice: name, company, street lines, then the town
with its postcode in the order the destination country writes them (`5003 Bergen`; a British
postcode on its own line; `Springfield, IL 62704` in the United States, with `region` as the
state). Mail abroad gets the town and the country name in capitals on the last lines; mail in
the shop's own country (`organization.country`, else the country of a one-country currency such
as GBP) gets no country line. Country codes become names in the letter's language through
Babel's copy of the Unicode CLDR (`NO` -> Norway, Noruega); a name typed out is kept as written.

A handover letter goes by post to a contactable customer without an e-mail address; such a
customer needs a postal address (street and town), and `check` says so at the customer.
"""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError

from generator.core import model
from generator.core.problems import Problem

_ALIASES = {"UK": "GB", "USA": "US"}
_CURRENCY_HOME = {"GBP": "GB", "USD": "US", "CAD": "CA", "AUD": "AU", "NOK": "NO", "SEK": "SE", "DKK": "DK"}
"""Currencies of one country: the shop's country when `organization.country` is not set."""
_POSTCODE_LINE = {"GB", "IE"}
"""Countries whose postcode goes on its own line under the town."""
_STATE_LINE = {"US": "{city}, {region} {postcode}", "CA": "{city} {region}  {postcode}", "AU": "{city} {region} {postcode}"}
"""Countries whose town line carries the state or province (customer `region`)."""
_NAME_LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "nl", "no")


@functools.cache
def _territories(language: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(language).territories)
    except (UnknownLocaleError, ValueError):
        return {}


@functools.cache
def _codes_by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for language in reversed(_NAME_LANGUAGES):
        for code, name in _territories(language).items():
            if len(code) == 2 and code.isalpha():
                names[name.casefold()] = code
    return names


def country_code(value: str | None) -> str | None:
    """'NO', 'no', 'Norway', 'Noruega' -> 'NO'; 'UK' -> 'GB'; None when not a known country."""
    text = " ".join((value or "").split())
    if not text:
        return None
    upper = _ALIASES.get(text.upper(), text.upper())
    if len(upper) == 2 and upper.isalpha():
        return upper if upper in _territories("en") else None
    return _codes_by_name().get(text.casefold())


def country_name(value: str | None, language: str = "en") -> str:
    """The country's name in the letter's language; a value that is no known country, as typed."""
    code = country_code(value)
    if code is None:
        return " ".join((value or "").split())
    base = language.split("-")[0].lower()
    return _territories(base).get(code) or _territories("en").get(code, code)


def home_country(organization: model.Organization) -> str | None:
    """The shop's country code: `organization.country`, else its currency's only country."""
    return country_code(organization.country) or _CURRENCY_HOME.get(organization.currency.upper())


def has_postal_address(customer: model.Customer) -> bool:
    """A street line and a town: enough for the post to deliver."""
    return bool((customer.address or "").strip() and (customer.city or "").strip())


def goes_by_post(customer: model.Customer) -> bool:
    """Handover letters are posted to a customer who may be contacted but has no e-mail address."""
    return not customer.do_not_contact and not customer.email


def address_lines(
    customer: model.Customer, language: str, home: str | None, *, envelope: bool = True
) -> list[str]:
    """The address block's lines, name first, as the destination's post reads them.

    On an envelope (`envelope`), mail abroad has its town and country in capitals."""
    lines = [customer.name]
    if customer.company:
        lines.append(customer.company)
    lines.extend(line.strip() for line in (customer.address or "").splitlines() if line.strip())
    country = country_code(customer.country)
    abroad = bool(customer.country) and (country is None or country != home)
    lines.extend(_town_lines(customer, country or home, capitals=abroad and envelope))
    if abroad:
        name = country_name(customer.country, language)
        lines.append(name.upper() if envelope else name)
    return lines


def return_line(organization: model.Organization, customer: model.Customer, language: str) -> str:
    """The sender on one small line above the recipient; with the shop's country for mail abroad."""
    home = home_country(organization)
    parts = [organization.name, organization.address or ""]
    if home and customer.country and country_code(customer.country) != home:
        parts.append(country_name(home, language))
    return " · ".join(part for part in parts if part)


def _town_lines(customer: model.Customer, country: str | None, *, capitals: bool) -> list[str]:
    city = (customer.city or "").strip()
    postcode = (customer.postcode or "").strip()
    region = (customer.region or "").strip()
    if capitals:
        city = city.upper()
    if not (city or postcode):
        return []
    if country in _POSTCODE_LINE:
        return [line for line in (city, postcode) if line]
    if country in _STATE_LINE and region:
        return [" ".join(_STATE_LINE[country].format(city=city, region=region, postcode=postcode).split()).strip(", ")]
    return [" ".join(part for part in (postcode, city) if part)]


def missing_address_problems(dataset: model.Dataset) -> list[Problem]:
    """Warnings, at the customer, for handover letters that must be posted to no address.

    Only a customer's latest handover counts: its letters are the ones still to send.
    """
    problems = []
    for handover in dataset.handovers:
        for assignment in handover.assignments:
            customer = dataset.customer(assignment.customer)
            if customer.handed_over != handover.id or not goes_by_post(customer):
                continue
            if has_postal_address(customer):
                continue
            where = customer.source
            missing = "a street address" if customer.city else "a street address and town"
            problems.append(
                Problem(
                    where.file if where else "content/customers",
                    where.line if where else 1,
                    where.column if where else 1,
                    "warning",
                    f"customer {customer.id!r}: the letters of handover {handover.id} go by post "
                    f"(no e-mail address), but {missing} is missing; add 'address' and 'city', "
                    "or an 'email' to send them as e-mail",
                )
            )
    return problems
