"""The reader parses each page once and gives what pdfplumber would give.

``read_pages`` interprets a page's content stream once (pdfminer) and keeps its glyphs
as pdfplumber's char dicts and its paths as pdfplumber's edges (with its own reader of
the content stream's tokens and its own char boxes); table finding runs pdfplumber's
table finder on those edges. These tests pin that the result is the same as pdfplumber's
own objects, page by page, and that pdfplumber's per-object processing is never run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from thaidoc.pipeline import content_stream
from thaidoc.pipeline.read import read_pages
from thaidoc.pipeline.run import process_page
from thaidoc.pipeline.tables import DEFAULT_TABLE_SETTINGS, find_page_tables

CHAR_KEYS = ("text", "x0", "x1", "top", "bottom", "fontname", "size", "upright")
EDGE_KEYS = ("x0", "x1", "top", "bottom", "width", "height", "orientation", "object_type")
PLAN = "dga_action_plan_2567.pdf"
CID_PDF = "budget2021_3_14_p433-444.pdf"  # thousands of (cid:N) glyphs
INLINE_IMAGE_PAGES = {"moph_anticorruption_actionplan_2566-2570.pdf": [130, 132]}


def plumber_objects(path: Path, page_no: int) -> tuple[list[dict[str, Any]], list[tuple]]:
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[page_no - 1]
        chars = [{k: c[k] for k in CHAR_KEYS} for c in page.chars]
        edges = [tuple(e[k] for k in EDGE_KEYS) for e in page.edges]
    return chars, edges


def first_table_page(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            if page.find_tables(DEFAULT_TABLE_SETTINGS):
                return int(page.page_number)
    raise AssertionError(f"no ruled table in {path}")


def assert_pages_read_as_pdfplumber(path: Path, page_nos: list[int] | None = None) -> int:
    """``read_pages`` gives each page's chars and edges exactly as pdfplumber does;
    returns how many edges the pages have."""
    expected = {}
    with pdfplumber.open(path) as pdf:
        for page_no in page_nos or range(1, len(pdf.pages) + 1):
            page = pdf.pages[page_no - 1]
            expected[page_no] = (
                [{k: c[k] for k in CHAR_KEYS} for c in page.chars],
                [tuple(e[k] for k in EDGE_KEYS) for e in page.edges],
            )
            page.close()
    edges_seen = 0
    for page in read_pages(path, list(expected)):
        chars, edges = expected.pop(page.page_no)
        edges_seen += len(edges)
        where = f"{path.name} page {page.page_no}"
        assert [{k: c[k] for k in CHAR_KEYS} for c in page.chars] == chars, where
        assert [tuple(e[k] for k in EDGE_KEYS) for e in page.edges] == edges, where
        assert [c["_stream_index"] for c in page.chars] == list(range(len(chars)))
    assert not expected, "every page was read"
    return edges_seen


def test_chars_and_edges_are_the_ones_pdfplumber_gives_on_every_sample_page(samples_dir):
    edges = sum(assert_pages_read_as_pdfplumber(p) for p in sorted(samples_dir.glob("*.pdf")))
    assert edges, "the table pages have ruling lines"


@pytest.mark.corpus
def test_chars_and_edges_are_the_ones_pdfplumber_gives_on_corpus_pages(shared_dir, monkeypatch):
    """Every page of the short documents, every tenth of the long ones (all of them is
    20 s more), and the pages with inline images, whose content pdfminer's own parser
    reads (``content_stream`` leaves inline images to it)."""
    read_by_pdfminer = []
    pdfminer_reading = content_stream._pdfminer_objects

    def spy(streams: list[Any]) -> Any:
        read_by_pdfminer.append(streams)
        return pdfminer_reading(streams)

    monkeypatch.setattr(content_stream, "_pdfminer_objects", spy)
    for path in sorted((shared_dir / "corpus" / "real").glob("*.pdf")):
        with pdfplumber.open(path) as pdf:
            count = len(pdf.pages)
        pages = list(range(1, count + 1))
        if count > 20:
            pages = sorted({*pages[::10], *INLINE_IMAGE_PAGES.get(path.name, [])})
        assert_pages_read_as_pdfplumber(path, pages)
    assert read_by_pdfminer, "the inline-image pages were read by pdfminer's parser"


def test_a_table_page_yields_the_cells_pdfplumber_finds(samples_dir):
    path = samples_dir / PLAN
    page_no = first_table_page(path)
    (page,) = read_pages(path, [page_no])
    with pdfplumber.open(path) as pdf:
        expected = [t.cells for t in pdf.pages[page_no - 1].find_tables(DEFAULT_TABLE_SETTINGS)]
    assert [t.cells for t in page.plumber_page.find_tables(DEFAULT_TABLE_SETTINGS)] == expected
    assert find_page_tables(page, page.chars)


def test_pages_are_read_without_pdfplumber_processing_their_objects(samples_dir, monkeypatch):
    """pdfplumber's per-object bookkeeping (every attribute of every glyph resolved) was
    40% of reading; chars, edges and tables must not need it."""

    def refuse(*args: object) -> None:
        raise AssertionError("pdfplumber parsed the page")

    monkeypatch.setattr(pdfplumber.page.Page, "parse_objects", refuse)
    path = samples_dir / PLAN
    tables_seen = 0
    for page in read_pages(path):
        _, tables, _ = process_page(page)
        tables_seen += len(tables)
    assert tables_seen


@pytest.mark.corpus
def test_unmapped_glyphs_keep_pdfplumbers_cid_text_for_the_repair(shared_dir):
    path = shared_dir / "corpus" / "real" / CID_PDF
    (page,) = read_pages(path, [1])
    chars, _ = plumber_objects(path, 1)
    assert any(c["text"].startswith("(cid:") for c in page.chars)
    assert [{k: c[k] for k in CHAR_KEYS} for c in page.chars] == chars
