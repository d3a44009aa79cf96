"""Task lists of earlier plans, reused customer by customer when nothing they depend on changed.

A customer's tasks depend on their own record, on the records of the customers they recommended
us to (the `referral` anchor), on what every customer shares (the rules, the settings, the team,
the handovers, the organisation, the gift ideas), on the dates planned for and on playbook's own
code; never on the other customers (`plan.schedule`). So a plan keeps, sealed in
`.playbook-cache/plans/` (`core.cache`), each customer's task list under a digest of their record
and those they recommended, in one file per kind of plan (today's plan, the audit's replay) whose
context (the shared part, the dates and the code) must match before any entry is read. The next
build reads it, plans only the customers whose digest it does not hold and writes the file again:
after a few customers changed, the rest are not planned again. The tasks are the same values
either way, so every output keeps its bytes.

The cache lives where the loader found the data (`extras["_cache_dir"]`, which private sites and
the audit's own cuts of the data leave out). `PLAYBOOK_NO_INCREMENTAL=1` turns it off: nothing is
read or written and every customer is planned.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path

from generator.core import model
from generator.core.cache import code_digest, dump_sealed, load_sealed

NO_INCREMENTAL = "PLAYBOOK_NO_INCREMENTAL"
"""Environment variable: set to 1 to plan every customer afresh and keep no task lists."""
CACHE_DIR = "_cache_dir"
"""The key of `Dataset.extras` under which the loader says where the project's cache lives."""

Tasks = tuple[model.Task, ...]


def reuse_enabled() -> bool:
    return os.environ.get(NO_INCREMENTAL, "").strip() in ("", "0")


class TaskStore:
    """The task lists of one kind of plan by customer digest, valid for one context."""

    def __init__(self, path: Path, context: bytes, *, from_second: bool = False) -> None:
        self.path = path
        self.context = context
        self.from_second = from_second
        """Keep task lists only once a plan of the same context was made before (see `of`)."""
        self.entries: dict[bytes, Tasks] | None = None
        """The kept lists; None when the file is for another context (or there is none)."""
        self.seen = False
        """Whether the file is for this context (with lists, or only noting it was planned)."""

    @classmethod
    def of(cls, dataset: model.Dataset, kind: str, *window: object, from_second: bool = False) -> TaskStore | None:
        """The store of `kind` for this dataset's shared part and `window` (the dates and
        numbers the plan is made for); None when reuse is off or the data has no cache folder.

        `from_second`: the first plan of a context only notes it, and the lists are kept from the
        second on. Today's plan says "3 days ago" in its reasons, so its lists serve only the
        same day's builds; the first build of a day need not pay for keeping them."""
        folder = dataset.extras.get(CACHE_DIR)
        if not isinstance(folder, Path) or not reuse_enabled():
            return None
        try:
            context = shared_digest(dataset, kind, window)
        except _Unstable:
            return None  # something shared has no stable text: plan afresh
        store = cls(folder / "plans" / f"{kind}.pickle", context, from_second=from_second)
        store.load()
        return store

    def load(self) -> None:
        """Read the entries kept for this context, if the file holds them."""
        found, entries = load_sealed(self.path, prefix=self.context)  # another context is not unpickled
        if not found:
            return  # none, another context, or another layout of the classes: plan afresh
        self.seen = True
        self.entries = entries if isinstance(entries, dict) else None

    @property
    def keeps(self) -> bool:
        """Whether this plan's lists are looked up and kept (else the plan only notes its context)."""
        return self.seen or not self.from_second

    def save(self, entries: dict[bytes, Tasks] | None) -> None:
        """Keep exactly `entries` (this plan's customers; None: only note the context), unless
        the file already holds them."""
        if self.seen and (entries is None or (self.entries is not None and entries.keys() == self.entries.keys())):
            return
        dump_sealed(self.path, entries, prefix=self.context)
        self.entries, self.seen = entries, True


def customer_key(customer: model.Customer, referred: Iterable[model.Customer] = ()) -> bytes:
    """A digest of everything of a customer's own that their tasks can depend on."""
    digest = hashlib.sha256(repr(customer).encode())
    for other in referred:
        digest.update(b"\0referred\0")
        digest.update(repr(other).encode())
    return digest.digest()


def customer_keys(dataset: model.Dataset) -> dict[str, bytes]:
    """Every customer's `customer_key` by id, with the customers they recommended us to.

    Worked out once for the plan and the audit of a build: kept in the dataset's extras with
    the tuple of customers they were made from, and made again for any other tuple (a copy of
    the dataset with other customers keeps the extras, not the keys)."""
    memo = dataset.extras.get("_customer_keys")
    if isinstance(memo, tuple) and memo[0] is dataset.customers:
        return memo[1]  # type: ignore[no-any-return]
    referred: dict[str, list[model.Customer]] = {}
    for customer in dataset.customers:
        if customer.referred_by:
            referred.setdefault(customer.referred_by, []).append(customer)
    keys = {c.id: customer_key(c, referred.get(c.id, ())) for c in dataset.customers}
    dataset.extras["_customer_keys"] = (dataset.customers, keys)
    return keys


def reuse_or_plan(
    store: TaskStore | None,
    customers: Sequence[model.Customer],
    keys_of: Callable[[], Sequence[bytes]],
    plan_missing: Callable[[Sequence[model.Customer]], list[Tasks]],
) -> list[Tasks]:
    """Each customer's tasks: from the store where it holds their key (`keys_of()`, in the
    customers' order), else from `plan_missing(customers it lacks)` (a list in their order);
    the store then keeps them all."""
    if store is None or not store.keeps:
        out = plan_missing(customers)
        if store is not None:
            store.save(None)
        return out
    keys = keys_of()
    kept = store.entries or {}
    found = [kept.get(key) for key in keys]
    missing = [c for c, tasks in zip(customers, found, strict=True) if tasks is None]
    made = iter(plan_missing(missing) if missing else [])
    out = [tasks if tasks is not None else next(made) for tasks in found]
    if missing or store.entries is None or len(store.entries) != len(keys):
        store.save(dict(zip(keys, out, strict=True)))
    return out


class _Unstable(Exception):
    """A shared value whose text differs from one run to the next (it shows an address)."""


def shared_digest(dataset: model.Dataset, kind: str, window: Sequence[object]) -> bytes:
    """A digest of what all customers share, the window and playbook's code."""
    digest = hashlib.sha256(f"{kind}\0{code_digest()}\0".encode())
    for value in (
        window,
        dataset.organization,
        dataset.people,
        dataset.settings,
        dataset.rules,
        dataset.handovers,
        {k: v for k, v in dataset.extras.items() if not k.startswith("_")},
    ):
        digest.update(_canonical(value).encode())
        digest.update(b"\0")
    return digest.digest()


def _canonical(value: object) -> str:
    """The same text for equal values in every run: dataclasses by their compared fields,
    mappings in their order, sets sorted; anything else by its repr."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = [
            f"{f.name}={_canonical(getattr(value, f.name))}"
            for f in dataclasses.fields(value)
            if f.compare
        ]
        return f"{type(value).__qualname__}({','.join(parts)})"
    if isinstance(value, dict):
        items = [f"{_canonical(k)}:{_canonical(v)}" for k, v in value.items()]
        return "{" + ",".join(items) + "}"
    if isinstance(value, list | tuple):
        return "(" + ",".join(_canonical(v) for v in value) + ")"
    if isinstance(value, set | frozenset):
        return "{" + ",".join(sorted(_canonical(v) for v in value)) + "}"
    if isinstance(value, str | int | float | bool | date | type(None)) or type(value).__module__ == "decimal":
        return repr(value)
    text = repr(value)
    if " at 0x" in text:
        raise _Unstable(text)
    return text
