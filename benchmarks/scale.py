"""A batch of documents through the Prefect flow: Prefect's overhead per document and the
speed-up from 1 to 2 Dask workers, all measured in the same run.

    python benchmarks/scale.py [--batch 200] [--dask-address tcp://host:8786]

The batch is copies of the short samples (samples/*.pdf of at most --max-pages pages),
each with one byte changed so that every copy has its own doc_id and cache key. Four
runs over the same batch, each into a fresh output folder:

- plain: ``extract_document`` + ``write_document`` in a loop, then one merge (no Prefect);
- flow, 1 process: the ingest flow with its default runner (one task at a time);
- Dask, 1 worker and Dask, 2 workers: the flow on a local Dask cluster
  (``thaidoc ingest --workers N``), or on the cluster at --dask-address (run once).

Prefect's overhead per document is (flow, 1 process - plain) / documents. One Prefect
server is started first and shared by every run (its start-up is not counted). Prints a
markdown table and the command that reproduces it.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from thaidoc import __version__
from thaidoc.pipeline.read import page_count

REPO = Path(__file__).resolve().parents[1]


def make_batch(folder: Path, size: int, max_pages: int) -> tuple[list[Path], int]:
    """``size`` copies of the short samples, each with a byte appended after %%EOF."""
    sources = [p for p in sorted((REPO / "samples").glob("*.pdf")) if page_count(p) <= max_pages]
    if not sources:
        raise SystemExit(f"no sample of at most {max_pages} pages in {REPO / 'samples'}")
    batch, pages = [], 0
    for i in range(size):
        source = sources[i % len(sources)]
        copy = folder / f"{source.stem}-{i:04d}.pdf"
        copy.write_bytes(source.read_bytes() + f"\n% copy {i}\n".encode())
        batch.append(copy)
        pages += page_count(source)
    return batch, pages


def plain(batch: list[Path], out: Path) -> None:
    from thaidoc.pipeline.run import extract_document
    from thaidoc.pipeline.write import merge_dataset, write_document

    for pdf in batch:
        write_document(extract_document(pdf), out)
    merge_dataset(out)


def flow_runner(workers: int, address: str | None) -> Callable[[list[Path], Path], None]:
    """The ingest flow on its default runner (workers=0) or on Dask."""
    from thaidoc.flows import dask_runner, ingest

    def run(batch: list[Path], out: Path) -> None:
        paths = [str(p) for p in batch]
        flow = (
            ingest
            if workers == 0
            else ingest.with_options(
                task_runner=dask_runner(workers, address)  # type: ignore[arg-type]
            )
        )
        statuses = flow(paths, out_dir=str(out))
        failed = [s for s in statuses if s["status"] == "failed"]
        if failed:
            raise SystemExit(f"{len(failed)} document(s) failed, e.g. {failed[0]}")

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=200, help="documents in the batch")
    parser.add_argument("--max-pages", type=int, default=6, help="longest sample to copy")
    parser.add_argument("--dask-address", help="an existing Dask cluster (tcp://host:8786)")
    args = parser.parse_args(argv)

    from thaidoc.flows import api_for_worker_processes

    with tempfile.TemporaryDirectory() as tmp, api_for_worker_processes(parallel=True):
        folder = Path(tmp)
        (folder / "in").mkdir()
        batch, pages = make_batch(folder / "in", args.batch, args.max_pages)
        plain(batch[:1], folder / "warm-up")  # imports, dictionaries and models, untimed
        runs: list[tuple[str, Callable[[list[Path], Path], None]]] = [
            ("plain (no Prefect)", plain),
            ("flow, 1 process", flow_runner(0, None)),
        ]
        if args.dask_address:
            runs.append((f"Dask at {args.dask_address}", flow_runner(1, args.dask_address)))
        else:
            runs += [("Dask, 1 worker", flow_runner(1, None))]
            runs += [("Dask, 2 workers", flow_runner(2, None))]
        seconds = {}
        for n, (name, run) in enumerate(runs):
            start = time.perf_counter()
            run(batch, folder / f"out{n}")
            seconds[name] = time.perf_counter() - start
            print(f"  {name}: {seconds[name]:.1f} s", file=sys.stderr)

    print(
        f"{len(batch)} documents, {pages} pages (copies of the samples of ≤ {args.max_pages} pages)"
    )
    print("| run | s | documents/min | pages/s |")
    print("| --- | ---: | ---: | ---: |")
    for name, s in seconds.items():
        print(f"| {name} | {s:.1f} | {60 * len(batch) / s:.1f} | {pages / s:.1f} |")
    overhead = (seconds["flow, 1 process"] - seconds["plain (no Prefect)"]) / len(batch)
    print(f"\nPrefect overhead: {overhead:.3f} s per document (flow, 1 process − plain)")
    if "Dask, 2 workers" in seconds:
        speedup = seconds["Dask, 1 worker"] / seconds["Dask, 2 workers"]
        print(f"Speed-up from 1 to 2 Dask workers: {speedup:.2f}×")
    print(
        f"\nthaidoc {__version__}, Python {platform.python_version()}, {platform.machine()}. "
        f"Reproduce: `python benchmarks/scale.py --batch {args.batch}"
        + (f" --dask-address {args.dask_address}`" if args.dask_address else "`")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
