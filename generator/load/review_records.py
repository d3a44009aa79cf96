"""Reviews recorded with `playbook review record`, kept as new dated files under `content/reviews/`.

Customer files are written by people; playbook never rewrites them. A recorded review is a new
file instead, so the next plan knows the review took place (and the rating) while every file a
person wrote stays exactly as they left it. Loading reads these files in name order and adds each
entry to its customer's `reviews`, with the same located errors as any other input.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import yaml

from generator.core import model
from generator.core.errors import PlaybookError
from generator.core.problems import Location, Problems
from generator.core.project import Project
from generator.core.suggest import did_you_mean
from generator.load.fields import Context, Field, ListOf, Record, unknown_field_message
from generator.load.scalars import Date, Integer, Slug, Text
from generator.load.yamlio import SequenceNode, read_yaml, value_of, where

FOLDER = "reviews"
"""Below `content/`."""

REVIEW_ENTRY = Record(
    "review",
    (
        Field("customer", Slug(), required=True, doc="Id of the customer who was reviewed."),
        Field("date", Date(), required=True, doc="When the review took place."),
        Field("rating", Integer(1, 5), required=True, doc="The customer's rating of us, 1 to 5."),
        Field("note", Text(), doc="What they said, in a sentence or two."),
    ),
    doc="One relationship review, recorded after the meeting or call.",
)

REVIEWS_FILE = Record(
    "review file",
    (Field("reviews", ListOf(REVIEW_ENTRY), required=True, doc="Reviews recorded in this file."),),
    doc="A file under content/reviews/, written by `playbook review record`.",
)


def apply_reviews(
    project: Project, customers: list[model.Customer], problems: Problems
) -> list[model.Customer]:
    """Add every recorded review to its customer; each customer's reviews end up sorted by date."""
    files = project.data_files(FOLDER)
    if not files:
        return customers
    index = {customer.id: customer for customer in customers}
    added: dict[str, list[model.Review]] = {}
    seen: dict[tuple[str, date], Location] = {}
    for path in files:
        for customer_id, review, location in _read_file(path, index, problems):
            first = seen.setdefault((customer_id, review.date), location)
            if first is not location:
                problems.warning(
                    location,
                    f"review: customer {customer_id!r} already has a review recorded on {review.date} "
                    f"(at {_short(first)}); if it is the same review, delete one of the two",
                )
            added.setdefault(customer_id, []).append(review)
    if not added:
        return customers
    out = []
    for customer in customers:
        extra = added.get(customer.id)
        if extra:
            reviews = sorted((*customer.reviews, *extra), key=lambda r: r.date)
            customer = replace(customer, reviews=tuple(reviews))
        out.append(customer)
    return out


def _read_file(
    path: Path, customers: dict[str, model.Customer], problems: Problems
) -> list[tuple[str, model.Review, Location]]:
    """The valid entries of one review file; every mistake is reported with its line."""
    root = read_yaml(path, problems)
    if root is None:
        return []
    context = Context(str(path), problems)
    pairs = context.mapping(root, "sections")
    if pairs is None:
        return []
    out: list[tuple[str, model.Review, Location]] = []
    for key, (key_node, value) in pairs.items():
        if key != "reviews":
            context.error(key_node, unknown_field_message(key, ["reviews"]))
            continue
        if not isinstance(value, SequenceNode):
            context.error(value, "'reviews' must be a list of reviews")
            continue
        for number, item in enumerate(value.value, start=1):
            with context.item(number):
                values = context.record(REVIEW_ENTRY, item)
            if values is None:
                continue
            customer_id = values.pop("customer")
            if customer_id not in customers:
                node = value_of(item, "customer") or item
                context.error(
                    node, f"review #{number}: {unknown_customer_message(customer_id, customers)}"
                )
                continue
            out.append((customer_id, model.Review(**values), where(context.path, item)))
    if "reviews" not in pairs:
        problems.error(
            Location(str(path), 1, 1), "'reviews' is missing; a review file holds a 'reviews:' list"
        )
    return out


def _short(location: Location) -> str:
    from generator.core.problems import display_path

    return f"{display_path(location.file)}:{location.line}"


def unknown_customer_message(
    customer_id: str, customers: dict[str, model.Customer] | list[str]
) -> str:
    """'customer 'anne' is not in the customer files; did you mean 'ann'?'"""
    hint = did_you_mean(customer_id, customers, otherwise="; check the id in the customer files")
    return f"customer {customer_id!r} is not in the customer files{hint}"


# ---------------------------------------------------------------- writing a record


def review_text(customer_id: str, on: date, rating: int, note: str | None) -> str:
    """The YAML of one recorded review; any note (`NO`, `12:30`, `#x`) is quoted to stay text."""
    entry: dict[str, object] = {"customer": customer_id, "date": on, "rating": rating}
    if note is not None and note != "":
        entry["note"] = note
    body = yaml.safe_dump(
        {"reviews": [entry]},
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )
    return (
        "# yaml-language-server: $schema=../../playbook/schema.json\n"
        "# Recorded with `playbook review record`. Correct it by hand if needed; playbook never rewrites it.\n"
        + body
    )


def record_review(
    project: Project, customer_id: str, *, on: date, rating: int, note: str | None
) -> Path:
    """Write the review to a new file `content/reviews/<date>-<customer>[-N].yaml`; return its path.

    The file appears complete or not at all (written aside, then linked into place), and an
    existing file is never replaced: a second review on the same day gets the suffix `-2`, `-3`...
    """
    folder = project.content / FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        msg = f"cannot create {folder}: {exc.strerror}"
        raise PlaybookError(msg) from exc
    text = review_text(customer_id, on, rating, note).encode("utf-8")
    stem = f"{on.isoformat()}-{customer_id}"
    descriptor, temporary = tempfile.mkstemp(prefix=f".{stem}-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        for number in range(1, 1000):
            target = folder / (f"{stem}.yaml" if number == 1 else f"{stem}-{number}.yaml")
            if _place(Path(temporary), target):
                return target
        msg = f"too many review files named {stem}*.yaml in {folder}"
        raise PlaybookError(msg)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _place(temporary: Path, target: Path) -> bool:
    """Put the finished file at `target` unless something is there already; False if taken."""
    try:
        os.link(temporary, target)  # atomic and refuses to replace an existing file
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: check, then rename
        if target.exists():
            return False
        temporary.replace(target)
    return True
