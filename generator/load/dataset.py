"""Stage 1: read every input file and validate it into one `Dataset`.

Every problem in every file is collected in one pass; nothing is raised for bad data.
Per-file results of the customer files are cached by content hash (see `cache.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from generator.core import model
from generator.core.cache import ParseCache
from generator.core.files import gc_paused
from generator.core.problems import Location, Problem, Problems
from generator.core.progress import progress
from generator.core.project import Project
from generator.core.suggest import did_you_mean
from generator.load import tables
from generator.load.fields import (
    Context,
    is_null,
    missing,
    record_id_of,
    section_of,
    unknown_field_message,
)
from generator.load.overlays import apply_overlays
from generator.load.rules_file import load_rules
from generator.load.yamlio import Node, SequenceNode, read_yaml, value_of, where


@dataclass
class LoadResult:
    dataset: model.Dataset | None
    problems: Problems


def load_dataset(project: Project, *, use_cache: bool = True) -> LoadResult:
    """Read and validate everything; `dataset` is None when an error makes it unusable."""
    problems = Problems()
    problems.extend(project.irregular_inputs())  # links and pipes are reported, never read
    with gc_paused():
        organization, people = load_team(project, problems)
        settings, rules = load_rules(project, problems)
        extras = load_extras(project, settings, problems)
        customers, ids = load_customers(project, problems, ParseCache(project.cache_dir, enabled=use_cache))
        check_unique_ids(ids, problems)
        if organization is not None:
            check_team(organization, people, problems)
        customers, handovers = apply_overlays(project, people, customers, problems)
        check_customers(customers, people, problems, project)
        check_referrals(customers, {customer_id for customer_id, _ in ids}, problems)
    if organization is None or settings is None or problems.has_errors():
        return LoadResult(None, problems)
    dataset = model.Dataset(
        organization=organization,
        people=people,
        customers=tuple(sorted(customers, key=lambda c: c.id)),
        settings=settings,
        rules=rules,
        handovers=handovers,
        extras={**extras, "_cache_dir": project.cache_dir} if use_cache else extras,
    )
    return LoadResult(dataset, problems)


def load_extras(project: Project, settings: model.Settings | None, problems: Problems) -> dict[str, object]:
    """The trainer's files beside the rules: review questions and gift ideas (built-ins if absent)."""
    from generator.load.gift_ideas import load_gift_ideas
    from generator.load.review_questions import load_review_questions

    return {
        "review_questions": load_review_questions(project, problems),
        "gift_ideas": load_gift_ideas(project, problems, settings),
    }


def _top_level(path: Path, problems: Problems) -> tuple[Context, dict[str, tuple[Node, Node]] | None]:
    context = Context(str(path), problems)
    if not path.is_file():
        problems.error(Location(str(path), 1, 1), "the file is missing; every project needs one")
        return context, None
    root = read_yaml(path, problems)
    if root is None:
        return context, None
    return context, context.mapping(root, "sections")


def load_team(project: Project, problems: Problems) -> tuple[model.Organization | None, dict[str, model.Person]]:
    context, pairs = _top_level(project.team_file, problems)
    if pairs is None:
        return None, {}
    organization = None
    people: dict[str, model.Person] = {}
    sections = ("organization", "people")
    for key, (key_node, value) in pairs.items():
        if key not in sections:
            context.error(key_node, unknown_field_message(key, sections))
        key = section_of(key, pairs, sections) or key
        if key == "organization":
            values = context.record(tables.ORGANIZATION, value, partial=True)
            if values is not None:
                organization = model.Organization(**values, source=where(context.path, value))
        elif key == "people":
            people = _people(context, value)
    for required in sections:
        if missing(required, pairs, sections):
            problems.error(Location(context.path, 1, 1), f"'{required}' is missing from the team file")
    return organization, people


def _people(context: Context, node: Node) -> dict[str, model.Person]:
    people: dict[str, model.Person] = {}
    if not isinstance(node, SequenceNode):
        context.error(node, "'people' must be a list of people")
        return people
    for index, item in enumerate(node.value, start=1):
        with context.item(index):
            values = context.record(tables.PERSON, item, partial=True)
        if values is None or not _has_id(values, item):
            continue
        person = model.Person(**values, source=where(context.path, item))
        first = people.get(person.id)
        if first is not None:
            context.error(item, f"duplicate person id {person.id!r} (first defined on line {first.source.line}); ids must be unique")  # type: ignore[union-attr]
            continue
        if person.status == "departed" and not _written(item, "left_on"):
            context.error(item, f"person {person.id!r} has status departed but no left_on: add the date they left (left_on: YYYY-MM-DD)")
        if person.status == "active" and person.left_on is not None:
            context.warning(item, f"person {person.id!r}: 'left_on' is set but status is active; set status: departed or remove left_on")
        people[person.id] = person
    return people


def check_team(organization: model.Organization, people: dict[str, model.Person], problems: Problems) -> None:
    if not _given(organization.signatory):
        return
    signer = people.get(organization.signatory)
    where_ = organization.source or Location("team.yaml", 1, 1)
    if signer is None:
        problems.error(where_, f"organization: signatory {organization.signatory!r} is not in 'people'{_did_you_mean(organization.signatory, people)}")
    elif signer.role not in ("owner", "manager", None):
        problems.warning(where_, f"organization: signatory {signer.id!r} is a {signer.role}; notices are usually signed by an owner or manager")
    elif not signer.active:
        problems.error(where_, f"organization: signatory {signer.id!r} has departed; name an active owner or manager")


@dataclass(frozen=True)
class CustomerFile:
    """One customers file, validated on its own (cacheable: depends only on its bytes)."""

    customers: list[model.Customer]
    problems: list[Problem]
    ids: list[tuple[str, Location]]
    """Every id written in the file, valid entry or not, for the duplicate check across files."""


def load_customers(
    project: Project, problems: Problems, cache: ParseCache
) -> tuple[list[model.Customer], list[tuple[str, Location]]]:
    customers: list[model.Customer] = []
    ids: list[tuple[str, Location]] = []
    files = project.customer_files()
    if not files:
        problems.error(
            Location(str(project.content / "customers.yaml"), 1, 1),
            "no customer file: write content/customers.yaml or files under content/customers/",
        )
    for result in cache.get_or_compute_all(files, customers_of_file, mine=lambda share: progress(share, "reading customers")):
        customers.extend(result.customers)
        problems.extend(result.problems)
        ids.extend(result.ids)
    return customers, ids


def customers_of_file(path: Path, data: bytes) -> CustomerFile:
    problems = Problems()
    customers: list[model.Customer] = []
    ids: list[tuple[str, Location]] = []
    result = CustomerFile(customers, problems.items, ids)
    root = read_yaml(path, problems, data)
    if root is None:
        return result
    context = Context(str(path), problems)
    pairs = context.mapping(root, "sections")
    if pairs is None:
        return result
    for key, (key_node, value) in pairs.items():
        if key != "customers":
            context.error(key_node, unknown_field_message(key, ["customers"]))
            if section_of(key, pairs, ["customers"]) is None:
                continue
        if not isinstance(value, SequenceNode):
            context.error(value, "'customers' must be a list of customers")
            continue
        for index, item in enumerate(value.value, start=1):
            record_id = record_id_of(item)
            if record_id is not None:
                ids.append((record_id, where(context.path, item)))
            with context.item(index):
                values = context.record(tables.CUSTOMER, item, partial=True)
            if values is None or not _has_id(values, item):
                continue
            consultant_node = value_of(item, "consultant")
            referred_node = value_of(item, "referred_by")
            customers.append(
                model.Customer(
                    **values,
                    source=where(context.path, item),
                    consultant_at=where(context.path, consultant_node) if consultant_node else None,
                    referred_by_at=where(context.path, referred_node) if referred_node else None,
                )
            )
    if missing("customers", pairs, ["customers"]):
        problems.error(Location(str(path), 1, 1), "'customers' is missing; a customers file holds a 'customers:' list")
    return result


def check_customers(
    customers: list[model.Customer], people: dict[str, model.Person], problems: Problems, project: Project
) -> None:
    """Checks against the team: known consultants, orphans of departed consultants, contacts' `by`."""
    team = "content/team.yaml"
    for customer in customers:
        where_ = customer.source or Location("?", 1, 1)
        if not people:
            continue
        consultant_at = customer.consultant_at or where_
        person = people.get(customer.consultant)
        if not _given(customer.consultant):
            pass
        elif person is None:
            problems.error(
                consultant_at,
                f"customer {customer.id!r}: consultant {customer.consultant!r} is not in {team}{_did_you_mean(customer.consultant, people)}",
            )
        elif not person.active:
            problems.warning(
                consultant_at,
                f"customer {customer.id!r}: consultant {person.id!r} {_left(person)}; "
                f"the customer is an orphan until handed over (playbook handover --from {person.id})",
            )
        for contact in customer.contacts:
            if contact.by is not None and contact.by not in people:
                problems.error(
                    Location(where_.file, contact.line, contact.column),
                    f"customer {customer.id!r}: contact on {contact.date}: 'by' {contact.by!r} is not in {team}{_did_you_mean(contact.by, people)}",
                )


def check_referrals(customers: list[model.Customer], known: set[str], problems: Problems) -> None:
    """`referred_by` names another customer; a cycle (A sent B, B sent A) is harmless and allowed.

    `known` holds every id written, valid entry or not, so a referrer whose own entry has an
    error (already reported) does not make a second error here.
    """
    for customer in customers:
        referrer = customer.referred_by
        if referrer is None:
            continue
        at = customer.referred_by_at or customer.source or Location("?", 1, 1)
        if referrer == customer.id:
            problems.error(at, f"customer {customer.id!r}: 'referred_by' names the customer themselves; give the id of the customer who recommended us")
        elif referrer not in known:
            hint = did_you_mean(referrer, sorted(known), otherwise="; give the id of an existing customer")
            problems.error(at, f"customer {customer.id!r}: 'referred_by' {referrer!r} is not a customer{hint}")


def check_unique_ids(ids: list[tuple[str, Location]], problems: Problems) -> None:
    """A customer id may appear once across all customer files."""
    first_seen: dict[str, Location] = {}
    for customer_id, location in ids:
        first = first_seen.setdefault(customer_id, location)
        if first is not location:
            problems.error(
                location,
                f"customer {customer_id!r}: duplicate customer id (first defined at {_short(first)}); "
                "ids must be unique across all customer files",
            )


def _has_id(values: dict[str, object], node: Node) -> bool:
    """Give a record whose `id` has an error the id as written, so references to it still resolve.

    Without any id the record cannot be named, and is left out (its error is already reported).
    """
    if values.get("id") is None:
        values["id"] = record_id_of(node)
    return values["id"] is not None


def _given(value: str | None) -> bool:
    """False for a required field whose error is already reported: a partial record holds None."""
    return value is not None


def _written(node: Node, key: str) -> bool:
    """Whether the mapping gives `key` a value (even a wrong one, which is reported on its own)."""
    value = value_of(node, key)
    return value is not None and not is_null(value)


def _left(person: model.Person) -> str:
    return f"left on {person.left_on}" if person.left_on is not None else "has departed"


def _did_you_mean(value: str, known: dict[str, model.Person]) -> str:
    return did_you_mean(value, known, otherwise="; add them to content/team.yaml or fix the id")


def _short(location: Location) -> str:
    from generator.core.problems import display_path

    return f"{display_path(location.file)}:{location.line}"


__all__ = ["LoadResult", "load_dataset", "replace"]
