"""The ``thaidoc`` command line: extract, ingest, text, repair, publish.

``extract``, ``text``, ``repair`` and ``publish`` run in-process and never import Prefect
(it is slow to import); only ``ingest`` loads it, to run the flow in ``thaidoc.flows``. The pipeline
modules are imported inside the commands so that ``thaidoc repair`` and ``--help`` start
quickly.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from thaidoc import __version__

app = typer.Typer(
    name="thaidoc",
    no_args_is_help=True,
    add_completion=False,
)
stderr = Console(stderr=True)

PDF_MAGIC = b"%PDF-"
SUMMARY_WIDTH = 160
PAGE_RANGE = re.compile(r"(\d+)(?:-(\d+))?")
COUNT_COLUMNS = ("projects", "budgets", "indicators", "targets", "results", "warnings")

Ocr = Annotated[
    bool,
    typer.Option(
        "--ocr",
        help="Read pages without a text layer (scans) with Tesseract OCR; needs the packages "
        "tesseract-ocr, tesseract-ocr-tha and pytesseract. Without it such pages are skipped.",
    ),
]
OutDir = Annotated[
    Path,
    typer.Option(
        "--out", "-o", help="Output folder: one sub-folder per PDF plus dataset/ (merged)."
    ),
]


def show_version(value: bool) -> None:
    if value:
        typer.echo(f"thaidoc {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn Thai government plan and report PDFs into structured datasets (JSON, CSV, Parquet)
    with page provenance.

    Example: thaidoc extract samples/*.pdf --out outputs
    """


def require_pdf(path: Path) -> None:
    """Reject, with a one-line message, a path that is not a readable PDF file."""
    if not path.exists():
        raise typer.BadParameter(f"{path}: no such file", param_hint="PDF")
    if not path.is_file():
        raise typer.BadParameter(f"{path}: not a file", param_hint="PDF")
    with path.open("rb") as fh:
        if PDF_MAGIC not in fh.read(1024):
            raise typer.BadParameter(f"{path}: not a PDF file", param_hint="PDF")


def parse_pages(spec: str, page_total: int) -> list[int]:
    """'1-3,7' -> [1, 2, 3, 7]: 1-based page numbers, checked against the document."""
    pages: set[int] = set()
    for part in (p.strip() for p in spec.split(",")):
        match = PAGE_RANGE.fullmatch(part)
        if match is None:
            raise typer.BadParameter(
                f"{part!r} is not a page or a range like 2-5", param_hint="--pages"
            )
        first, last = match.groups()
        start, end = int(first), int(last or first)
        if start < 1:
            raise typer.BadParameter("pages are numbered from 1", param_hint="--pages")
        if end < start:
            raise typer.BadParameter(f"range {part!r} runs backwards", param_hint="--pages")
        if end > page_total:
            raise typer.BadParameter(
                f"page {end} is past the end of the document ({page_total} pages)",
                param_hint="--pages",
            )
        pages.update(range(start, end + 1))
    return sorted(pages)


def summary_table(statuses: list[dict[str, Any]]) -> Table:
    """One row per document: identity, record counts, or FAILED and why."""
    table = Table()
    table.add_column("file", no_wrap=True)
    for name in ("doc_id", "type", "FY", "pages"):
        table.add_column(name, overflow="fold")
    for name in COUNT_COLUMNS:
        table.add_column(name, justify="right")
    for status in statuses:
        name = escape(Path(status["file"]).name)
        if status["status"] == "failed":
            table.add_row(name, f"[bold red]FAILED[/]: {escape(status['error'])}")
            continue
        doc_id = status["doc_id"] + (" (cached)" if status["status"] == "cached" else "")
        fiscal_year = status["fiscal_year"]
        table.add_row(
            name,
            doc_id,
            status["doc_type"],
            "" if fiscal_year is None else str(fiscal_year),
            str(status["pages"]),
            *(str(status[column]) for column in COUNT_COLUMNS),
        )
    return table


def print_report(statuses: list[dict[str, Any]], out: Path) -> bool:
    """Print the summary table and where the outputs are; True when no document failed."""
    # Piped or captured output has no terminal width to follow: keep table rows unwrapped.
    console = Console(width=None if sys.stdout.isatty() else SUMMARY_WIDTH)
    console.print(summary_table(statuses))
    for status in statuses:
        skipped = status.get("warning_codes", {}).get("no_text_layer", 0)
        if skipped:
            console.print(
                f"{Path(status['file']).name}: {skipped} page(s) without a text layer (scanned) "
                "were skipped; run with --ocr to read them",
                markup=False,
            )
    done = sum(status["status"] != "failed" for status in statuses)
    console.print(
        f"{done} of {len(statuses)} document(s) written to {out}/<doc_id>/; "
        f"merged dataset in {out / 'dataset'}/",
        markup=False,
    )
    return done == len(statuses)


@app.command()
def extract(
    pdfs: Annotated[
        list[Path],
        typer.Argument(help="PDF files to extract.", metavar="PDF", show_default=False),
    ],
    out: OutDir = Path("outputs"),
    ocr: Ocr = False,
) -> None:
    """Extract PDFs in-process into OUT/<doc_id>/ and refresh the merged OUT/dataset/.

    Prints a summary table per document. A document that fails (not a PDF, damaged,
    encrypted, scanned without --ocr, ...) is reported as FAILED with the reason and what
    to do, and the others are still written; the exit code is then 1.

    Example: thaidoc extract samples/*.pdf --out outputs
    """
    from thaidoc.pipeline.run import extract_document
    from thaidoc.pipeline.write import document_summary, merge_dataset, write_document

    statuses: list[dict[str, Any]] = []
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr) as progress:
        documents = progress.add_task("documents", total=len(pdfs))
        for pdf in pdfs:
            pages = progress.add_task(f"  {pdf.name} pages", total=None)
            try:
                doc = extract_document(pdf, progress=page_progress(progress, pages), ocr=ocr)
                write_document(doc, out)
                statuses.append({"file": str(pdf), "status": "ok", **document_summary(doc)})
            except Exception as exc:  # one bad PDF must not stop the others
                statuses.append({"file": str(pdf), "status": "failed", "error": describe(exc)})
            progress.remove_task(pages)
            progress.advance(documents)
    merge_dataset(out)
    if not print_report(statuses, out):
        raise typer.Exit(1)


def page_progress(progress: Progress, task: TaskID) -> Callable[[int, int], None]:
    def advance(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    return advance


def describe(exc: BaseException) -> str:
    from thaidoc.pipeline.guard import DocumentError

    if isinstance(exc, DocumentError):  # the file is named in the table's first column
        page = f" (page {exc.page})" if exc.page else ""
        return f"{exc.reason}{page}: {exc.detail} — {exc.advice}"
    return f"{type(exc).__name__}: {exc}"


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="PDF files, or folders whose *.pdf are taken.",
            metavar="PATH",
            exists=True,
            show_default=False,
        ),
    ],
    out: OutDir = Path("outputs"),
    ocr: Ocr = False,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Local worker processes (a Dask LocalCluster); documents, and page ranges "
            "of long documents, run in parallel. 1: one at a time in this process.",
        ),
    ] = 1,
    dask_address: Annotated[
        str | None,
        typer.Option(
            help="Run the tasks on an existing Dask cluster, e.g. tcp://10.0.0.5:8786 "
            "(start one with `dask scheduler` and `dask worker tcp://…:8786`).",
            metavar="ADDRESS",
        ),
    ] = None,
) -> None:
    """Run the Prefect ingest flow: like extract, but unchanged PDFs are skipped on a re-run.

    Each PDF is a Prefect task run (retried on I/O errors, cached by the PDF's sha256
    and the thaidoc version); the run ends with a markdown artifact of counts and
    warnings. Without PREFECT_API_URL set, Prefect starts a temporary local server.

    Examples: thaidoc ingest samples/ --out outputs
              thaidoc ingest corpus/ --workers 2
              thaidoc ingest corpus/ --dask-address tcp://127.0.0.1:8786
    """
    from thaidoc.flows import run_ingest

    statuses = run_ingest(
        [str(path) for path in paths],
        out_dir=str(out),
        ocr=ocr,
        workers=workers,
        dask_address=dask_address,
    )
    if not print_report(statuses, out):
        raise typer.Exit(1)


@app.command()
def text(
    pdf: Annotated[
        Path, typer.Argument(help="The PDF to read.", metavar="PDF", show_default=False)
    ],
    pages: Annotated[
        str | None,
        typer.Option(help="Pages to print, 1-based, e.g. 1-3,7. Default: all.", metavar="LIST"),
    ] = None,
    ocr: Ocr = False,
) -> None:
    """Print the repaired text of a PDF's pages, each page ended by a form feed (as pdftotext).

    Example: thaidoc text report.pdf --pages 1-3,7 | less
    """
    from thaidoc.pipeline.guard import DocumentError
    from thaidoc.pipeline.read import page_count
    from thaidoc.pipeline.run import document_text

    require_pdf(pdf)
    try:
        chosen = parse_pages(pages, page_count(pdf)) if pages is not None else None
        for page_text in document_text(pdf, chosen, ocr=ocr):
            sys.stdout.write(f"{page_text}\n\f")
    except DocumentError as exc:
        stderr.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(1) from None
    sys.stdout.flush()


@app.command()
def repair() -> None:
    """Repair Thai text from stdin to stdout, line for line (the pipeline's own repair).

    Fixes text copied out of Thai PDFs, e.g. a lost sara am ('ส านักงาน' -> 'สำนักงาน').
    Input and output are UTF-8; line endings are kept.

    Example: pdftotext report.pdf - | thaidoc repair > report.txt
    """
    from thaidoc.thai.repair import repair_thai_line

    for line_no, raw in enumerate(sys.stdin.buffer, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            stderr.print(f"[red]error:[/] line {line_no} of stdin is not UTF-8 text")
            raise typer.Exit(1) from None
        body = line.rstrip("\r\n")
        sys.stdout.buffer.write((repair_thai_line(body) + line[len(body) :]).encode("utf-8"))
        sys.stdout.buffer.flush()


@app.command()
def publish(
    out: OutDir = Path("outputs"),
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the CKAN payload; send nothing.")
    ] = False,
    url: Annotated[
        str | None, typer.Option(help="The CKAN portal, e.g. https://data.go.th.")
    ] = None,
    api_key: Annotated[
        str | None,
        typer.Option(
            help="Your CKAN API key (or THAIDOC_CKAN_API_KEY).", envvar="THAIDOC_CKAN_API_KEY"
        ),
    ] = None,
    name: Annotated[str, typer.Option(help="The dataset's URL name on the portal.")] = (
        "thaidoc-plans-and-reports"
    ),
    owner_org: Annotated[str, typer.Option(help="The portal's organisation id.")] = "",
) -> None:
    """Publish OUT/dataset/ on a CKAN portal (data.go.th's ckanext-thai_gdc fields).

    With --dry-run, prints the package_create payload (JSON) built from the dataset's
    documents: first and last fiscal year (Buddhist Era), agency as maintainer, one
    resource per CSV and Parquet table. Otherwise creates the package at --url with
    --api-key and uploads the files (needs: pip install 'thaidoc[publish]').

    Example: thaidoc publish --dry-run --out outputs
    """
    import json

    import pandas as pd

    from thaidoc.pipeline.write import DATASET_DIR
    from thaidoc.publish import ckan_package, publish_dataset

    dataset = out / DATASET_DIR
    documents = dataset / "documents.parquet"
    if not documents.is_file():
        raise typer.BadParameter(
            f"{dataset}: no dataset yet (run thaidoc extract first)", param_hint="--out"
        )
    payload = ckan_package(pd.read_parquet(documents), name=name, owner_org=owner_org)
    if dry_run:
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=1))
        return
    if not url or not api_key:
        raise typer.BadParameter("give --url and --api-key, or --dry-run", param_hint="--url")
    package_id = publish_dataset(payload, dataset, url, api_key)
    typer.echo(f"published {name} ({package_id}) with {len(payload['resources'])} files")
