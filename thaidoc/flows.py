"""Prefect orchestration: one task run per PDF over the plain pipeline functions.

``ingest`` runs ``extract_and_write`` (``extract_document`` + ``write_document``) on every
PDF, then merges the dataset (tables, warehouse, metadata) and publishes a markdown
artifact of what each document gave. Retries and caching are declared on the task: I/O
errors are retried, and a PDF whose bytes, thaidoc version and output folder are
unchanged is not extracted again (unless its output folder has gone missing since).
On Dask, a long PDF is read as runs of pages in parallel, and short PDFs are sent to the
workers several to a task (each still cached on its own), as a Dask task costs a worker
about as much as a short PDF's work.

``watch_inbox`` ingests the PDFs of one folder; ``serve_inbox`` serves it as a Prefect
deployment that runs on a schedule, so a new year's PDF is ingested by dropping it in
the folder.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Prefect's temporary server (used when PREFECT_API_URL is unset) needs more than the default
# 20 s to start on a small machine the first time, while it creates its database.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

from prefect import Task, flow, task, unmapped
from prefect.artifacts import create_markdown_artifact
from prefect.client.schemas.objects import TaskRun
from prefect.context import TaskRunContext
from prefect.futures import PrefectFuture, as_completed, wait
from prefect.runtime import task_run as prefect_task_run
from prefect.settings import (
    PREFECT_API_URL,
    PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
    temporary_settings,
)
from prefect.states import State
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect.transactions import CommitMode, transaction

from thaidoc import __version__
from thaidoc.pipeline.guard import DocumentError
from thaidoc.pipeline.read import file_identity, page_count
from thaidoc.pipeline.run import (
    PagesRead,
    assemble_document,
    extract_document,
    page_ranges,
    read_page_range,
)
from thaidoc.pipeline.write import (
    COUNTED_TABLES,
    DOCUMENT_JSON,
    document_summary,
    merge_dataset,
    write_document,
)

# In a parallel run a PDF longer than this is read in runs of this many pages, one task
# each: enough work per task (about 1.5 s) to outweigh a task run's own cost (about 0.2 s
# of CPU between the worker, the flow and the Prefect server), small enough to spread a
# long budget volume over the workers. On the scale benchmark's documents, runs of 32
# pages took 13% less time than runs of 16, with 1 Dask worker and with 2.
PAGES_PER_TASK = 32
# Shorter PDFs share tasks of up to this many times as many pages.
SHORT_PDFS_TASK_SIZE = 2


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


# Every task that reads a PDF: retried twice on I/O errors (a busy share, a file still
# being copied), never on a file that cannot be read (DocumentError is not an OSError).
RETRIED_ON_IO_ERRORS: dict[str, Any] = {
    "retries": 2,
    "retry_delay_seconds": 2,
    "retry_condition_fn": retry_on_io_error,
}


def pdf_cache_key(pdf: str, out_dir: str, ocr: bool = False) -> str | None:
    """Same PDF bytes, same thaidoc version, same output folder: same result. None for a
    missing file: nothing to cache, and its run reports it."""
    path = Path(pdf)
    if not path.is_file():
        return None
    _, sha256 = file_identity(path)
    out_key = hashlib.sha256(str(Path(out_dir).resolve()).encode()).hexdigest()[:16]
    return f"thaidoc-{sha256}-{__version__}{'-ocr' if ocr else ''}-{out_key}"


def pdf_content_key(context: TaskRunContext, parameters: dict[str, Any]) -> str | None:
    """The cache key of a task over one whole PDF: ``pdf_cache_key`` of its parameters."""
    return pdf_cache_key(parameters["pdf"], parameters["out_dir"], parameters.get("ocr", False))


@task(
    task_run_name="extract {pdf}",
    **RETRIED_ON_IO_ERRORS,
    cache_key_fn=pdf_content_key,
    persist_result=True,
)
def extract_and_write(pdf: str, out_dir: str, ocr: bool = False) -> dict[str, Any]:
    """Extract one PDF and write its folder; returns its summary. A file that cannot be
    read fails with ``DocumentError`` (not an OSError: never retried)."""
    doc = extract_document(Path(pdf), ocr=ocr)
    write_document(doc, Path(out_dir))
    return {"file": pdf, "status": "ok", **document_summary(doc)}


class SealedRun:
    """A run of pages read (``PagesRead``) as one value between tasks. Prefect looks
    through every task parameter for futures and states, down into dataclasses: a run
    holds thousands (pages, lines, words, tables) and no future, and walking them cost an
    assembly of a long document tenths of a second before it started. Not a dataclass, a
    sealed run is one value to Prefect."""

    __slots__ = ("pages",)

    def __init__(self, pages: PagesRead) -> None:
        self.pages = pages


def page_run_key(context: TaskRunContext, parameters: dict[str, Any]) -> str | None:
    """Same PDF bytes, same thaidoc version, same pages: same pages read."""
    pdf = Path(parameters["pdf"])
    if not pdf.is_file():
        return None
    _, sha256 = file_identity(pdf)
    ocr = "-ocr" if parameters.get("ocr") else ""
    return f"thaidoc-run-{sha256}-{__version__}{ocr}-{parameters['first']}-{parameters['last']}"


@task(
    task_run_name="read {pdf} pages {first}-{last}",
    **RETRIED_ON_IO_ERRORS,
    cache_key_fn=page_run_key,
    persist_result=True,
)
def read_pages_of(pdf: str, first: int, last: int, ocr: bool = False) -> SealedRun:
    """The page stages on pages ``first``-``last`` of a long PDF (runs of pages go to
    different workers)."""
    return SealedRun(read_page_range(Path(pdf), list(range(first, last + 1)), ocr=ocr))


@task(
    task_run_name="assemble {pdf}",
    **RETRIED_ON_IO_ERRORS,
    cache_key_fn=pdf_content_key,
    persist_result=True,
)
def assemble_and_write(
    pdf: str, out_dir: str, runs: list[SealedRun], ocr: bool = False
) -> dict[str, Any]:
    """The document stages over a long PDF's runs of pages, in order; writes its folder."""
    doc = assemble_document(Path(pdf), [run.pages for run in runs])
    write_document(doc, Path(out_dir))
    return {"file": pdf, "status": "ok", **document_summary(doc)}


merge = task(name="merge dataset")(merge_dataset)


def document_status(pdf: str, states: list[State[Any]]) -> dict[str, Any]:
    """The per-document status from the states of its tasks (the document's own last):
    'ok', 'cached' (not extracted again) or 'failed' with the first failure among them."""
    for state in states:
        if not state.is_completed():
            error = state.result(raise_on_failure=False) if state.is_failed() else None
            if isinstance(error, BaseException):
                return failed_status(pdf, error)
            reason = f"{state.name}: {state.message or 'not run'}"
            return {"file": pdf, "status": "failed", "error": reason}
    status = "cached" if states[-1].name == "Cached" else "ok"
    return {**states[-1].result(), "file": pdf, "status": status}


def short_pdfs_run_name() -> str:
    """'extract a.pdf and 3 more': the name of an ``extract_short_pdfs`` run."""
    pdfs = prefect_task_run.parameters["pdfs"]
    return f"extract {pdfs[0]} and {len(pdfs) - 1} more"


def failed_status(pdf: str, error: BaseException) -> dict[str, Any]:
    return {"file": pdf, "status": "failed", "error": f"{type(error).__name__}: {error}"}


@task(task_run_name=short_pdfs_run_name, **RETRIED_ON_IO_ERRORS)
def extract_short_pdfs(pdfs: list[str], out_dir: str, ocr: bool = False) -> list[dict[str, Any]]:
    """Several short PDFs in one task run; returns their statuses. On a Dask cluster a task
    run costs a worker about 0.1 s whatever it does (Prefect builds its context and an API
    client, and the server records it), as much as a short PDF's work.

    Each PDF is still cached on its own, under the key its ``extract_and_write`` run would
    have (``extract_once``), so a PDF extracted before, in any group or alone, is not
    extracted again. A PDF that cannot be read is reported failed and the others go on; an
    I/O error retries the task, and the PDFs it had done are read back, not redone."""
    return [extract_once(pdf, out_dir, ocr) for pdf in pdfs]


def extract_once(pdf: str, out_dir: str, ocr: bool) -> dict[str, Any]:
    """``extract_and_write`` as a Prefect transaction keyed by ``pdf_cache_key``: read back
    when committed before, else run and committed at once (its folder is written)."""
    try:
        key = pdf_cache_key(pdf, out_dir, ocr)
        with transaction(key=key, commit_mode=CommitMode.EAGER) as txn:
            if txn.is_committed():
                record = txn.read()
                if record is not None:
                    return {**record.result, "file": pdf, "status": "cached"}
            status: dict[str, Any] = extract_and_write.fn(pdf, out_dir, ocr=ocr)
            txn.stage(status)
            return status
    except (DocumentError, FileNotFoundError) as error:  # final: the file cannot be read
        return failed_status(pdf, error)


@dataclass
class Submitted:
    """One document's place in a run: the task that ends it (its PDF's, its assembly, or
    a task for several short PDFs, where it is number ``in_group``) and, for a long PDF,
    the runs of pages its assembly waits for."""

    pdf: str
    own: PrefectFuture[Any]
    runs: list[PrefectFuture[Any]] = field(default_factory=list)
    in_group: int | None = None

    def status(self) -> dict[str, Any]:
        """The document's status once ``own`` has ended. Its runs are let go here: a run's
        pages stay in its worker's memory while the flow holds its future, so they leave
        as each document ends, not when the whole batch does. When the assembly did not
        complete, the runs are waited for, to report a run's failure as the cause."""
        own = self.own.state
        runs, self.runs = self.runs, []
        if self.in_group is None:
            if own.is_completed() or not runs:
                return document_status(self.pdf, [own])
            wait(runs)
            return document_status(self.pdf, [run.state for run in runs] + [own])
        if not own.is_completed():
            return document_status(self.pdf, [own])
        return self.own.result()[self.in_group]


def statuses_as_documents_end(submitted: list[Submitted]) -> list[dict[str, Any]]:
    """The documents' statuses, in the order submitted, each taken as soon as the task
    that ends it does (``Submitted.status``)."""
    ending: dict[PrefectFuture[Any], list[Submitted]] = {}
    for document in submitted:
        ending.setdefault(document.own, []).append(document)
    status_of: dict[str, dict[str, Any]] = {}
    for future in as_completed(list(ending)):
        future.wait()  # its final state, here
        for document in ending.pop(future):
            status_of[document.pdf] = document.status()
    return [status_of[document.pdf] for document in submitted]


def short_pdf_groups(
    page_counts: dict[str, int], pages_per_task: int, pages_per_group: int
) -> list[list[str]]:
    """The PDFs of at most ``pages_per_task`` pages (longer ones are read in runs), in
    order, in groups of at most ``pages_per_group`` pages in all (a group holds at least
    one PDF)."""
    groups: list[list[str]] = []
    group_pages = 0
    for pdf, n_pages in page_counts.items():
        if n_pages > pages_per_task:
            continue
        if not groups or group_pages + n_pages > pages_per_group:
            groups.append([])
            group_pages = 0
        groups[-1].append(pdf)
        group_pages += n_pages
    return groups


def submit_documents(
    pdfs: list[str], out_dir: str, ocr: bool, pages_per_task: int
) -> list[Submitted]:
    """Submit the PDFs; their places come back in the order given. Without
    ``pages_per_task``, one task per PDF. With it, a PDF longer than ``pages_per_task``
    pages is read as runs of that many pages (a task each) and assembled by another, the
    longest first, and shorter PDFs go together into tasks of at most
    ``SHORT_PDFS_TASK_SIZE`` times as many pages."""
    if not pages_per_task:
        return [Submitted(pdf, extract_and_write.submit(pdf, out_dir, ocr=ocr)) for pdf in pdfs]
    page_counts = {}
    for pdf in pdfs:
        try:
            page_counts[pdf] = page_count(Path(pdf))
        except DocumentError:
            page_counts[pdf] = 0  # its task reports why the file cannot be read
    submitted: dict[str, Submitted] = {}
    # Longest first: the longest document's runs start at once and its assembly is not
    # the last task left while the other workers wait.
    for pdf, n_pages in sorted(page_counts.items(), key=lambda item: -item[1]):
        if n_pages > pages_per_task:
            runs = [
                read_pages_of.submit(pdf, pages[0], pages[-1], ocr=ocr)
                for pages in page_ranges(n_pages, pages_per_task)
            ]
            assembly = assemble_and_write.submit(pdf, out_dir, runs, ocr=ocr)  # type: ignore[arg-type]
            submitted[pdf] = Submitted(pdf, assembly, runs)
    pages_per_group = SHORT_PDFS_TASK_SIZE * pages_per_task
    for group in short_pdf_groups(page_counts, pages_per_task, pages_per_group):
        future = extract_short_pdfs.submit(group, out_dir, ocr=ocr)
        submitted.update((pdf, Submitted(pdf, future, in_group=i)) for i, pdf in enumerate(group))
    return [submitted[pdf] for pdf in pdfs]


def has_output(out_dir: Path, status: dict[str, Any]) -> bool:
    return (out_dir / status["doc_id"] / DOCUMENT_JSON).is_file()


def task_runner(workers: int = 1, dask_address: str | None = None) -> TaskRunner[Any]:
    """Where the tasks run: one at a time in this process (the default: pypdfium2, the
    second text witness, must not run in two threads at once), in ``workers`` local
    processes (a Dask LocalCluster, one thread each), or on the Dask cluster at
    ``dask_address`` ('tcp://host:8786')."""
    if dask_address or workers > 1:
        return dask_runner(workers, dask_address)
    return ThreadPoolTaskRunner(max_workers=1)


def dask_runner(workers: int, dask_address: str | None = None) -> TaskRunner[Any]:
    """Prefect's Dask task runner (serializing the settings once per run, not once per
    task) on the cluster at ``dask_address``, or on a local cluster of ``workers``
    processes with one thread each (``thaidoc.dask_runner.local_cluster``)."""
    from thaidoc.dask_runner import DaskTaskRunnerSerializingSettingsOnce, local_cluster

    if dask_address:
        return DaskTaskRunnerSerializingSettingsOnce(address=dask_address)
    # prefect-dask calls cluster_class(**cluster_kwargs), though its annotation takes none.
    return DaskTaskRunnerSerializingSettingsOnce(
        cluster_class=local_cluster,  # type: ignore[arg-type]
        cluster_kwargs={"workers": workers},
    )


# (The type: ignore is for Prefect's own stubs, which reject its concrete task runners.)
@flow(name="thaidoc-ingest", task_runner=task_runner())  # type: ignore[arg-type]
def ingest(
    paths: list[str], out_dir: str = "outputs", ocr: bool = False, pages_per_task: int = 0
) -> list[dict[str, Any]]:
    """Extract PDFs (files, or folders of *.pdf) into ``out_dir`` and merge the dataset;
    with ``ocr``, pages without a text layer are read by OCR. With ``pages_per_task``, a
    longer PDF's pages are read in runs of that many, in parallel where workers allow."""
    pdfs = pdf_paths(paths)
    submitted = submit_documents(pdfs, out_dir, ocr, pages_per_task)
    statuses = statuses_as_documents_end(submitted)

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
            statuses[i] = document_status(pdfs[i], [future.state])

    merge(Path(out_dir))
    create_markdown_artifact(
        key="thaidoc-ingest",
        markdown=statuses_markdown(statuses),
        description=f"thaidoc {__version__}: records and warnings per document",
    )
    return statuses


def run_ingest(
    paths: list[str],
    out_dir: str = "outputs",
    *,
    ocr: bool = False,
    workers: int = 1,
    dask_address: str | None = None,
) -> list[dict[str, Any]]:
    """``ingest`` on the task runner ``task_runner(workers, dask_address)`` chooses; in
    parallel, long PDFs are split into runs of ``PAGES_PER_TASK`` pages."""
    parallel = workers > 1 or dask_address is not None
    runner = task_runner(workers, dask_address)
    with api_for_worker_processes(parallel):
        return ingest.with_options(task_runner=runner)(  # type: ignore[arg-type]
            paths,
            out_dir=out_dir,
            ocr=ocr,
            pages_per_task=PAGES_PER_TASK if parallel else 0,
        )


@contextmanager
def api_for_worker_processes(parallel: bool) -> Iterator[None]:
    """Give Dask worker processes this process's Prefect API. Without a configured
    PREFECT_API_URL every worker would start a temporary server of its own (7-25 s each):
    one is started here and its address passed on through the environment, which local
    worker processes inherit."""
    if not parallel:
        yield
        return
    url = PREFECT_API_URL.value()
    if not url:
        from prefect.server.api.server import SubprocessASGIServer

        server = SubprocessASGIServer()
        server.start(timeout=PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
        url = server.api_url
    previous = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = url
    try:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield
    finally:
        if previous is None:
            del os.environ["PREFECT_API_URL"]
        else:
            os.environ["PREFECT_API_URL"] = previous


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
