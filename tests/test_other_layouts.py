"""Plan tables in the other layouts, on documents the extractors were not written for:
a fictional agency's FY2568 plan (one project per row grouped by strategy rows, KPIs on
levels 1–5, targets per year, Thai digits, tables over page breaks), a broken copy of it,
and the real MOPH plan's yearly indicator tables. Expected values were read from the
documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from thaidoc.pipeline.run import extract_document
from thaidoc.schemas import Document

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

# project_no → (strategy_no, amount_thb or None, status, target value, target unit)
PROJECTS = {
    1: (1, 1_500_000, "allocated", 800, "ชุดข้อมูล"),
    2: (1, 2_750_000, "allocated", 4_000_000, "ครั้ง"),
    3: (1, None, "pending", 3, "ฉบับ"),
    4: (1, 890_000, "allocated", 20, "จังหวัด"),
    5: (2, 1_200_000, "allocated", 2_000, "คน"),
    6: (2, None, "none", 30, "โรงเรียน"),
    7: (2, None, "none", 50, "หน่วยงาน"),
    8: (2, 350_000, "allocated", 80, "%"),
}
KPI_LEVELS = {
    "1.1": (30, [40, 50, 60, 70, 80], "%"),
    "1.2": (30, [1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000], "ครั้ง"),
    "2.1": (20, [70, 75, 80, 85, 90], "%"),
}
YEAR_TARGETS = {
    "จำนวนชุดข้อมูลเปิดระดับตำบลสะสม": [800, 1200, 1600, 2000, 2500],
    "ร้อยละขององค์กรปกครองส่วนท้องถิ่นที่ใช้มาตรฐานข้อมูล": [20, 35, 50, 65, 80],
    "จำนวนนักข้อมูลชุมชนที่ผ่านการอบรมสะสม": [2000, 4500, 7000, 9500, 12000],
}
YEARS = ["2568", "2569", "2570", "2571", "2572"]


def extract(name: str) -> Document:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} has not been built")
    return extract_document(path)


@pytest.fixture(scope="module")
def plan() -> Document:
    return extract("ldo_action_plan_2568.pdf")


def test_project_rows_with_strategy_rows_budgets_and_targets(plan: Document) -> None:
    projects = {p.project_no: p for p in plan.projects}
    budgets = {b.project_no: b for b in plan.budgets}
    assert set(projects) == set(PROJECTS)
    for no, (strategy, amount, status, value, unit) in PROJECTS.items():
        assert projects[no].strategy_no == strategy, no
        assert (budgets[no].amount_thb, budgets[no].status) == (amount, status), no
        (target,) = [t for t in plan.targets if t.indicator_id == f"p{no}-1"]
        assert (target.kind, target.value, target.unit) == ("single", value, unit), no
    assert projects[1].name.startswith("โครงการคลังข้อมูลเปิดระดับตำบล (Tambon Open Data)")


def test_cumulative_and_qualified_targets_keep_their_words(plan: Document) -> None:
    (first,) = [t for t in plan.targets if t.indicator_id == "p1-1"]
    assert first.cumulative and "สะสม" in first.text
    (fifth,) = [t for t in plan.targets if t.indicator_id == "p5-1"]
    assert "ไม่น้อยกว่า" in fifth.text


def test_printed_total_matches_the_budget_lines(plan: Document) -> None:
    assert sum(b.amount_thb or 0 for b in plan.budgets) == 6_690_000
    assert not [w for w in plan.warnings if w.code == "budget_total_mismatch"]


def test_kpis_scored_on_levels_one_to_five(plan: Document) -> None:
    kpis = {i.owner_no: i for i in plan.indicators if i.scope == "kpi"}
    assert set(kpis) == {"1.1", "1.2", "2.1", "2.2"}
    for owner, (weight, values, unit) in KPI_LEVELS.items():
        tiers = sorted(
            (t for t in plan.targets if t.indicator_id == kpis[owner].indicator_id),
            key=lambda t: t.label,
        )
        assert kpis[owner].weight_pct == weight
        assert [(t.kind, t.label) for t in tiers] == [("tier", str(n)) for n in range(1, 6)]
        assert [t.value for t in tiers] == values
        assert {t.unit for t in tiers} == {unit}
    assert sum(i.weight_pct or 0 for i in kpis.values()) == 100


def test_indicators_with_a_target_per_year(plan: Document) -> None:
    by_name = {i.name: i for i in plan.indicators if i.scope == "strategy"}
    assert set(by_name) == set(YEAR_TARGETS)
    for name, values in YEAR_TARGETS.items():
        targets = [t for t in plan.targets if t.indicator_id == by_name[name].indicator_id]
        assert [(t.kind, t.label) for t in targets] == [("year", y) for y in YEARS]
        assert [t.value for t in targets] == values


def test_tables_over_page_breaks_are_joined(plan: Document) -> None:
    layouts = {t.layout: t.pages for t in plan.tables}
    assert len(layouts["project_rows"]) > 1
    assert len(layouts["year_targets"]) > 1


def test_every_record_has_page_and_box(plan: Document) -> None:
    for record in [*plan.projects, *plan.budgets, *plan.indicators, *plan.targets]:
        assert record.bbox is not None and record.page >= 1


def test_broken_copy_warns_of_the_missing_project_and_the_weights() -> None:
    broken = extract("ldo_action_plan_2568_broken.pdf")
    codes = {w.code: w.message for w in broken.warnings}
    assert "7" in codes["project_numbers_gap"]
    assert "105" in codes["weights_not_100"]


MOPH = "moph_anticorruption_actionplan_2566-2570.pdf"
MOPH_YEARS = ["2566", "2567", "2568", "2569", "2570"]


@pytest.fixture(scope="module")
def moph(shared_dir: Path) -> Document:
    return extract_document(shared_dir / "corpus" / "real" / MOPH)


def years_of(doc: Document, name_start: str, page: int) -> list[tuple[str, float | None]]:
    (indicator,) = [i for i in doc.indicators if i.page == page and i.name.startswith(name_start)]
    return [(t.label, t.value) for t in doc.targets if t.indicator_id == indicator.indicator_id]


@pytest.mark.corpus
def test_moph_plan_yearly_indicator_tables(moph: Document) -> None:
    # Page 11 (and its repeat on page 93): three indicators, ปี 2566 … ปี 2570.
    ita_moph = [("2566", 92), ("2567", 94), ("2568", 94), ("2569", 94), ("2570", 95)]
    assert years_of(moph, "ร้อยละของหน่วยงานในสังกัดกระทรวงสาธารณสุข", 11) == ita_moph
    assert years_of(moph, "ร้อยละของหน่วยงานในสังกัดสำนักงานปลัดกระทรวง", 11) == ita_moph
    assert years_of(moph, "จำนวนข้อร้องเรียนเจ้าหน้าที่รัฐ", 11) == [
        ("2566", 5), ("2567", 10), ("2568", 15), ("2569", 20), ("2570", 25)
    ]  # fmt: skip
    # Page 24: three tables, one year per row, each named by the heading above it (the
    # first one's heading ends page 23); every one 'ลดลงร้อยละ ๑๐ … ๕๐'.
    falling = [("2566", 10), ("2567", 20), ("2568", 30), ("2569", 40), ("2570", 50)]
    assert years_of(moph, "จำนวนคดีทุจริตในภาพรวมลดลง", 24) == falling
    assert years_of(moph, "จำนวนข้อร้องเรียนเจ้าหน้าที่ภาครัฐที่ถูกชี้มูลเรื่องวินัย", 24) == falling
    assert years_of(moph, "จำนวนข้อร้องเรียนเจ้าหน้าที่ภาครัฐที่ถูกชี้มูลว่ากระทำ", 24) == falling
    # Page 22: one year per row under 'ตัวชี้วัดที่ 1.1 …'.
    youth = years_of(moph, "ร้อยละของเด็กและเยาวชนไทยมีพฤติกรรมที่ยึดมั่น", 22)
    assert [label for label, _ in youth] == MOPH_YEARS
    assert all(value is not None for _, value in youth)


@pytest.mark.corpus
def test_moph_indicators_named_by_a_long_paragraph_above_their_year_table(
    moph: Document,
) -> None:
    # Pages 26–27: 'ตัวชี้วัดที่ ๓.๑ <name> โดยกำหนดคำนิยาม …' runs 8 and 7 lines above
    # the table; the name (with the document's own 'ดำเนิคดี') wraps onto a second line
    # on page 26 and ends at a line break on page 27. Every year: 'ไม่เกินร้อยละ ๒๐' / '๓'.
    by_page = {i.page: i for i in moph.indicators if i.page in (26, 27)}
    assert (by_page[26].owner_no, by_page[26].name) == (
        "3.1",
        "กระบวนการดำเนิคดีทุจริตที่จำเป็นต้องขอขยายระยะเวลาเกินกว่ากรอบเวลาปกติที่กฎหมายกำหนด",
    )
    assert (by_page[27].owner_no, by_page[27].name) == (
        "3.2",
        "จำนวนคดีอาญาที่หน่วยงานไต่สวนคดีทุจริตถูกฟ้องกลับ",
    )
    for page, value in ((26, 20), (27, 3)):
        targets = [t for t in moph.targets if t.indicator_id == by_page[page].indicator_id]
        expected = [(year, value, "%") for year in MOPH_YEARS]
        assert [(t.label, t.value, t.unit) for t in targets] == expected
        assert all(f"ไม่เกินร้อยละ {value}" in t.text and t.page == page for t in targets)


@pytest.mark.corpus
def test_moph_every_yearly_indicator_table_names_its_indicators(moph: Document) -> None:
    year_tables = [t for t in moph.tables if t.layout in ("year_targets", "year_rows")]
    assert sorted(p for t in year_tables for p in t.pages) == [
        11, 21, 21, 22, 22, 23, 24, 24, 24, 25, 25, 26, 27, 93
    ]  # fmt: skip
    for table in year_tables:
        indicators = [i for i in moph.indicators if i.indicator_id.startswith(f"{table.table_id}-")]
        assert indicators, table.table_id
        for indicator in indicators:
            # A name taken from the column heading means the caption was missed.
            assert "ค่าเป้าหมาย" not in indicator.name, indicator
            targets = [t for t in moph.targets if t.indicator_id == indicator.indicator_id]
            assert [t.label for t in targets] == MOPH_YEARS, indicator.name
