"""Reviews recorded with `playbook review record`, kept as new dated files under `content/reviews/`.

Customer files are written by people; playbook never rewrites them. A recorded review is a new
file instead (see `record_files`), so the next plan knows the review took place (and the rating)
while every file a person wrote stays exactly as they left it. Loading reads these files in name
order and adds each entry to its customer's `reviews`, with the same located errors as any other
input.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.core import model
from generator.core.problems import Location, Problems
from generator.core.project import Project
from generator.load.fields import Field
from generator.load.record_files import (
    Entry,
    add_records,
    record_kind,
    record_text,
    short,
    write_record,
)
from generator.load.record_files import unknown_customer_message as unknown_customer_message
from generator.load.scalars import Date, Integer, Text

REVIEWS = record_kind(
    "reviews",
    "review",
    (
        Field("date", Date(), required=True, doc="When the review took place."),
        Field("rating", Integer(1, 5), required=True, doc="The customer's rating of us, 1 to 5."),
        Field("note", Text(), doc="What they said, in a sentence or two."),
    ),
    customer="Id of the customer who was reviewed.",
    doc="One relationship review, recorded after the meeting or call.",
    command="playbook review record",
)
REVIEWS_FILE = REVIEWS.file


def apply_reviews(
    project: Project, customers: list[model.Customer], problems: Problems
) -> list[model.Customer]:
    """Add every recorded review to its customer; each customer's reviews end up sorted by date."""
    seen: dict[tuple[str, date], Location] = {}

    def review(entry: Entry) -> model.Review:
        made = model.Review(**entry.values)
        first = seen.setdefault((entry.customer, made.date), entry.location)
        if first is not entry.location:
            problems.warning(
                entry.location,
                f"review: customer {entry.customer!r} already has a review recorded on {made.date} "
                f"(at {short(first)}); if it is the same review, delete one of the two",
            )
        return made

    return add_records(project, REVIEWS, customers, problems, review)


# ---------------------------------------------------------------- writing a record


def review_text(customer_id: str, on: date, rating: int, note: str | None) -> str:
    """The YAML of one recorded review; any note (`NO`, `12:30`, `#x`) is quoted to stay text."""
    return record_text(REVIEWS, _entry(customer_id, on, rating, note))


def record_review(
    project: Project, customer_id: str, *, on: date, rating: int, note: str | None
) -> Path:
    """Write the review to a new file `content/reviews/<date>-<customer>[-N].yaml`; return its path.

    The file appears complete or not at all, and an existing file is never replaced: a second
    review on the same day gets the suffix `-2`, `-3`...
    """
    return write_record(project, REVIEWS, customer_id, on, _entry(customer_id, on, rating, note))


def _entry(customer_id: str, on: date, rating: int, note: str | None) -> dict[str, object]:
    return {"customer": customer_id, "date": on, "rating": rating, "note": note}
