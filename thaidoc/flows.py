"""Prefect orchestration: one task run per PDF over the plain pipeline functions.

``ingest`` maps ``extract_and_write`` (``extract_document`` + ``write_document``) over the
PDFs, then merges the dataset (tables, warehouse, metadata) and publishes a markdown
artifact of what each document gave. Retries and caching are declared on the task: I/O
errors are retried, and a PDF whose bytes, thaidoc version and output folder are
unchanged is not extracted again (unless its output folder has gone missing since).

``watch_inbox`` ingests the PDFs of one folder; ``serve_inbox`` serves it as a Prefect
deployment that runs on a schedule, so a new year's PDF is ingested by dropping it in
the folder.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

# Prefect's temporary server (used when PREFECT_API_URL is unset) needs more than the default
# 20 s to start on a small machine the first time, while it creates its database.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

from prefect import Task, flow, task, unmapped
from prefect.artifacts import create_markdown_artifact
from prefect.client.schemas.objects import TaskRun
from prefect.context import TaskRunContext
from prefect.futures import PrefectFuture
from prefect.states import State
from prefect.task_runners import ThreadPoolTaskRunner

from thaidoc import __version__
from thaidoc.pipeline.read import file_identity
from thaidoc.pipeline.run import extract_document
from thaidoc.pipeline.write import (
    COUNTED_TABLES,
    DOCUMENT_JSON,
    document_summary,
    merge_dataset,
    write_document,
)


def pdf_paths(paths: list[str]) -> list[str]:
    """The PDFs named by ``paths``: files as given, folders expanded to their *.pdf."""
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(str(p) for p in sorted(path.iterdir()) if p.suffix.lower() == ".pdf")
        else:
            found.append(raw)
    return list(dict.fromkeys(found))


def retry_on_io_error(task: Task[Any, Any], task_run: TaskRun, state: State[Any]) -> bool:
    """Retry I/O errors (a busy share, a file still being copied); a missing file is final."""
    error = state.result(raise_on_failure=False)
    return isinstance(error, OSError) and not isinstance(error, FileNotFoundError)


def pdf_content_key(context: TaskRunContext, parameters: dict[str, Any]) -> str | None:
    """Same PDF bytes, same thaidoc version, same output folder: same result."""
    pdf = Path(parameters["pdf"])
    if not pdf.is_file():
        return None  # nothing to cache; the run itself reports the missing file
    _, sha256 = file_identity(pdf)
    out_dir = str(Path(parameters["out_dir"]).resolve())
    ocr = "-ocr" if parameters.get("ocr") else ""
    out_key = hashlib.sha256(out_dir.encode()).hexdigest()[:16]
    return f"thaidoc-{sha256}-{__version__}{ocr}-{out_key}"


@task(
    task_run_name="extract {pdf}",
    retries=2,
    retry_delay_seconds=2,
    retry_condition_fn=retry_on_io_error,
    cache_key_fn=pdf_content_key,
    persist_result=True,
)
def extract_and_write(pdf: str, out_dir: str, ocr: bool = False) -> dict[str, Any]:
    """Extract one PDF and write its folder; returns its summary. A file that cannot be
    read fails with ``DocumentError`` (not an OSError: never retried)."""
    doc = extract_document(Path(pdf), ocr=ocr)
    write_document(doc, Path(out_dir))
    return {"file": pdf, "status": "ok", **document_summary(doc)}


merge = task(name="merge dataset")(merge_dataset)


def run_status(pdf: str, future: PrefectFuture[dict[str, Any]]) -> dict[str, Any]:
    """The per-document status: 'ok', 'cached' (not extracted again) or 'failed'."""
    state = future.state
    if state.is_completed():
        status = "cached" if state.name == "Cached" else "ok"
        return {**future.result(), "file": pdf, "status": status}
    error = state.result(raise_on_failure=False)
    reason = f"{type(error).__name__}: {error}" if isinstance(error, BaseException) else state.name
    return {"file": pdf, "status": "failed", "error": reason}


def has_output(out_dir: Path, status: dict[str, Any]) -> bool:
    return (out_dir / status["doc_id"] / DOCUMENT_JSON).is_file()


# One PDF at a time: pypdfium2 (the second text witness) must not run in two threads at once.
# (The type: ignore is for Prefect's own stubs, which reject its concrete task runners.)
@flow(name="thaidoc-ingest", task_runner=ThreadPoolTaskRunner(max_workers=1))  # type: ignore[arg-type]
def ingest(paths: list[str], out_dir: str = "outputs", ocr: bool = False) -> list[dict[str, Any]]:
    """Extract PDFs (files, or folders of *.pdf) into ``out_dir`` and merge the dataset;
    with ``ocr``, pages without a text layer are read by OCR."""
    pdfs = pdf_paths(paths)
    futures = extract_and_write.map(pdfs, out_dir=unmapped(out_dir), ocr=unmapped(ocr))
    futures.wait()
    statuses = [run_status(pdf, future) for pdf, future in zip(pdfs, futures, strict=True)]

    # A cache hit is only good while its output folder is still there.
    gone = [
        i
        for i, status in enumerate(statuses)
        if status["status"] == "cached" and not has_output(Path(out_dir), status)
    ]
    if gone:
        redo = extract_and_write.with_options(refresh_cache=True)
        redone = redo.map([pdfs[i] for i in gone], out_dir=unmapped(out_dir), ocr=unmapped(ocr))
        redone.wait()
        for i, future in zip(gone, redone, strict=True):
            statuses[i] = run_status(pdfs[i], future)

    merge(Path(out_dir))
    create_markdown_artifact(
        key="thaidoc-ingest",
        markdown=statuses_markdown(statuses),
        description=f"thaidoc {__version__}: records and warnings per document",
    )
    return statuses


@flow(name="thaidoc-watch-inbox")
def watch_inbox(inbox: str, out_dir: str = "outputs") -> list[dict[str, Any]]:
    """Ingest the PDFs in ``inbox``: new or changed ones are extracted, the others cached."""
    return ingest([inbox], out_dir=out_dir)


def serve_inbox(inbox: Path, out_dir: Path, interval_s: int) -> None:
    """Serve ``watch_inbox`` as the deployment 'thaidoc-inbox', run every ``interval_s`` s.

    Blocks until interrupted; each scheduled run shows in the Prefect UI with its artifact.
    """
    inbox.mkdir(parents=True, exist_ok=True)
    watch_inbox.serve(
        name="thaidoc-inbox",
        interval=interval_s,
        parameters={"inbox": str(inbox.resolve()), "out_dir": str(out_dir.resolve())},
    )


def statuses_markdown(statuses: list[dict[str, Any]]) -> str:
    """A markdown table: one row per document with its counts, warnings or error."""
    header = ["file", "doc_id", "status", "type", "FY", "pages", *COUNTED_TABLES, "warnings"]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for status in statuses:
        if status["status"] == "failed":
            cells = [status["file"], "", "failed", *[""] * (len(header) - 4), status["error"]]
        else:
            codes = ", ".join(f"{code} ×{n}" for code, n in status["warning_codes"].items())
            cells = [
                status["file"],
                status["doc_id"],
                status["status"],
                status["doc_type"],
                status["fiscal_year"] or "",
                status["pages"],
                *(status[table] for table in COUNTED_TABLES),
                f"{status['warnings']} ({codes})" if codes else "0",
            ]
        lines.append("| " + " | ".join(markdown_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def markdown_cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")
