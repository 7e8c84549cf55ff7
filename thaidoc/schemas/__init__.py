"""The dataset contract as pydantic models (see ``../shared/spec/dataset.md``).

One typed document model, ``Document``, is enriched stage by stage; every record keeps
the page (1-based) and bbox (PDF points, pdfplumber's top-left origin) it came from.
Column names are the contract: add fields freely, never rename one without bumping
``SCHEMA_VERSION`` and noting it in CHANGELOG.md.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.1.0"

DocType = Literal["action_plan", "performance_report", "other"]
BudgetStatus = Literal["allocated", "pending", "none"]
IndicatorScope = Literal["project", "kpi", "strategy", "document"]
TargetKind = Literal["single", "tier", "year"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BBox(Model):
    """A box on one page, in PDF points, origin at the top-left (as pdfplumber)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @classmethod
    def around(cls, boxes: list[BBox]) -> BBox:
        return cls(
            x0=min(b.x0 for b in boxes),
            top=min(b.top for b in boxes),
            x1=max(b.x1 for b in boxes),
            bottom=max(b.bottom for b in boxes),
        )


class QualityWarning(Model):
    """Something the pipeline could not resolve or a cross-check that failed."""

    code: str  # e.g. 'unplaced_glyph', 'budget_total_mismatch', 'project_numbers_gap'
    message: str
    page: int | None = None
    bbox: BBox | None = None


class DocumentMeta(Model):
    """One row of ``documents``."""

    doc_id: str
    source_file: str
    sha256: str
    title: str = ""
    doc_type: DocType = "other"
    agency: str = ""
    fiscal_year: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    page_count: int = 0
    pipeline_version: str = ""
    extracted_at: datetime | None = None
    approval: str = ""  # the approval sentence as printed (meeting number and date)


class Section(Model):
    section_id: str
    parent_id: str | None = None
    level: int
    kind: str  # chapter | section | strategy | plan | project | item | appendix
    number: str = ""
    title: str
    page_start: int
    page_end: int
    bbox: BBox | None = None
    text: str = ""  # the body text under the heading, repaired


class Paragraph(Model):
    """A paragraph of body text with its provenance (never spans a page break)."""

    section_id: str | None = None
    text: str
    page: int
    bbox: BBox


class Cell(Model):
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    text: str
    page: int
    bbox: BBox


class Table(Model):
    table_id: str
    pages: list[int]
    n_rows: int
    n_cols: int
    header_rows: int = 0
    layout: str = "unknown"  # project_columns | project_rows | kpi_tiers | year_targets | unknown
    caption: str = ""  # the heading printed above the table
    cells: list[Cell] = Field(default_factory=list)


class Project(Model):
    project_no: int
    name: str
    strategy_no: int | None = None
    plan_no: int | None = None
    page: int
    bbox: BBox | None = None


class Budget(Model):
    project_no: int
    line_no: int
    label: str = ""
    amount_thb: int | None = None
    status: BudgetStatus
    amount_text: str
    page: int
    bbox: BBox | None = None


class Indicator(Model):
    indicator_id: str
    scope: IndicatorScope
    owner_no: str = ""
    name: str
    weight_pct: float | None = None
    unit: str = ""
    condition: str = ""
    page: int
    bbox: BBox | None = None


class Target(Model):
    indicator_id: str
    kind: TargetKind
    label: str = ""
    value: float | None = None
    unit: str = ""
    cumulative: bool = False
    text: str
    page: int
    bbox: BBox | None = None


class Result(Model):
    project_no: int | None = None
    value: float
    unit: str = ""
    text: str
    page: int
    bbox: BBox | None = None


class Document(Model):
    """The lossless record written as ``document.json``."""

    schema_version: str = SCHEMA_VERSION
    meta: DocumentMeta
    sections: list[Section] = Field(default_factory=list)
    paragraphs: list[Paragraph] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    budgets: list[Budget] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    results: list[Result] = Field(default_factory=list)
    warnings: list[QualityWarning] = Field(default_factory=list)


# The CSV tables of the contract: table name -> (record model, attribute on Document).
RECORD_TABLES: dict[str, tuple[type[Model], str]] = {
    "sections": (Section, "sections"),
    "projects": (Project, "projects"),
    "budgets": (Budget, "budgets"),
    "indicators": (Indicator, "indicators"),
    "targets": (Target, "targets"),
    "results": (Result, "results"),
}
