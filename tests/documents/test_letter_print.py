"""The printed letters, measured in the PDF with poppler: each letter's own page numbers, and
the address where a window envelope shows it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, run_cli, write_tree
from test_letters import CUSTOMERS, RECORD, TEAM

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

MM = 72 / 25.4
INCH = 72.0
LONG = "\n\n".join(f"A line to fill the page, paragraph {n}." for n in range(1, 70)) + "\n"


def pages_of(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def footer(page: str) -> str:
    """The last line of a page, when it is a page number (the footer), else ''."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    return last if re.search(r"(Page|Página|page) \d", last) else ""


def shop(tmp_path: Path, *, page_size: str = "A4", customers: str = CUSTOMERS, long: bool = False) -> Path:
    files = {
        "content/team.yaml": TEAM.replace("  currency: GBP\n", "  currency: GBP\n  country: GB\n"),
        "content/customers.yaml": customers,
        "content/handovers/2026-11-16-tom.yaml": RECORD,
        "playbook/rules.yaml": f"settings:\n  page_size: {page_size}\nrules: []\n",
    }
    if long:
        files["playbook/templates/letters/notice.txt.j2"] = "Subject: Long news\n\n" + LONG
        files["playbook/templates/letters/es/notice.txt.j2"] = "Subject: Noticias\n\n" + LONG
    return write_tree(tmp_path, files)


def export_pdf(root: Path) -> Path:
    out = root / "packet.pdf"
    run_cli("-C", str(root), "export", "pdf", "--handover", "2026-11-16-tom", "-o", str(out))
    return out


def test_each_letter_numbers_its_own_pages_in_its_language(tmp_path: Path) -> None:
    pages = pages_of(export_pdf(shop(tmp_path, long=True)))
    # the packet's cover and call sheet count from 1; letters: Bo, Ann, Rosa, notice then introduction
    assert [footer(page) for page in pages] == [
        "Eve Stone · handover packet 2026-11-16-tom · page 1",
        "Eve Stone · handover packet 2026-11-16-tom · page 2",
        *("Page 1 of 3", "Page 2 of 3", "Page 3 of 3", ""),  # Bo: a long notice, a one-page introduction
        *("Page 1 of 3", "Page 2 of 3", "Page 3 of 3", ""),  # Ann
        *("Página 1 de 3", "Página 2 de 3", "Página 3 de 3", ""),  # Rosa, in Spanish
    ]
    assert "paragraph 1." in pages[2] and "paragraph 69." in pages[4]


def test_one_page_letters_have_no_page_number(tmp_path: Path) -> None:
    pages = pages_of(export_pdf(shop(tmp_path)))
    assert [footer(page) for page in pages[2:]] == [""] * 6
    assert "of 8" not in "".join(pages)


# ------------------------------------------------------------------- the address in the window


def words_on(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, x0, y0, x1, y1) in points from the page's top left corner, by pdftotext -bbox."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(pattern, html)]


def block(words: list[tuple[str, float, float, float, float]], first: str, last: str) -> list[tuple[str, float, float, float, float]]:
    """The words from the first `first` to the next `last`, in reading order."""
    start = next(i for i, w in enumerate(words) if w[0] == first)
    end = next(i for i, w in enumerate(words) if i >= start and w[0] == last)
    return words[start : end + 1]


def inside(words: list[tuple[str, float, float, float, float]], left: float, top: float, right: float, bottom: float) -> bool:
    return all(left <= x0 and x1 <= right and top <= y0 and y1 <= bottom for _, x0, y0, x1, y1 in words)


ABROAD = CUSTOMERS.replace(
    "    language: es\n",
    "    language: es\n    address: \"Calle Feria 52\\nPiso 2\"\n    postcode: \"41003\"\n    city: Sevilla\n    country: ES\n",
)


def test_a4_puts_the_address_in_the_din_5008_form_b_field(tmp_path: Path) -> None:
    pdf = export_pdf(shop(tmp_path, customers=ABROAD))
    words = words_on(pdf, 7)  # cover, call sheet, Bo's two letters, Ann's two, then Rosa's notice
    recipient = block(words, "Rosa", "ESPAÑA")
    assert [w[0] for w in recipient] == ["Rosa", "Martín", "Martín", "Bakery", "Calle", "Feria", "52", "Piso", "2", "41003", "SEVILLA", "ESPAÑA"]
    # the recipient zone: 62.7 to 90 mm from the top, from 20 mm (text at 25 mm) to 105 mm
    assert inside(recipient, 20 * MM, 62.7 * MM, 105 * MM, 90 * MM)
    assert recipient[0][1] == pytest.approx(25 * MM, abs=0.5)
    # the return address above it, in the field's upper zone (45 to 62.7 mm)
    start = words.index(recipient[0])
    sender = words[start - 10 : start]
    assert [w[0] for w in sender] == ["Corner", "Shop", "·", "1", "High", "Street,", "Leeds", "·", "Reino", "Unido"]
    assert inside(sender, 20 * MM, 45 * MM, 105 * MM, 62.7 * MM)


def test_letter_puts_the_address_in_a_number_10_envelopes_window(tmp_path: Path) -> None:
    pdf = export_pdf(shop(tmp_path, page_size="Letter", customers=ABROAD))
    recipient = block(words_on(pdf, 7), "Rosa", "ESPAÑA")
    assert len(recipient) == 12
    # the window of a #10 envelope on a letter folded in three and resting on its fold:
    # 2.042 to 3.167 in from the top, and 0.875 to 4.875 in from the left however it slides
    assert inside(recipient, 0.875 * INCH, 2.042 * INCH, 4.875 * INCH, 3.167 * INCH)
    assert "Corner Shop · 1 High Street" not in subprocess.run(
        ["pdftotext", "-f", "7", "-l", "7", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout  # a single-window envelope shows no return address


def test_the_demo_letters_show_their_address_in_the_window() -> None:
    """Every letter of a demo packet (A4): the whole address inside the form B recipient zone."""
    pdf = REPO / "test-output" / "handover" / "window.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    run_cli("-C", str(REPO), "export", "pdf", "--handover", "2026-11-16-jonas-berg", "--to-consultant", "sam-whitlock", "-o", str(pdf))
    expected = {
        "Bjørn": ["Bjørn", "Haugen", "Nordnesgaten", "14", "BERGEN", "NORWAY"],  # country: "NO"
        "Peter": ["Peter", "Langley", "7", "Sheep", "Street", "Petersfield"],  # at home: no country
    }
    pages = pages_of(pdf)
    letters = [(n, page) for n, page in enumerate(pages, 1) if "Dear " in page]
    assert len(letters) == 4
    for number, page in letters:
        lines = expected[page.split("Dear ", 1)[1].split(",", 1)[0]]
        words = words_on(pdf, number)
        names = [w[0] for w in words]
        start = next(i for i in range(len(names)) if names[i : i + len(lines)] == lines)
        recipient = words[start : start + len(lines)]
        assert inside(recipient, 20 * MM, 62.7 * MM, 105 * MM, 90 * MM), (number, recipient)
