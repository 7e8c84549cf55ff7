"""The FY2567 action plan sample (one column per project) end to end.

Every expected value below was read from the document (its chapter 5 tables and the
chapter 6 KPI table), not from thaidoc's output.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from thaidoc.pipeline.run import extract_document
from thaidoc.schemas import Document

PLAN = Path(__file__).resolve().parents[1] / "samples" / "dga_action_plan_2567.pdf"

# (project_no, name, strategy_no) as printed in chapter 5.
PROJECTS = [
    (1, "โครงการการขับเคลื่อนเอกสารดิจิทัล", 1),
    (2, "โครงการท้องถิ่นดิจิทัล", 1),
    (3, "โครงการพัฒนาบริการดิจิทัลสาธารณะต้นแบบ (Digital Service)", 1),
    (4, "โครงการพัฒนาและให้บริการระบบกลางทางกฎหมาย (Law Portal)", 1),
    (5, "โครงการศูนย์เทคโนโลยีและนวัตกรรมดิจิทัลภาครัฐ", 2),
    (6, "โครงการพัฒนาศูนย์กลางข้อมูลเปิดภาครัฐส่งเสริมการเปิดเผยและใช้ประโยชน์จากข้อมูล", 2),
    (7, "โครงการพัฒนาและให้บริการระบบศูนย์แลกเปลี่ยนข้อมูลกลางภาครัฐ (GDX)", 3),
    (8, "Digital ID", 3),
    (9, "Microservice", 3),
    (10, "GIN", 3),
    (11, "DG-Link", 3),
    (12, "DGA Cloud", 3),
    (13, "Saraban as a Service", 3),
    (14, "โครงการระบบการสื่อสารแบบรวมศูนย์", 3),
    (15, "โครงการศูนย์ประสานการรักษาความมั่นคงปลอดภัยระบบคอมพิวเตอร์ภาครัฐ", 3),
    (16, "โครงการยกระดับความสามารถและสร้างความพร้อมของบุคลากรเพื่อส่งเสริมรัฐบาลดิจิทัล", 4),
    (17, "โครงการขับเคลื่อน ติดตามประเมินผล และจัดทำข้อเสนอแนะ การพัฒนารัฐบาลดิจิทัล", 4),
    (18, "โครงการแนวทางปรับปรุงกระบวนการให้บริการประชาชนของภาครัฐผ่านระบบดิจิทัล", 4),
    (19, "โครงการพัฒนามาตรฐานหรือแนวปฏิบัติเพื่ออำนวยความสะดวกในการพัฒนารัฐบาลดิจิทัล", 4),
    (20, "โครงการแนวทางปรับปรุงกระบวนการให้บริการประชาชนของภาครัฐผ่านระบบดิจิทัล", 5),
]
# Budget cells of chapter 5, in million baht ('ลบ.'), or None for 'จะมีการจัดสรรต่อไป'.
BUDGET_MB = {
    1: [None], 2: [None], 3: ["10.0950"], 4: ["2.3335"], 5: [None], 6: ["1.3000"],
    7: ["2.7554"], 8: [None], 9: [None], 10: ["133.0191"], 11: ["86.9947"],
    12: ["41.4853"], 13: ["8.0000"], 14: ["10.0000"], 15: ["31.1990"], 16: ["0.8000"],
    17: ["5.4900"], 18: [None], 19: [None], 20: ["4.5000", "0.1538"],
}  # fmt: skip
# Chapter 6: KPI number → (weight %, tier targets 50/75/100 as numbers, unit) where printed.
KPI_WEIGHTS = {
    "1.1": 15,
    "1.2": 15,
    "1.3": 10,
    "1.4": 20,
    "1.5": 10,
    "2.1": 10,
    "2.2": 10,
    "2.3": 10,
}


def compact(text: str) -> str:
    # Line wraps inside a table cell may fall on a space; compare without white space.
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def plan() -> Document:
    if not PLAN.exists():
        pytest.skip(f"{PLAN} has not been built")
    return extract_document(PLAN)


def test_plan_metadata_says_action_plan_for_fiscal_2567(plan: Document) -> None:
    assert plan.meta.doc_type == "action_plan"
    assert plan.meta.fiscal_year == 2567
    assert (plan.meta.period_start, plan.meta.period_end) == (date(2023, 10, 1), date(2024, 9, 30))
    assert "สำนักงานพัฒนารัฐบาลดิจิทัล" in plan.meta.agency
    assert "8/2566" in plan.meta.approval


def test_plan_has_five_strategies(plan: Document) -> None:
    numbers = {s.number for s in plan.sections if s.kind == "strategy"}
    assert numbers == {"1", "2", "3", "4", "5"}
    assert {p.strategy_no for p in plan.projects} == {1, 2, 3, 4, 5}


def test_projects_one_to_twenty_with_names_and_strategies(plan: Document) -> None:
    got = sorted((p.project_no, compact(p.name), p.strategy_no) for p in plan.projects)
    expected = [(no, compact(name), s) for no, name, s in PROJECTS]
    # Project 20's cell names two activities; its name starts with the first.
    assert [g[0] for g in got] == list(range(1, 21))
    for (no, name, strategy), (eno, ename, estrategy) in zip(got, expected, strict=True):
        assert (no, strategy) == (eno, estrategy)
        assert name.startswith(ename), (no, name)


def test_budgets_fourteen_allocated_lines_sum_to_the_plan_total(plan: Document) -> None:
    allocated = [b for b in plan.budgets if b.status == "allocated"]
    assert len(allocated) == 14
    assert sum(b.amount_thb or 0 for b in allocated) == 338_125_800


def test_budget_lines_match_each_project_cell(plan: Document) -> None:
    for project_no, cells in BUDGET_MB.items():
        lines = sorted(
            (b for b in plan.budgets if b.project_no == project_no), key=lambda b: b.line_no
        )
        expected = [None if mb is None else round(float(mb) * 1_000_000) for mb in cells]
        assert [b.amount_thb for b in lines] == expected, project_no
        assert [b.status for b in lines] == [
            "pending" if mb is None else "allocated" for mb in cells
        ], project_no


def test_ten_point_zero_nine_five_million_is_read_exactly(plan: Document) -> None:
    (line,) = [b for b in plan.budgets if b.project_no == 3]
    assert line.amount_thb == 10_095_000
    assert "10.0950" in line.amount_text and "ลบ." in line.amount_text


def test_seven_projects_are_pending(plan: Document) -> None:
    pending = sorted(b.project_no for b in plan.budgets if b.status == "pending")
    assert pending == [1, 2, 5, 8, 9, 18, 19]


def test_project_twenty_has_two_budget_lines(plan: Document) -> None:
    lines = sorted((b for b in plan.budgets if b.project_no == 20), key=lambda b: b.line_no)
    assert [(b.line_no, b.amount_thb) for b in lines] == [(1, 4_500_000), (2, 153_800)]
    assert all(b.label for b in lines)


def test_kpi_table_has_eight_indicators_weighing_one_hundred(plan: Document) -> None:
    kpis = {i.owner_no: i for i in plan.indicators if i.scope == "kpi"}
    assert {k: kpis[k].weight_pct for k in kpis} == KPI_WEIGHTS
    assert sum(i.weight_pct or 0 for i in kpis.values()) == 100


def tiers(plan: Document, owner_no: str) -> dict[str, tuple[float | None, str, bool]]:
    (kpi,) = [i for i in plan.indicators if i.scope == "kpi" and i.owner_no == owner_no]
    return {
        t.label: (t.value, t.unit, t.cumulative)
        for t in plan.targets
        if t.indicator_id == kpi.indicator_id and t.kind == "tier"
    }


def test_kpi_one_one_tiers_are_cumulative_datasets(plan: Document) -> None:
    assert tiers(plan, "1.1") == {
        "50": (79, "ชุดข้อมูล", True),
        "75": (84, "ชุดข้อมูล", True),
        "100": (89, "ชุดข้อมูล", True),
    }


def test_kpi_one_three_tiers_are_millions_of_transactions(plan: Document) -> None:
    assert tiers(plan, "1.3") == {
        "50": (11_000_000, "รายการ", False),
        "75": (13_000_000, "รายการ", False),
        "100": (15_000_000, "รายการ", False),
    }


def test_every_record_keeps_its_page_and_box(plan: Document) -> None:
    for record in [*plan.projects, *plan.budgets, *plan.indicators, *plan.targets]:
        assert 1 <= record.page <= plan.meta.page_count
        assert record.bbox is not None


def test_the_sample_needs_no_cross_check_warning(plan: Document) -> None:
    checks = {
        "project_numbers_gap",
        "project_without_budget",
        "weights_not_100",
        "component_weights_not_100",
        "component_weight_mismatch",
        "unparsed_amount",
    }
    assert [w for w in plan.warnings if w.code in checks] == []
