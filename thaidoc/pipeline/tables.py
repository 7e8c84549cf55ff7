"""Stage 5, tables: ruled and whitespace-aligned tables → cell grids with spans, joined
across page breaks.

pdfplumber finds the cells of a ruled table; merged cells are the boxes that cover
several grid intervals, so spans are recovered from geometry (pdfplumber's ``extract``
would leave ``None`` there). Tables drawn without rules are proposed from the geometry
of the remaining chars (``thaidoc.pipeline.aligned_tables``) and kept only when their
first row reads as a header, their other rows as data. Every cell keeps its page and
bbox. A table that continues on the next page (same column edges, starting at the top
of the page, its header row repeated or not) is joined to the one before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from thaidoc.pipeline.aligned_tables import AlignedGrid, aligned_grids_of_lines
from thaidoc.pipeline.layout import CharsByHeight, TextLine, group_lines, lines_from_chars
from thaidoc.pipeline.read import PageContent, Witness
from thaidoc.pipeline.sections import paragraph_starts
from thaidoc.schemas import BBox, Cell, Table

DEFAULT_TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
CellBox = tuple[float, float, float, float]  # x0, top, x1, bottom
# Grid edges closer than this (points) are one edge.
EDGE_TOLERANCE = 2.5
# A table continues the previous one only if it starts within this share of the page top.
CONTINUATION_TOP_SHARE = 0.22

MAX_HEADING_CHARS = 60
# At most this many leading rows of a continued table are checked for repetition.
MAX_REPEATED_ROWS = 3
# How many body lines right above a table make its caption...
CAPTION_LINES = 6
# ...unless the first of them is inside a paragraph: then the caption reaches back to
# where that paragraph starts ('ตัวชี้วัดที่ 3.1 <name> โดยกำหนดคำนิยาม …' followed by a
# long definition), but never beyond this many lines.
MAX_CAPTION_LINES = 14
HEADER_WORDS = re.compile(
    r"ลำดับ|ที่$|โครงการ|กิจกรรม|งบประมาณ|ตัวชี้วัด|ค่าเป้าหมาย|เป้าหมาย|น้ำหนัก|คะแนน|"
    r"หน่วยงาน|ผู้รับผิดชอบ|ระยะเวลา|ปี\s*(พ\.ศ\.)?\s*[25๒๕]|^[25๒][5๕][0-9๐-๙]{2}$|ระดับ|หน่วยนับ"
)


@dataclass
class PageTable:
    """One table as found on one page, before joining across pages."""

    page: int
    bbox: BBox
    n_rows: int
    n_cols: int
    col_edges: list[float]
    cells: list[Cell]
    header_rows: int
    lines_above: list[TextLine] = field(
        default_factory=list
    )  # body lines between it and the last thing above


def _cluster(values: list[float], tolerance: float = EDGE_TOLERANCE) -> list[float]:
    edges: list[float] = []
    for v in sorted(values):
        if edges and v - edges[-1] <= tolerance:
            continue
        edges.append(v)
    return edges


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def grid_from_boxes(
    boxes: list[CellBox],
) -> tuple[list[float], list[float], list[tuple[int, int, int, int, CellBox]]]:
    """Column edges, row edges and (row, col, row_span, col_span, box) for each cell box."""
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    placed = []
    for b in boxes:
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        placed.append((r0, c0, max(1, r1 - r0), max(1, c1 - c0), b))
    placed.sort(key=lambda p: (p[0], p[1]))
    return xs, ys, placed


def cell_text(chars: CharsByHeight, box: BBox, page: int, witness: Witness | None = None) -> str:
    """The repaired text inside a cell, one printed line per text line."""
    return "\n".join(ln.text for ln in lines_from_chars(chars.within(box), page, witness))


def _bold_share(chars: CharsByHeight, box: BBox) -> float:
    inner = [c for c in chars.within(box) if c["text"].strip()]
    if not inner:
        return 0.0
    return sum("bold" in c.get("fontname", "").lower() for c in inner) / len(inner)


def count_header_rows(cells: list[Cell], chars: CharsByHeight) -> int:
    """Leading rows that read as column headings: bold, or made of heading vocabulary."""
    n_rows = max((c.row + c.row_span for c in cells), default=0)
    header = 0
    for row in range(n_rows):
        row_cells = [c for c in cells if c.row == row and c.text.strip()]
        n_cols = max(c.col + c.col_span for c in cells)
        if not row_cells or (len(row_cells) == 1 and row_cells[0].col_span >= max(2, n_cols - 1)):
            break  # a merged full-width row is a group heading ('องค์ประกอบที่ 1 …'), not a header
        bold = sum(_bold_share(chars, c.bbox) > 0.6 for c in row_cells)
        # Headings are short; a long cell is data even if it uses heading words.
        worded = sum(
            bool(HEADER_WORDS.search(c.text.replace("\n", " ")))
            and len(c.text) <= MAX_HEADING_CHARS
            for c in row_cells
        )
        numeric_data = any(re.fullmatch(r"[\d๐-๙,.\s]+", c.text) for c in row_cells) and not all(
            re.fullmatch(r"(ปี\s*)?[25๒][5๕][\d๐-๙]{2}", c.text.strip()) for c in row_cells
        )
        if numeric_data or (bold * 2 <= len(row_cells) and worded * 2 <= len(row_cells)):
            break
        header = row + max(c.row_span for c in row_cells)
    return min(header, max(0, n_rows - 1))


def _heading_like(cell: Cell, chars: CharsByHeight) -> bool:
    text = cell.text.replace("\n", " ")
    worded = bool(HEADER_WORDS.search(text)) and len(text) <= MAX_HEADING_CHARS
    return worded or _bold_share(chars, cell.bbox) > 0.6


def _page_table(
    page: int, xs: list[float], ys: list[float], cells: list[Cell], header: int
) -> PageTable:
    return PageTable(
        page=page,
        bbox=BBox(x0=xs[0], top=ys[0], x1=xs[-1], bottom=ys[-1]),
        n_rows=len(ys) - 1,
        n_cols=len(xs) - 1,
        col_edges=xs,
        cells=cells,
        header_rows=header,
    )


def _ruled_tables(
    page: PageContent, chars: CharsByHeight, settings: dict[str, Any]
) -> list[PageTable]:
    found = []
    for table in page.plumber_page.find_tables(settings):
        boxes: list[CellBox] = [
            (float(a), float(b), float(c), float(d)) for a, b, c, d in table.cells
        ]
        if len(boxes) < 2:
            continue
        xs, ys, placed = grid_from_boxes(boxes)
        cells = []
        for row, col, row_span, col_span, b in placed:
            box = BBox(x0=b[0], top=b[1], x1=b[2], bottom=b[3])
            cells.append(
                Cell(
                    row=row,
                    col=col,
                    row_span=row_span,
                    col_span=col_span,
                    text=cell_text(chars, box, page.page_no, page.witness),
                    page=page.page_no,
                    bbox=box,
                )
            )
        if not any(c.text.strip() for c in cells):
            continue  # a ruled box with nothing in it (a frame, a signature line)
        found.append(_page_table(page.page_no, xs, ys, cells, count_header_rows(cells, chars)))
    return found


# A first cell that makes a two-column block a list ('1.', '(2)', '-', '•'), not a table.
_LIST_MARKER = re.compile(r"\(?[0-9๐-๙]{1,2}[.)]?|[•●○▪■\-–*]")
# An amount ('7,679,900', '12.5') in a first row makes it data: the bold top line of a
# budget document's list of items and amounts, not a header.
_AMOUNT = re.compile(r"[0-9๐-๙][0-9๐-๙,]*,[0-9๐-๙]{3}|[0-9๐-๙]+\.[0-9๐-๙]+")


def _aligned_table(page: PageContent, chars: CharsByHeight, grid: AlignedGrid) -> PageTable | None:
    """The table of a whitespace-aligned grid, or None unless it reads as one: a first
    row of headings (no amounts) in two or more columns, then two or more data rows with
    text in two or more columns, which are not a list of labelled values or numbered
    items. The first row is read and judged before the others (most grids fail there)."""
    xs, ys = grid.col_edges, grid.row_edges
    cells: list[Cell] = []
    for row in range(len(ys) - 1):
        if row == 1 and not _headings_first(cells, chars):
            return None
        spans = (
            [(0, len(xs) - 1)]
            if row in grid.full_width_rows
            else [(col, 1) for col in range(len(xs) - 1)]
        )
        for col, col_span in spans:
            box = BBox(x0=xs[col], top=ys[row], x1=xs[col + col_span], bottom=ys[row + 1])
            text = cell_text(chars, box, page.page_no, page.witness)
            cells.append(
                Cell(row=row, col=col, col_span=col_span, text=text, page=page.page_no, bbox=box)
            )
    header = count_header_rows(cells, chars)
    if header < 1 or not _headings_first(cells, chars):
        return None
    data = [
        [c for c in cells if c.row == row and c.text.strip()]
        for row in range(header, len(ys) - 1)
        if row not in grid.full_width_rows
    ]
    data = [row for row in data if len(row) >= 2]
    labels = [row[0] for row in data if row[0].col == 0]
    if len(data) < 2 or sum(_heading_like(c, chars) for c in labels) * 2 >= len(labels) > 0:
        return None  # 'ค่าเป้าหมาย   ร้อยละ 80' under 'ตัวชี้วัด   …': labelled values
    if len(xs) == 3 and labels and all(_LIST_MARKER.fullmatch(c.text.strip()) for c in labels):
        return None
    return _page_table(page.page_no, xs, ys, cells, header)


def _headings_first(cells: list[Cell], chars: CharsByHeight) -> bool:
    """Whether the first row reads as headings: two or more, none an amount."""
    first = [c for c in cells if c.row == 0 and c.text.strip()]
    if len(first) < 2 or any(_AMOUNT.search(c.text) for c in first):
        return False
    return all(_heading_like(c, chars) for c in first)


def find_page_tables(
    page: PageContent,
    chars: list[dict[str, Any]],
    settings: dict[str, Any] | None = None,
    aligned_settings: dict[str, Any] | None = None,
) -> list[PageTable]:
    """The tables of one page, top to bottom, as cell grids with the text of ``chars``
    (the page's chars after glyph repair): ruled ones (pdfplumber, ``settings`` over
    ``DEFAULT_TABLE_SETTINGS``), then whitespace-aligned ones among the chars outside
    them (``aligned_settings`` over ``aligned_tables.DEFAULT_ALIGNED_TABLE_SETTINGS``)."""
    return tables_and_body(page, chars, settings, aligned_settings)[0]


def tables_and_body(
    page: PageContent,
    chars: list[dict[str, Any]],
    settings: dict[str, Any] | None = None,
    aligned_settings: dict[str, Any] | None = None,
) -> tuple[list[PageTable], list[list[dict[str, Any]]]]:
    """``find_page_tables``, and the chars outside every table grouped into lines
    (``group_lines``). The chars outside the ruled tables are grouped once, both to look
    for aligned tables in and, when none is found, as the page's body."""
    by_height = CharsByHeight(chars)
    found = _ruled_tables(page, by_height, {**DEFAULT_TABLE_SETTINGS, **(settings or {})})
    if found:
        outside = by_height.outside([t.bbox for t in found])
        outside_by_height = CharsByHeight(outside)
    else:
        outside, outside_by_height = chars, by_height
    outside_lines = group_lines(outside)
    aligned: list[PageTable] = []
    floor = float("-inf")
    for grid in aligned_grids_of_lines(outside_lines, aligned_settings):
        if grid.top < floor:
            continue
        table = _aligned_table(page, outside_by_height, grid)
        if table is not None:
            aligned.append(table)
            floor = grid.bottom
    body = (
        group_lines(outside_by_height.outside([t.bbox for t in aligned]))
        if aligned
        else outside_lines
    )
    return sorted(found + aligned, key=lambda t: t.bbox.top), body


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _row_texts(cells: list[Cell], rows: range) -> list[str]:
    return [c.text for c in sorted(cells, key=lambda c: (c.row, c.col)) if c.row in rows]


def _continues(prev: Table, prev_edges: list[float], nxt: PageTable, page_height: float) -> bool:
    if nxt.page != prev.pages[-1] + 1 or nxt.n_cols != prev.n_cols:
        return False
    if nxt.bbox.top > page_height * CONTINUATION_TOP_SHARE:
        return False
    if any(ln.text for ln in nxt.lines_above if "(ต่อ)" not in ln.text):
        return False
    return all(
        abs(a - b) <= 3 * EDGE_TOLERANCE for a, b in zip(prev_edges, nxt.col_edges, strict=True)
    )


def _repeated_rows(prev: Table, nxt: PageTable) -> int:
    """How many leading rows of the continuation repeat the table's first rows (a header
    row, or a row the document marked to repeat such as a เป้าหมาย row)."""
    count = 0
    while count < min(MAX_REPEATED_ROWS, nxt.n_rows - 1):
        rows = range(count, count + 1)
        texts = [_compact(t) for t in _row_texts(nxt.cells, rows)]
        first = [_compact(t) for t in _row_texts(prev.cells, rows)]
        # A repeated header may wrap or clip differently; compare text, allowing one to
        # be cut short of the other.
        same = len(texts) == len(first) and all(
            a.startswith(b) or b.startswith(a) for a, b in zip(texts, first, strict=True)
        )
        if not any(texts) or not same:
            break
        count += 1
    return count


def _split_row_continues(prev: Table, first_row: list[Cell], page_height: float) -> bool:
    """Whether the first row after a page break is the rest of the row the break split:
    the table ran to the foot of the previous page, and the new row leaves a cell empty
    where the row above it has text (a split row's short cells end before the break)."""
    last_page = prev.pages[-1]
    on_last = [c for c in prev.cells if c.page == last_page]
    if not on_last or not first_row:
        return False
    if max(c.bbox.bottom for c in on_last) < page_height * (1 - CONTINUATION_TOP_SHARE):
        return False
    last_row = max(c.row for c in on_last)
    above = {c.col: c for c in on_last if c.row <= last_row < c.row + c.row_span}
    return any(not c.text.strip() and above.get(c.col, c).text.strip() for c in first_row)


def _append_text(cell: Cell, more: str) -> Cell:
    return cell.model_copy(update={"text": "\n".join(t for t in (cell.text, more) if t.strip())})


def caption_of(lines_above: list[TextLine]) -> str:
    """The text printed right above a table, one printed line per text line: its last
    lines, back to the start of the paragraph the first of them is in."""
    if not lines_above:
        return ""
    starts = paragraph_starts(lines_above)
    first = max(0, len(lines_above) - CAPTION_LINES)
    floor = max(0, len(lines_above) - MAX_CAPTION_LINES)
    while first > floor and not starts[first]:
        first -= 1
    return "\n".join(ln.text for ln in lines_above[first:])


def join_tables(page_tables: list[PageTable], page_heights: dict[int, float]) -> list[Table]:
    """Join tables that run over page breaks: repeated header rows are dropped and a row
    split by the break is put back together (its cells keep the first part's box)."""
    tables: list[Table] = []
    edges: list[list[float]] = []
    for pt in page_tables:
        caption = caption_of(pt.lines_above)
        if tables and _continues(tables[-1], edges[-1], pt, page_heights[pt.page]):
            prev = tables[-1]
            skip = _repeated_rows(prev, pt)
            first_row = [c for c in pt.cells if c.row == skip]
            if _split_row_continues(prev, first_row, page_heights[prev.pages[-1]]):
                last_row = max(c.row for c in prev.cells)
                for more in first_row:
                    for i, cell in enumerate(prev.cells):
                        if cell.col == more.col and cell.row <= last_row < cell.row + cell.row_span:
                            prev.cells[i] = _append_text(cell, more.text)
                skip += 1
            offset = prev.n_rows - skip
            prev.cells.extend(
                c.model_copy(update={"row": c.row + offset}) for c in pt.cells if c.row >= skip
            )
            prev.n_rows += pt.n_rows - skip
            prev.pages.append(pt.page)
            continue
        tables.append(
            Table(
                table_id=f"t{len(tables) + 1}",
                pages=[pt.page],
                n_rows=pt.n_rows,
                n_cols=pt.n_cols,
                header_rows=pt.header_rows,
                caption=caption,
                cells=list(pt.cells),
            )
        )
        edges.append(pt.col_edges)
    return tables
