"""Search entries: spaced text for the search plugin, and names findable without their accents."""

from __future__ import annotations

import json
from pathlib import Path

from generator.site.search import SearchEntry, add_entries, folded, spaced_blocks, with_folded


def test_cells_terms_and_line_breaks_end_with_white_space() -> None:
    page = '<dl><dt>Reach</dt><dd>Prefers e-mail</dd></dl><p>Dan<br>Hayling</p><table><tr><td>a</td><td>b</td></tr></table>'
    assert spaced_blocks(page) == '<dl><dt>Reach</dt>\n<dd>Prefers e-mail</dd>\n</dl><p>Dan<br>\nHayling</p><table><tr><td>a</td>\n<td>b</td>\n</tr></table>'
    assert spaced_blocks("<p>a <em>b</em></p>") == "<p>a <em>b</em></p>"


def test_folded_spells_names_in_plain_letters() -> None:
    assert folded("Bjørn Ångström, Æsa Strauß, Łucja Fernández") == "Bjorn Angstrom, AEsa Strauss, Lucja Fernandez"
    assert folded("Erik Lund") == "Erik Lund"


def test_folded_names_are_searched_but_not_shown(tmp_path: Path) -> None:
    text = with_folded("Runs tours from Tromsø", "Bjørn Haugen", "Erik Lund", "Tromsø", "Bjørn Haugen")
    assert text == "Runs tours from Tromsø \x00Bjorn Haugen\x01 \x00Tromso\x01"
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text('{"config": {}, "docs": []}', encoding="utf-8")
    add_entries(tmp_path, [("cards/", SearchEntry("bjorn", "Bjørn <Haugen>", text))])
    doc = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"][0]
    assert doc == {
        "location": "cards/#bjorn",
        "title": "Bjørn &lt;Haugen&gt;",
        "text": "Runs tours from Tromsø <span hidden>Bjorn Haugen</span> <span hidden>Tromso</span>",
    }
