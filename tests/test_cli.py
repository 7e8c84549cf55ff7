"""The command line through typer's CliRunner: repair, text, extract."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pypdfium2
import pytest
from typer.testing import CliRunner

from thaidoc import __version__
from thaidoc.cli import app, parse_pages

runner = CliRunner()


def message_text(output: str) -> str:
    """The words of an output, without the wrapping and box lines of rich's error panel."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", output).split())


@pytest.fixture
def thai_pdf(samples_dir: Path) -> Path:
    """A small Thai PDF: the bundled quarterly report sample."""
    return samples_dir / "ldo_quarterly_report_2568.pdf"


@pytest.fixture
def blank_pdf(tmp_path: Path) -> Path:
    """A valid three-page PDF with no text on it."""
    pdf = pypdfium2.PdfDocument.new()
    for _ in range(3):
        pdf.new_page(595, 842)
    path = tmp_path / "blank.pdf"
    pdf.save(path)
    pdf.close()
    return path


@pytest.fixture
def real_pdf(shared_dir: Path) -> Path:
    path = shared_dir / "corpus" / "real" / "royalgazette_nhrc_regulation_2566.pdf"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return path


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"thaidoc {__version__}"


def test_repair_fixes_each_line_and_keeps_line_endings():
    damaged = "ส านักงาน\r\nแผนปฏิบัติการประจ าปี\nข้อความปกติ"
    result = runner.invoke(app, ["repair"], input=damaged.encode("utf-8"))
    assert result.exit_code == 0
    assert result.stdout_bytes.decode("utf-8") == "สำนักงาน\r\nแผนปฏิบัติการประจำปี\nข้อความปกติ"


def test_repair_rejects_input_that_is_not_utf8():
    result = runner.invoke(app, ["repair"], input="ส านักงาน\n".encode("tis-620"))
    assert result.exit_code == 1
    assert "not UTF-8" in result.output


@pytest.mark.parametrize(
    ("spec", "pages"),
    [("1-3,7", [1, 2, 3, 7]), ("2", [2]), (" 3 , 1-2 ", [1, 2, 3]), ("4-4,4", [4])],
)
def test_page_lists(spec, pages):
    assert parse_pages(spec, page_total=9) == pages


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("0", "numbered from 1"),
        ("x", "'x' is not a page"),
        ("1-", "'1-' is not a page"),
        ("", "'' is not a page"),
        ("3-2", "runs backwards"),
        ("4", "past the end of the document (3 pages)"),
    ],
)
def test_text_rejects_bad_page_lists_clearly(blank_pdf, spec, message):
    result = runner.invoke(app, ["text", str(blank_pdf), "--pages", spec])
    assert result.exit_code == 2
    assert message in message_text(result.output)
    assert "Traceback" not in result.output


def test_text_ends_each_chosen_page_with_a_form_feed(blank_pdf):
    result = runner.invoke(app, ["text", str(blank_pdf), "--pages", "1,3"])
    assert result.exit_code == 0
    assert result.stdout.count("\f") == 2
    assert runner.invoke(app, ["text", str(blank_pdf)]).stdout.count("\f") == 3


def test_text_of_a_real_pdf_is_repaired_thai(real_pdf):
    result = runner.invoke(app, ["text", str(real_pdf), "--pages", "1"])
    assert result.exit_code == 0
    assert result.stdout.endswith("\f")
    assert "ราชกิจจานุเบกษา" in result.stdout


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [("missing.pdf", None, "missing"), ("notes.pdf", b"hello", "not_pdf")],
)
def test_extract_reports_a_missing_file_or_a_non_pdf_without_a_traceback(
    tmp_path, name, content, reason
):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(path), "--out", str(out)])
    assert result.exit_code == 1
    assert reason in message_text(result.output)
    assert "Traceback" not in result.output
    assert not [p for p in out.glob("*") if p.name != "dataset"]


def test_extract_reports_a_broken_pdf_as_failed_and_still_writes_the_others(tmp_path, thai_pdf):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthe rest is missing")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(broken), str(thai_pdf), "--out", str(out)])
    assert result.exit_code == 1
    assert "FAILED" in result.stdout
    assert "1 of 2 document(s) written" in result.stdout
    (written,) = [p for p in out.iterdir() if p.name != "dataset"]
    assert (written / "document.json").is_file()
    assert (out / "dataset" / "documents.parquet").is_file()


@pytest.mark.corpus
def test_extract_a_real_pdf(tmp_path, real_pdf):
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(real_pdf), "--out", str(out)])
    assert result.exit_code == 0, result.output
    (folder,) = [p for p in out.iterdir() if p.name != "dataset"]
    assert folder.name in result.stdout
    assert {p.name for p in folder.iterdir()} >= {"document.json", "documents.csv", "budgets.csv"}
    with (out / "dataset" / "documents.csv").open(encoding="utf-8-sig", newline="") as fh:
        (row,) = csv.DictReader(fh)
    assert row["source_file"] == real_pdf.name
    assert row["page_count"] == "3"


def test_extract_text_and_repair_never_import_prefect(tmp_path, thai_pdf):
    pdf, out = str(thai_pdf), str(tmp_path / "out")
    script = f"""
import sys
from typer.testing import CliRunner
from thaidoc.cli import app
runner = CliRunner()
assert runner.invoke(app, ["extract", {pdf!r}, "--out", {out!r}]).exit_code == 0
assert runner.invoke(app, ["text", {pdf!r}]).exit_code == 0
assert runner.invoke(app, ["repair"], input="ส านักงาน").exit_code == 0
assert "prefect" not in sys.modules, "prefect was imported"
"""
    subprocess.run([sys.executable, "-c", script], check=True)
