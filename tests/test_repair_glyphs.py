"""Glyph-level repair and the labelled set: what the page's glyphs tell is used."""

from __future__ import annotations

from pathlib import Path

import pytest

from thaidoc.thai.repair import join_chars, repair_chars, repair_thai_line

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
LABELLED = Path(__file__).resolve().parent / "data" / "repair" / "labelled_lines.tsv"


def glyph(text: str, x0: float, x1: float, font: str = "ABCDEE+THSarabunPSK") -> dict:
    return {
        "text": text,
        "x0": x0,
        "x1": x1,
        "top": 10.0,
        "bottom": 26.0,
        "size": 16.0,
        "fontname": font,
        "upright": True,
    }


def text_of(chars: list[dict]) -> str:
    return join_chars(repair_chars(chars, 1)[0])


def test_zero_width_blank_before_sara_aa_is_read_as_sara_am() -> None:
    chars = [
        glyph("ส", 90.7, 96.8),
        glyph(" ", 96.8, 96.8),
        glyph("า", 96.8, 101.9),
        glyph("น", 101.9, 108.6),
    ]
    assert text_of(chars) == "สำน"


def test_blank_tone_and_sara_aa_make_tone_and_sara_am() -> None:
    chars = [
        glyph("น", 347.3, 355.1),
        glyph(" ", 355.1, 355.1),
        glyph("้", 355.1, 355.1),
        glyph("า", 355.1, 361.2),
    ]
    assert text_of(chars) == "น้ำ"


def test_upc_font_glyph_codes_are_mapped_and_unknown_ones_flagged() -> None:
    font = "BGPFKO+DilleniaUPC"
    chars = [
        glyph("ท", 0, 5, font),
        glyph("ี", 5, 5, font),
        glyph("(cid:201)", 5, 5, font),
        glyph("(cid:999)", 6, 9, font),
    ]
    repaired, warnings = repair_chars(chars, 3)
    assert "".join(c["text"] for c in repaired) == "ที่(cid:999)"
    assert [(w.code, w.page) for w in warnings] == [("unplaced_glyph", 3)]


def test_fake_bold_copies_are_removed() -> None:
    chars = [glyph("ก", 0, 6), glyph("ก", 0.3, 6.3), glyph("า", 6, 11), glyph("า", 6.3, 11.3)]
    assert text_of(chars) == "กา"


def test_marks_get_their_base_x0_so_a_position_sort_keeps_the_cluster() -> None:
    chars = [glyph("อ", 93.1, 98.1), glyph("ี", 98.3, 98.3), glyph("ย", 98.0, 103.2)]
    repaired, _ = repair_chars(chars, 1)
    ordered = sorted(repaired, key=lambda c: c["x0"])
    assert "".join(c["text"] for c in ordered) == "อีย"


def test_pua_variants_are_mapped() -> None:
    assert repair_thai_line("ที\uf70a") == "ที่"


def test_wide_gap_is_a_space_and_glyph_gap_is_not() -> None:
    chars = [glyph("ก", 0, 6), glyph("า", 6.5, 11), glyph("ร", 20, 25)]
    assert text_of(chars) == "กา ร"


def test_a_zero_width_blank_where_a_mark_goes_becomes_the_mark_the_word_needs() -> None:
    # TH SarabunPSK: 'เชื้อ' comes out as 'เชื อ', the tone mark a zero-width blank.
    chars = [glyph("ก", 0, 6), glyph("า", 6, 10), glyph("ร", 10, 15), glyph("ต", 15, 21)]
    chars += [glyph("ิ", 21, 21), glyph("ด", 21, 27), glyph("เ", 27, 30), glyph("ช", 30, 36)]
    chars += [glyph("ื", 36, 36), glyph(" ", 36, 36), glyph("อ", 36, 42)]
    assert text_of(chars) == "การติดเชื้อ"


def test_padding_blanks_under_a_digit_are_not_a_gap() -> None:
    # Budget tables right-align numbers with spaces; the last sits under the first digit.
    chars = [glyph(" ", 0, 3), glyph("3", 3, 7), glyph(" ", 3, 6), glyph("7", 7, 11)]
    chars += [glyph("1", 11, 15)]
    assert text_of(chars).strip() == "371"


def test_labelled_set_is_large_and_a_quarter_already_correct() -> None:
    import csv

    with LABELLED.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert len(rows) >= 150
    assert sum(r["damaged"] == r["correct"] for r in rows) >= len(rows) / 4
    assert len({r["source"] for r in rows if r["page"]}) >= 6


def test_labelled_lines_through_thaidoc_text_on_their_pages() -> None:
    if not SHARED.exists():
        pytest.skip("../shared is absent")
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from labelled_accuracy import load_rows, page_lines

    rows = [r for r in load_rows(LABELLED) if r["page"]]
    pages = page_lines(rows)
    right = sum(r["correct"] in pages[(r["source"], int(r["page"]))] for r in rows)
    assert right / len(rows) >= 0.95
