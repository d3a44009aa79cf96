"""Reading a CSV export as the usual tools write it: the bytes, the encoding, the separator, the rows.

Excel and the CRMs write UTF-8 with or without a byte-order mark, or Windows-1252 when the file
was saved on Windows; `;` separates the cells where the comma is the decimal mark; lines end in
CRLF. Nothing is guessed beyond that: a file is UTF-8 when it decodes strictly as UTF-8, else
Windows-1252, and the summary says which one was used.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from generator.core.errors import PlaybookError

_BOM = b"\xef\xbb\xbf"
SEPARATORS = (",", ";", "\t")


@dataclass(frozen=True)
class Row:
    number: int
    """The row as a spreadsheet numbers it: the header is row 1, the first record row 2."""
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    path: Path
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    encoding: str
    """How the bytes were read, for the summary: `UTF-8`, `UTF-8 with BOM` or `Windows-1252`."""
    separator: str


def read_table(path: Path) -> Table:
    """Read `path` as a CSV table with a header row; a file that is not one raises PlaybookError."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        msg = f"{path}: cannot read the file: {exc.strerror}"
        raise PlaybookError(msg) from exc
    text, encoding = decode(data, path)
    separator = sniff_separator(text)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=False))
    header_at = next((i for i, cells in enumerate(records) if any(c.strip() for c in cells)), None)
    if header_at is None:
        msg = f"{path}: the file is empty; an export starts with a header row naming its columns"
        raise PlaybookError(msg)
    columns = tuple(" ".join(c.split()) for c in records[header_at])
    _check_columns(path, columns)
    rows = tuple(
        Row(number, tuple(cells))
        for number, cells in enumerate(records[header_at + 1 :], start=header_at + 2)
        if any(c.strip() for c in cells)
    )
    return Table(path, columns, rows, encoding, separator)


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text and the name of its encoding: strict UTF-8 (a BOM is dropped), else Windows-1252."""
    if data.startswith(_BOM):
        try:
            return data[len(_BOM) :].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError as exc:
            msg = f"{path}: the file starts like UTF-8 but byte {exc.start + len(_BOM) + 1} is not UTF-8; save it again as CSV UTF-8"
            raise PlaybookError(msg) from exc
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        msg = f"{path}: the file is neither UTF-8 nor Windows-1252 (byte {exc.start + 1}); save it again as CSV UTF-8"
        raise PlaybookError(msg) from exc


def sniff_separator(text: str) -> str:
    """The separator of the header line: the one of `,` `;` tab it holds most of (outside quotes)."""
    first = _first_line(text)
    counts = {sep: _count_outside_quotes(first, sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])  # ties keep the earlier: the comma
    return best if counts[best] else ","


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line
    return ""


def _count_outside_quotes(line: str, separator: str) -> int:
    count = 0
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            count += 1
    return count


def _check_columns(path: Path, columns: tuple[str, ...]) -> None:
    seen: dict[str, int] = {}
    for number, name in enumerate(columns, start=1):
        if not name:
            continue
        key = name.casefold()
        if key in seen:
            msg = f"{path}: row 1: columns {seen[key]} and {number} are both named {name!r}; rename one"
            raise PlaybookError(msg)
        seen[key] = number
