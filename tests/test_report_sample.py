"""The FY2564 performance report sample: hierarchy and reported results.

Expected values were read from the report's text, not from thaidoc's output.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from thaidoc.pipeline.run import extract_document
from thaidoc.schemas import Document

REPORT = Path(__file__).resolve().parents[1] / "samples" / "dga_performance_report_2564.pdf"

# project number → (work plan, strategy), as the report nests them.
HIERARCHY = {
    **{n: (1, 1) for n in range(1, 8)},
    8: (2, 2), 9: (2, 2), 10: (3, 3), 11: (4, 3),
    **{n: (5, 3) for n in range(12, 16)},
    16: (6, 4), 17: (7, 5),
}  # fmt: skip


@pytest.fixture(scope="module")
def report() -> Document:
    if not REPORT.exists():
        pytest.skip(f"{REPORT} has not been built")
    return extract_document(REPORT)


def test_report_type_year_and_twelve_month_period(report: Document) -> None:
    assert report.meta.doc_type == "performance_report"
    assert report.meta.fiscal_year == 2564
    assert (report.meta.period_start, report.meta.period_end) == (
        date(2020, 10, 1),
        date(2021, 9, 30),
    )


def test_report_has_five_strategies_and_seven_work_plans(report: Document) -> None:
    assert [s.number for s in report.sections if s.kind == "strategy"] == list("12345")
    assert [s.number for s in report.sections if s.kind == "plan"] == list("1234567")


def test_seventeen_projects_each_under_its_plan_and_strategy(report: Document) -> None:
    got = {p.project_no: (p.plan_no, p.strategy_no) for p in report.projects}
    assert got == HIERARCHY


def test_project_titles_keep_their_english_names(report: Document) -> None:
    names = {p.project_no: p.name for p in report.projects}
    assert names[12].endswith("(GDX)")
    assert names[2].endswith("(Law Portal)")


def results_of(report: Document, project_no: int) -> set[tuple[float, str]]:
    return {(r.value, r.unit) for r in report.results if r.project_no == project_no}


def test_project_one_reports_services_downloads_transactions_and_users(report: Document) -> None:
    assert {
        (45, "บริการ"),
        (31, "บริการ"),
        (81_768, "ครั้ง"),
        (484_811, "ครั้ง"),
        (37_149, "ราย"),
    } <= results_of(report, 1)


def test_project_twelve_reports_agencies_and_millions_of_transactions(report: Document) -> None:
    assert {(169, "หน่วยงาน"), (63_300_000, "ครั้ง")} <= results_of(report, 12)


def test_no_year_or_date_is_a_result(report: Document) -> None:
    assert not [r for r in report.results if 2500 <= r.value <= 2600 and r.unit not in ("บาท",)]
    months = ("มกราคม", "ตุลาคม", "กันยายน", "มีนาคม", "พฤศจิกายน", "ธันวาคม")
    assert not [r for r in report.results if r.unit in months]


def test_document_success_rate_is_a_document_indicator(report: Document) -> None:
    (rate,) = [i for i in report.indicators if i.scope == "document"]
    assert "ความสำเร็จ" in rate.name
    assert (92, "%") in {(r.value, r.unit) for r in report.results if r.project_no is None}


def test_results_keep_their_sentence_and_page(report: Document) -> None:
    for r in report.results:
        assert r.text and 1 <= r.page <= report.meta.page_count
