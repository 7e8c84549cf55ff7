"""Batches of documents through the Prefect flow: Prefect's overhead per document and the
speed-up from 1 to 2 Dask workers, all measured in the same run.

    python benchmarks/scale.py [--batch 200] [--max-pages 6] [--dask-address tcp://host:8786]

Two batches, each document a copy with a line appended after %%EOF that no other copy
has (so that every copy has its own doc_id and cache key, and no run reuses another's
cached results):

- short: --batch copies of the short samples (samples/*.pdf of at most --max-pages
  pages): many small documents, where the cost per task shows;
- long: the real PDFs with a text layer in ../shared/corpus/real/ (when present; else the
  samples longer than --max-pages), the longer ones read as runs of ``PAGES_PER_TASK``
  pages in parallel: where the work is.

Runs, each into a fresh output folder:

- plain (short batch): ``extract_document`` + ``write_document`` in a loop, then one
  merge (no Prefect);
- flow, 1 process (short batch): the ingest flow with its default runner (one task at a
  time);
- Dask, 1 worker and Dask, 2 workers: the flow on a local Dask cluster of that many
  worker processes (what ``thaidoc ingest --workers N`` starts), or once on the cluster at
  --dask-address. Both batches run on the same cluster.

Prefect's overhead per document is (flow, 1 process - plain) / documents. One Prefect
server is started first and shared by every run, and each Dask cluster is started and
warmed up (every worker extracts one document, and the flow runs once on it) before its
timed runs: neither start-up is counted, as a cluster serves many batches.
Each run's CPU seconds are shown by process: this one (the flow, and a local cluster's
scheduler), the Prefect server and the Dask workers (local clusters only): on a small
machine they share the cores. Prints markdown tables and the command that reproduces it.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from thaidoc import __version__
from thaidoc.pipeline.read import page_count

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "real"

Batch = list[Path]


# Appended to every copy: Prefect keeps cached results between runs (in ~/.prefect), so
# copies must differ from any earlier run's.
RUN_TOKEN = uuid.uuid4().hex


def copies(sources: list[Path], folder: Path, size: int | None = None) -> Batch:
    """``size`` copies (one per source by default) cycling through ``sources``, each with
    a line appended after %%EOF that no other copy, in this run or another, has."""
    folder.mkdir(parents=True)
    batch = []
    for i in range(size or len(sources)):
        source = sources[i % len(sources)]
        copy = folder / f"{source.stem}-{i:04d}.pdf"
        mark = f"\n% {RUN_TOKEN} {folder} copy {i}\n"
        copy.write_bytes(source.read_bytes() + mark.encode())
        batch.append(copy)
    return batch


def short_and_long_sources(max_pages: int) -> tuple[list[Path], list[Path]]:
    """Samples of at most ``max_pages`` pages; real PDFs with a text layer (or, without
    ../shared, the longer samples)."""
    samples = sorted((REPO / "samples").glob("*.pdf"))
    short = [p for p in samples if page_count(p) <= max_pages]
    if not short:
        raise SystemExit(f"no sample of at most {max_pages} pages in {REPO / 'samples'}")
    if CORPUS.is_dir():
        long = [p for p in sorted(CORPUS.glob("*.pdf")) if has_text_layer(p)]
    else:
        long = [p for p in samples if page_count(p) > max_pages]
    return short, long


def has_text_layer(pdf: Path) -> bool:
    """Whether any page of the PDF has text (a scanned one has none)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for page in document:
            textpage = page.get_textpage()
            found = textpage.count_chars() > 0
            textpage.close()
            page.close()
            if found:
                return True
        return False
    finally:
        document.close()


def pages_in(batch: Batch) -> int:
    return sum(page_count(p) for p in batch)


def plain(batch: Batch, out: Path) -> None:
    from thaidoc.pipeline.run import extract_document
    from thaidoc.pipeline.write import merge_dataset, write_document

    for pdf in batch:
        write_document(extract_document(pdf), out)
    merge_dataset(out)


def flow_runner(address: str | None) -> Callable[[Batch, Path], None]:
    """The ingest flow on its default runner (no address), or on the Dask cluster at
    ``address`` with long PDFs read in runs of pages (as ``thaidoc ingest`` does)."""
    from thaidoc.flows import PAGES_PER_TASK, dask_runner, ingest

    def run(batch: Batch, out: Path) -> None:
        paths = [str(p) for p in batch]
        if address is None:
            statuses = ingest(paths, out_dir=str(out))
        else:
            on_dask = ingest.with_options(task_runner=dask_runner(0, address))  # type: ignore[arg-type]
            statuses = on_dask(paths, out_dir=str(out), pages_per_task=PAGES_PER_TASK)
        failed = [s for s in statuses if s["status"] == "failed"]
        if failed:
            raise SystemExit(f"{len(failed)} document(s) failed, e.g. {failed[0]}")

    return run


@contextmanager
def warm_cluster(
    workers: int, address: str | None, warm_up: list[Path], folder: Path
) -> Iterator[str]:
    """The Dask cluster at ``address``, or a local one of ``workers`` processes, once
    every worker has run thaidoc (imports, dictionaries) and the flow has run on it
    once; yields its scheduler address."""
    from distributed import Client, LocalCluster

    with ExitStack() as stack:
        if address is None:
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
                )
            )
            address = cluster.scheduler_address
        with Client(address) as client:
            client.run(extract_on_worker, str(warm_up[0]))  # runs on every worker
        flow_runner(address)(copies(warm_up, folder / "in", 2 * workers), folder / "out")
        yield address


def extract_on_worker(pdf: str) -> None:
    from thaidoc.pipeline.run import extract_document

    extract_document(Path(pdf))


@dataclass(frozen=True)
class Timing:
    seconds: float
    cpu: dict[str, float]  # CPU seconds by process kind (``CPU_KINDS``) during the run


CPU_KINDS = ("flow", "Prefect server", "Dask workers")


def cpu_by_process() -> dict[int, tuple[str, float]]:
    """pid -> (kind, CPU seconds so far) for this process (the flow, and a local cluster's
    scheduler), and the processes it started: the Prefect server and Dask workers."""
    import psutil

    me = psutil.Process()
    found = {}
    for proc in [me, *me.children(recursive=True)]:
        try:
            times, command = proc.cpu_times(), " ".join(proc.cmdline())
        except psutil.Error:
            continue  # ended meanwhile
        kind = "flow" if proc.pid == me.pid else "Prefect server"
        if proc.pid != me.pid and "uvicorn" not in command:
            kind = "Dask workers"
        found[proc.pid] = (kind, times.user + times.system)
    return found


def timed(name: str, run: Callable[[Batch, Path], None], batch: Batch, out: Path) -> Timing:
    before = cpu_by_process()
    start = time.perf_counter()
    run(batch, out)
    seconds = time.perf_counter() - start
    cpu = dict.fromkeys(CPU_KINDS, 0.0)
    for pid, (kind, used) in cpu_by_process().items():
        cpu[kind] += used - before.get(pid, (kind, 0.0))[1]
    print(f"  {name}: {seconds:.1f} s", file=sys.stderr)
    return Timing(seconds, cpu)


def print_table(title: str, documents: int, pages: int, timings: dict[str, Timing]) -> None:
    print(f"\n{title}: {documents} documents, {pages} pages\n")
    print("| run | s | documents/min | pages/s | CPU s: " + " | CPU s: ".join(CPU_KINDS) + " |")
    print("| --- | ---: | ---: | ---: |" + " ---: |" * len(CPU_KINDS))
    for name, t in timings.items():
        cpu = " | ".join(f"{t.cpu[kind]:.1f}" for kind in CPU_KINDS)
        print(
            f"| {name} | {t.seconds:.1f} | {60 * documents / t.seconds:.1f} "
            f"| {pages / t.seconds:.1f} | {cpu} |"
        )
    if "Dask, 2 workers" in timings:
        speedup = timings["Dask, 1 worker"].seconds / timings["Dask, 2 workers"].seconds
        print(f"\nSpeed-up from 1 to 2 Dask workers: {speedup:.2f}×")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=200, help="documents in the short batch")
    parser.add_argument("--max-pages", type=int, default=6, help="longest sample to copy")
    parser.add_argument("--dask-address", help="an existing Dask cluster (tcp://host:8786)")
    args = parser.parse_args(argv)

    from thaidoc.flows import api_for_worker_processes

    short_sources, long_sources = short_and_long_sources(args.max_pages)
    short_timings: dict[str, Timing] = {}
    long_timings: dict[str, Timing] = {}
    with tempfile.TemporaryDirectory() as tmp, api_for_worker_processes(parallel=True):
        folder = Path(tmp)
        short = copies(short_sources, folder / "short", args.batch)
        long = copies(long_sources, folder / "long")
        short_pages, long_pages = pages_in(short), pages_in(long)
        plain(short[:1], folder / "warm-up")  # imports, dictionaries and models, untimed
        short_timings["plain (no Prefect)"] = timed(
            "plain (no Prefect)", plain, short, folder / "o-plain"
        )
        short_timings["flow, 1 process"] = timed(
            "flow, 1 process", flow_runner(None), short, folder / "o-flow"
        )
        clusters = [(f"Dask at {args.dask_address}", 1)] if args.dask_address else []
        clusters = clusters or [("Dask, 1 worker", 1), ("Dask, 2 workers", 2)]
        for name, workers in clusters:
            warm = folder / f"warm-{workers}"
            with warm_cluster(workers, args.dask_address, short_sources[:1], warm) as address:
                run = flow_runner(address)
                # Fresh copies per cluster: the page runs' cache key has no output folder.
                fresh_short = copies(short, folder / f"short-{workers}")
                fresh_long = copies(long, folder / f"long-{workers}")
                short_timings[name] = timed(name, run, fresh_short, folder / f"os-{workers}")
                long_timings[name] = timed(name, run, fresh_long, folder / f"ol-{workers}")

    print_table(
        f"Short documents (copies of the samples of ≤ {args.max_pages} pages)",
        len(short),
        short_pages,
        short_timings,
    )
    in_flow, plain_run = short_timings["flow, 1 process"], short_timings["plain (no Prefect)"]
    overhead = (in_flow.seconds - plain_run.seconds) / len(short)
    print(f"\nPrefect overhead: {overhead:.3f} s per document (flow, 1 process − plain)")
    source = "the real corpus" if CORPUS.is_dir() else "the longer samples"
    print_table(
        f"Long documents ({source}; runs of pages in parallel on Dask)",
        len(long),
        long_pages,
        long_timings,
    )
    print(
        f"\nthaidoc {__version__}, Python {platform.python_version()}, {platform.machine()}. "
        f"Reproduce: `python benchmarks/scale.py --batch {args.batch} --max-pages {args.max_pages}"
        + (f" --dask-address {args.dask_address}`" if args.dask_address else "`")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
