"""Batches of documents through the Prefect flow: Prefect's overhead per document and the
speed-up from 1 to 2 Dask workers, all measured in the same run.

    python benchmarks/scale.py [--batch 200] [--max-pages 6] [--rounds 3]
                               [--dask-address tcp://host:8786]

Two batches, each document a copy with a line appended after %%EOF that no other copy
has (so that every copy has its own doc_id and cache key, and no run reuses another's
cached results):

- short: --batch copies of the short samples (samples/*.pdf of at most --max-pages
  pages): many small documents, where the cost per task shows;
- documents: the samples and the real PDFs with a text layer in ../shared/corpus/real/
  (when present), the longer ones read as runs of ``PAGES_PER_TASK`` pages in parallel:
  where the work is.

Runs, each into a fresh output folder:

- plain: ``extract_document`` + ``write_document`` in a loop, then one merge (no Prefect);
- flow, 1 process (short batch): the ingest flow with its default runner (one task at a
  time);
- Dask, 1 worker and Dask, 2 workers: the flow on a local Dask cluster of that many
  worker processes (what ``thaidoc ingest --workers N`` starts), or on the cluster at
  --dask-address.

Prefect's overhead per document is (flow, 1 process - plain) / documents. One Prefect
server serves every run. Flow-run heartbeats are off: Prefect's heartbeat thread sleeps in
whole seconds and a run waits for it before it returns, so with heartbeats on every run
takes a whole number of seconds plus about 0.1 s (up to 1 s more, with 1 worker or 2);
that rounding would hide the differences measured here. Both local clusters are started
and warmed up first: every worker, and this process, has read every source PDF once
(imports, dictionaries and the caches that fill as documents are read), and the flow has
run once on each cluster; none of that is timed, as a cluster serves many batches. The
runs then take turns, --rounds times, and each keeps its fastest round: on a shared
machine a round can be slowed by others, and taking turns exposes every run to the same
conditions. While a run is timed the worker processes of the other local cluster are
paused (SIGSTOP), so that an idle cluster takes no CPU from it (resumed, its workers send
again events the Prefect server has: Prefect 3.8's sqlite event store then logs "NOT NULL
constraint failed: events.occurred" for a batch of only such events; none is lost). Each
run's CPU seconds are shown by process: this one (the flow, and the local clusters'
schedulers), the Prefect server and the Dask workers (local clusters only); on a small
machine they share the cores. Prints markdown tables (the fastest round of each run, and
the speed-up in each round) and the command that reproduces it.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

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


def short_and_document_sources(max_pages: int) -> tuple[list[Path], list[Path]]:
    """Samples of at most ``max_pages`` pages; the samples and the real PDFs with a text
    layer (when ../shared is present)."""
    samples = sorted((REPO / "samples").glob("*.pdf"))
    short = [p for p in samples if page_count(p) <= max_pages]
    if not short:
        raise SystemExit(f"no sample of at most {max_pages} pages in {REPO / 'samples'}")
    real = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []
    return short, samples + [p for p in real if has_text_layer(p)]


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


@dataclass(frozen=True)
class Cluster:
    address: str
    worker_pids: list[int]  # of a local cluster: paused while another run is timed

    def pause(self) -> None:
        for pid in self.worker_pids:
            psutil.Process(pid).suspend()

    def resume(self) -> None:
        for pid in self.worker_pids:
            psutil.Process(pid).resume()


@contextmanager
def warm_cluster(
    workers: int, address: str | None, sources: list[Path], folder: Path
) -> Iterator[Cluster]:
    """The Dask cluster at ``address``, or a local one of ``workers`` processes, once every
    worker has read every PDF of ``sources`` and the flow has run on it once."""
    from distributed import Client

    from thaidoc.dask_runner import local_cluster

    with ExitStack() as stack:
        local = address is None
        if address is None:
            cluster = stack.enter_context(local_cluster(workers))
            address = cluster.scheduler_address
        with Client(address) as client:
            client.run(extract_on_workers, [str(pdf) for pdf in sources])  # on every worker
            pids = list(client.run(os.getpid).values()) if local else []
            flow_runner(address)(copies(sources[:1], folder / "in", 2 * workers), folder / "out")
        yield Cluster(address, pids)


def extract_on_workers(pdfs: list[str]) -> None:
    from thaidoc.pipeline.run import extract_document

    for pdf in pdfs:
        extract_document(Path(pdf))


@dataclass(frozen=True)
class Timing:
    seconds: float
    cpu: dict[str, float]  # CPU seconds by process kind (``CPU_KINDS``) during the run


CPU_KINDS = ("flow", "Prefect server", "Dask workers")


def cpu_by_process() -> dict[int, tuple[str, float]]:
    """pid -> (kind, CPU seconds so far) for this process (the flow, and a local cluster's
    scheduler), and the processes it started: the Prefect server and Dask workers."""
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


def print_table(
    title: str, documents: int, pages: int, timings: dict[str, list[Timing]]
) -> dict[str, Timing]:
    """The fastest round of each run, as a markdown table; returns them."""
    best = {name: min(rounds, key=lambda t: t.seconds) for name, rounds in timings.items()}
    print(f"\n{title}: {documents} documents, {pages} pages\n")
    print("| run | s | documents/min | pages/s | CPU s: " + " | CPU s: ".join(CPU_KINDS) + " |")
    print("| --- | ---: | ---: | ---: |" + " ---: |" * len(CPU_KINDS))
    for name, t in best.items():
        cpu = " | ".join(f"{t.cpu[kind]:.1f}" for kind in CPU_KINDS)
        print(
            f"| {name} | {t.seconds:.1f} | {60 * documents / t.seconds:.1f} "
            f"| {pages / t.seconds:.1f} | {cpu} |"
        )
    if "Dask, 2 workers" in timings:
        one, two = timings["Dask, 1 worker"], timings["Dask, 2 workers"]
        speedup = best["Dask, 1 worker"].seconds / best["Dask, 2 workers"].seconds
        rounds = ", ".join(f"{a.seconds / b.seconds:.2f}×" for a, b in zip(one, two, strict=True))
        print(f"\nSpeed-up from 1 to 2 Dask workers: {speedup:.2f}× (by round: {rounds})")
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=200, help="documents in the short batch")
    parser.add_argument("--max-pages", type=int, default=6, help="longest sample to copy")
    parser.add_argument("--rounds", type=int, default=3, help="turns each run takes")
    parser.add_argument("--dask-address", help="an existing Dask cluster (tcp://host:8786)")
    args = parser.parse_args(argv)

    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from thaidoc.flows import api_for_worker_processes

    short_sources, document_sources = short_and_document_sources(args.max_pages)
    sources = list(dict.fromkeys(short_sources + document_sources))
    batches = {"short": (short_sources, args.batch), "documents": (document_sources, None)}
    timings: dict[str, dict[str, list[Timing]]] = {"short": {}, "documents": {}}
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        stack.enter_context(api_for_worker_processes(parallel=True))
        stack.enter_context(temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}))
        plain(sources, folder / "warm-up")  # imports, dictionaries, caches: untimed
        runs: list[tuple[str, str, Callable[[Batch, Path], None], Cluster | None]] = [
            ("short", "plain (no Prefect)", plain, None),
            ("short", "flow, 1 process", flow_runner(None), None),
            ("documents", "plain (no Prefect)", plain, None),
        ]
        clusters: list[Cluster] = []
        names = [(f"Dask at {args.dask_address}", 1)] if args.dask_address else []
        names = names or [("Dask, 1 worker", 1), ("Dask, 2 workers", 2)]
        for name, workers in names:
            warm = folder / f"warm-{workers}"
            cluster = stack.enter_context(warm_cluster(workers, args.dask_address, sources, warm))
            stack.callback(cluster.resume)  # a paused cluster cannot shut down
            clusters.append(cluster)
            runs += [(batch, name, flow_runner(cluster.address), cluster) for batch in batches]
        for round_no in range(args.rounds):
            for batch, name, run, on in sorted(runs, key=lambda r: r[0], reverse=True):
                for cluster in clusters:  # only the cluster timed may use the cores
                    if cluster is on:
                        cluster.resume()
                    else:
                        cluster.pause()
                label = re.sub(r"\W+", "_", f"{batch} {name} {round_no}")
                sources_of_batch, size = batches[batch]
                pdfs = copies(sources_of_batch, folder / label, size)  # fresh bytes: never cached
                timing = timed(
                    f"round {round_no + 1}, {batch}: {name}", run, pdfs, folder / f"o-{label}"
                )
                timings[batch].setdefault(name, []).append(timing)

    short_pages = sum(page_count(short_sources[i % len(short_sources)]) for i in range(args.batch))
    best = print_table(
        f"Short documents (copies of the samples of ≤ {args.max_pages} pages)",
        args.batch,
        short_pages,
        timings["short"],
    )
    in_flow, plain_run = best["flow, 1 process"], best["plain (no Prefect)"]
    overhead = (in_flow.seconds - plain_run.seconds) / args.batch
    print(f"\nPrefect overhead: {overhead:.3f} s per document (flow, 1 process − plain)")
    source = "the samples and the real corpus" if CORPUS.is_dir() else "the samples"
    print_table(
        f"Documents ({source}; long ones read as runs of pages in parallel on Dask)",
        len(document_sources),
        pages_in(document_sources),
        timings["documents"],
    )
    print(
        f"\nthaidoc {__version__}, Python {platform.python_version()}, {platform.machine()}; "
        f"fastest of {args.rounds} round(s) per run. Reproduce: `python benchmarks/scale.py "
        f"--batch {args.batch} --max-pages {args.max_pages} --rounds {args.rounds}"
        + (f" --dask-address {args.dask_address}`" if args.dask_address else "`")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
