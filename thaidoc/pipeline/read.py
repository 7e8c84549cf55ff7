"""Stage 1, read: one PDF page at a time, as pdfplumber objects plus pypdfium2's text.

pdfplumber gives the geometry (chars with boxes and font names, ruling lines, rects);
pypdfium2 gives a second reading of the same page (it follows ActualText), used as a
witness by the repair stage. Pages are yielded one by one and released after use, so
memory stays bounded on long documents.
"""

from __future__ import annotations

import ctypes
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium_c

DOC_ID_LENGTH = 16


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


def file_identity(path: Path) -> tuple[str, str]:
    """(doc_id, sha256) of a file: the id is the shortened hash, stable across runs."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    sha = digest.hexdigest()
    return sha[:DOC_ID_LENGTH], sha


def page_count(path: Path) -> int:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


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


def read_pages(path: Path, pages: list[int] | None = None) -> Iterator[PageContent]:
    """Yield the chosen pages (1-based; all by default) in order."""
    witness = pypdfium2.PdfDocument(str(path))
    try:
        with pdfplumber.open(path) as pdf:
            wanted = pages or list(range(1, len(pdf.pages) + 1))
            for page_no in wanted:
                page = pdf.pages[page_no - 1]
                textpage = witness[page_no - 1].get_textpage()
                try:
                    content = PageContent(
                        page_no=page_no,
                        width=float(page.width),
                        height=float(page.height),
                        chars=[{**c, "_stream_index": i} for i, c in enumerate(page.chars)],
                        edges=list(page.edges),
                        witness_text=textpage.get_text_bounded(),
                        witness_chars=witness_chars(textpage, float(page.height)),
                        plumber_page=page,
                        has_images=bool(page.images),
                    )
                finally:
                    textpage.close()
                yield content
                page.close()  # drop pdfplumber's per-page object cache
    finally:
        witness.close()
