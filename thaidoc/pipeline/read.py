"""Stage 1, read: one PDF page at a time, as pdfplumber's chars and edges plus pypdfium2's text.

Each page's content stream is interpreted once, by pdfminer (the parser under pdfplumber)
with a faster reader of its tokens (``content_stream.ContentInterpreter``), and its glyphs
are kept straight away as the char dicts pdfplumber would give (same text, boxes, font
names and sizes), without pdfplumber building and resolving every attribute of every
object: that bookkeeping was 30-40% of reading. Ruling lines and rects become
pdfplumber's edges and table finding runs pdfplumber's own table finder on them
(``RuledPage``), so a table page is not parsed a second time. pypdfium2 gives a second
reading of the same page (it follows ActualText), used as a witness by the repair stage.
Pages are yielded one by one and released after use, so memory stays bounded on long
documents.

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
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium_c
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTContainer, LTCurve, LTImage, LTItem
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFGraphicState
from pdfminer.utils import Matrix
from pdfplumber.page import fix_fontname_bytes
from pdfplumber.table import Table, TableFinder, TableSettings
from pdfplumber.utils import curve_to_edges, line_to_edge, rect_to_edges

from thaidoc.pipeline.content_stream import ContentInterpreter
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
    from thaidoc.schemas import BBox

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


class Witness:
    """pypdfium2's chars of a page (in its reading order), indexed by baseline, so that
    the reading of one line is found by bisection, not a scan of the page."""

    def __init__(self, chars: list[WitnessChar]) -> None:
        self.chars = chars
        self._order = sorted(range(len(chars)), key=lambda i: chars[i].baseline)
        self._baselines = [chars[i].baseline for i in self._order]

    def text_in(self, box: BBox) -> str:
        """The witness's reading of a line: its chars whose baseline lies in the line's box
        (and whose middle lies within it across), in reading order."""
        lo = bisect_right(self._baselines, box.top)
        hi = bisect_right(self._baselines, box.bottom + 1)
        picked = sorted(
            i
            for i in self._order[lo:hi]
            if box.x0 - 1 <= (self.chars[i].x0 + self.chars[i].x1) / 2 <= box.x1 + 1
        )
        return "".join(self.chars[i].text for i in picked)


@dataclass
class RuledPage:
    """What table finding needs of a page: its edges, as pdfplumber's ``Page.edges`` gives
    them, and pdfplumber's table finder run on them.

    The finder reads only ``edges`` and ``bbox`` with the 'lines' strategies; the 'text'
    strategies ask for words, which parses the pdfplumber page after all.
    """

    page: pdfplumber.page.Page
    edges: list[dict[str, Any]]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.page.bbox

    def extract_words(self, **kwargs: Any) -> list[dict[str, Any]]:
        return self.page.extract_words(**kwargs)

    def find_tables(self, settings: dict[str, Any] | None = None) -> list[Table]:
        """``pdfplumber.page.Page.find_tables`` on this page's edges."""
        # The finder only uses the Page attributes this class has (see the class doc).
        page = cast(pdfplumber.page.Page, self)
        return TableFinder(page, TableSettings.resolve(settings)).tables


@dataclass
class PageContent:
    """What the later stages need from one page.

    ``plumber_page`` finds the page's ruled tables (``RuledPage.find_tables``); the
    pdfplumber page under it is released as soon as the consumer moves on.
    """

    page_no: int  # 1-based
    width: float
    height: float
    chars: list[dict[str, Any]]
    edges: list[dict[str, Any]]  # ruling lines and rect edges, for table finding
    witness_chars: list[WitnessChar]
    plumber_page: RuledPage
    has_images: bool = False
    # No text layer: no chars (or only blanks) but images, i.e. a scanned page.
    no_text_layer: bool = False
    # With ocr=True, a page without a text layer is read by OCR: its lines (marked
    # ocr=True) replace what the text layer would give, and it has no tables.
    ocr_lines: list[TextLine] | None = None

    @cached_property
    def witness(self) -> Witness:
        """``witness_chars`` indexed for looking up a line's reading."""
        return Witness(self.witness_chars)

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


class GlyphCollector(PDFPageAggregator):
    """pdfminer's page device that keeps each glyph as pdfplumber's char dict (the keys the
    later stages read), computed as ``pdfplumber.page.Page.process_object`` does; paths,
    images and figures stay in the layout tree as usual."""

    def __init__(self, page: pdfplumber.page.Page) -> None:
        super().__init__(page.pdf.rsrcmgr, pageno=page.page_number, laparams=None)
        self.chars: list[dict[str, Any]] = []
        self.mediabox_x0, self.mediabox_top = page.mediabox[:2]
        self.height = float(page.height)

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> float:
        """Keep the glyph as its char dict, not as a layout ``LTChar`` (building those was
        half of the time of this method); returns the advance, as pdfminer's does.

        The values are computed with the same operations, in the same order, as
        ``PDFLayoutAnalyzer.render_char`` and ``LTChar`` (``apply_matrix_rect``), so
        they are the same floats.
        """
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        adv = font.char_width(cid) * fontsize * scaling
        vertical = font.is_vertical()
        if vertical:
            textdisp = font.char_disp(cid)
            assert isinstance(textdisp, tuple)
            (vx, vy) = textdisp
            vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
            vy = (1000 - vy) * fontsize * 0.001
            (left, bottom, right, top) = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
        else:
            descent = font.get_descent() * fontsize
            (left, bottom, right, top) = (0, descent + rise, adv, descent + rise + fontsize)
        (a, b, c, d, e, f) = matrix
        # the corners, as apply_matrix_rect takes them (their order decides min/max ties)
        (left1, bottom1) = (a * left + c * bottom + e, b * left + d * bottom + f)
        (right1, bottom2) = (a * right + c * bottom + e, b * right + d * bottom + f)
        (right2, top1) = (a * right + c * top + e, b * right + d * top + f)
        (left2, top2) = (a * left + c * top + e, b * left + d * top + f)
        x0 = min(left1, left2, right1, right2)
        y0 = min(bottom1, bottom2, top1, top2)
        x1 = max(left1, left2, right1, right2)
        y1 = max(bottom1, bottom2, top1, top2)
        fontname = font.fontname
        self.chars.append(
            {
                "text": text,
                "x0": x0 + self.mediabox_x0,
                "x1": x1 + self.mediabox_x0,
                "top": (self.height - y1) + self.mediabox_top,
                "bottom": (self.height - y0) + self.mediabox_top,
                "fontname": fix_fontname_bytes(fontname)
                if isinstance(fontname, bytes)
                else fontname,
                "size": x1 - x0 if vertical else y1 - y0,
                "upright": a * d * scaling > 0 and b * c <= 0,
                "_stream_index": len(self.chars),
            }
        )
        return adv


def _paths_and_images(items: list[LTItem]) -> Iterator[LTItem]:
    """The layout tree's lines, rects, curves and images, inside figures too, in order."""
    for item in items:
        if isinstance(item, LTCurve | LTImage):
            yield item
        elif isinstance(item, LTContainer):
            yield from _paths_and_images(list(item))


def page_edges(page: pdfplumber.page.Page, paths: list[LTCurve]) -> list[dict[str, Any]]:
    """The edges pdfplumber's ``Page.edges`` gives for these path objects (lines, then
    rects, then curves, as pdfplumber lists them)."""
    objects = [page.process_object(p) for p in paths]
    by_kind = {
        kind: [o for o in objects if o["object_type"] == kind] for kind in ("line", "rect", "curve")
    }
    return (
        [line_to_edge(o) for o in by_kind["line"]]
        + [e for o in by_kind["rect"] for e in rect_to_edges(o)]
        + [e for o in by_kind["curve"] for e in curve_to_edges(o)]
    )


def read_page(
    page: pdfplumber.page.Page, witness_page: pypdfium2.PdfPage, page_no: int
) -> PageContent:
    """Parse one page: its chars, edges and images (one pass of pdfminer), PDFium's text."""
    height = float(page.height)
    device = GlyphCollector(page)
    ContentInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    found = list(_paths_and_images(list(device.get_result())))
    chars = device.chars
    has_images = any(isinstance(item, LTImage) for item in found)
    edges = page_edges(page, [item for item in found if isinstance(item, LTCurve)])
    textpage = witness_page.get_textpage()
    try:
        witness = witness_chars(textpage, height)
    finally:
        textpage.close()
    return PageContent(
        page_no=page_no,
        width=float(page.width),
        height=height,
        chars=chars,
        edges=edges,
        witness_chars=witness,
        plumber_page=RuledPage(page, edges),
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
