"""Domain record extractors: plan tables (any layout), report narrative, metadata."""

from __future__ import annotations

from dataclasses import dataclass, field

from thaidoc.schemas import Budget, Cell, Indicator, Project, QualityWarning, Result, Target


@dataclass
class ExtractedRecords:
    """Records one extractor found, before they are added to the document."""

    projects: list[Project] = field(default_factory=list)
    budgets: list[Budget] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    warnings: list[QualityWarning] = field(default_factory=list)
    printed_totals: list[tuple[int, Cell]] = field(default_factory=list)
    components: list[KpiComponent] = field(default_factory=list)


@dataclass
class KpiComponent:
    """A full-width group row of a KPI table ('องค์ประกอบที่ 1 … (น้ำหนักร้อยละ 70)')."""

    title: str
    weight_pct: float | None
    cell: Cell
    indicator_ids: list[str] = field(default_factory=list)
