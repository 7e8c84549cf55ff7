"""Tables drawn without ruling lines, their columns set by tab stops: found from the
geometry of the text, read as the same cell grids as ruled tables, and not confused with
paragraphs, numbered lists or labelled values. The PDF is a fictional agency's plan
page built by ``tests/data/unruled/build_unruled_plan.py``; the expected records below
were written from its source before it was rendered."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from thaidoc.pipeline.aligned_tables import aligned_grids
from thaidoc.pipeline.layout import group_lines
from thaidoc.pipeline.read import Witness
from thaidoc.pipeline.run import extract_document
from thaidoc.pipeline.tables import find_page_tables, tables_and_body
from thaidoc.schemas import Document

UNRULED = Path(__file__).resolve().parent / "data" / "unruled" / "unruled_plan_2569.pdf"

# project_no → (name, strategy_no)
PROJECTS = {
    1: ("โครงการพัฒนาระบบข้อมูลเปิดชุมชน", 1),
    2: ("โครงการอบรมนักวิเคราะห์ข้อมูลท้องถิ่นรุ่นใหม่", 1),
    3: ("โครงการสำรวจความพึงพอใจผู้ใช้บริการ", 1),
    4: ("โครงการเชื่อมโยงข้อมูลระหว่างหน่วยงาน", 2),
    5: ("โครงการขยายเครือข่ายอินเทอร์เน็ตตำบล", 2),
}
# project_no → (amount_thb, status)
BUDGETS = {
    1: (1_250_000, "allocated"),
    2: (480_000, "allocated"),
    3: (95_500, "allocated"),
    4: (None, "pending"),
    5: (1_500_000, "allocated"),
}
# project_no → (indicator name, target value, unit, target text)
INDICATORS = {
    1: ("จำนวนชุดข้อมูลที่เปิดเผย", 120, "ชุดข้อมูล", "120 ชุดข้อมูล"),
    2: ("จำนวนผู้ผ่านการอบรม", 300, "คน", "ไม่น้อยกว่า 300 คน"),
    3: ("ร้อยละความพึงพอใจของผู้ใช้บริการ", 85, "%", "ร้อยละ 85"),
    4: ("จำนวนหน่วยงานที่เชื่อมโยงข้อมูล", 3, "หน่วยงาน", "อย่างน้อย 3 หน่วยงาน"),
    5: ("จำนวนจุดติดตั้งเครือข่าย", 2400, "จุดติดตั้ง", "2,400 จุดติดตั้ง"),
}
HEADER = ["ลำดับ", "โครงการ", "งบประมาณ (บาท)", "ตัวชี้วัด", "ค่าเป้าหมาย"]


@pytest.fixture(scope="module")
def plan() -> Document:
    if not UNRULED.exists():
        pytest.skip(f"{UNRULED} has not been built")
    return extract_document(UNRULED)


def test_unruled_table_is_one_table_with_its_header_and_strategy_rows(plan: Document) -> None:
    (table,) = plan.tables
    assert (table.layout, table.n_cols, table.header_rows) == ("project_rows", 5, 1)
    header = [c.text.replace("\n", " ") for c in table.cells if c.row == 0]
    assert header == HEADER
    full_width = [c.text for c in table.cells if c.col_span == 5]
    assert full_width == [
        "ยุทธศาสตร์ที่ 1 พัฒนาข้อมูลเปิดของชุมชน",
        "ยุทธศาสตร์ที่ 2 เชื่อมโยงข้อมูลระหว่างหน่วยงาน",
    ]
    assert "ตารางที่ 1" in table.caption


def test_projects_budgets_indicators_and_targets_from_an_unruled_table(plan: Document) -> None:
    assert {p.project_no: (p.name, p.strategy_no) for p in plan.projects} == PROJECTS
    assert {b.project_no: (b.amount_thb, b.status) for b in plan.budgets} == BUDGETS
    indicators = {i.indicator_id: i for i in plan.indicators}
    assert set(indicators) == {f"p{no}-1" for no in INDICATORS}
    for no, (name, value, unit, text) in INDICATORS.items():
        assert indicators[f"p{no}-1"].name == name
        (target,) = [t for t in plan.targets if t.indicator_id == f"p{no}-1"]
        assert (target.kind, target.value, target.unit, target.text) == (
            "single",
            value,
            unit,
            text,
        )


def test_printed_total_of_the_unruled_table_matches_its_lines(plan: Document) -> None:
    assert sum(b.amount_thb or 0 for b in plan.budgets) == 3_325_500
    assert not [w for w in plan.warnings if w.code == "budget_total_mismatch"]


def test_unruled_records_have_page_and_a_box_inside_the_table(plan: Document) -> None:
    (table,) = plan.tables
    around = [c.bbox for c in table.cells]
    x0, x1 = min(b.x0 for b in around), max(b.x1 for b in around)
    top, bottom = min(b.top for b in around), max(b.bottom for b in around)
    records = [*plan.projects, *plan.budgets, *plan.indicators, *plan.targets]
    assert len(records) == 20
    for record in records:
        assert record.page == 1 and record.bbox is not None
        assert x0 <= record.bbox.x0 < record.bbox.x1 <= x1
        assert top <= record.bbox.top < record.bbox.bottom <= bottom
    # Each project's budget, indicator and target sit on the project's row, left to right.
    for project in plan.projects:
        (budget,) = [b for b in plan.budgets if b.project_no == project.project_no]
        assert budget.bbox is not None and project.bbox is not None
        assert budget.bbox.top == project.bbox.top and budget.bbox.x0 >= project.bbox.x1


def test_paragraphs_numbered_lists_and_labelled_values_stay_body_text(plan: Document) -> None:
    texts = [p.text for p in plan.paragraphs]
    assert any(t.startswith("1.") and "ระบบข้อมูล" in t for t in texts)
    assert any(t.startswith("ค่าเป้าหมาย") and "ร้อยละ 80" in t for t in texts)
    assert any(t.startswith("ตามที่สำนักงานส่งเสริมข้อมูลชุมชนจัดทำแผน") for t in texts)


# --- the detector on hand-made chars -------------------------------------------------


def word(text: str, x0: float, top: float, size: float = 14.0, bold: bool = False) -> list[dict]:
    """One char per letter, 7 pt wide, as pdfplumber gives them."""
    return [
        {
            "text": ch,
            "x0": x0 + 7 * i,
            "x1": x0 + 7 * (i + 1),
            "top": top,
            "bottom": top + size,
            "size": size,
            "fontname": "Laksaman-Bold" if bold else "Laksaman",
            "upright": True,
            "_stream_index": int(x0 + 7 * i + 1000 * top),
        }
        for i, ch in enumerate(text)
    ]


def rows_of(lines: list[list[tuple[str, float]]], bold_first: bool = False) -> list[dict]:
    """Lines of (text, x0) words, 20 pt apart."""
    chars = []
    for n, line in enumerate(lines):
        for text, x0 in line:
            chars += word(text, x0, 100 + 20 * n, bold=bold_first and n == 0)
    return chars


def test_gutters_aligned_over_three_lines_make_a_grid_with_a_wrapped_row() -> None:
    chars = rows_of(
        [
            [("ลำดับ", 50), ("โครงการ", 120), ("งบประมาณ", 300)],
            [("1", 50), ("โครงการหนึ่ง", 120), ("1,000", 300)],
            [("ต่อบรรทัด", 120)],  # the project name wraps: same row
            [("2", 50), ("โครงการสอง", 120), ("2,000", 300)],
        ]
    )
    (grid,) = list(aligned_grids(chars))
    assert len(grid.col_edges) == 4 and len(grid.row_edges) == 4
    assert grid.full_width_rows == set()


def test_justified_paragraph_lines_are_no_grid() -> None:
    # Wide word gaps, but in different places on every line.
    chars = rows_of(
        [
            [("การพัฒนา", 50), ("ข้อมูลเปิด", 140), ("ของรัฐ", 260), ("ต่อเนื่อง", 340)],
            [("ทุกหน่วยงาน", 50), ("ได้ร่วม", 170), ("จัดทำ", 240), ("ชุดข้อมูล", 320)],
            [("เพื่อประโยชน์", 50), ("ของ", 165), ("ประชาชน", 205), ("ทั่วไป", 300)],
        ]
    )
    assert list(aligned_grids(chars)) == []


def test_labelled_values_and_numbered_lists_are_not_tables() -> None:
    # What find_page_tables reads of a page that has no ruling lines.
    page = SimpleNamespace(
        page_no=1, witness=Witness([]), plumber_page=SimpleNamespace(find_tables=lambda _: [])
    )
    labelled = rows_of(
        [
            [("ตัวชี้วัด", 50), ("ร้อยละของหน่วยงานที่ใช้ข้อมูล", 160)],
            [("ค่าเป้าหมาย", 50), ("ร้อยละ 80", 160)],
            [("งบประมาณ", 50), ("500,000 บาท", 160)],
        ]
    )
    numbered = rows_of(
        [
            [("1.", 50), ("พัฒนาระบบข้อมูล", 90)],
            [("2.", 50), ("อบรมบุคลากร", 90)],
            [("3.", 50), ("ติดตามผล", 90)],
        ]
    )
    for chars in (labelled, numbered):
        # Aligned, so proposed; but no header row of headings over data rows.
        assert list(aligned_grids(chars))
        assert find_page_tables(page, chars) == []  # type: ignore[arg-type]


def test_a_line_across_the_gutters_between_two_aligned_runs_is_a_full_width_row() -> None:
    chars = rows_of(
        [
            [("ลำดับ", 50), ("โครงการ", 120), ("งบประมาณ", 300)],
            [("ยุทธศาสตร์ที่ 1 การพัฒนาข้อมูลเปิดของชุมชนทั้งประเทศ", 50)],
            [("1", 50), ("โครงการหนึ่ง", 120), ("1,000", 300)],
            [("2", 50), ("โครงการสอง", 120), ("2,000", 300)],
        ],
        bold_first=True,
    )
    (grid,) = list(aligned_grids(chars))
    assert grid.full_width_rows == {1}
    assert len(grid.row_edges) == 5


def test_the_body_is_the_chars_outside_every_table_grouped_into_lines() -> None:
    page = SimpleNamespace(
        page_no=1, witness=Witness([]), plumber_page=SimpleNamespace(find_tables=lambda _: [])
    )
    above = word("บทนำของแผน", 50, 40)
    table = rows_of(
        [
            [("ลำดับ", 50), ("โครงการ", 120), ("งบประมาณ", 300)],
            [("1", 50), ("โครงการหนึ่ง", 120), ("1,000", 300)],
            [("2", 50), ("โครงการสอง", 120), ("2,000", 300)],
        ],
        bold_first=True,
    )
    below = word("หมายเหตุ", 50, 200)
    tables, body = tables_and_body(page, above + table + below)  # type: ignore[arg-type]
    assert len(tables) == 1
    assert body == group_lines(above + below)
    # with no table found, the body is every char, grouped
    assert tables_and_body(page, above + below) == ([], group_lines(above + below))  # type: ignore[arg-type]
