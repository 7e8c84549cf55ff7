"""Bad input: one clear error per document that cannot be read, and a time limit per page.

``DocumentError`` is the one error a document fails with when the fault is the file's and
not the pipeline's (not a PDF, truncated, encrypted, no pages, a page that makes the
parser loop, no text layer, no Thai). Its message names the file, the reason and what the
user can do; the batch runners (CLI, Prefect flow) report it and go on with the next file.

- ``check_pdf(path)``: the checks made before any parsing (cheap: magic bytes, the
  ``%%EOF`` marker, and opening the file with PDFium).
- ``time_limit(seconds)``: stops the Python code running in the current thread when it
  overruns; works in the main thread and in worker threads (Prefect's task runners).
- ``parsing(path, seconds, page)``: a parser's failure or overrun on a file, as its
  ``DocumentError`` ('corrupt', 'encrypted', 'page_timeout').
- ``check_text_layer(path, facts)``: after every page is read, the document-level
  verdict on scanned pages and Thai text, and one warning per page skipped or OCR'd.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium_c

from thaidoc.schemas import QualityWarning

PDF_MAGIC = b"%PDF-"
EOF_MARKER = b"%%EOF"
# Where the markers must be: PDF readers accept the header within the first 1024 bytes and
# %%EOF within the last 1024 (junk before the header or after the end is common).
MAGIC_WINDOW = 1024
EOF_WINDOW = 1024
# The empty user password: an encrypted PDF that opens with it is read like any other.
EMPTY_PASSWORD = ""
# Seconds for pdfminer's second opinion on a file PDFium cannot open.
OPEN_TIMEOUT_S = 60.0
# After the first stop, the watchdog stops the thread again this often (seconds), in case
# library code swallowed the first one.
RESTOP_INTERVAL_S = 1.0

ADVICE = {
    "missing": "check the path",
    "not_pdf": "this file is not a PDF (perhaps another format renamed .pdf); convert it to "
    "PDF or leave it out",
    "truncated": "the file ends early (an incomplete download or copy); fetch it again",
    "corrupt": "the PDF is damaged and cannot be parsed; fetch it again or re-save it from "
    "a PDF viewer",
    "encrypted": "the PDF needs a password to open; ask the publisher for an unprotected "
    "copy or remove the password (e.g. qpdf --decrypt --password=PASSWORD in.pdf out.pdf)",
    "zero_pages": "the PDF has no pages; fetch it again",
    "page_timeout": "a page took too long to parse (the parser may be looping on a damaged "
    "page); re-save the PDF from a PDF viewer, or raise page_timeout_s",
    "no_text_layer": "run with --ocr to read the page images with Tesseract's Thai model "
    "(apt-get install tesseract-ocr tesseract-ocr-tha; pip install pytesseract)",
    "no_thai_text": "the text layer has no Thai letters: either the document is not Thai, or "
    "its fonts do not map glyphs to Unicode (then only OCR of the page images can read it)",
    "ocr_unavailable": "install Tesseract with its Thai model (apt-get install tesseract-ocr "
    "tesseract-ocr-tha) and pytesseract (pip install pytesseract)",
    "ocr_failed": "Tesseract failed on a page image; check the Tesseract installation",
}


class DocumentError(Exception):
    """A document that cannot be read, for a reason of the file's own.

    ``reason`` is a short code (a key of ``ADVICE``: not_pdf, corrupt, encrypted, ...),
    ``detail`` says what was found, ``advice`` what the user can do, ``page`` the page
    (1-based) when one page is at fault. ``str()`` is 'FILE: detail — advice'.
    """

    def __init__(
        self, path: str | Path, reason: str, detail: str = "", advice: str = "", page: int = 0
    ) -> None:
        # Every argument goes to Exception.args, so the error pickles (Prefect persists
        # task failures) and unpickles unchanged.
        super().__init__(str(path), reason, detail, advice, page)
        self.path = str(path)
        self.reason = reason
        self.detail = detail or reason.replace("_", " ")
        self.advice = advice or ADVICE.get(reason, "")
        self.page = page or None

    def __str__(self) -> str:
        where = f" (page {self.page})" if self.page else ""
        return f"{self.path}{where}: {self.detail} — {self.advice}"


def check_pdf(path: Path) -> None:
    """Raise ``DocumentError`` for a file that is missing, not a PDF, truncated, damaged
    beyond what PDFium repairs, encrypted with a password other than the empty one, or
    without pages. Reads the first and last KiB and opens the file once with PDFium."""
    if not path.is_file():
        detail = "no such file" if not path.exists() else "not a file"
        raise DocumentError(path, "missing", detail)
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(MAGIC_WINDOW)
        fh.seek(max(0, size - EOF_WINDOW))
        tail = fh.read()
    if PDF_MAGIC not in head:
        detail = "empty file" if size == 0 else f"not a PDF (starts with {head[:8]!r})"
        raise DocumentError(path, "not_pdf", detail)
    if EOF_MARKER not in tail:
        raise DocumentError(path, "truncated", "the file has no %%EOF at its end: it is cut short")
    n_pages = pdfium_page_count(path)
    if n_pages == 0:
        raise DocumentError(path, "zero_pages", "the PDF has no pages")


def pdfium_page_count(path: Path) -> int:
    """Pages of the PDF as PDFium sees them (empty password tried, as every viewer does)."""
    try:
        pdf = pypdfium2.PdfDocument(str(path), password=EMPTY_PASSWORD)
    except pypdfium2.PdfiumError as exc:
        raise unopenable(path, exc) from exc
    try:
        return len(pdf)
    finally:
        pdf.close()


def unopenable(path: Path, exc: pypdfium2.PdfiumError) -> DocumentError:
    """Why PDFium cannot open a file, asking pdfminer for a second opinion: PDFium's error
    code is its last one, which is stale when a failure does not set it (it refuses a PDF
    without pages and reports the error of the file before)."""
    try:
        with parsing(path, OPEN_TIMEOUT_S), pdfplumber.open(path, password=EMPTY_PASSWORD) as pdf:
            n_pages = len(pdf.pages)
    except DocumentError as error:  # pdfminer cannot read it either: its reason
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            return DocumentError(path, "encrypted", "the PDF is protected by a password")
        return error
    if n_pages == 0:
        return DocumentError(path, "zero_pages", "the PDF has no pages")
    return DocumentError(path, "corrupt", f"PDFium cannot open it ({exc})")


def parser_error(path: Path, exc: BaseException, page: int = 0) -> DocumentError:
    """A parser's exception on a file, as the document's error (the original is chained)."""
    # pdfplumber wraps pdfminer's errors: PdfminerException(PDFPasswordIncorrect()).
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    name = type(inner).__name__
    if "password" in name.lower() or "encrypt" in name.lower():
        detail = "the PDF is protected by a password" if "assword" in name else ""
        return DocumentError(path, "encrypted", detail or f"unsupported encryption ({name})")
    text = str(inner).strip() or name
    return DocumentError(path, "corrupt", f"the parser failed: {name}: {text}"[:300], page=page)


# ---- the per-page time limit -------------------------------------------------------------


class Overrun(BaseException):
    """Raised inside a thread whose time ran out. A BaseException, so that library code's
    ``except Exception`` does not swallow it; ``time_limit`` turns it into
    ``TimeLimitExceeded``."""


class TimeLimitExceeded(Exception):
    """A block guarded by ``time_limit`` ran over. Not a ``TimeoutError``: that is an
    ``OSError``, which callers (the Prefect flow) retry as an I/O error."""


def _stop_thread(thread_id: int, exc: type[BaseException] | None) -> None:
    """Make ``thread_id`` raise ``exc`` at its next Python instruction (None: cancel)."""
    obj = ctypes.py_object(exc) if exc is not None else ctypes.py_object()
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), obj)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``TimeLimitExceeded`` in the calling thread when the block runs longer than ``seconds``
    (0 or less: no limit).

    A watchdog thread makes the calling thread raise at its next Python instruction, so it
    works in any thread (``signal.alarm`` only works in the main one) and costs one short-
    lived thread per block. Time spent inside one C call (PDFium, zlib) is only cut short
    when that call returns; pdfminer, the parser that can loop, is pure Python.
    """
    if seconds <= 0:
        yield
        return
    target = threading.get_ident()
    lock = threading.Lock()
    finished = threading.Event()
    stopped = False

    def watchdog() -> None:
        nonlocal stopped
        wait = seconds
        while not finished.wait(wait):
            with lock:
                if finished.is_set():
                    return
                stopped = True
                _stop_thread(target, Overrun)
            wait = RESTOP_INTERVAL_S

    threading.Thread(target=watchdog, name="thaidoc-time-limit", daemon=True).start()
    overran = False
    try:
        yield
    except Overrun:
        overran = True
    finally:
        while True:  # a stop already on its way may land here; finish either way
            try:
                with lock:
                    finished.set()
                    if stopped:
                        _stop_thread(target, None)  # cancel one not delivered yet
                break
            except Overrun:
                overran = True
    if overran:
        raise TimeLimitExceeded(f"over the time limit of {seconds:g} s")


@contextmanager
def parsing(path: Path, seconds: float, page: int = 0) -> Iterator[None]:
    """Run a parser on ``path`` (``page``: the page being parsed; 0 while opening) for at
    most ``seconds``; whatever it raises becomes the document's ``DocumentError``."""
    try:
        with time_limit(seconds):
            yield
    except DocumentError:
        raise
    except TimeLimitExceeded as exc:
        what = f"page {page}" if page else "opening the document"
        detail = f"parsing {what} took longer than {seconds:g} s"
        raise DocumentError(path, "page_timeout", detail, page=page) from exc
    except Exception as exc:  # anything a parser raises on a file is the file's fault
        raise parser_error(path, exc, page) from exc


# ---- scanned pages and Thai text ---------------------------------------------------------


@dataclass(frozen=True)
class PageTextFacts:
    """What the document-level text checks need to know of one page (kept after the page
    itself is released)."""

    page_no: int
    no_text_layer: bool  # no chars (or only blanks) but images: a scanned page
    ocr: bool  # its lines come from OCR of the page image
    has_text: bool  # some non-blank text (from the text layer, or from OCR)
    has_thai: bool  # some Thai letter in that text


def check_text_layer(path: Path, facts: Sequence[PageTextFacts]) -> list[QualityWarning]:
    """The document-level verdict on its text, once every page has been read.

    Raises ``DocumentError``: 'no_text_layer' when every page read is a scanned image and
    OCR is off; 'no_thai_text' when no page has a Thai letter. Otherwise returns one
    warning per scanned page skipped ('no_text_layer', with the count), per OCR'd page
    ('ocr_page': records from that page come from OCR) and per OCR'd page that gave no
    text ('ocr_empty').
    """
    skipped = [f.page_no for f in facts if f.no_text_layer and not f.ocr]
    if facts and len(skipped) == len(facts):
        raise DocumentError(
            path,
            "no_text_layer",
            f"no page has a text layer: all {len(facts)} page(s) are scanned images",
        )
    if facts and not any(f.has_thai for f in facts):
        has_text = any(f.has_text for f in facts)
        detail = "the text has no Thai letters" if has_text else "the pages have no text"
        raise DocumentError(path, "no_thai_text", detail)
    warnings = [
        QualityWarning(
            code="no_text_layer",
            message=f"page {page} is a scanned image without a text layer and was skipped "
            f"({len(skipped)} of {len(facts)} pages skipped); run with --ocr to read it",
            page=page,
        )
        for page in skipped
    ]
    for f in facts:
        if f.ocr:
            warnings.append(
                QualityWarning(
                    code="ocr_page" if f.has_text else "ocr_empty",
                    message=f"page {f.page_no} has no text layer; its text was read by OCR"
                    if f.has_text
                    else f"page {f.page_no} has no text layer and OCR found no text on it",
                    page=f.page_no,
                )
            )
    return warnings
