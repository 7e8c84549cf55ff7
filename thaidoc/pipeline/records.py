"""Stage 6, records: sections and tables → projects, budgets, indicators, targets, results.

Record extractors are registered by name and run in the order the configuration gives
(``DEFAULT_EXTRACTORS``); each reads the document model and adds records to it.
"""

from __future__ import annotations

from collections.abc import Callable

from thaidoc.extractors import ExtractedRecords
from thaidoc.extractors.plan_tables import TableContext, extract_table
from thaidoc.extractors.report import report_records
from thaidoc.schemas import Document, Section, Table

RecordExtractor = Callable[[Document], ExtractedRecords]

_EXTRACTORS: dict[str, RecordExtractor] = {}
DEFAULT_EXTRACTORS: tuple[str, ...] = ("plan_tables", "report_narrative")


def register(name: str) -> Callable[[RecordExtractor], RecordExtractor]:
    def add(fn: RecordExtractor) -> RecordExtractor:
        _EXTRACTORS[name] = fn
        return fn

    return add


def _position(page: int, top: float) -> tuple[int, float]:
    return (page, top)


def context_before(table: Table, sections: list[Section]) -> TableContext:
    """The strategy and work plan in force where the table starts."""
    first = min(table.cells, key=lambda c: (c.page, c.bbox.top))
    where = _position(first.page, first.bbox.top)
    ctx = TableContext()
    for section in sections:
        top = section.bbox.top if section.bbox else 0.0
        if _position(section.page_start, top) > where:
            break
        if section.kind == "strategy" and section.number.isdigit():
            ctx = TableContext(strategy_no=int(section.number))
        elif section.kind == "plan" and section.number.isdigit():
            ctx.plan_no = int(section.number)
        elif section.kind == "chapter":
            ctx = TableContext()
    return ctx


@register("plan_tables")
def plan_table_records(doc: Document) -> ExtractedRecords:
    records = ExtractedRecords()
    for table in doc.tables:
        table.layout = extract_table(table, context_before(table, doc.sections), records)
    return records


register("report_narrative")(report_records)


def extract_records(
    doc: Document, extractors: tuple[str, ...] = DEFAULT_EXTRACTORS
) -> ExtractedRecords:
    """Run the configured extractors; their records are added to ``doc``."""
    merged = ExtractedRecords()
    for name in extractors:
        found = _EXTRACTORS[name](doc)
        doc.projects.extend(found.projects)
        doc.budgets.extend(found.budgets)
        doc.indicators.extend(found.indicators)
        doc.targets.extend(found.targets)
        doc.results.extend(found.results)
        doc.warnings.extend(found.warnings)
        merged.printed_totals.extend(found.printed_totals)
        merged.components.extend(found.components)
    return merged
