"""OCR of scanned pages (no text layer) with Tesseract's Thai model, into text lines.

A page is rendered with PDFium, Tesseract (through pytesseract, ``lang='tha+eng'``) reads
it word by word, and the words are grouped into the lines Tesseract found. Boxes are
turned into PDF points with pdfplumber's top-left origin, so OCR lines carry the same
provenance as lines from a text layer, and each line's text goes through the one Thai
repair (``repair_thai_line``). Lines are marked ``ocr=True``.

Tesseract splits Thai into single glyph clusters, each its own "word", so words are joined
without a space unless the gap between them is a word gap (wider than ``space_gap`` of the
line's height; calibrated against Tesseract's own text output on the scanned vote log).

Needs the Debian packages tesseract-ocr and tesseract-ocr-tha, and pytesseract.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import pypdfium2

from thaidoc.pipeline.guard import DocumentError
from thaidoc.pipeline.layout import TextLine
from thaidoc.schemas import BBox
from thaidoc.thai.repair import is_mark, repair_thai_line

DEFAULT_OCR_SETTINGS: dict[str, Any] = {
    "dpi": 300,  # rendering resolution; scans are usually 300 dpi
    "lang": "tha+eng",  # Tesseract models: Thai, with English for Latin words and codes
    "timeout_s": 300,  # per page; Tesseract takes 10-20 s for a dense A4 page on 2 cores
    "min_confidence": 20,  # words below this confidence (0-100) are dropped as noise
    "space_gap": 0.23,  # a gap wider than this share of the line height is a space
    # Two OCR lines are one row when their middles differ by less than this share of
    # the lower line's height.
    "row_overlap": 0.5,
    # Tesseract's check for white-on-black text doubles its time on some pages; scans of
    # government documents are black on white.
    "tesseract_config": "-c tessedit_do_invert=0",
}

_TSV_FIELDS = ("block_num", "par_num", "line_num", "left", "top", "width", "height", "conf")


@lru_cache(maxsize=1)
def missing_ocr_tools(lang: str = "tha+eng") -> str:
    """'' when pytesseract, the tesseract program and its ``lang`` models are installed;
    otherwise what is missing."""
    try:
        import pytesseract
    except ImportError:
        return "pytesseract is not installed"
    try:
        installed = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError) as exc:
        return f"the tesseract program cannot be run ({exc})"
    lacking = [code for code in lang.split("+") if code not in installed]
    return f"Tesseract lacks the model(s) {', '.join(lacking)}" if lacking else ""


def require_ocr_tools(path: Path, lang: str) -> None:
    missing = missing_ocr_tools(lang)
    if missing:
        raise DocumentError(path, "ocr_unavailable", f"OCR was asked for but {missing}")


def ocr_page(
    path: Path, page_no: int, dpi: int = 300, settings: dict[str, Any] | None = None
) -> list[TextLine]:
    """The text lines of page ``page_no`` (1-based) of the PDF at ``path``, read by OCR."""
    cfg = {**DEFAULT_OCR_SETTINGS, "dpi": dpi, **(settings or {})}
    with _open(path) as pdf:
        return ocr_pdfium_page(pdf[page_no - 1], page_no, path, cfg)


@contextmanager
def _open(path: Path) -> Iterator[pypdfium2.PdfDocument]:
    pdf = pypdfium2.PdfDocument(str(path), password="")
    try:
        yield pdf
    finally:
        pdf.close()


def ocr_pdfium_page(
    page: pypdfium2.PdfPage, page_no: int, path: Path, settings: dict[str, Any] | None = None
) -> list[TextLine]:
    """OCR one page of an open PDFium document (what ``read_pages`` calls)."""
    import pytesseract

    cfg = {**DEFAULT_OCR_SETTINGS, **(settings or {})}
    require_ocr_tools(path, cfg["lang"])
    scale = cfg["dpi"] / 72
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image = bitmap.to_pil()
        data = pytesseract.image_to_data(
            image,
            lang=cfg["lang"],
            config=cfg["tesseract_config"],
            timeout=cfg["timeout_s"],
            output_type=pytesseract.Output.DICT,
        )
    except (RuntimeError, pytesseract.TesseractError) as exc:  # timeout: a RuntimeError
        timed_out = "timeout" in str(exc).lower()
        reason, detail = ("page_timeout", "OCR took too long") if timed_out else ("ocr_failed", "")
        raise DocumentError(path, reason, detail or f"OCR failed: {exc}", page=page_no) from exc
    finally:
        bitmap.close()
    return lines_from_tesseract(data, page_no, scale, cfg)


def lines_from_tesseract(
    data: dict[str, list[Any]], page_no: int, scale: float, settings: dict[str, Any] | None = None
) -> list[TextLine]:
    """Tesseract's word table (``image_to_data`` as a dict; pixels) → text lines in points,
    top to bottom, each joined, repaired and marked as OCR.

    Tesseract reads a table column by column; its lines that share a row are merged into
    one line (left to right), as the text layer's lines span the whole row."""
    cfg = {**DEFAULT_OCR_SETTINGS, **(settings or {})}
    tesseract_lines: dict[tuple[int, int, int], list[dict[str, Any]]] = {}
    for i, text in enumerate(data["text"]):
        word = {field: data[field][i] for field in _TSV_FIELDS}
        if not str(text).strip() or float(word["conf"]) < cfg["min_confidence"]:
            continue
        word["text"] = str(text).strip()
        key = (word["block_num"], word["par_num"], word["line_num"])
        tesseract_lines.setdefault(key, []).append(word)
    found = []
    for words in rows(list(tesseract_lines.values()), cfg["row_overlap"]):
        text = repair_thai_line(join_words(words, cfg["space_gap"]))
        if not text.strip():
            continue
        x0, top, x1, bottom = _extent(words)
        found.append(
            TextLine(
                text=text,
                page=page_no,
                bbox=BBox(x0=x0 / scale, top=top / scale, x1=x1 / scale, bottom=bottom / scale),
                # A glyph cluster's box runs from ascender to descender: about the font size.
                size=round(statistics.median(w["height"] for w in words) / scale, 1),
                bold=False,
                ocr=True,
            )
        )
    return found


def _extent(words: list[dict[str, Any]]) -> tuple[float, float, float, float]:
    return (
        min(w["left"] for w in words),
        min(w["top"] for w in words),
        max(w["left"] + w["width"] for w in words),
        max(w["top"] + w["height"] for w in words),
    )


def rows(lines: list[list[dict[str, Any]]], overlap: float) -> list[list[dict[str, Any]]]:
    """Merge OCR lines whose vertical middles are within ``overlap`` of the lower height of
    each other's: the lines of one table row. Returned top to bottom."""

    def span(words: list[dict[str, Any]]) -> tuple[float, float]:
        _, top, _, bottom = _extent(words)
        return (top + bottom) / 2, bottom - top

    merged: list[list[dict[str, Any]]] = []
    row_span = (0.0, 0.0)
    for line in sorted(lines, key=lambda ws: span(ws)[0]):
        middle, height = span(line)
        if merged and abs(middle - row_span[0]) <= overlap * min(height, row_span[1]):
            merged[-1].extend(line)
        else:
            merged.append(list(line))
            row_span = (middle, height)
    return merged


def join_words(words: list[dict[str, Any]], space_gap: float) -> str:
    """One line's OCR words as text, left to right: a space only at a word gap."""
    words = sorted(words, key=lambda w: w["left"])
    _, top, _, bottom = _extent(words)
    line_height = bottom - top
    out: list[str] = []
    right: float | None = None
    for w in words:
        word_gap = right is not None and w["left"] - right > space_gap * line_height
        if word_gap and not is_mark(w["text"][:1]):
            out.append(" ")
        out.append(w["text"])
        right = max(right or 0.0, w["left"] + w["width"])
    return "".join(out)
