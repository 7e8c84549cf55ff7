"""Peak memory of thaidoc's extraction of a long document, beside plain pdfplumber text.

    python benchmarks/memory.py [--pdf PATH]

Default PDF: the 84-page budget volume ../shared/corpus/real/budget_2565_vol3-17.pdf.
Each measurement runs in a fresh Python process, so peaks do not mix:

- ``thaidoc``: ``extract_document`` (what ``thaidoc extract`` runs, without writing);
- ``pdfplumber``: ``pdfplumber.open`` and ``page.extract_text()`` on every page (each
  page closed after use), the baseline;
- each once more under ``tracemalloc`` (Python allocations only; slower).

Reported: peak RSS (``resource.getrusage``, the process's high-water mark), RSS once the
libraries are imported (before the PDF is opened), the growth between the two, the
tracemalloc peak, the time, and the resident memory (VmRSS) after a quarter, half, three
quarters and all of the pages: flat figures there mean pages are released as they go.
Prints a markdown table and the command that reproduces it.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_PDF = REPO.parent / "shared" / "corpus" / "real" / "budget_2565_vol3-17.pdf"
KINDS = ("thaidoc", "pdfplumber")
MIB = 1024 * 1024


def current_rss() -> int:
    """Resident memory now, in bytes (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def peak_rss() -> int:
    """The process's peak resident memory, in bytes (ru_maxrss: KiB on Linux, B on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def measure(kind: str, pdf: Path, trace: bool) -> dict[str, Any]:
    """Run one measurement in this process (a fresh one: see ``main``)."""
    import pdfplumber

    from thaidoc.pipeline.run import extract_document
    from thaidoc.thai.repair import plausibility

    plausibility("ไทย")  # load the dictionary now: it is part of "imports", not of the PDF
    samples: dict[int, int] = {}

    def progress(done: int, total: int) -> None:
        if done in {max(1, total * q // 4) for q in (1, 2, 3, 4)}:
            samples[done] = current_rss()

    rss_imported = current_rss()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    if kind == "thaidoc":
        extract_document(pdf, progress=progress)
    else:
        with pdfplumber.open(pdf) as doc:
            total = len(doc.pages)
            for number, page in enumerate(doc.pages, start=1):
                page.extract_text()
                page.close()
                progress(number, total)
    seconds = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] if trace else None
    return {
        "kind": kind,
        "trace": trace,
        "seconds": seconds,
        "rss_imported": rss_imported,
        "peak_rss": peak_rss(),
        "traced_peak": traced_peak,
        "samples": samples,
    }


def run_child(kind: str, pdf: Path, trace: bool) -> dict[str, Any]:
    command = [sys.executable, __file__, "--pdf", str(pdf), "--child", kind]
    if trace:
        command.append("--trace")
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=REPO)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def mib(value: int | None) -> str:
    return "-" if value is None else f"{value / MIB:.0f}"


def table(results: list[dict[str, Any]]) -> str:
    header = [
        "measurement",
        "peak RSS MiB",
        "RSS after imports MiB",
        "growth MiB",
        "tracemalloc peak MiB",
        "seconds",
        "VmRSS MiB at pages (¼, ½, ¾, all)",
    ]
    rows = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for r in results:
        samples = ", ".join(f"{page}: {mib(rss)}" for page, rss in sorted(r["samples"].items()))
        rows.append(
            "| "
            + " | ".join(
                [
                    r["kind"] + (" (tracemalloc)" if r["trace"] else ""),
                    mib(r["peak_rss"]),
                    mib(r["rss_imported"]),
                    mib(r["peak_rss"] - r["rss_imported"]),
                    mib(r["traced_peak"]),
                    f"{r['seconds']:.1f}",
                    samples,
                ]
            )
            + " |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pdf", type=Path, default=DEFAULT_PDF, help="the PDF to measure")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        result = measure(args.child, args.pdf, args.trace)
        result["samples"] = {str(k): v for k, v in result["samples"].items()}
        print(json.dumps(result))
        return 0
    if not args.pdf.is_file():
        print(f"{args.pdf} is absent", file=sys.stderr)
        return 1
    results = []
    for trace in (False, True):
        for kind in KINDS:
            result = run_child(kind, args.pdf, trace)
            result["samples"] = {int(k): v for k, v in result["samples"].items()}
            results.append(result)
    from thaidoc import __version__
    from thaidoc.pipeline.read import page_count

    print(
        f"{args.pdf.name} ({page_count(args.pdf)} pages), thaidoc {__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}, one fresh process each\n"
    )
    print(table(results))
    command = "python benchmarks/memory.py"
    if args.pdf != DEFAULT_PDF:
        command += f" --pdf {args.pdf}"
    print(f"\nReproduce: {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
