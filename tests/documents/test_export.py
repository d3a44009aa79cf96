"""`playbook export pdf|eml` on the demo handover and on a hand-made one."""

from __future__ import annotations

import shutil
import subprocess
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO
from pypdf import PdfReader

from generator.cli import cli
from generator.core.project import Project
from generator.documents.export import render_pdf
from generator.documents.packets import build_packets, find_handover
from generator.load.dataset import load_dataset

DEMO_HANDOVER = "2026-11-16-jonas-berg"
OUTPUT = REPO / "test-output" / "handover"
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is not installed"
)


def page_text(pdf: Path, page: int | None = None) -> str:
    """Text by poppler (pypdf's extraction of WeasyPrint output yields NUL characters)."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    result = CliRunner().invoke(
        cli,
        [
            "-C",
            str(REPO),
            "export",
            "pdf",
            "--handover",
            DEMO_HANDOVER,
            "--output",
            str(folder / "demo.pdf"),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return folder / "demo.pdf"


@needs_poppler
def test_demo_pdf_is_cover_call_sheet_and_two_letters_per_customer(demo_pdf: Path) -> None:
    project = Project.at(REPO)
    dataset = load_dataset(project).dataset
    assert dataset is not None
    handover = find_handover(dataset, DEMO_HANDOVER)
    packets, problems = build_packets(project, dataset, handover)
    assert problems == []
    customers = len(handover.assignments)
    assert customers == sum(len(p.entries) for p in packets) == 12
    assert not any(p.skipped for p in packets)  # every demo customer may be written to
    # the call sheets rendered on their own give the pages they take in the packet
    call_sheet_pages = [
        render_pdf([p], title="call sheet", parts=("callsheet",))[1] for p in packets
    ]
    pages = len(PdfReader(demo_pdf).pages)
    assert pages == len(packets) + sum(call_sheet_pages) + 2 * customers

    text = page_text(demo_pdf)
    assert f"of {pages}" not in text  # page numbers count each document, never the whole print
    for assignment in handover.assignments:
        assert dataset.customer(assignment.customer).name in text

    # the first letter follows the first packet's cover and call sheet, and fills exactly one page
    first_letter = 1 + call_sheet_pages[0] + 1
    letter = page_text(demo_pdf, first_letter)
    first = packets[0].letters[0]
    assert first.kind == "notice"
    assert first.subject in letter
    assert f"Dear {first.customer.name.split()[0]}," in letter
    assert "María López" in letter
    assert "Page" not in letter  # a one-page letter has no page number
    introduction = page_text(demo_pdf, first_letter + 1)
    assert "Kind regards," in introduction
    assert packets[0].consultant.name in introduction

    OUTPUT.mkdir(parents=True, exist_ok=True)
    for old in OUTPUT.glob("first-letter*.png"):
        old.unlink()
    prefix = OUTPUT / "first-letter"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            "-f",
            str(first_letter),
            "-l",
            str(first_letter),
            "-singlefile",
            str(demo_pdf),
            str(prefix),
        ],
        check=True,
    )
    assert (OUTPUT / "first-letter.png").stat().st_size > 10_000


@needs_poppler
def test_demo_letters_speak_the_customers_language_and_list_no_regions(demo_pdf: Path) -> None:
    text = page_text(demo_pdf)
    assert "Region:" not in text and "Zona:" not in text
    assert "zona south" not in text and "in the east area" not in text
    # Bjørn Haugen lives in Norway (`country: "NO"`); the shop is in Britain (`country: GB`)
    assert text.count("   NORWAY\n") == 2
    assert "Nordnesgaten 14, Bergen, Norway" in text  # his call sheet card
    letters = text.split("\f")
    jose = next(page for page in letters if "Hola, José:" in page)
    assert "Lucía se pondrá en contacto con usted en los próximos días, por teléfono, como" in jose
    assert "Página" not in jose and "Page" not in jose  # one page: no number
    olivia = next(page for page in letters if "Dear Olivia," in page and "Your new contact" in page)
    assert "loyalty" not in olivia  # she is a lost customer
    assert "Lost since" not in text


def test_the_pdf_is_deterministic(demo_pdf: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    result = CliRunner().invoke(
        cli, ["-C", str(REPO), "export", "pdf", "--handover", DEMO_HANDOVER, "-o", str(again)]
    )
    assert result.exit_code == 0
    assert again.read_bytes() == demo_pdf.read_bytes()


@needs_poppler
def test_one_consultants_packet_goes_to_the_default_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli,
        [
            "-C",
            str(REPO),
            "export",
            "pdf",
            "--handover",
            DEMO_HANDOVER,
            "--to-consultant",
            "sam-whitlock",
        ],
        catch_exceptions=False,
    )
    path = Path("handovers") / f"{DEMO_HANDOVER}-sam-whitlock.pdf"
    assert result.exit_code == 0
    pages = len(PdfReader(path).pages)
    assert result.stderr == f"playbook: wrote {path} ({pages} pages: 1 packet, 4 letters)\n"
    text = page_text(path)
    assert "Sam Whitlock" in text
    assert "Aisha Rahman" not in text
    assert oct(path.stat().st_mode & 0o777) != oct(
        0o600
    )  # an ordinary file, not a private temporary one


# ------------------------------------------------------------------- e-mail drafts


def test_demo_drafts(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "-C",
            str(REPO),
            "export",
            "eml",
            "--handover",
            DEMO_HANDOVER,
            "--output-dir",
            str(tmp_path),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    folder = tmp_path / DEMO_HANDOVER
    assert (
        result.stderr
        == f"playbook: wrote 24 drafts to {folder}; open them in your mail program to check and send\n"
    )
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 24
    assert files[:2] == ["bjorn-haugen-introduction.eml", "bjorn-haugen-notice.eml"]

    raw = (folder / "carmen-ortega-notice.eml").read_bytes()
    assert b"\r\n" in raw  # the e-mail standard's line ends
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    assert msg["From"] == "María López <maria@example.com>"
    assert msg["To"] == "Carmen Ortega <carmen.ortega@example.org>"
    assert msg["Subject"] == "Su nuevo contacto en Harbour & Pine Outfitters"
    assert msg["X-Unsent"] == "1"
    assert msg["Date"] == "Mon, 16 Nov 2026 09:00:00 -0000"
    assert msg["Message-ID"] == f"<{DEMO_HANDOVER}.carmen-ortega.notice@example.com>"
    plain = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = msg.get_body(("html",)).get_content()
    assert plain.startswith("Hola, Carmen:\n")
    assert "Lucía Fernández" in plain
    assert "Harbour &amp; Pine Outfitters" in html

    intro = BytesParser(policy=policy.default).parsebytes(
        (folder / "carmen-ortega-introduction.eml").read_bytes()
    )
    assert intro["From"] == "Lucía Fernández <lucia@example.com>"
    assert intro["Date"] == "Thu, 19 Nov 2026 09:00:00 -0000"

    again = tmp_path / "again"
    rerun = CliRunner().invoke(
        cli,
        ["-C", str(REPO), "export", "eml", "--handover", DEMO_HANDOVER, "--output-dir", str(again)],
    )
    assert rerun.exit_code == 0, rerun.output
    for name in files:
        assert (again / DEMO_HANDOVER / name).read_bytes() == (folder / name).read_bytes(), name


def test_drafts_skip_customers_without_email_or_who_opted_out(tmp_path: Path) -> None:
    from conftest import write_tree
    from test_letters import CUSTOMERS, RECORD, TEAM

    root = write_tree(
        tmp_path / "shop",
        {
            "content/team.yaml": TEAM,
            "content/customers.yaml": CUSTOMERS.replace("    email: ann@example.org\n", "").replace(
                "    email: rosa@example.org\n", "    address: 2 Mill Lane\n    city: Leeds\n"
            ),
            "content/handovers/2026-11-16-tom.yaml": RECORD,
            "playbook/rules.yaml": "rules: []\n",
        },
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "-C",
            str(root),
            "export",
            "eml",
            "--handover",
            "2026-11-16-tom",
            "--output-dir",
            str(out),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "skipped ann: no e-mail address and no postal address; find one before the letters can go",
        "skipped cy: asked not to be contacted",
        "skipped rosa: no e-mail address; print the letters instead",
        f"playbook: wrote 2 drafts to {out / '2026-11-16-tom'}; open them in your mail program to check and send",
    ]
    assert sorted(p.name for p in (out / "2026-11-16-tom").iterdir()) == [
        "bo-introduction.eml",
        "bo-notice.eml",
    ]
    msg = BytesParser(policy=policy.default).parsebytes(
        (out / "2026-11-16-tom" / "bo-notice.eml").read_bytes()
    )
    html = msg.get_body(("html",)).get_content()
    assert "<script>" not in html
    assert "Dear &lt;script&gt;alert(1)&lt;/script&gt;," in html
    assert (
        msg["To"].addresses[0].display_name
        == "<script>alert(1)</script> [x](javascript:alert(1)) Bo"
    )


def test_the_page_size_comes_from_the_settings(tmp_path: Path) -> None:
    from conftest import write_tree
    from test_letters import CUSTOMERS, RECORD, TEAM

    root = write_tree(
        tmp_path,
        {
            "content/team.yaml": TEAM,
            "content/customers.yaml": CUSTOMERS,
            "content/handovers/2026-11-16-tom.yaml": RECORD,
            "playbook/rules.yaml": "settings:\n  page_size: Letter\nrules: []\n",
        },
    )
    out = tmp_path / "letter.pdf"
    result = CliRunner().invoke(
        cli, ["-C", str(root), "export", "pdf", "--handover", "2026-11-16-tom", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # 8.5 x 11 inches
