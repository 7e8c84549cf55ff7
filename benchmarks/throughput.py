"""Pages per second and peak memory of thaidoc's extraction beside plain pdfplumber text.

    python benchmarks/throughput.py [--only samples|corpus] [--rounds N]

For every PDF in samples/ and (when present) ../shared/corpus/real/, times
``extract_document`` (what ``thaidoc extract`` runs, in-process, without writing), its
first stage alone (``read_pages``: what reading costs; the rest is repair, layout, tables
and records) and pdfplumber's ``page.extract_text()`` over every page. Every timed run is
in a fresh worker process, so that the peak memory (``ru_maxrss``) is that PDF's own and
nothing of the PDF is cached: the process first runs once untimed on another, short PDF
(what a process pays once, such as loading the Thai dictionary, is not charged to the
pages), then once timed. With --rounds N the three tools take turns N times per PDF and
each keeps its fastest run, which evens out a noisy machine. Prints a markdown table,
with the ratio of thaidoc's pages/s to pdfplumber's per PDF and in all (above 1: thaidoc
is faster), and the command that reproduces it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import platform
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from thaidoc import __version__
from thaidoc.pipeline.read import page_count, read_pages
from thaidoc.pipeline.run import extract_document

REPO = Path(__file__).resolve().parents[1]
SOURCES = {"samples": REPO / "samples", "corpus": REPO.parent / "shared" / "corpus" / "real"}


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float  # the worker's peak resident memory
    start_mb: float  # ... and its resident memory before the first run (interpreter, libraries)


def plumber_text(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def thaidoc_extract(path: Path) -> None:
    extract_document(path)


def thaidoc_read(path: Path) -> None:
    for _ in read_pages(path):
        pass


TOOLS = {"thaidoc": thaidoc_extract, "read": thaidoc_read, "pdfplumber": plumber_text}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def warm_up_pdf(path: Path) -> Path:
    """A short sample other than ``path``: the untimed run must not leave the timed one
    anything of ``path`` itself (thaidoc caches repaired lines)."""
    samples = sorted(SOURCES["samples"].glob("*.pdf"), key=lambda p: p.stat().st_size)
    return next(p for p in samples if p.resolve() != path.resolve())


def timed_run(tool: str, path: Path) -> Run:
    """One timed run of ``tool`` on ``path`` after an untimed run on another PDF."""
    start_mb = peak_mb()
    TOOLS[tool](warm_up_pdf(path))
    start = time.perf_counter()
    TOOLS[tool](path)
    return Run(time.perf_counter() - start, peak_mb(), start_mb)


def fresh_run(tool: str, path: Path) -> Run:
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as worker:
        return worker.submit(timed_run, tool, path).result()


def best_runs(path: Path, rounds: int) -> tuple[dict[str, Run], str | None]:
    """Each tool's fastest of ``rounds`` fresh-process runs, the tools taking turns; and
    why thaidoc failed on the PDF, if it did (then only pdfplumber's run is kept)."""
    runs: dict[str, list[Run]] = {tool: [] for tool in TOOLS}
    for _ in range(rounds):
        runs["pdfplumber"].append(fresh_run("pdfplumber", path))
        try:
            runs["thaidoc"].append(fresh_run("thaidoc", path))
        except Exception as exc:  # a PDF the pipeline cannot read is reported, not fatal
            return {"pdfplumber": _best(runs["pdfplumber"])}, f"failed: {type(exc).__name__}"
        runs["read"].append(fresh_run("read", path))
    return {tool: _best(done) for tool, done in runs.items()}, None


def _best(runs: list[Run]) -> Run:
    """The fastest time, and the highest peak memory of any run (memory is not noisy)."""
    return Run(min(r.seconds for r in runs), max(r.peak_mb for r in runs), runs[0].start_mb)


def rate(pages: int, seconds: float) -> str:
    return f"{pages / seconds:.1f}" if seconds > 0 else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=sorted(SOURCES), help="measure one source only")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="fresh-process runs per tool and PDF; the best is kept",
    )
    args = parser.parse_args(argv)

    chosen = [args.only] if args.only else list(SOURCES)
    pdfs = [pdf for name in chosen for pdf in sorted(SOURCES[name].glob("*.pdf"))]
    if not pdfs:
        print(f"no PDFs found in {', '.join(str(SOURCES[n]) for n in chosen)}", file=sys.stderr)
        return 1

    print(
        "| PDF | pages | thaidoc s | thaidoc pages/s | thaidoc peak MB | of which reading s "
        "| pdfplumber s | pdfplumber pages/s | pdfplumber peak MB | thaidoc ÷ pdfplumber pages/s |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    total_pages, total_thaidoc, total_read, total_plumber = 0, 0.0, 0.0, 0.0
    start_mb = 0.0
    for pdf in pdfs:
        pages = page_count(pdf)
        best, failure = best_runs(pdf, args.rounds)
        plumber = best["pdfplumber"]
        start_mb = plumber.start_mb
        if failure:
            print(
                f"| {pdf.name} | {pages} | {failure} | | | | "
                f"{plumber.seconds:.2f} | {rate(pages, plumber.seconds)} "
                f"| {plumber.peak_mb:.0f} | |"
            )
            continue
        ours, reading = best["thaidoc"], best["read"]
        total_pages += pages
        total_thaidoc += ours.seconds
        total_read += reading.seconds
        total_plumber += plumber.seconds
        print(
            f"| {pdf.name} | {pages} | {ours.seconds:.2f} | {rate(pages, ours.seconds)} "
            f"| {ours.peak_mb:.0f} | {reading.seconds:.2f} | {plumber.seconds:.2f} "
            f"| {rate(pages, plumber.seconds)} "
            f"| {plumber.peak_mb:.0f} | {plumber.seconds / ours.seconds:.2f} |"
        )
    if total_thaidoc:
        print(
            f"| **all** | {total_pages} | {total_thaidoc:.2f} | {rate(total_pages, total_thaidoc)} "
            f"| | {total_read:.2f} | {total_plumber:.2f} | {rate(total_pages, total_plumber)} | "
            f"| **{total_plumber / total_thaidoc:.2f}** |"
        )

    command = " ".join(["python benchmarks/throughput.py", *(argv or sys.argv[1:])])
    print(
        f"\nthaidoc {__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}, best of {args.rounds} run(s) per tool and PDF, each in a fresh "
        "process after one untimed run on another PDF; a process's memory before reading "
        "(interpreter, libraries) is about "
        f"{start_mb:.0f} MB. Reproduce: `{command}`"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
