"""Reading exports as Excel and the CRMs write them: BOM, `;`, CRLF, Windows-1252, quoted lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.errors import PlaybookError
from generator.load.importing.csv_read import read_table


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    return path


def test_excel_utf8_with_bom_semicolons_and_windows_line_ends(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffFirst Name;Last Name;Zip\r\nZoë;Müller;02134\r\n".encode())
    table = read_table(path)
    assert table.columns == ("First Name", "Last Name", "Zip")
    assert [(r.number, r.cells) for r in table.rows] == [(2, ("Zoë", "Müller", "02134"))]
    assert (table.encoding, table.separator) == ("UTF-8 with BOM", ";")


def test_windows_1252_when_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, "Name,City\r\nZoë Müller,Köln\r\n".encode("cp1252"))
    table = read_table(path)
    assert table.rows[0].cells == ("Zoë Müller", "Köln")
    assert table.encoding == "Windows-1252"


def test_plain_utf8_commas_and_tabs(tmp_path: Path) -> None:
    assert read_table(write(tmp_path, b"a,b\n1,2\n")).encoding == "UTF-8"
    assert read_table(write(tmp_path, b"a\tb\tc;d\n1\t2\t3;4\n")).separator == "\t"


def test_a_separator_inside_quotes_does_not_count(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, b'"Name; full",Email\n"Lee; Ann",ann@example.org\n'))
    assert table.separator == ","
    assert table.rows[0].cells == ("Lee; Ann", "ann@example.org")


def test_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path: Path) -> None:
    data = b'Name,Street\r\n,\r\nAnn,"1 Main St\r\nFlat 2"\r\nBob,2 High St\r\n'
    table = read_table(write(tmp_path, data))
    assert [(r.number, r.cells[0]) for r in table.rows] == [(3, "Ann"), (4, "Bob")]
    assert table.rows[0].cells[1] == "1 Main St\r\nFlat 2"


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, b"\r\n\r\n")
    with pytest.raises(PlaybookError) as caught:
        read_table(path)
    assert str(caught.value) == f"{path}: the file is empty; an export starts with a header row naming its columns"


def test_two_columns_with_one_name_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, b"Email,Name,email\n")
    with pytest.raises(PlaybookError) as caught:
        read_table(path)
    assert str(caught.value) == f"{path}: row 1: columns 1 and 3 are both named 'email'; rename one"


def test_bytes_that_are_no_text_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, b"Name\n\x81\x8d\n")
    with pytest.raises(PlaybookError) as caught:
        read_table(path)
    assert str(caught.value) == f"{path}: the file is neither UTF-8 nor Windows-1252 (byte 6); save it again as CSV UTF-8"
