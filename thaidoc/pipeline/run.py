"""The whole pipeline for one PDF: read → repair → layout → sections → tables → records → validate.

``extract_document`` is the single entry point used by the CLI, the Prefect flow and
the benchmarks; it runs in-process and needs no server. Pages are processed one at a
time and only their lines and table cells are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from thaidoc import __version__
from thaidoc.extractors.metadata import extract_metadata
from thaidoc.pipeline.guard import PageTextFacts, check_pdf, check_text_layer
from thaidoc.pipeline.layout import (
    TextLine,
    drop_running_lines,
    lines_from_chars,
    lines_from_groups,
)
from thaidoc.pipeline.read import PageContent, file_identity, page_count, read_pages
from thaidoc.pipeline.records import extract_records
from thaidoc.pipeline.sections import find_sections
from thaidoc.pipeline.tables import CAPTION_LINES, PageTable, join_tables, tables_and_body
from thaidoc.pipeline.validate import cross_check
from thaidoc.schemas import Document, DocumentMeta, QualityWarning
from thaidoc.thai.repair import repair_chars

ProgressCallback = Callable[[int, int], None]  # (pages done, pages in all)


def process_page(page: PageContent) -> tuple[list[TextLine], list[PageTable], list[QualityWarning]]:
    """Repair one page's glyphs, then split it into body lines and tables."""
    if page.ocr_lines is not None:  # a scanned page read by OCR: lines only
        return page.ocr_lines, [], []
    chars, warnings = repair_chars(page.chars, page.page_no)
    tables, body = tables_and_body(page, chars)
    lines = lines_from_groups(body, page.page_no, page.witness)
    ceiling = 0.0
    for table in tables:
        table.lines_above = [
            ln for ln in lines if ceiling <= ln.bbox.top and ln.bbox.bottom <= table.bbox.top
        ]
        ceiling = table.bbox.bottom
    return lines, tables, warnings


def attach_captions_from_previous_page(tables: list[PageTable], body: list[TextLine]) -> None:
    """A table at the top of a page with nothing above it takes as its caption the lines
    the previous page ends with below its last table: a heading printed just before a
    page break. Those lines also tell that it is a new table, not a continuation."""
    for i, table in enumerate(tables):
        first_on_page = i == 0 or tables[i - 1].page != table.page
        if not first_on_page or table.lines_above:
            continue
        previous = [t for t in tables[:i] if t.page == table.page - 1]
        floor = previous[-1].bbox.bottom if previous else 0.0
        table.lines_above = [
            ln for ln in body if ln.page == table.page - 1 and ln.bbox.top >= floor
        ][-CAPTION_LINES:]


@dataclass
class PagesRead:
    """What the page stages give for a run of pages, in page order: everything the
    document stages need. A long document is read as several runs (in parallel, by the
    Prefect flow) and assembled in order; a run pickles whole, so the lines its tables
    point to stay the same objects."""

    lines: list[list[TextLine]] = field(default_factory=list)  # per page
    heights: list[float] = field(default_factory=list)
    tables: list[PageTable] = field(default_factory=list)
    warnings: list[QualityWarning] = field(default_factory=list)
    facts: list[PageTextFacts] = field(default_factory=list)


def read_page_range(
    path: Path,
    pages: list[int] | None = None,
    *,
    progress: ProgressCallback | None = None,
    ocr: bool = False,
) -> PagesRead:
    """Run the page stages (read, repair, layout, tables) on the chosen pages (1-based;
    all by default). Raises ``DocumentError`` for a file or page that cannot be read."""
    n_pages = page_count(path) if progress else 0
    done = PagesRead()
    for page in read_pages(path, pages, ocr=ocr):
        done.facts.append(page.text_facts)
        lines, tables, page_warnings = process_page(page)
        done.lines.append(lines)
        done.heights.append(page.height)
        done.tables.extend(tables)
        done.warnings.extend(page_warnings)
        if progress:
            progress(page.page_no, n_pages)
    return done


def assemble_document(path: Path, runs: list[PagesRead]) -> Document:
    """The document stages (running lines, captions, sections, tables joined over page
    breaks, metadata, records, cross-checks) over the runs of pages, in order."""
    doc_id, sha = file_identity(path)
    page_lines = [lines for run in runs for lines in run.lines]
    heights = [height for run in runs for height in run.heights]
    page_tables = [table for run in runs for table in run.tables]
    warnings = [w for run in runs for w in run.warnings]
    warnings.extend(check_text_layer(path, [fact for run in runs for fact in run.facts]))
    body = [ln for lines in drop_running_lines(page_lines, heights) for ln in lines]
    kept = {id(ln) for ln in body}
    for table in page_tables:
        table.lines_above = [ln for ln in table.lines_above if id(ln) in kept]
    attach_captions_from_previous_page(page_tables, body)
    meta = DocumentMeta(
        doc_id=doc_id,
        source_file=path.name,
        sha256=sha,
        page_count=len(heights),
        pipeline_version=__version__,
        extracted_at=datetime.now(UTC),
    )
    sections, paragraphs = find_sections(body)
    doc = Document(
        meta=extract_metadata(meta, body),
        sections=sections,
        paragraphs=paragraphs,
        tables=join_tables(page_tables, dict(enumerate(heights, start=1))),
        warnings=warnings,
    )
    found = extract_records(doc)
    doc.warnings.extend(cross_check(doc, found))
    return doc


def extract_document(
    path: Path, *, progress: ProgressCallback | None = None, ocr: bool = False
) -> Document:
    """Run every stage on one PDF and return the enriched document model.

    Raises ``thaidoc.pipeline.guard.DocumentError`` for a file that cannot be read; with
    ``ocr=True`` pages without a text layer are read by OCR (else skipped, with a warning).
    """
    check_pdf(path)
    return assemble_document(path, [read_page_range(path, progress=progress, ocr=ocr)])


def page_ranges(n_pages: int, pages_per_run: int) -> list[list[int]]:
    """1-based pages split into runs of at most ``pages_per_run``, in order."""
    return [
        list(range(first, min(first + pages_per_run, n_pages + 1)))
        for first in range(1, n_pages + 1, pages_per_run)
    ]


def document_text(
    path: Path, pages: list[int] | None = None, *, ocr: bool = False
) -> Iterator[str]:
    """The repaired text of each chosen page, in order (what ``thaidoc text`` prints)."""
    for page in read_pages(path, pages, ocr=ocr):
        if page.ocr_lines is not None:
            yield "\n".join(line.text for line in page.ocr_lines)
            continue
        chars, _ = repair_chars(page.chars, page.page_no)
        lines = lines_from_chars(chars, page.page_no, page.witness)
        yield "\n".join(line.text for line in lines)
