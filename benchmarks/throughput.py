"""Pages per second of thaidoc's extraction beside plain pdfplumber text, on the same pages.

    python benchmarks/throughput.py [--only samples|corpus] [--repeat N]

For every PDF in samples/ and (when present) ../shared/corpus/real/, times
``extract_document`` (what ``thaidoc extract`` runs, in-process, without writing) and
pdfplumber's ``page.extract_text()`` over every page, in the same run, one after the
other. With --repeat N each is timed N times and the fastest run is kept. Prints a
markdown table and the command that reproduces it.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

from thaidoc import __version__
from thaidoc.pipeline.read import page_count
from thaidoc.pipeline.run import extract_document

REPO = Path(__file__).resolve().parents[1]
SOURCES = {"samples": REPO / "samples", "corpus": REPO.parent / "shared" / "corpus" / "real"}


def plumber_text(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def thaidoc_extract(path: Path) -> None:
    extract_document(path)


def best_seconds(run: Callable[[Path], None], path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run(path)
        times.append(time.perf_counter() - start)
    return min(times)


def rate(pages: int, seconds: float) -> str:
    return f"{pages / seconds:.1f}" if seconds > 0 else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(SOURCES), help="measure one source only")
    parser.add_argument("--repeat", type=int, default=1, help="timings per PDF; the best is kept")
    args = parser.parse_args(argv)

    chosen = [args.only] if args.only else list(SOURCES)
    pdfs = [pdf for name in chosen for pdf in sorted(SOURCES[name].glob("*.pdf"))]
    if not pdfs:
        print(f"no PDFs found in {', '.join(str(SOURCES[n]) for n in chosen)}", file=sys.stderr)
        return 1

    print(
        "| PDF | pages | thaidoc s | thaidoc pages/s | pdfplumber s | pdfplumber pages/s "
        "| thaidoc / pdfplumber time |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    total_pages, total_thaidoc, total_plumber = 0, 0.0, 0.0
    for pdf in pdfs:
        pages = page_count(pdf)
        plumber = best_seconds(plumber_text, pdf, args.repeat)
        try:
            ours = best_seconds(thaidoc_extract, pdf, args.repeat)
        except Exception as exc:  # a PDF the pipeline cannot read is reported, not fatal
            print(
                f"| {pdf.name} | {pages} | failed: {type(exc).__name__} | | {plumber:.2f} "
                f"| {rate(pages, plumber)} | |"
            )
            continue
        total_pages += pages
        total_thaidoc += ours
        total_plumber += plumber
        print(
            f"| {pdf.name} | {pages} | {ours:.2f} | {rate(pages, ours)} | {plumber:.2f} "
            f"| {rate(pages, plumber)} | {ours / plumber:.1f}× |"
        )
    if total_plumber:
        print(
            f"| **all** | {total_pages} | {total_thaidoc:.2f} | {rate(total_pages, total_thaidoc)} "
            f"| {total_plumber:.2f} | {rate(total_pages, total_plumber)} "
            f"| {total_thaidoc / total_plumber:.1f}× |"
        )

    command = " ".join(["python benchmarks/throughput.py", *(argv or sys.argv[1:])])
    print(
        f"\nthaidoc {__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}, best of {args.repeat}. Reproduce: `{command}`"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
