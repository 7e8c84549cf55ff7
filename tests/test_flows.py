"""The Prefect ingest flow: statuses, caching of unchanged PDFs, retries on I/O errors."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from prefect import flow
from prefect.artifacts import Artifact
from prefect.states import Failed
from typer.testing import CliRunner

from thaidoc.cli import app
from thaidoc.flows import (
    extract_and_write,
    extract_short_pdfs,
    ingest,
    pdf_content_key,
    pdf_paths,
    retry_on_io_error,
    watch_inbox,
)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def inbox(tmp_path: Path, shared_dir: Path) -> Path:
    """A folder with one small real PDF and one broken PDF."""
    real = shared_dir / "corpus" / "real" / "royalgazette_nhrc_regulation_2566.pdf"
    if not real.is_file():
        pytest.skip(f"{real} is absent")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(real, inbox / "gazette.pdf")
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.4\nthe rest is missing")
    (inbox / "notes.txt").write_text("not a PDF", encoding="utf-8")
    return inbox


def by_name(statuses: list[dict]) -> dict[str, dict]:
    return {Path(s["file"]).name: s for s in statuses}


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_server")
def test_ingest_extracts_once_then_skips_unchanged_pdfs(tmp_path, inbox):
    out = tmp_path / "out"

    first = by_name(ingest([str(inbox)], out_dir=str(out)))
    assert set(first) == {"gazette.pdf", "broken.pdf"}
    assert first["gazette.pdf"]["status"] == "ok"
    assert first["broken.pdf"]["status"] == "failed"
    assert "DocumentError" in first["broken.pdf"]["error"]
    doc_id = first["gazette.pdf"]["doc_id"]
    assert (out / doc_id / "document.json").is_file()
    assert (out / "dataset" / "documents.parquet").is_file()
    artifact = Artifact.get("thaidoc-ingest")
    assert artifact is not None
    assert doc_id in str(artifact.data)

    second = by_name(ingest([str(inbox)], out_dir=str(out)))
    assert second["gazette.pdf"]["status"] == "cached"
    assert second["gazette.pdf"]["doc_id"] == doc_id
    assert second["broken.pdf"]["status"] == "failed"

    shutil.rmtree(out / doc_id)
    third = by_name(ingest([str(inbox / "gazette.pdf")], out_dir=str(out)))
    assert third["gazette.pdf"]["status"] == "ok"
    assert (out / doc_id / "document.json").is_file()


def test_folders_expand_to_their_pdfs_and_files_stay_as_given(tmp_path):
    (tmp_path / "b.pdf").touch()
    (tmp_path / "a.PDF").touch()
    (tmp_path / "c.txt").touch()
    expanded = pdf_paths([str(tmp_path), str(tmp_path / "b.pdf"), "missing.pdf"])
    assert expanded == [str(tmp_path / "a.PDF"), str(tmp_path / "b.pdf"), "missing.pdf"]


@pytest.mark.parametrize(
    ("error", "retried"),
    [
        (OSError("stale NFS handle"), True),
        (PermissionError("busy"), True),
        (FileNotFoundError("gone"), False),
        (ValueError("bad table"), False),
    ],
)
def test_only_io_errors_are_retried(error, retried):
    assert extract_and_write.retries == 2
    assert retry_on_io_error(extract_and_write, None, Failed(data=error)) is retried


def test_the_cache_key_follows_the_pdf_bytes_and_the_output_folder(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4 one")
    key = pdf_content_key(None, {"pdf": str(pdf), "out_dir": "outputs"})
    assert key == pdf_content_key(None, {"pdf": str(pdf), "out_dir": "./outputs"})
    assert key != pdf_content_key(None, {"pdf": str(pdf), "out_dir": "elsewhere"})
    pdf.write_bytes(b"%PDF-1.4 two")
    assert key != pdf_content_key(None, {"pdf": str(pdf), "out_dir": "outputs"})
    assert pdf_content_key(None, {"pdf": str(tmp_path / "missing.pdf"), "out_dir": "x"}) is None


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_server")
def test_the_ingest_command_runs_the_flow_and_fails_when_a_document_fails(tmp_path, inbox):
    result = CliRunner().invoke(app, ["ingest", str(inbox), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "FAILED" in result.stdout
    assert "1 of 2 document(s) written" in result.stdout


@pytest.fixture
def report_inbox(tmp_path: Path) -> Path:
    """An inbox folder holding one short sample report (quick to extract)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(REPO / "samples" / "ldo_quarterly_report_2568.pdf", inbox / "report.pdf")
    return inbox


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_server")
def test_watching_the_inbox_ingests_new_pdfs_and_refreshes_the_dataset(tmp_path, report_inbox):
    out = tmp_path / "out"

    (first,) = watch_inbox(str(report_inbox), out_dir=str(out))
    assert first["status"] == "ok"
    assert (out / "dataset" / "warehouse.duckdb").is_file()
    assert Artifact.get("thaidoc-ingest") is not None

    (second,) = watch_inbox(str(report_inbox), out_dir=str(out))
    assert second["status"] == "cached"

    shutil.copy(report_inbox / "report.pdf", report_inbox / "again.pdf")
    (report_inbox / "again.pdf").open("ab").write(b"\n% a new year's copy\n")
    statuses = by_name(watch_inbox(str(report_inbox), out_dir=str(out)))
    assert statuses["again.pdf"]["status"] == "ok"
    assert statuses["report.pdf"]["status"] == "cached"
    documents = (out / "dataset" / "documents.csv").read_text(encoding="utf-8-sig")
    assert len(documents.splitlines()) == 1 + 2


@flow
def extract_together(pdfs: list[str], out_dir: str) -> list[dict]:
    return extract_short_pdfs(pdfs, out_dir)


@flow
def extract_alone(pdf: str, out_dir: str) -> str:
    return extract_and_write(pdf, out_dir, return_state=True).name


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_server")
def test_pdfs_sharing_a_task_are_cached_one_by_one_under_their_own_keys(tmp_path, report_inbox):
    out = str(tmp_path / "out")
    report = report_inbox / "report.pdf"
    new = report_inbox / "new.pdf"
    new.write_bytes(report.read_bytes() + b"\n% another copy\n")
    broken = report_inbox / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthe rest is missing")
    missing = report_inbox / "missing.pdf"

    assert extract_alone(str(report), out) == "Completed"
    first = by_name(extract_together([str(p) for p in (report, broken, new, missing)], out))
    assert [first[p.name]["status"] for p in (report, broken, new, missing)] == [
        "cached",  # extracted alone before: the same key
        "failed",
        "ok",
        "failed",
    ]
    assert "DocumentError" in first["broken.pdf"]["error"]
    assert first["new.pdf"]["doc_id"] != first["report.pdf"]["doc_id"]

    again = by_name(extract_together([str(new), str(report)], out))
    assert {status["status"] for status in again.values()} == {"cached"}
    assert again["new.pdf"]["doc_id"] == first["new.pdf"]["doc_id"]
    assert extract_alone(str(new), out) == "Cached"  # what a task shared, a lone run finds


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_server")
def test_an_io_error_retries_the_shared_task_without_redoing_its_finished_pdfs(
    tmp_path, report_inbox, monkeypatch
):
    import thaidoc.flows

    report = report_inbox / "report.pdf"
    second = report_inbox / "second.pdf"
    second.write_bytes(report.read_bytes() + b"\n% another copy\n")
    extracted: list[str] = []
    real_extract = thaidoc.flows.extract_document

    def busy_share_once(path: Path, **options):
        extracted.append(path.name)
        if extracted == ["report.pdf", "second.pdf"]:
            raise OSError("the share is busy")
        return real_extract(path, **options)

    monkeypatch.setattr(thaidoc.flows, "extract_document", busy_share_once)
    statuses = extract_together([str(report), str(second)], str(tmp_path / "out"))

    assert extracted == ["report.pdf", "second.pdf", "second.pdf"]
    assert [s["status"] for s in statuses] == ["cached", "ok"]  # report.pdf read back


def test_flows_py_serve_passes_the_inbox_folder_and_interval(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("root_flows", REPO / "flows.py")
    assert spec is not None and spec.loader is not None
    root_flows = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(root_flows)
    served = []
    monkeypatch.setattr(root_flows, "serve_inbox", lambda *args: served.append(args))

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    argv = ["serve", "--inbox", str(inbox), "--out", str(out), "--every", "600"]
    assert root_flows.main(argv) == 0
    assert served == [(inbox, out, 600)]
