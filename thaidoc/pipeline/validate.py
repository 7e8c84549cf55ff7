"""Stage 7, validate: cross-checks on the extracted records, written as warnings.

Each check is a pure function of the document (and the extractors' side facts) that
returns warnings; none changes a record. The schema itself is enforced by pydantic when
the model is built and again when ``document.json`` is written.
"""

from __future__ import annotations

import re

from thaidoc.extractors import ExtractedRecords
from thaidoc.schemas import Document, QualityWarning
from thaidoc.thai.numbers import parse_number

WEIGHT_TOLERANCE = 0.01
# A cell that is only a number (with separators/units) but produced no parsed value.
_NUMERIC_LOOKING = re.compile(r"^[\s(]*[\d๐-๙][\d๐-๙,.\s]*(ลบ\.|บาท|ล้านบาท|%|ร้อยละ)?[\s)*]*$")


def check_project_numbers(doc: Document) -> list[QualityWarning]:
    numbers = sorted({p.project_no for p in doc.projects})
    if not numbers:
        return []
    missing = sorted(set(range(numbers[0], numbers[-1] + 1)) - set(numbers))
    warnings = []
    if missing:
        warnings.append(
            QualityWarning(
                code="project_numbers_gap",
                message=f"project numbers are not contiguous: missing {missing}",
            )
        )
    seen: set[int] = set()
    for p in doc.projects:
        if p.project_no in seen:
            warnings.append(
                QualityWarning(
                    code="project_number_repeated",
                    message=f"project {p.project_no} appears more than once",
                    page=p.page,
                    bbox=p.bbox,
                )
            )
        seen.add(p.project_no)
    return warnings


def check_budget_lines(doc: Document) -> list[QualityWarning]:
    """Every project of a document that has budgets should have at least one line."""
    if not doc.budgets:
        return []
    with_budget = {b.project_no for b in doc.budgets}
    return [
        QualityWarning(
            code="project_without_budget",
            message=f"project {p.project_no} has no budget line",
            page=p.page,
            bbox=p.bbox,
        )
        for p in doc.projects
        if p.project_no not in with_budget
    ]


def check_weights(doc: Document, found: ExtractedRecords) -> list[QualityWarning]:
    """KPI weights sum to 100, and each component's indicators to the component's weight."""
    warnings = []
    weights = [
        i.weight_pct for i in doc.indicators if i.scope == "kpi" and i.weight_pct is not None
    ]
    if weights and abs(sum(weights) - 100) > WEIGHT_TOLERANCE:
        warnings.append(
            QualityWarning(
                code="weights_not_100",
                message=f"KPI weights sum to {sum(weights):g}, not 100",
            )
        )
    component_weights = [c.weight_pct for c in found.components if c.weight_pct is not None]
    if component_weights and abs(sum(component_weights) - 100) > WEIGHT_TOLERANCE:
        warnings.append(
            QualityWarning(
                code="component_weights_not_100",
                message=f"component weights sum to {sum(component_weights):g}, not 100",
            )
        )
    by_id = {i.indicator_id: i for i in doc.indicators}
    for component in found.components:
        inner = [by_id[i].weight_pct for i in component.indicator_ids if i in by_id]
        total = sum(w for w in inner if w is not None)
        if component.weight_pct is not None and inner and abs(total - component.weight_pct) > 0.01:
            warnings.append(
                QualityWarning(
                    code="component_weight_mismatch",
                    message=(
                        f"indicators of {component.title[:40]!r} weigh {total:g}, "
                        f"the component says {component.weight_pct:g}"
                    ),
                    page=component.cell.page,
                    bbox=component.cell.bbox,
                )
            )
    return warnings


def check_printed_totals(doc: Document, found: ExtractedRecords) -> list[QualityWarning]:
    lines_sum = sum(b.amount_thb or 0 for b in doc.budgets)
    return [
        QualityWarning(
            code="budget_total_mismatch",
            message=f"printed total {total:,} baht differs from the sum of lines {lines_sum:,}",
            page=cell.page,
            bbox=cell.bbox,
        )
        for total, cell in found.printed_totals
        if total != lines_sum
    ]


def check_unparsed_numbers(doc: Document) -> list[QualityWarning]:
    """Cells that look like a number or amount but gave no value to any record."""
    warnings = []
    for b in doc.budgets:
        if b.status == "allocated" and b.amount_thb is None:
            warnings.append(
                QualityWarning(
                    code="unparsed_amount",
                    message=f"budget cell not read as an amount: {b.amount_text!r}",
                    page=b.page,
                    bbox=b.bbox,
                )
            )
    for t in doc.targets:
        if t.value is None and _NUMERIC_LOOKING.match(t.text) and parse_number(t.text) is not None:
            warnings.append(
                QualityWarning(
                    code="unparsed_target",
                    message=f"target looks numeric but was not read: {t.text!r}",
                    page=t.page,
                    bbox=t.bbox,
                )
            )
    return warnings


def cross_check(doc: Document, found: ExtractedRecords) -> list[QualityWarning]:
    return [
        *check_project_numbers(doc),
        *check_budget_lines(doc),
        *check_weights(doc, found),
        *check_printed_totals(doc, found),
        *check_unparsed_numbers(doc),
    ]
