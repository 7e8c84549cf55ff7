"""A quarterly report thaidoc was not written for: another (fictional) agency, Thai
digits throughout. Its expected records were written from the document's text first."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from thaidoc.pipeline.run import extract_document
from thaidoc.schemas import Document

REPORT = Path(__file__).resolve().parents[1] / "samples" / "ldo_quarterly_report_2568.pdf"

EXPECTED_RESULTS = {
    1: {(215, "ชุดข้อมูล"), (42, "ตำบล"), (18_400, "ครั้ง")},
    2: {(9, "จังหวัด"), (3_500_000, "ครั้ง")},
    3: {(1_240, "คน"), (87.5, "%"), (360, "คน"), (12, "โรงเรียน"), (27, "หน่วยงาน")},
}


@pytest.fixture(scope="module")
def report() -> Document:
    if not REPORT.exists():
        pytest.skip(f"{REPORT} has not been built")
    return extract_document(REPORT)


def test_quarter_two_of_fiscal_2568_is_january_to_march_2025(report: Document) -> None:
    assert report.meta.doc_type == "performance_report"
    assert report.meta.fiscal_year == 2568
    assert (report.meta.period_start, report.meta.period_end) == (
        date(2025, 1, 1),
        date(2025, 3, 31),
    )
    assert report.meta.approval.startswith("ซึ่ง")
    assert "2/2568" in report.meta.approval


def test_projects_with_thai_digit_numbers_nest_under_plans_and_strategies(report: Document) -> None:
    got = {(p.project_no, p.plan_no, p.strategy_no) for p in report.projects}
    assert got == {(1, 1, 1), (2, 1, 1), (3, 2, 2)}
    names = {p.project_no: p.name for p in report.projects}
    assert names[3] == "โครงการอบรมนักข้อมูลชุมชน (Community Data Fellows)"


def test_results_per_project_and_nothing_else(report: Document) -> None:
    for project_no, expected in EXPECTED_RESULTS.items():
        got = {(r.value, r.unit) for r in report.results if r.project_no == project_no}
        assert got == expected, project_no


def test_success_rate_is_read_from_thai_digits(report: Document) -> None:
    assert {(r.value, r.unit) for r in report.results if r.project_no is None} == {(64, "%")}


def test_sub_items_belong_to_their_project(report: Document) -> None:
    items = [s for s in report.sections if s.kind == "item"]
    assert [i.number for i in items] == ["1", "2"]
    (project_3,) = [s for s in report.sections if s.kind == "project" and s.number == "3"]
    assert {i.parent_id for i in items} == {project_3.section_id}
