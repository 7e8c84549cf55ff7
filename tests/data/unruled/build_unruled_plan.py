"""Build ``unruled_plan_2569.pdf``: one page of a fictional agency's FY2569 plan whose
project table has no ruling lines, its columns set by tab stops (ลำดับ | โครงการ |
งบประมาณ (บาท) | ตัวชี้วัด | ค่าเป้าหมาย, with full-width 'ยุทธศาสตร์ที่ N' rows and a
total row). Above it: a justified paragraph, a numbered list and labelled values set
with tabs too, which must stay body text.

Run: ``python tests/data/unruled/build_unruled_plan.py`` (needs python-docx, Pillow,
LibreOffice and fonts-thai-tlwg). Each column is as wide as its widest line plus a gap
and the table must fit the text width, so LibreOffice never wraps a line or pushes text
past a tab stop.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from PIL import ImageFont

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "samples"))
from build_samples import set_run_font  # noqa: E402  (the samples' Thai run fonts)

FONT_FILES = {False: "Laksaman.ttf", True: "Laksaman-Bold.ttf"}
FONT_DIR = Path("/usr/share/fonts/truetype/tlwg")
BODY_PT = 16
TABLE_PT = 13
TABLE_PITCH = 17  # points from one table line to the next, as tight as such tables are set
TEXT_WIDTH_CM = 17.0  # A4 with 2 cm margins
GAP_CM = 0.75  # white space between a column's widest line and the next column

# Each row: (bold, cells); a cell is its printed lines. A row of one str is full-width.
HEADER: list[list[str]] = [["ลำดับ"], ["โครงการ"], ["งบประมาณ", "(บาท)"], ["ตัวชี้วัด"], ["ค่าเป้าหมาย"]]
ROWS: list[str | list[list[str]]] = [
    "ยุทธศาสตร์ที่ 1 พัฒนาข้อมูลเปิดของชุมชน",
    [
        ["1"],
        ["โครงการพัฒนาระบบ", "ข้อมูลเปิดชุมชน"],
        ["1,250,000"],
        ["จำนวนชุดข้อมูล", "ที่เปิดเผย"],
        ["120 ชุดข้อมูล"],
    ],
    [
        ["2"],
        ["โครงการอบรม", "นักวิเคราะห์ข้อมูล", "ท้องถิ่นรุ่นใหม่"],
        ["480,000"],
        ["จำนวนผู้ผ่าน", "การอบรม"],
        ["ไม่น้อยกว่า", "300 คน"],
    ],
    [
        ["3"],
        ["โครงการสำรวจ", "ความพึงพอใจ", "ผู้ใช้บริการ"],
        ["95,500"],
        ["ร้อยละความ", "พึงพอใจของ", "ผู้ใช้บริการ"],
        ["ร้อยละ 85"],
    ],
    "ยุทธศาสตร์ที่ 2 เชื่อมโยงข้อมูลระหว่างหน่วยงาน",
    [
        ["4"],
        ["โครงการเชื่อมโยง", "ข้อมูลระหว่าง", "หน่วยงาน"],
        ["จะมีการจัดสรร", "ต่อไป"],
        ["จำนวนหน่วยงาน", "ที่เชื่อมโยงข้อมูล"],
        ["อย่างน้อย 3", "หน่วยงาน"],
    ],
    [
        ["5"],
        ["โครงการขยาย", "เครือข่าย", "อินเทอร์เน็ตตำบล"],
        ["1,500,000"],
        ["จำนวนจุดติดตั้ง", "เครือข่าย"],
        ["2,400", "จุดติดตั้ง"],
    ],
    [["รวม"], [], ["3,325,500"], [], []],
]
# The regular font's first words hold a plain า before any ำ: LibreOffice maps a glyph
# to the text of its first use, and ำ is drawn with the glyph of า, so the other way
# round every later า of the font would come out as an unmapped (cid:3).
PARAGRAPH = (
    "ตามที่สำนักงานส่งเสริมข้อมูลชุมชนจัดทำแผนปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2569 "
    "เพื่อใช้เป็นกรอบในการดำเนินงาน ของทุกกลุ่มงาน ให้สอดคล้องกับ ยุทธศาสตร์ชาติ "
    "และแผนพัฒนาดิจิทัล เพื่อเศรษฐกิจและสังคม โดยเน้น การเปิดเผยข้อมูล การเชื่อมโยงข้อมูล "
    "และการพัฒนาบุคลากร ของหน่วยงาน ในระดับพื้นที่ อย่างต่อเนื่อง"
)
NUMBERED = [
    "1.\tพัฒนาระบบข้อมูลเปิดของชุมชนให้ใช้งานได้จริง",
    "2.\tพัฒนาบุคลากรด้านการวิเคราะห์ข้อมูล",
    "3.\tเชื่อมโยงข้อมูลระหว่างหน่วยงานในพื้นที่",
]
LABELLED = [
    "ตัวชี้วัด\tร้อยละของหน่วยงานที่ใช้ข้อมูลเปิด",
    "ค่าเป้าหมาย\tร้อยละ 80",
    "งบประมาณ\t500,000 บาท",
]


def width_cm(text: str, bold: bool, size: float = TABLE_PT) -> float:
    font = ImageFont.truetype(str(FONT_DIR / FONT_FILES[bold]), 1000)
    return font.getlength(text) / 1000 * size / 72 * 2.54


def paragraph(doc: Any, text: str, size: float = BODY_PT, bold: bool = False, **fmt: Any) -> Any:
    p = doc.add_paragraph()
    pf = p.paragraph_format
    pf.space_before, pf.space_after = Pt(0), Pt(fmt.get("after", 0))
    pf.line_spacing = Pt(fmt.get("pitch", 1.4 * size))
    if "align" in fmt:
        p.alignment = fmt["align"]
    for attr in ("first_line_indent", "left_indent"):
        if attr in fmt:
            setattr(pf, attr, fmt[attr])
    for stop in fmt.get("tabs", []):
        pf.tab_stops.add_tab_stop(stop)
    set_run_font(p.add_run(text), size, bold)
    return p


def column_widths() -> list[float]:
    """Each column's widest line plus the gap; the last column takes the rest."""
    rows = [(True, HEADER)] + [(False, r) for r in ROWS if not isinstance(r, str)]
    widths = [
        max(width_cm(line, bold) for bold, row in rows for line in row[col]) + GAP_CM
        for col in range(len(HEADER))
    ]
    if sum(widths) > TEXT_WIDTH_CM:
        sys.exit(f"the table needs {sum(widths):.1f} cm, the page has {TEXT_WIDTH_CM}")
    return widths[:-1]


def table_lines(cells: list[list[str]]) -> list[str]:
    """The printed lines of one row: each column's n-th line, joined by tabs."""
    height = max(len(lines) for lines in cells)
    return ["\t".join(lines[n] if n < len(lines) else "" for lines in cells) for n in range(height)]


def build_docx(path: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm((21 - TEXT_WIDTH_CM) / 2)
    section.top_margin = section.bottom_margin = Cm(1.5)
    center = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(doc, "แผนปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2569", 18, True, align=center)
    paragraph(doc, "สำนักงานส่งเสริมข้อมูลชุมชน (หน่วยงานสมมุติ)", BODY_PT, True, align=center, after=6)
    paragraph(doc, PARAGRAPH, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_indent=Cm(1.25), after=4)
    paragraph(doc, "วัตถุประสงค์ของแผน", bold=True)
    for item in NUMBERED:
        last = item == NUMBERED[-1]
        indent = {"left_indent": Cm(1.0), "first_line_indent": Cm(-1.0)}
        paragraph(doc, item, tabs=[Cm(1.0)], after=4 if last else 0, **indent)
    paragraph(doc, "ตัวชี้วัดของแผนในภาพรวม", bold=True)
    for item in LABELLED:
        paragraph(doc, item, tabs=[Cm(3.5)], after=4 if item == LABELLED[-1] else 0)
    paragraph(doc, "ตารางที่ 1 โครงการตามแผนปฏิบัติราชการ", bold=True, after=4)
    stops, x = [], 0.0
    for col_width in column_widths():
        x += col_width
        stops.append(Cm(x))
    for row_bold, row in [(True, HEADER), *((isinstance(r, str), r) for r in ROWS)]:
        lines = [row] if isinstance(row, str) else table_lines(row)
        for n, line in enumerate(lines):
            last = n == len(lines) - 1
            paragraph(
                doc, line, TABLE_PT, row_bold, tabs=stops, pitch=TABLE_PITCH, after=3 if last else 0
            )
    paragraph(doc, "หมายเหตุ งบประมาณตามที่ได้รับจัดสรรจริง", TABLE_PT)
    doc.save(str(path))


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice is needed")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        docx_path = out / "unruled_plan_2569.docx"
        build_docx(docx_path)
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(out / 'lo-profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                str(docx_path),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        shutil.copy(out / "unruled_plan_2569.pdf", HERE / "unruled_plan_2569.pdf")


if __name__ == "__main__":
    main()
