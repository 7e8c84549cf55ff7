"""Geometry stages on small hand-made inputs: lines, running headers, grids, joins."""

from thaidoc.pipeline.layout import (
    CharsByHeight,
    TextLine,
    drop_running_lines,
    group_lines,
    lines_from_chars,
)
from thaidoc.pipeline.tables import PageTable, caption_of, grid_from_boxes, join_tables
from thaidoc.schemas import BBox, Cell
from thaidoc.thai.repair import repair_chars


def char(text: str, x0: float, top: float, width: float = 5.0, size: float = 16.0, i: int = 0):
    return {
        "text": text,
        "x0": x0,
        "x1": x0 + width,
        "top": top,
        "bottom": top + size,
        "size": size,
        "fontname": "Laksaman",
        "upright": True,
        "_stream_index": i,
    }


def test_marks_stay_after_their_base_even_when_their_box_sits_at_its_right_edge():
    # 'ที่': ท, then ี and ่ as zero-width glyphs placed at the right edge of ท.
    chars = [char("ท", 10, 100, i=0), char("ี", 15, 100, 0, i=1), char("่", 15, 100, 0, i=2)]
    chars.append(char("น", 15, 100, i=3))
    (line,) = group_lines(chars)
    assert "".join(c["text"] for c in line) == "ที่น"


def test_chars_on_two_baselines_make_two_lines_top_to_bottom():
    chars = [char("ข", 10, 130, i=0), char("ก", 10, 100, i=1)]
    assert [[c["text"] for c in ln] for ln in group_lines(chars)] == [["ก"], ["ข"]]


def test_a_wide_gap_becomes_one_space_and_a_lost_sara_am_is_restored():
    # As in TH Sarabun PDFs: ำ's nikhahit comes out as a zero-width space before 'า'.
    chars = [char("ส", 10, 100, i=0), char(" ", 15, 100, 0, i=1), char("า", 15, 100, i=2)]
    chars.append(char("น", 30, 100, i=3))  # a 10 pt gap: a real word gap
    repaired, _ = repair_chars(chars, page=1)  # the glyph stage reads the blank as ำ
    (line,) = lines_from_chars(repaired, page=1)
    assert line.text == "สำ น"


def test_chars_outside_boxes_keep_their_order_and_a_centre_on_an_edge_is_inside():
    chars = [char("ค", 50, 100, i=0), char("ก", 10, 100, i=1), char("ข", 30, 140, i=2)]
    chars.append(char("ง", 10, 200, i=3))
    by_height = CharsByHeight(chars)
    # ก's centre (12.5, 108) lies on the padded left edge of the first box
    boxes = [BBox(x0=13.5, top=90, x1=40, bottom=130), BBox(x0=0, top=190, x1=5, bottom=230)]
    assert [c["text"] for c in by_height.within(boxes[0])] == ["ก"]
    assert [c["text"] for c in by_height.outside(boxes)] == ["ค", "ข", "ง"]
    assert by_height.outside([]) == chars


def line(text: str, page: int, top: float) -> TextLine:
    return TextLine(
        text=text,
        page=page,
        bbox=BBox(x0=50, top=top, x1=300, bottom=top + 16),
        size=16,
        bold=False,
    )


def test_running_header_and_page_numbers_are_dropped_body_kept():
    pages = [
        [line("แผนปฏิบัติการ ๒๕๖๗", p, 20), line("เนื้อหา", p, 300), line(str(p), p, 800)]
        for p in range(1, 6)
    ]
    kept = drop_running_lines(pages, [842.0] * 5)
    assert [[ln.text for ln in pg] for pg in kept] == [["เนื้อหา"]] * 5


def test_merged_cells_become_spans_from_geometry():
    # A 2x3 grid whose first row is one cell across all three columns.
    boxes = [(0, 0, 300, 20), (0, 20, 100, 40), (100, 20, 200, 40), (200, 20, 300, 40)]
    xs, ys, placed = grid_from_boxes(boxes)
    assert len(xs) == 4 and len(ys) == 3
    assert [(r, c, rs, cs) for r, c, rs, cs, _ in placed] == [
        (0, 0, 1, 3),
        (1, 0, 1, 1),
        (1, 1, 1, 1),
        (1, 2, 1, 1),
    ]


def page_table(page: int, top: float, rows: list[list[str]], header_rows: int = 1) -> PageTable:
    cells = [
        Cell(
            row=r,
            col=c,
            text=text,
            page=page,
            bbox=BBox(x0=100 * c, top=top + 20 * r, x1=100 * (c + 1), bottom=top + 20 * (r + 1)),
        )
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    ]
    return PageTable(
        page=page,
        bbox=BBox(x0=0, top=top, x1=100 * len(rows[0]), bottom=top + 20 * len(rows)),
        n_rows=len(rows),
        n_cols=len(rows[0]),
        col_edges=[100.0 * i for i in range(len(rows[0]) + 1)],
        cells=cells,
        header_rows=header_rows,
    )


def test_table_continued_on_next_page_is_joined_and_its_repeated_header_dropped():
    first = page_table(1, 500, [["โครงการ", "งบประมาณ"], ["ก", "1"], ["ข", "2"]])
    second = page_table(2, 60, [["โครงการ", "งบประมาณ"], ["ค", "3"]])
    (table,) = join_tables([first, second], {1: 842.0, 2: 842.0})
    assert table.pages == [1, 2]
    assert table.n_rows == 4
    assert [c.text for c in table.cells if c.col == 0] == ["โครงการ", "ก", "ข", "ค"]
    assert [c.page for c in table.cells if c.col == 0] == [1, 1, 1, 2]


def test_table_lower_on_the_next_page_is_a_new_table():
    first = page_table(1, 500, [["โครงการ", "งบประมาณ"], ["ก", "1"]])
    second = page_table(2, 400, [["โครงการ", "งบประมาณ"], ["ค", "3"]])
    assert len(join_tables([first, second], {1: 842.0, 2: 842.0})) == 2


def test_caption_reaches_back_to_the_start_of_the_paragraph_above_the_table():
    # 'ตัวชี้วัดที่ 3.1 …' (indented) and eight wrapped lines of its definition: more than
    # the six caption lines, so the caption goes back to where the paragraph starts.
    heading = line("ตัวชี้วัดที่ 3.1 ชื่อตัวชี้วัด", 1, 100)
    heading.bbox = BBox(x0=90, top=100, x1=300, bottom=116)
    body = [line(f"บรรทัดที่ {n}", 1, 100 + 20 * n) for n in range(1, 9)]
    assert caption_of([line("ย่อหน้าก่อน", 1, 80), heading, *body]).split("\n") == [
        heading.text,
        *(ln.text for ln in body),
    ]
    # Six lines or fewer above the table are all of the caption.
    assert caption_of(body[2:]).split("\n") == [ln.text for ln in body[2:]]
