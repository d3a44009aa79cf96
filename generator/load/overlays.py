"""Records written beside the customer files and applied on top of them while loading.

Customer files are never edited by playbook: a handover, a recorded review, a logged contact or
purchase is a new file under `content/`, and loading applies those files in date order. Each kind
of record has its own module with one `apply_*` function; this module only fixes their order.
"""

from __future__ import annotations

from generator.core import model
from generator.core.problems import Problems
from generator.core.project import Project


def apply_overlays(
    project: Project,
    people: dict[str, model.Person],
    customers: list[model.Customer],
    problems: Problems,
) -> tuple[list[model.Customer], tuple[model.Handover, ...]]:
    """Apply recorded reviews, logged contacts and purchases, then handovers; return the
    customers and the handover records."""
    from generator.load.contact_records import apply_contacts
    from generator.load.handover_records import apply_handovers
    from generator.load.purchase_records import apply_purchases
    from generator.load.review_records import apply_reviews

    customers = apply_reviews(project, customers, problems)
    customers = apply_contacts(project, people, customers, problems)
    customers = apply_purchases(project, customers, problems)
    return apply_handovers(project, people, customers, problems)
