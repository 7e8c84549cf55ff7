"""OCR of pages without a text layer: Tesseract's words become repaired, OCR-marked lines.

The line building is tested on a hand-written Tesseract word table; the real OCR runs on
the scanned vote log of ``../shared/corpus/real`` when it and Tesseract's Thai model are
installed (it takes about 15 s a page on two cores).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from thaidoc.pipeline import ocr
from thaidoc.pipeline.guard import DocumentError
from thaidoc.pipeline.ocr import lines_from_tesseract, missing_ocr_tools
from thaidoc.pipeline.read import read_pages
from thaidoc.pipeline.run import extract_document

VOTE_LOG = "parliament_votelog_scanned_20190823.pdf"


def word_table(words: list[tuple[int, int, int, int, int, str]]) -> dict[str, list[Any]]:
    """``image_to_data`` output for (line, left, top, width, height, text) words."""
    table: dict[str, list[Any]] = {
        key: [] for key in ("block_num", "par_num", "line_num", "left", "top", "width", "height")
    }
    table["conf"], table["text"] = [], []
    for line, left, top, width, height, text in words:
        for key, value in zip(
            ("block_num", "par_num", "line_num", "left", "top", "width", "height", "conf", "text"),
            (1, 1, line, left, top, width, height, 95, text),
            strict=True,
        ):
            table[key].append(value)
    return table


def test_ocr_words_become_one_repaired_line_spaced_only_at_word_gaps():
    # 'จํานวน ผู้' as Tesseract gives it: one glyph cluster per word, ํ + า for ำ, marks
    # as words of their own; a wide gap before 'ผู'.
    table = word_table(
        [
            (1, 296, 597, 15, 36, "จ"),
            (1, 316, 609, 10, 23, "\u0e4d"),
            (1, 325, 590, 15, 59, "า"),
            (1, 339, 608, 13, 24, "น"),
            (1, 351, 590, 15, 59, "ว"),
            (1, 365, 590, 16, 59, "น"),
            (1, 400, 595, 27, 50, "ผู"),
            (1, 430, 608, 5, 23, "\u0e49"),
        ]
    )
    (line,) = lines_from_tesseract(table, page_no=4, scale=300 / 72)
    assert line.text == "จำนวน ผู้"
    assert line.page == 4
    assert line.ocr is True
    assert line.bbox.x0 == pytest.approx(296 * 72 / 300)
    assert line.bbox.top == pytest.approx(590 * 72 / 300)
    assert line.bbox.bottom == pytest.approx(649 * 72 / 300)


def test_ocr_lines_of_one_table_row_are_merged_left_to_right():
    # Tesseract reads table columns as separate lines: 'นาย ก' (line 2) and '26' (line 1)
    # sit on one row; 'พรรค' (line 3) is on the next.
    table = word_table(
        [
            (1, 80, 100, 30, 40, "26"),
            (2, 400, 98, 30, 44, "นาย"),
            (2, 460, 98, 16, 44, "ก"),
            (3, 80, 200, 60, 44, "พรรค"),
        ]
    )
    lines = lines_from_tesseract(table, page_no=1, scale=1.0)
    # The repair may read 'นาย ก' as the word 'นายก'; the order is what is pinned here.
    assert [ln.text.replace(" ", "") for ln in lines] == ["26นายก", "พรรค"]


def test_noise_below_the_confidence_floor_is_dropped():
    table = word_table([(1, 10, 10, 20, 30, "ไทย"), (1, 200, 10, 5, 30, "|")])
    table["conf"][1] = 3
    (line,) = lines_from_tesseract(table, page_no=1, scale=1.0)
    assert line.text == "ไทย"


def test_ocr_without_tesseract_is_a_clear_error(tmp_path, monkeypatch):
    from test_bad_input import scanned_pdf

    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf())
    monkeypatch.setattr(ocr, "missing_ocr_tools", lambda lang: "pytesseract is not installed")
    with pytest.raises(DocumentError) as caught:
        extract_document(path, ocr=True)
    assert caught.value.reason == "ocr_unavailable"
    assert "apt-get install tesseract-ocr tesseract-ocr-tha" in str(caught.value)
    assert str(caught.value).startswith(str(path))


@pytest.fixture
def vote_log(shared_dir: Path) -> Path:
    path = shared_dir / "corpus" / "real" / VOTE_LOG
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    missing = missing_ocr_tools("tha+eng")
    if missing:
        pytest.skip(missing)
    return path


@pytest.mark.corpus
def test_with_ocr_every_page_of_the_scanned_vote_log_yields_thai_text(vote_log):
    doc = extract_document(vote_log, ocr=True)
    ocr_pages = [w.page for w in doc.warnings if w.code == "ocr_page"]
    assert ocr_pages == list(range(1, 16))
    pages_with_thai = {
        p.page for p in doc.paragraphs if any("\u0e01" <= ch <= "\u0e4e" for ch in p.text)
    }
    assert pages_with_thai == set(range(1, 16))
    assert "ผลการลงคะแนน" in " ".join(p.text for p in doc.paragraphs)


@pytest.mark.corpus
def test_without_ocr_only_the_pages_without_a_text_layer_are_flagged(vote_log):
    pages = list(read_pages(vote_log, [1, 15]))
    assert [p.no_text_layer for p in pages] == [True, True]
    assert all(p.ocr_lines is None for p in pages)
