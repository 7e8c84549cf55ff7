"""Plan tables → projects, budgets, indicators and targets, whatever the layout.

The layout is recognised from headings and row labels (the document's vocabulary:
โครงการ, งบประมาณ, ตัวชี้วัด, ค่าเป้าหมาย, น้ำหนัก, คะแนน, ระดับ, ปี 25xx), never from
the document's identity:

- ``project_columns``: a row-label column (เป้าหมาย / โครงการ / … / งบประมาณ / ตัวชี้วัด)
  and one column per project.
- ``project_rows``: one row per project under headings such as ลำดับ | โครงการ |
  งบประมาณ | ตัวชี้วัด | ค่าเป้าหมาย, grouped by full-width 'ยุทธศาสตร์ที่ N' rows.
- ``kpi_tiers``: indicators with a weight and tier targets (50/75/100 คะแนน, ระดับ 1–5),
  grouped by full-width component rows.
- ``year_targets``: indicators with one target per year (ปี 2566 … ปี 2570).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from thaidoc.extractors import ExtractedRecords, KpiComponent
from thaidoc.extractors.grid import Grid, compact, flat, logical_lines
from thaidoc.schemas import Budget, Cell, Indicator, Project, QualityWarning, Table, Target
from thaidoc.thai.numbers import (
    find_condition,
    parse_budget_cell,
    parse_number,
    parse_target,
    to_arabic_digits,
)

_PROJECT_NO = re.compile(r"^\s*\(?(\d{1,3})[.)]\s*(.+)$", re.S)
_STRATEGY = re.compile(r"ยุทธศาสตร์ที่\s*(\d+)")
_PLAN = re.compile(r"แผนงานที่\s*(\d+)")
_KPI_NO = re.compile(r"^\s*(\d+(?:\.\d+)+)\s*(.*)$", re.S)
_YEAR = re.compile(r"(?<!\d)(25\d\d)(?!\d)")
_TIER_SCORE = re.compile(r"\((\d{2,3})คะแนน\)|(\d{2,3})คะแนน")
_LEVEL = re.compile(r"^(?:ระดับ(?:ที่)?)?([1-5])$")
_BULLET = re.compile(r"^\s*[•●○▪■\-–*]\s*")
_CONDITION_ONLY = re.compile(r"^\(?\s*ขึ้นอยู่กับ.*\)?$")
# Unit words printed in a unit column, as parse_target names them.
UNIT_WORDS = {"ร้อยละ": "%", "เปอร์เซ็นต์": "%"}
_TOTAL_ROW = re.compile(r"^(รวม|รวมทั้งสิ้น|รวมทั้งหมด|ยอดรวม)")


@dataclass
class TableContext:
    """What the document said before the table (the nearest headings)."""

    strategy_no: int | None = None
    plan_no: int | None = None


def classify_layout(grid: Grid) -> str:
    headings = [compact(h) for h in grid.column_headings()]
    header_text = " ".join(headings)
    labels = {compact(flat(c.text)) for r in range(grid.n_rows) if (c := grid.at(r, 0))}
    if sum(any(lbl.startswith(w) for lbl in labels) for w in ("โครงการ", "งบประมาณ", "ตัวชี้วัด")) >= 2:
        return "project_columns"
    tiers = sum(bool(_TIER_SCORE.search(h)) for h in headings)
    levels = sum(bool(_LEVEL.match(compact(h))) for h in grid.leaf_headings())
    if tiers >= 2 or levels >= 3:
        return "kpi_tiers"
    if sum(bool(_YEAR.search(h)) for h in headings) >= 2 and "ตัวชี้วัด" in header_text:
        return "year_targets"
    if len(_year_rows(grid)) >= 2:
        return "year_rows"
    if re.search("โครงการ|กิจกรรม", header_text) and re.search("งบประมาณ|ตัวชี้วัด", header_text):
        return "project_rows"
    return "unknown"


def _indicators_from_cell(
    cell: Cell, indicator_prefix: str, scope: str, owner_no: str, records: ExtractedRecords
) -> None:
    """Bulleted indicators of one cell; a trailing condition applies to all of them."""
    items = logical_lines(cell.text)
    condition = ""
    named = []
    for item in items:
        if _CONDITION_ONLY.match(item) and find_condition(item):
            condition = find_condition(item)
            continue
        named.append(_BULLET.sub("", item).strip())
    for n, name in enumerate(filter(None, named), start=1):
        target = parse_target(name)
        indicator_id = f"{indicator_prefix}-{n}"
        records.indicators.append(
            Indicator(
                indicator_id=indicator_id,
                scope=scope,  # type: ignore[arg-type]
                owner_no=owner_no,
                name=name,
                unit=target.unit,
                condition=condition or find_condition(name),
                page=cell.page,
                bbox=cell.bbox,
            )
        )
        if target.value is not None:
            records.targets.append(
                Target(
                    indicator_id=indicator_id,
                    kind="single",
                    value=float(target.value),
                    unit=target.unit,
                    cumulative=target.cumulative,
                    text=name,
                    page=cell.page,
                    bbox=cell.bbox,
                )
            )


def _budgets(cell: Cell, project_no: int, default_unit: str, records: ExtractedRecords) -> None:
    for line_no, line in enumerate(
        parse_budget_cell("\n".join(logical_lines(cell.text)), default_unit=default_unit), start=1
    ):
        records.budgets.append(
            Budget(
                project_no=project_no,
                line_no=line_no,
                label=line.label,
                amount_thb=line.amount_thb,
                status=line.status,
                amount_text=line.text,
                page=cell.page,
                bbox=cell.bbox,
            )
        )


def extract_project_columns(grid: Grid, ctx: TableContext, records: ExtractedRecords) -> None:
    rows: dict[str, int] = {}
    for r in range(grid.n_rows):
        label_cell = grid.at(r, 0)
        if label_cell is None or label_cell.row != r:
            continue
        label = compact(flat(label_cell.text))
        for key in ("เป้าหมาย", "โครงการ", "แนวทาง", "งบประมาณ", "ตัวชี้วัด"):
            if label.startswith(key) and key not in rows:
                rows[key] = r
    if "โครงการ" not in rows:
        return
    goal_row = rows.get("เป้าหมาย")
    goals_known = any(i.indicator_id.startswith(f"s{ctx.strategy_no}-") for i in records.indicators)
    if goal_row is not None and ctx.strategy_no is not None and not goals_known:
        for cell in grid.row_cells(goal_row)[1:]:
            _indicators_from_cell(
                cell, f"s{ctx.strategy_no}", "strategy", str(ctx.strategy_no), records
            )
    for cell in grid.row_cells(rows["โครงการ"])[1:]:
        m = _PROJECT_NO.match(to_arabic_digits(flat(cell.text)))
        if not m:
            if cell.text.strip():
                records.warnings.append(
                    QualityWarning(
                        code="project_without_number",
                        message=f"project cell without a number: {flat(cell.text)[:60]!r}",
                        page=cell.page,
                        bbox=cell.bbox,
                    )
                )
            continue
        project_no = int(m.group(1))
        records.projects.append(
            Project(
                project_no=project_no,
                name=m.group(2).strip(),
                strategy_no=ctx.strategy_no,
                plan_no=ctx.plan_no,
                page=cell.page,
                bbox=cell.bbox,
            )
        )
        span = range(cell.col, cell.col + cell.col_span)
        if "งบประมาณ" in rows:
            budget_cell = grid.at(rows["งบประมาณ"], span[0])
            if budget_cell is not None and budget_cell.col in span and budget_cell.text.strip():
                _budgets(budget_cell, project_no, "ล้านบาท", records)
        if "ตัวชี้วัด" in rows:
            kpi_cell = grid.at(rows["ตัวชี้วัด"], span[0])
            if kpi_cell is not None and kpi_cell.col in span:
                _indicators_from_cell(
                    kpi_cell, f"p{project_no}", "project", str(project_no), records
                )


def _merge_continuation_rows(grid: Grid, key_cols: list[int]) -> list[list[Cell]]:
    """Data rows; a row with nothing in its key columns continues the row above
    (a row split by a page break), so its cells are appended to that row's."""
    rows: list[list[Cell]] = []
    for r in range(grid.table.header_rows, grid.n_rows):
        cells = [c for c in grid.row_cells(r) if c.row == r]
        if not cells:
            continue
        has_key = any(
            (c := grid.at(r, k)) is not None and c.row == r and c.text.strip() for k in key_cols
        )
        if rows and not has_key and not grid.is_full_width(r):
            rows[-1].extend(cells)
        else:
            rows.append(cells)
    return rows


def _text_in(cells: list[Cell], col: int | None) -> tuple[str, Cell | None]:
    if col is None:
        return "", None
    parts = [c for c in cells if c.col <= col < c.col + c.col_span]
    return "\n".join(c.text for c in parts if c.text.strip()), (parts[0] if parts else None)


def extract_kpi_tiers(grid: Grid, ctx: TableContext, records: ExtractedRecords) -> None:
    headings = grid.column_headings()
    name_col = grid.find_column("ตัวชี้วัด|องค์ประกอบ", headings)
    weight_col = grid.find_column("น้ำหนัก", headings)
    unit_col = grid.find_column("หน่วยนับ|^หน่วย", headings)
    tier_cols: list[tuple[int, str]] = []
    for col, (heading, leaf) in enumerate(zip(headings, grid.leaf_headings(), strict=True)):
        score = _TIER_SCORE.search(compact(heading))
        level = _LEVEL.match(compact(leaf))
        if score:
            tier_cols.append((col, score.group(1) or score.group(2)))
        elif level and col not in (name_col, weight_col):
            tier_cols.append((col, level.group(1)))
    if name_col is None or not tier_cols:
        return
    component: KpiComponent | None = None
    for cells in _merge_continuation_rows(grid, [name_col] + ([weight_col] if weight_col else [])):
        name_text, name_cell = _text_in(cells, name_col)
        if len(cells) == 1 and cells[0].col_span >= grid.n_cols - 1:
            title = to_arabic_digits(flat(cells[0].text))
            if title.startswith("องค์ประกอบ"):
                weight_m = re.search(r"น้ำ\s*หนัก\s*(?:ร้อยละ)?\s*(\d+(?:\.\d+)?)", title)
                component = KpiComponent(
                    title=title,
                    weight_pct=float(weight_m.group(1)) if weight_m else None,
                    cell=cells[0],
                )
                records.components.append(component)
            continue
        flat_name = _BULLET.sub("", to_arabic_digits(flat(name_text)))
        m = _KPI_NO.match(flat_name)
        if name_cell is None or not flat_name:
            continue
        owner_no, name = (m.group(1), m.group(2).strip()) if m else ("", flat_name)
        weight_text, _ = _text_in(cells, weight_col)
        weight = parse_number(weight_text) if weight_text else None
        unit_text, _ = _text_in(cells, unit_col)
        indicator_id = f"kpi-{owner_no or len(records.indicators) + 1}"
        tiers = []
        for col, label in tier_cols:
            text, cell = _text_in(cells, col)
            if cell is None or not text.strip():
                continue
            target = parse_target(flat(text))
            tiers.append(
                Target(
                    indicator_id=indicator_id,
                    kind="tier",
                    label=label,
                    value=float(target.value) if target.value is not None else None,
                    unit=target.unit or flat(unit_text),
                    cumulative=target.cumulative,
                    text=flat(text),
                    page=cell.page,
                    bbox=cell.bbox,
                )
            )
        records.indicators.append(
            Indicator(
                indicator_id=indicator_id,
                scope="kpi",
                owner_no=owner_no,
                name=name,
                weight_pct=float(weight) if weight is not None else None,
                unit=flat(unit_text) or next((t.unit for t in tiers if t.unit), ""),
                condition=find_condition(name),
                page=name_cell.page,
                bbox=name_cell.bbox,
            )
        )
        records.targets.extend(tiers)
        if component is not None:
            component.indicator_ids.append(indicator_id)


def extract_year_targets(grid: Grid, ctx: TableContext, records: ExtractedRecords) -> None:
    headings = grid.column_headings()
    name_col = grid.find_column("ตัวชี้วัด", headings)
    unit_col = grid.find_column("หน่วยนับ|^หน่วย", headings)
    year_cols = [
        (col, m.group(1))
        for col, h in enumerate(headings)
        if col != name_col and (m := _YEAR.search(compact(h)))
    ]
    if name_col is None or not year_cols:
        return
    owner = str(ctx.strategy_no or "")
    for cells in _merge_continuation_rows(grid, [name_col]):
        if len(cells) == 1 and cells[0].col_span >= grid.n_cols - 1:
            continue
        name_text, name_cell = _text_in(cells, name_col)
        if name_cell is None or not name_text.strip():
            continue
        unit_text, _ = _text_in(cells, unit_col)
        unit_text = UNIT_WORDS.get(compact(unit_text), unit_text)
        n = sum(i.scope == "strategy" for i in records.indicators) + 1
        indicator_id = f"{grid.table.table_id}-{n}"
        year_targets = []
        for col, year in year_cols:
            text, cell = _text_in(cells, col)
            if cell is None or not text.strip():
                continue
            target = parse_target(flat(text))
            year_targets.append(
                Target(
                    indicator_id=indicator_id,
                    kind="year",
                    label=year,
                    value=float(target.value) if target.value is not None else None,
                    unit=target.unit or flat(unit_text),
                    cumulative=target.cumulative,
                    text=flat(text),
                    page=cell.page,
                    bbox=cell.bbox,
                )
            )
        name = flat(name_text)
        records.indicators.append(
            Indicator(
                indicator_id=indicator_id,
                scope="strategy",
                owner_no=owner,
                name=name,
                unit=flat(unit_text) or next((t.unit for t in year_targets if t.unit), ""),
                condition=find_condition(name),
                page=name_cell.page,
                bbox=name_cell.bbox,
            )
        )
        records.targets.extend(year_targets)


def _year_rows(grid: Grid) -> list[tuple[str, int]]:
    """(year, row) for a table whose first column lists years, one target per row."""
    found = []
    for r in range(grid.n_rows):
        cell = grid.at(r, 0)
        if cell is None or cell.row != r:
            continue
        m = re.fullmatch(r"(?:ปี)?(?:พ\.ศ\.)?(25\d\d)", compact(cell.text))
        if m:
            found.append((m.group(1), r))
    return found if grid.n_cols >= 2 else []


# The name of an indicator printed as a numbered line above its year table:
# 'ตัวชี้วัดที่ ๑.๑ ร้อยละของเด็ก… โดยในปี ๒๕๖๖-๒๕๗๐ …' or '๒. หน่วยงานภาครัฐ… โดยในปี …'.
# The name may wrap; a line break, like a space, may end it before 'โดย…'.
_CAPTION_NAME = re.compile(
    r"(?:ตัวชี้วัดที่\s*(?P<no>\d+(?:\.\d+)*)|(?:^|\s)(?P<item>\d{1,2})\.)\s*"
    r"(?P<name>\S.*?)(?=\s+(?:โดย|ดังนี้|กำหนดค่าเป้าหมาย|ประเมินจาก|วัดจาก|คำนวณจาก)|$)",
    re.S,
)


def extract_year_rows(grid: Grid, ctx: TableContext, records: ExtractedRecords) -> None:
    rows = _year_rows(grid)
    caption = to_arabic_digits(grid.table.caption)
    named = list(_CAPTION_NAME.finditer(caption))
    headings = [h for h in grid.column_headings()[1:] if h]
    m = named[-1] if named else None
    name = flat(m.group("name")) if m else (headings[0] if headings else flat(caption))
    n = sum(i.scope == "strategy" for i in records.indicators) + 1
    indicator_id = f"{grid.table.table_id}-{n}"
    targets = []
    for year, r in rows:
        cells = [c for c in grid.row_cells(r) if c.col > 0 and c.text.strip()]
        if not cells:
            continue
        text = " ".join(flat(c.text) for c in cells)
        target = parse_target(text)
        targets.append(
            Target(
                indicator_id=indicator_id,
                kind="year",
                label=year,
                value=float(target.value) if target.value is not None else None,
                unit=target.unit,
                cumulative=target.cumulative,
                text=text,
                page=cells[0].page,
                bbox=cells[0].bbox,
            )
        )
    if not targets:
        return
    first = grid.at(rows[0][1], 0)
    records.indicators.append(
        Indicator(
            indicator_id=indicator_id,
            scope="strategy",
            owner_no=(m.group("no") if m else None) or str(ctx.strategy_no or ""),
            name=name,
            unit=next((t.unit for t in targets if t.unit), ""),
            page=first.page if first else targets[0].page,
            bbox=first.bbox if first else targets[0].bbox,
        )
    )
    records.targets.extend(targets)


def extract_project_rows(grid: Grid, ctx: TableContext, records: ExtractedRecords) -> None:
    headings = grid.column_headings()
    no_col = grid.find_column("^(ลำดับ|ที่$|ลำดับที่)", headings)
    name_col = grid.find_column("โครงการ|กิจกรรม", headings)
    budget_col = grid.find_column("งบประมาณ", headings)
    indicator_col = grid.find_column("ตัวชี้วัด", headings)
    target_col = grid.find_column("ค่าเป้าหมาย|^เป้าหมาย", headings)
    if name_col is None:
        return
    budget_heading = compact(headings[budget_col]) if budget_col is not None else ""
    default_unit = "ล้านบาท" if re.search("ล้านบาท|ลบ", budget_heading) else "บาท"
    strategy_no, plan_no = ctx.strategy_no, ctx.plan_no
    running_no = max((p.project_no for p in records.projects), default=0)
    for cells in _merge_continuation_rows(grid, [c for c in (no_col, name_col) if c is not None]):
        if len(cells) == 1 and cells[0].col_span >= grid.n_cols - 1:
            heading = to_arabic_digits(flat(cells[0].text))
            if m := _STRATEGY.search(heading):
                strategy_no, plan_no = int(m.group(1)), None
            if m := _PLAN.search(heading):
                plan_no = int(m.group(1))
            continue
        name_text, name_cell = _text_in(cells, name_col)
        no_text, _ = _text_in(cells, no_col)
        name = to_arabic_digits(flat(name_text))
        if name_cell is None:
            continue
        if _TOTAL_ROW.match(compact(name)) or _TOTAL_ROW.match(compact(no_text)):
            total_text, total_cell = _text_in(cells, budget_col)
            lines = parse_budget_cell(flat(total_text), default_unit=default_unit)
            if total_cell is not None and lines and lines[0].amount_thb is not None:
                records.printed_totals.append((lines[0].amount_thb, total_cell))
            continue
        m = _PROJECT_NO.match(name)
        number = parse_number(no_text) if no_text.strip() else None
        if number is not None and number == int(number):
            project_no = int(number)
        elif m:
            project_no, name = int(m.group(1)), m.group(2).strip()
        else:
            project_no = running_no + 1
        running_no = project_no
        records.projects.append(
            Project(
                project_no=project_no,
                name=name.strip(),
                strategy_no=strategy_no,
                plan_no=plan_no,
                page=name_cell.page,
                bbox=name_cell.bbox,
            )
        )
        budget_text, budget_cell = _text_in(cells, budget_col)
        if budget_cell is not None and budget_text.strip():
            _budgets(
                budget_cell.model_copy(update={"text": budget_text}),
                project_no,
                default_unit,
                records,
            )
        indicator_text, indicator_cell = _text_in(cells, indicator_col)
        target_text, target_cell = _text_in(cells, target_col)
        if indicator_cell is None or not indicator_text.strip():
            continue
        names = [_BULLET.sub("", t).strip() for t in logical_lines(indicator_text)]
        target_items = logical_lines(target_text) if target_text.strip() else []
        for n, indicator_name in enumerate(names, start=1):
            indicator_id = f"p{project_no}-{n}"
            item = target_items[n - 1] if len(target_items) == len(names) else flat(target_text)
            target = parse_target(item) if item else None
            records.indicators.append(
                Indicator(
                    indicator_id=indicator_id,
                    scope="project",
                    owner_no=str(project_no),
                    name=indicator_name,
                    unit=target.unit if target else "",
                    condition=find_condition(indicator_name),
                    page=indicator_cell.page,
                    bbox=indicator_cell.bbox,
                )
            )
            if target is not None and target_cell is not None:
                records.targets.append(
                    Target(
                        indicator_id=indicator_id,
                        kind="single",
                        value=float(target.value) if target.value is not None else None,
                        unit=target.unit,
                        cumulative=target.cumulative,
                        text=_BULLET.sub("", item).strip(),
                        page=target_cell.page,
                        bbox=target_cell.bbox,
                    )
                )


LAYOUT_EXTRACTORS = {
    "project_columns": extract_project_columns,
    "project_rows": extract_project_rows,
    "kpi_tiers": extract_kpi_tiers,
    "year_targets": extract_year_targets,
    "year_rows": extract_year_rows,
}


def extract_table(table: Table, ctx: TableContext, records: ExtractedRecords) -> str:
    """Classify one table, extract its records into ``records``; returns the layout."""
    grid = Grid(table)
    layout = classify_layout(grid)
    extractor = LAYOUT_EXTRACTORS.get(layout)
    if extractor is not None:
        extractor(grid, ctx, records)
    return layout
