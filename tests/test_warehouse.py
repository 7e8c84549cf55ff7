"""The DuckDB warehouse: typed tables with their keys, and the two views, on small documents."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest
from test_write import make_document

from thaidoc.pipeline.write import merge_dataset, write_document
from thaidoc.schemas import Budget, Indicator, Project, Result, Target


@pytest.fixture
def warehouse(tmp_path):
    plan = make_document("aaaaaaaaaaaaaaaa", projects=0)
    plan.projects = [
        Project(project_no=1, name="โครงการระบบกลาง (Data Hub)", strategy_no=1, page=5),
        Project(project_no=2, name="โครงการอบรมบุคลากร", strategy_no=1, page=5),
        Project(project_no=3, name="โครงการศูนย์บริการ (Help Desk)", strategy_no=2, page=6),
    ]
    plan.budgets = [
        Budget(
            project_no=1,
            line_no=1,
            amount_thb=1_000_000,
            status="allocated",
            amount_text="1 ล้านบาท",
            page=5,
        ),
        Budget(
            project_no=1,
            line_no=2,
            amount_thb=250_000,
            status="allocated",
            amount_text="250,000",
            page=5,
        ),
        Budget(project_no=2, line_no=1, status="pending", amount_text="จะมีการจัดสรรต่อไป", page=5),
        Budget(
            project_no=3,
            line_no=1,
            amount_thb=400_000,
            status="allocated",
            amount_text="0.4 ลบ.",
            page=6,
        ),
    ]
    plan.indicators = [
        Indicator(indicator_id="p1-1", scope="project", owner_no="1", name="ชุดข้อมูล", page=5)
    ]
    plan.targets = [
        Target(indicator_id="p1-1", kind="single", value=30, unit="ชุด", text="30 ชุด", page=5)
    ]
    report = make_document("bbbbbbbbbbbbbbbb", projects=0)
    report.meta.doc_type = "performance_report"
    report.meta.fiscal_year = 2566
    report.projects = [Project(project_no=4, name="โครงการพัฒนา (Data Hub)", page=2)]
    report.budgets, report.indicators, report.targets = [], [], []
    report.results = [
        Result(project_no=4, value=12, unit="ชุด", text="เชื่อมโยงแล้ว 12 ชุด", page=2),
        Result(value=90, unit="%", text="ความสำเร็จร้อยละ 90", page=1),
    ]
    for doc in (plan, report):
        write_document(doc, tmp_path)
    path = merge_dataset(tmp_path) / "warehouse.duckdb"
    with duckdb.connect(str(path), read_only=True) as con:
        yield con


def test_budget_by_strategy_year_sums_the_plans_lines(warehouse):
    rows = warehouse.sql(
        "SELECT fiscal_year, strategy_no, projects, amount_thb, pending_lines "
        "FROM budget_by_strategy_year"
    ).fetchall()
    assert rows == [(2567, 1, 2, 1_250_000, 1), (2567, 2, 1, 400_000, 0)]


def test_plan_targets_sit_beside_the_results_of_the_same_project(warehouse):
    rows = warehouse.sql(
        "SELECT plan_project_no, report_fiscal_year, report_project_no, targets, results "
        "FROM plan_targets_vs_results ORDER BY plan_project_no"
    ).fetchall()
    by_project = {row[0]: row[1:] for row in rows}
    assert set(by_project) == {1, 2, 3}
    year, report_no, targets, results = by_project[1]
    assert (year, report_no) == (2566, 4)
    assert [t["value"] for t in targets] == [30]
    assert [(r["value"], r["unit"]) for r in results] == [(12, "ชุด")]
    assert by_project[2][1] is None  # no report for it: still listed, without results


def test_tables_are_typed_and_keyed(warehouse):
    assert warehouse.sql("SELECT DISTINCT period_start FROM documents").fetchall() == [
        (date(2023, 10, 1),)
    ]
    constraints = warehouse.sql(
        "SELECT table_name, constraint_type FROM duckdb_constraints() "
        "WHERE constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')"
    ).fetchall()
    assert ("budgets", "FOREIGN KEY") in constraints
    assert ("targets", "PRIMARY KEY") in constraints
    assert ("project_links", "FOREIGN KEY") in constraints
