"""Parallel runs: a PDF read in runs of pages equals the PDF read whole, and the ingest flow
runs on a local Dask cluster, documents and page runs spread over its workers."""

from __future__ import annotations

import gc
import json
import pickle
import shutil
import uuid
import weakref
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from typer.testing import CliRunner

from thaidoc.cli import app
from thaidoc.pipeline.run import (
    assemble_document,
    extract_document,
    page_ranges,
    read_page_range,
)
from thaidoc.pipeline.write import DOCUMENT_JSON

REPO = Path(__file__).resolve().parents[1]
PLAN = REPO / "samples" / "ldo_action_plan_2568.pdf"  # 6 pages, tables over page breaks
REPORT = REPO / "samples" / "ldo_quarterly_report_2568.pdf"


def comparable(document: Any) -> dict[str, Any]:
    dumped = document.model_dump(mode="json")
    del dumped["meta"]["extracted_at"]
    return dumped


def test_page_ranges_cover_every_page_once_in_order():
    assert page_ranges(7, 3) == [[1, 2, 3], [4, 5, 6], [7]]
    assert page_ranges(2, 16) == [[1, 2]]


def test_short_pdfs_go_together_in_order_up_to_the_pages_of_a_group():
    from thaidoc.flows import short_pdf_groups

    page_counts = {"a": 5, "b": 6, "long": 40, "c": 6, "broken": 0, "d": 16, "e": 1}
    assert short_pdf_groups(page_counts, 16, 16) == [["a", "b"], ["c", "broken"], ["d"], ["e"]]
    assert short_pdf_groups(page_counts, 16, 33) == [["a", "b", "c", "broken", "d"], ["e"]]
    assert short_pdf_groups({"long": 40}, 16, 48) == []


def test_a_pdf_read_in_runs_of_pages_gives_the_same_document_as_read_whole():
    whole = extract_document(PLAN)
    # Each run crosses a process boundary in a parallel flow: pickle it the same way.
    runs = [pickle.loads(pickle.dumps(read_page_range(PLAN, pages))) for pages in page_ranges(6, 2)]
    assert comparable(assemble_document(PLAN, runs)) == comparable(whole)


def test_the_ingest_command_passes_workers_and_a_cluster_address_to_the_flow(tmp_path, monkeypatch):
    calls = []

    def fake_run_ingest(paths, out_dir, *, ocr, workers, dask_address):
        calls.append((paths, workers, dask_address))
        return []

    monkeypatch.setattr("thaidoc.flows.run_ingest", fake_run_ingest)
    args = ["ingest", str(REPORT), "--out", str(tmp_path), "--workers", "2"]
    CliRunner().invoke(app, args)
    CliRunner().invoke(app, [*args[:4], "--dask-address", "tcp://127.0.0.1:8786"])
    assert calls == [
        ([str(REPORT)], 2, None),
        ([str(REPORT)], 1, "tcp://127.0.0.1:8786"),
    ]


def test_the_dask_runner_serializes_the_settings_once_for_all_the_tasks_of_a_run():
    from prefect.context import SettingsContext, serialize_context

    from thaidoc.dask_runner import DaskTaskRunnerSerializingSettingsOnce

    expected = SettingsContext.get().serialize()
    serialize = SettingsContext.serialize
    # Entering the runner connects to no cluster: its client starts with the first task.
    with (
        mock.patch.object(
            SettingsContext, "serialize", autospec=True, side_effect=serialize
        ) as spy,
        DaskTaskRunnerSerializingSettingsOnce(address="tcp://127.0.0.1:1"),
    ):
        sent = [serialize_context()["settings_context"] for _ in range(3)]
        sent[0]["settings"].clear()  # each task's copy is its own
        sent.append(serialize_context()["settings_context"])
    assert spy.call_count == 1
    assert sent[1:] == [expected] * 3
    assert type(SettingsContext.get()) is SettingsContext  # the flow's own settings again


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_server")
def test_the_flow_runs_on_a_local_dask_cluster_splitting_long_pdfs_and_grouping_short_ones(
    tmp_path,
):
    from thaidoc.flows import dask_runner, ingest

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for pdf in (PLAN, REPORT):
        shutil.copy(pdf, inbox / pdf.name)
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.4\nthe rest is missing")
    out = tmp_path / "out"

    on_dask = ingest.with_options(task_runner=dask_runner(2))
    statuses = {Path(s["file"]).name: s for s in on_dask([str(inbox)], str(out), pages_per_task=2)}

    # broken.pdf (no pages) and the 2-page report share a task; the 6-page plan is 3 runs.
    assert statuses["broken.pdf"]["status"] == "failed"
    for pdf in (PLAN, REPORT):
        status = statuses[pdf.name]
        assert status["status"] == "ok"
        written = json.loads((out / status["doc_id"] / DOCUMENT_JSON).read_text(encoding="utf-8"))
        del written["meta"]["extracted_at"]
        assert written == comparable(extract_document(pdf))

    again = {Path(s["file"]).name: s for s in on_dask([str(inbox)], str(out), pages_per_task=2)}
    assert again[REPORT.name]["status"] == "cached"  # in a shared task, still its own cache key
    assert again[PLAN.name]["status"] == "cached"
    assert again["broken.pdf"]["status"] == "failed"


def test_a_run_of_pages_is_one_value_to_prefects_walk_over_task_parameters():
    from prefect.utilities.collections import visit_collection

    from thaidoc.flows import read_pages_of

    run = read_pages_of.fn(str(PLAN), 1, 2)
    visited: list[Any] = []
    visit_collection([run], visited.append, return_data=False)
    assert visited == [[run], run]  # the list and the run: nothing inside it
    assert len(run.pages.lines) == 2  # which holds both pages read


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_server")
def test_a_failed_run_of_pages_is_reported_as_the_cause_of_its_documents_failure(
    tmp_path, monkeypatch
):
    from thaidoc.flows import ingest
    from thaidoc.pipeline.guard import DocumentError

    def read_failing_on_page_3(path: Path, pages: list[int], *, ocr: bool) -> Any:
        if 3 in pages:
            raise DocumentError(path, "corrupt", "page 3 cannot be read", page=3)
        return read_page_range(path, pages, ocr=ocr)

    # The default runner runs tasks in this process, so the patched reader is the one used.
    monkeypatch.setattr("thaidoc.flows.read_page_range", read_failing_on_page_3)
    pdf = tmp_path / PLAN.name
    # Bytes of its own: runs of pages are cached by the PDF's bytes, and other tests read PLAN.
    pdf.write_bytes(PLAN.read_bytes() + f"% {uuid.uuid4()}\n".encode())
    (status,) = ingest([str(pdf)], str(tmp_path / "out"), pages_per_task=2)

    assert status["status"] == "failed"
    assert status["error"].startswith(f"DocumentError: {pdf} (page 3): page 3 cannot be read")


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_server")
def test_a_long_pdfs_runs_of_pages_are_let_go_as_soon_as_it_ends(tmp_path, monkeypatch):
    # A run's pages stay in its worker's memory while the flow holds its future: the flow
    # must drop each document's runs when the document ends, not at the end of the batch.
    from thaidoc.flows import Submitted, ingest

    runs: list[weakref.ref[Any]] = []
    held_after_each_document: list[int] = []
    status = Submitted.status

    def status_then_count_runs_held(document: Submitted) -> dict[str, Any]:
        runs.extend(weakref.ref(run) for run in document.runs)
        result = status(document)
        gc.collect()
        held_after_each_document.append(sum(run() is not None for run in runs))
        return result

    monkeypatch.setattr(Submitted, "status", status_then_count_runs_held)
    for name in ("a.pdf", "b.pdf"):  # two documents, each with its own bytes
        (tmp_path / name).write_bytes(PLAN.read_bytes() + f"% {name} {uuid.uuid4()}\n".encode())
    statuses = ingest([str(tmp_path)], str(tmp_path / "out"), pages_per_task=2)

    assert [s["status"] for s in statuses] == ["ok", "ok"]
    assert len(runs) == 6  # 3 runs of 2 pages each
    assert held_after_each_document == [0, 0]


def test_a_local_cluster_runs_dasks_monitors_at_a_batch_pace_in_scheduler_and_workers():
    from distributed import Client

    from thaidoc.dask_runner import local_cluster

    def monitor_intervals_ms(dask_worker: Any = None, dask_scheduler: Any = None) -> list[float]:
        server = dask_worker or dask_scheduler
        return [server.periodic_callbacks[name].callback_time for name in ("tick", "monitor")]

    def profiling() -> bool:
        import dask

        return bool(dask.config.get("distributed.worker.profile.enabled"))

    with local_cluster(1) as cluster, Client(cluster) as client:
        assert client.run_on_scheduler(monitor_intervals_ms) == [1000, 5000]
        assert list(client.run(monitor_intervals_ms).values()) == [[1000, 5000]]
        assert list(client.run(profiling).values()) == [False]
