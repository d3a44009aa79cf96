"""Which column holds which field: a layout, changed by `--map COLUMN=FIELD`, checked against the file."""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.suggest import did_you_mean
from generator.load.importing.csv_read import Row, Table
from generator.load.importing.presets import FIELDS, Layout, column_key
from generator.load.importing.values import Refused, clean


class ImportUsageError(Exception):
    """The options do not fit the file (exit 2): an unknown field or column, a missing column."""

    def __init__(self, message: str, option: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.option = option


CUSTOMER_KEYS = ("customer", "customer_external_id", "email")
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "customers": (("name", "first_name", "last_name", "company"),),
    "purchases": (("amount",), ("date", "created"), CUSTOMER_KEYS),
    "contacts": (("date",), ("channel",), CUSTOMER_KEYS),
}


@dataclass(frozen=True)
class ColumnMap:
    kind: str
    fields: dict[str, tuple[int, ...]]
    """Field -> the columns that may hold it, in the file's order (the first filled one wins)."""
    unused: tuple[str, ...]
    """Columns no field reads, for the summary."""
    names: tuple[str, ...]
    """The file's columns, in order."""

    @property
    def width(self) -> int:
        return len(self.names)

    def has(self, field: str) -> bool:
        return field in self.fields

    def values(self, row: Row) -> dict[str, str]:
        """The row's filled fields as typed (see `values.clean`); a row longer than the header is refused."""
        extra = [cell for cell in row.cells[self.width :] if cell.strip()]
        if extra:
            msg = f"the row has {len(row.cells)} cells but the header names {self.width} columns; check the quoting of a cell with the separator in it"
            raise Refused(msg)
        out: dict[str, str] = {}
        for field in self.fields:
            found = self._cell(field, row)
            if found is not None:
                out[field] = found[1]
        return out

    def column_of(self, field: str, row: Row) -> str:
        """The column `values` read `field` from in `row`, as a person finds it in the file and in
        a spreadsheet: `'Total' (C)`; empty when the row has no such cell."""
        found = self._cell(field, row)
        if found is None:
            return ""
        return f"{self.names[found[0]]!r} ({column_letters(found[0])})"

    def _cell(self, field: str, row: Row) -> tuple[int, str] | None:
        """The index and cleaned text of the first filled column that holds `field`."""
        for index in self.fields.get(field, ()):
            text = clean(row.cells[index]) if index < len(row.cells) else ""
            if text:
                return index, text
        return None


def column_letters(index: int) -> str:
    """A spreadsheet's name of the column at `index` (from 0): A ... Z, AA, AB ..."""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_map(table: Table, layout: Layout, overrides: tuple[str, ...]) -> ColumnMap:
    """The fields of `layout.kind` found in the table, with `--map` applied; usage errors raise."""
    known = FIELDS[layout.kind]
    by_column = {column_key(name): field for name, field in layout.columns.items()}
    for override in overrides:
        column, field = _split(override)
        if field not in known:
            hint = did_you_mean(field, known, otherwise=f"; the {layout.kind} fields are {', '.join(known)}")
            raise ImportUsageError(f"no {layout.kind} field {field!r}{hint}", "--map")
        if column_key(column) not in {column_key(c) for c in table.columns}:
            hint = did_you_mean(column, table.columns, otherwise=f"; its columns: {', '.join(table.columns)}")
            raise ImportUsageError(f"the file has no column {column!r}{hint}", "--map")
        by_column[column_key(column)] = field
    fields: dict[str, list[int]] = {}
    unused: list[str] = []
    for index, name in enumerate(table.columns):
        read_as = by_column.get(column_key(name))
        if read_as is None:
            if name:
                unused.append(name)
            continue
        fields.setdefault(read_as, []).append(index)
    result = ColumnMap(layout.kind, {f: tuple(i) for f, i in fields.items()}, tuple(unused), table.columns)
    _check_required(result, layout)
    return result


def _split(override: str) -> tuple[str, str]:
    column, sep, field = override.rpartition("=")
    if not sep or not column.strip() or not field.strip():
        raise ImportUsageError(f"{override!r} is not COLUMN=FIELD, e.g. --map \"Zip Code=postcode\"", "--map")
    return column.strip(), field.strip()


def _check_required(columns: ColumnMap, layout: Layout) -> None:
    for choices in REQUIRED[layout.kind]:
        if not any(columns.has(field) for field in choices):
            names = " or ".join(repr(f) for f in choices)
            raise ImportUsageError(
                f"the file has no column for {names} in the {layout.preset} layout of {layout.kind}; "
                f"name one with --map COLUMN={choices[0]}",
                "--map",
            )
