"""Bad input ends in one clear DocumentError (file, reason, advice), never another exception.

The bad PDFs are made at test time: hand-written minimal PDFs (no pages, ASCII text only,
an image only), copies of a sample cut short, and encrypted copies (pypdf, a test
dependency). The real corpus (``../shared/corpus/real``) is run through the pipeline when
present.
"""

from __future__ import annotations

import pickle
import threading
import time
import zlib
from pathlib import Path

import pypdfium2
import pytest

from thaidoc.pipeline import read
from thaidoc.pipeline.guard import (
    DocumentError,
    TimeLimitExceeded,
    check_pdf,
    time_limit,
)
from thaidoc.pipeline.read import DEFAULT_READ_SETTINGS, read_pages
from thaidoc.pipeline.run import extract_document

# ---- hand-written PDFs -------------------------------------------------------------------


def pdf_bytes(objects: list[bytes]) -> bytes:
    """A PDF file of ``objects`` (object 1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def one_page_pdf(content: bytes, resources: bytes, extra_objects: list[bytes]) -> bytes:
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
            + resources
            + b" /Contents 4 0 R >>",
            stream(content),
            *extra_objects,
        ]
    )


def english_pdf() -> bytes:
    """One page of English text in Helvetica: a text layer without a Thai letter."""
    return one_page_pdf(
        b"BT /F1 24 Tf 72 700 Td (Annual report of the agency) Tj ET",
        b"<< /Font << /F1 5 0 R >> >>",
        [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"],
    )


def scanned_pdf() -> bytes:
    """One page holding only an image (a grey square): a scan without a text layer."""
    pixels = zlib.compress(bytes([128]) * 64 * 64)
    image = stream(
        pixels,
        b"/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode",
    )
    return one_page_pdf(
        b"q 400 0 0 400 100 300 cm /Im1 Do Q",
        b"<< /XObject << /Im1 5 0 R >> >>",
        [image],
    )


def zero_page_pdf() -> bytes:
    return pdf_bytes(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    )


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def error_of(path: Path, **kwargs: object) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        extract_document(path, **kwargs)  # type: ignore[arg-type]
    return caught.value


def assert_names_file(error: DocumentError, path: Path) -> None:
    assert str(error).startswith(str(path))
    assert error.advice and error.advice in str(error)


def encrypted_copy(source: Path, target: Path, user_password: str) -> Path:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=str(source))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    writer.write(target)
    return target


@pytest.fixture
def sample_pdf(samples_dir: Path) -> Path:
    return min(samples_dir.glob("*.pdf"), key=lambda p: p.stat().st_size)


# ---- bad files, checked before parsing ---------------------------------------------------


def test_a_missing_file_is_reported_as_missing(tmp_path):
    path = tmp_path / "nowhere.pdf"
    error = error_of(path)
    assert error.reason == "missing"
    assert_names_file(error, path)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.pdf", "รายงานประจำปี — a text file renamed .pdf\n".encode()),
        ("page.pdf", b"<!DOCTYPE html><html><body>404 Not Found</body></html>"),
        ("empty.pdf", b""),
    ],
)
def test_a_file_that_is_not_a_pdf_is_rejected_as_not_pdf(tmp_path, name, data):
    path = write(tmp_path, name, data)
    error = error_of(path)
    assert error.reason == "not_pdf"
    assert_names_file(error, path)


@pytest.mark.parametrize("share", [0.1, 0.5, 0.9, 0.999])
def test_a_pdf_cut_short_is_reported_as_truncated(tmp_path, sample_pdf, share):
    data = sample_pdf.read_bytes()
    path = write(tmp_path, "cut.pdf", data[: int(len(data) * share)])
    error = error_of(path)
    assert error.reason == "truncated"
    assert_names_file(error, path)


def test_a_pdf_whose_body_is_garbage_is_reported_as_corrupt(tmp_path):
    path = write(tmp_path, "garbage.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    error = error_of(path)
    assert error.reason == "corrupt"
    assert_names_file(error, path)


def test_a_pdf_with_a_user_password_is_reported_as_encrypted(tmp_path, sample_pdf):
    path = encrypted_copy(sample_pdf, tmp_path / "locked.pdf", user_password="secret")
    error = error_of(path)
    assert error.reason == "encrypted"
    assert "password" in str(error)
    assert_names_file(error, path)


def test_a_pdf_encrypted_with_the_empty_password_is_read_like_any_other(tmp_path, sample_pdf):
    path = encrypted_copy(sample_pdf, tmp_path / "protected.pdf", user_password="")
    check_pdf(path)
    first = next(read_pages(path, [1]))
    plain = next(read_pages(sample_pdf, [1]))
    assert [c["text"] for c in first.chars] == [c["text"] for c in plain.chars]
    assert [w.text for w in first.witness_chars] == [w.text for w in plain.witness_chars]


def test_a_pdf_without_pages_is_reported_as_zero_pages(tmp_path):
    path = write(tmp_path, "empty-tree.pdf", zero_page_pdf())
    error = error_of(path)
    assert error.reason == "zero_pages"
    assert_names_file(error, path)


# ---- bad pages, found while parsing ------------------------------------------------------


def endless_parse(*args: object) -> None:
    """A parser caught in a loop (pdfminer is pure Python: it loops in Python code)."""
    while True:
        time.sleep(0.01)


def test_a_page_that_makes_the_parser_loop_ends_in_page_timeout(tmp_path, monkeypatch):
    path = write(tmp_path, "loops.pdf", english_pdf())
    monkeypatch.setattr(read, "read_page", endless_parse)
    monkeypatch.setitem(DEFAULT_READ_SETTINGS, "page_timeout_s", 0.2)
    error = error_of(path)
    assert error.reason == "page_timeout"
    assert error.page == 1
    assert "page 1" in str(error)
    assert_names_file(error, path)


def test_the_page_time_limit_also_works_in_a_worker_thread(tmp_path, monkeypatch):
    """Prefect runs tasks in worker threads, where signal-based alarms cannot be used."""
    path = write(tmp_path, "loops.pdf", english_pdf())
    monkeypatch.setattr(read, "read_page", endless_parse)
    monkeypatch.setitem(DEFAULT_READ_SETTINGS, "page_timeout_s", 0.2)
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            extract_document(path)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(30)
    assert not worker.is_alive()
    (error,) = outcome
    assert isinstance(error, DocumentError)
    assert error.reason == "page_timeout"


def test_a_time_limit_that_ran_out_leaves_no_stray_stop_behind():
    with pytest.raises(TimeLimitExceeded), time_limit(0.05):
        while True:
            pass
    # The watchdog repeats its stop every RESTOP_INTERVAL_S while the block runs; none may
    # arrive once the block is over.
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        sum(range(1000))


def test_a_block_that_ends_in_time_is_not_stopped():
    with time_limit(5):
        total = sum(range(10_000))
    assert total == 49_995_000


def test_a_parser_failure_on_a_page_is_reported_as_corrupt_with_the_page(tmp_path, monkeypatch):
    path = write(tmp_path, "bad-page.pdf", english_pdf())

    def broken_parse(*args: object) -> None:
        raise KeyError("Length")

    monkeypatch.setattr(read, "read_page", broken_parse)
    error = error_of(path)
    assert error.reason == "corrupt"
    assert error.page == 1
    assert "KeyError" in str(error)
    assert_names_file(error, path)


# ---- text layer and Thai -----------------------------------------------------------------


def test_a_document_without_thai_text_is_reported_as_no_thai_text(tmp_path):
    path = write(tmp_path, "english.pdf", english_pdf())
    error = error_of(path)
    assert error.reason == "no_thai_text"
    assert_names_file(error, path)


def test_a_document_of_scanned_pages_only_asks_for_ocr(tmp_path):
    path = write(tmp_path, "scan.pdf", scanned_pdf())
    (page,) = read_pages(path)
    assert page.no_text_layer
    error = error_of(path)
    assert error.reason == "no_text_layer"
    assert "--ocr" in str(error)
    assert_names_file(error, path)


def test_a_document_with_some_scanned_pages_goes_on_and_counts_the_pages_skipped(
    tmp_path, sample_pdf
):
    scan = write(tmp_path, "scan.pdf", scanned_pdf())
    mixed = pypdfium2.PdfDocument.new()
    for source in (sample_pdf, scan):
        src = pypdfium2.PdfDocument(str(source))
        mixed.import_pages(src, list(range(min(2, len(src)))))
        src.close()
    scanned_page = len(mixed)
    path = tmp_path / "mixed.pdf"
    mixed.save(path)
    mixed.close()

    doc = extract_document(path)
    skipped = [w for w in doc.warnings if w.code == "no_text_layer"]
    assert [w.page for w in skipped] == [scanned_page]
    assert f"1 of {scanned_page} pages skipped" in skipped[0].message
    assert doc.paragraphs and all(p.page != scanned_page for p in doc.paragraphs)


# ---- the error itself --------------------------------------------------------------------


def test_a_document_error_survives_pickling_as_prefect_stores_task_failures(tmp_path):
    error = DocumentError(tmp_path / "a.pdf", "page_timeout", "parsing took too long", page=7)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.reason, copy.page, str(copy)) == (
        error.path,
        "page_timeout",
        7,
        str(error),
    )


def test_a_document_error_is_not_an_io_error_so_the_flow_does_not_retry_it(tmp_path):
    assert not isinstance(DocumentError(tmp_path / "a.pdf", "corrupt"), OSError)


# ---- the real corpus ---------------------------------------------------------------------


@pytest.mark.corpus
def test_every_real_pdf_ends_in_a_document_or_a_document_error(shared_dir):
    pdfs = sorted((shared_dir / "corpus" / "real").glob("*.pdf"))
    assert pdfs
    outcomes = {}
    for pdf in pdfs:
        try:
            doc = extract_document(pdf)
            outcomes[pdf.name] = f"{len(doc.paragraphs)} paragraphs"
        except DocumentError as error:
            assert error.path == str(pdf)
            outcomes[pdf.name] = error.reason
    # The scanned vote log has no text layer: said clearly, never empty records.
    assert outcomes["parliament_votelog_scanned_20190823.pdf"] == "no_text_layer", outcomes


# ---- a batch -----------------------------------------------------------------------------


def test_a_batch_goes_on_past_bad_files_and_lists_each_failure_with_its_reason(
    tmp_path, sample_pdf
):
    from typer.testing import CliRunner

    from thaidoc.cli import app

    bad = {
        "notes.pdf": ("รายงาน\n".encode(), "not_pdf"),
        "cut.pdf": (sample_pdf.read_bytes()[:5000], "truncated"),
        "empty-tree.pdf": (zero_page_pdf(), "zero_pages"),
        "english.pdf": (english_pdf(), "no_thai_text"),
    }
    paths = [write(tmp_path, name, data) for name, (data, _) in bad.items()]
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["extract", *map(str, paths), str(sample_pdf), "--out", str(out)]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "1 of 5 document(s) written" in " ".join(result.stdout.split())
    failed_rows = [line for line in result.stdout.splitlines() if "FAILED" in line]
    for name, (_, reason) in bad.items():
        assert any(name in row and reason in row for row in failed_rows), (name, result.stdout)
    (written,) = [p for p in out.iterdir() if p.name != "dataset"]
    assert (written / "document.json").is_file()
