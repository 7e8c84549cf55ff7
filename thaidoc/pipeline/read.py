"""Stage 1, read: one PDF page at a time, as pdfplumber objects plus pypdfium2's text.

pdfplumber gives the geometry (chars with boxes and font names, ruling lines, rects);
pypdfium2 gives a second reading of the same page (it follows ActualText), used as a
witness by the repair stage. Pages are yielded one by one and released after use, so
memory stays bounded on long documents.

Bad input ends in one ``thaidoc.pipeline.guard.DocumentError`` (file, reason, advice):
the file is checked before parsing (``check_pdf``), the empty password is tried on
encrypted files, each page is parsed under a time limit (``page_timeout_s``) and a
parser's failure on a page names the page. Pages without a text layer (scanned images)
are flagged ``no_text_layer``; with ``ocr=True`` they are read with Tesseract and carry
their lines in ``ocr_lines``.
"""

from __future__ import annotations

import ctypes
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium_c

from thaidoc.pipeline.guard import (
    EMPTY_PASSWORD,
    DocumentError,
    PageTextFacts,
    check_pdf,
    parsing,
    pdfium_page_count,
    unopenable,
)

if TYPE_CHECKING:
    from thaidoc.pipeline.layout import TextLine

DOC_ID_LENGTH = 16

DEFAULT_READ_SETTINGS: dict[str, Any] = {
    # Seconds one page may take to parse (pdfplumber/pdfminer chars, edges, images, and
    # PDFium's text); a damaged page that makes the parser loop ends in 'page_timeout'.
    # A dense real page takes well under 1 s. 0 turns the limit off.
    "page_timeout_s": 60.0,
    # Seconds for opening the document and listing its pages.
    "open_timeout_s": 60.0,
    # Settings for OCR (``thaidoc.pipeline.ocr.DEFAULT_OCR_SETTINGS``), used with ocr=True.
    "ocr": {},
}
_THAI_LETTER = re.compile("[\u0e01-\u0e4e]")


@dataclass(frozen=True)
class WitnessChar:
    """One char of pypdfium2's reading: its text, horizontal extent and baseline (top-left
    origin, as pdfplumber). pdfium follows ActualText, so where a PDF says what its glyphs
    mean (LibreOffice and Word write it), this reading is right even when the glyphs'
    own Unicode mapping is not."""

    text: str
    x0: float
    x1: float
    baseline: float


@dataclass
class PageContent:
    """What the later stages need from one page.

    ``plumber_page`` is open only while the page is being processed (table finding
    needs it); ``read_pages`` closes it as soon as the consumer moves on.
    """

    page_no: int  # 1-based
    width: float
    height: float
    chars: list[dict[str, Any]]
    edges: list[dict[str, Any]]  # ruling lines and rect edges, for table finding
    witness_text: str  # pypdfium2's text of the page
    witness_chars: list[WitnessChar]
    plumber_page: pdfplumber.page.Page
    has_images: bool = False
    # No text layer: no chars (or only blanks) but images, i.e. a scanned page.
    no_text_layer: bool = False
    # With ocr=True, a page without a text layer is read by OCR: its lines (marked
    # ocr=True) replace what the text layer would give, and it has no tables.
    ocr_lines: list[TextLine] | None = None

    @property
    def text_facts(self) -> PageTextFacts:
        """What the document-level checks (``guard.check_text_layer``) need of this page."""
        if self.ocr_lines is not None:
            texts = [line.text for line in self.ocr_lines]
        else:
            texts = [c["text"] for c in self.chars]
        return PageTextFacts(
            page_no=self.page_no,
            no_text_layer=self.no_text_layer,
            ocr=self.ocr_lines is not None,
            has_text=any(text.strip() for text in texts),
            has_thai=any(_THAI_LETTER.search(text) for text in texts),
        )


def file_identity(path: Path) -> tuple[str, str]:
    """(doc_id, sha256) of a file: the id is the shortened hash, stable across runs."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    sha = digest.hexdigest()
    return sha[:DOC_ID_LENGTH], sha


def page_count(path: Path) -> int:
    """Pages in the PDF; ``DocumentError`` when it cannot be opened."""
    return pdfium_page_count(path)


def witness_chars(textpage: pypdfium2.PdfTextPage, height: float) -> list[WitnessChar]:
    """pypdfium2's chars of a page, in its reading order, generated line breaks left out."""
    handle = textpage.raw
    box = pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    chars = []
    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(handle, i)
        if code in (10, 13) or not pdfium_c.FPDFText_GetLooseCharBox(handle, i, box):
            continue
        pdfium_c.FPDFText_GetCharOrigin(handle, i, x, y)
        chars.append(WitnessChar(chr(code), box.left, box.right, height - y.value))
    return chars


def read_page(
    page: pdfplumber.page.Page, witness_page: pypdfium2.PdfPage, page_no: int
) -> PageContent:
    """Parse one page: pdfplumber's chars, edges and images, PDFium's text."""
    height = float(page.height)
    chars = [{**c, "_stream_index": i} for i, c in enumerate(page.chars)]
    has_images = bool(page.images)
    textpage = witness_page.get_textpage()
    try:
        text, witness = textpage.get_text_bounded(), witness_chars(textpage, height)
    finally:
        textpage.close()
    return PageContent(
        page_no=page_no,
        width=float(page.width),
        height=height,
        chars=chars,
        edges=list(page.edges),
        witness_text=text,
        witness_chars=witness,
        plumber_page=page,
        has_images=has_images,
        no_text_layer=has_images and not any(c["text"].strip() for c in chars),
    )


def read_pages(
    path: Path,
    pages: list[int] | None = None,
    *,
    ocr: bool = False,
    settings: dict[str, Any] | None = None,
) -> Iterator[PageContent]:
    """Yield the chosen pages (1-based; all by default) in order.

    Raises ``DocumentError`` for a file that cannot be read (see ``guard.check_pdf``), a
    page the parser fails on or overruns ``page_timeout_s`` with; with ``ocr=True``,
    pages without a text layer are read by OCR (``PageContent.ocr_lines``).
    """
    cfg = {**DEFAULT_READ_SETTINGS, **(settings or {})}
    check_pdf(path)
    try:
        witness = pypdfium2.PdfDocument(str(path), password=EMPTY_PASSWORD)
    except pypdfium2.PdfiumError as exc:
        raise unopenable(path, exc) from exc
    try:
        with parsing(path, cfg["open_timeout_s"]):
            pdf = pdfplumber.open(path, password=EMPTY_PASSWORD)
        try:
            with parsing(path, cfg["open_timeout_s"]):
                plumber_pages = pdf.pages
            if len(plumber_pages) != len(witness):
                raise DocumentError(
                    path,
                    "corrupt",
                    f"its page tree is damaged: PDFium finds {len(witness)} page(s), "
                    f"pdfminer {len(plumber_pages)}",
                )
            for page_no in pages or range(1, len(plumber_pages) + 1):
                page = plumber_pages[page_no - 1]
                witness_page: pypdfium2.PdfPage | None = None
                try:
                    with parsing(path, cfg["page_timeout_s"], page_no):
                        witness_page = witness[page_no - 1]
                        content = read_page(page, witness_page, page_no)
                    if ocr and content.no_text_layer:
                        from thaidoc.pipeline.ocr import ocr_pdfium_page

                        content.ocr_lines = ocr_pdfium_page(witness_page, page_no, path, cfg["ocr"])
                finally:
                    if witness_page is not None:
                        witness_page.close()
                yield content
                page.close()  # drop pdfplumber's per-page object cache
        finally:
            close_quietly(pdf)
    finally:
        witness.close()


def close_quietly(pdf: pdfplumber.PDF) -> None:
    """Close a pdfplumber document, even one whose page list cannot be built (``close``
    walks the pages again, and raises again on a damaged page tree)."""
    try:
        pdf.close()
    except Exception:
        if not pdf.stream_is_external:
            pdf.stream.close()
