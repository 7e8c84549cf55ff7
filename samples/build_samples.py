"""Rebuild the sample PDFs: ``python samples/build_samples.py``.

Each ``samples/src/<stem>.md`` (a small markup, below) is rendered as the agencies'
Word documents look (A4, Laksaman — the TH Sarabun New clone from fonts-thai-tlwg —
headings, running header, page numbers) with python-docx, then converted to
``samples/<stem>.pdf`` by LibreOffice headless. Tables come from ``<stem>_tables.py``
(a module with ``TABLES: dict[str, dict]``).

Markup, one paragraph per line:
  %header TEXT   running header on every page but the first
  %cover TEXT    a cover line (centred, large, bold)
  %pagebreak     a page break
  # TEXT         chapter heading        ## TEXT  section heading    ### TEXT  sub-heading
  - TEXT         bullet item            %table NAME  insert TABLES[NAME]
  anything else  a body paragraph (justified, first line indented)

A table is {"col_widths_cm": [...], "header_rows": n, "font_pt": 14,
"rows": [[cell, ...], ...]} where a cell is a string or {"text": str, "colspan": n,
"rowspan": n, "bold": bool, "align": "center"}; '\\n' in a text starts a new paragraph in
the cell; a None cell is covered by a span from the left or above. Header rows repeat
after a page break.

Needs: pip install python-docx; apt-get install fonts-thai-tlwg libreoffice-writer-nogui.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
FONT = "Laksaman"
BODY_PT = 16


def set_run_font(run: Any, size: float, bold: bool = False) -> None:
    """Thai is a complex script: set the cs font and size too, or it falls back to 11 pt."""
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(int(size * 2)))
    rpr.append(size_cs)
    if bold:
        rpr.append(OxmlElement("w:bCs"))
    lang = OxmlElement("w:lang")
    lang.set(qn("w:bidi"), "th-TH")
    rpr.append(lang)


def add_text(paragraph: Any, text: str, size: float = BODY_PT, bold: bool = False) -> None:
    set_run_font(paragraph.add_run(text), size, bold)


def add_page_number(paragraph: Any) -> None:
    run = paragraph.add_run()
    set_run_font(run, BODY_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)


def new_document(header: str) -> Any:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.different_first_page_header_footer = True
    if header:
        head = section.header.paragraphs[0]
        head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        add_text(head, header, 14)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_number(foot)
    return doc


def mark_header_row(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    trpr.append(element)


def fill_cell(cell: Any, spec: str | dict[str, Any], font_pt: float) -> None:
    spec = {"text": spec} if isinstance(spec, str) else spec
    lines = spec.get("text", "").split("\n")
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        paragraph = first if i == 0 else cell.add_paragraph()
        if spec.get("align") == "center":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        add_text(paragraph, line, font_pt, bool(spec.get("bold")))


def add_table(doc: Any, spec: dict[str, Any]) -> None:
    rows = spec["rows"]
    n_cols = len(spec["col_widths_cm"])
    table = doc.add_table(rows=len(rows), cols=n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, spec["col_widths_cm"], strict=True):
        column.width = Cm(width)  # LibreOffice reads the grid widths, not the cells'

    font_pt = spec.get("font_pt", 14)
    for r, row in enumerate(rows):
        if r < spec.get("header_rows", 0):
            mark_header_row(table.rows[r])
        for c, width in enumerate(spec["col_widths_cm"]):
            table.cell(r, c).width = Cm(width)
        c = 0
        for cell_spec in row:
            if cell_spec is None:
                c += 1
                continue
            colspan = cell_spec.get("colspan", 1) if isinstance(cell_spec, dict) else 1
            rowspan = cell_spec.get("rowspan", 1) if isinstance(cell_spec, dict) else 1
            cell = table.cell(r, c)
            if colspan > 1 or rowspan > 1:
                cell = cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
            fill_cell(cell, cell_spec, font_pt)
            c += colspan
    doc.add_paragraph()


def render(markup: Path, tables: dict[str, dict[str, Any]]) -> Any:
    lines = markup.read_text("utf-8").splitlines()
    header = next((ln[len("%header ") :] for ln in lines if ln.startswith("%header ")), "")
    doc = new_document(header)
    for line in lines:
        if not line.strip() or line.startswith("%header "):
            continue
        if line.startswith("%cover "):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_text(p, line[len("%cover ") :], 24, bold=True)
        elif line == "%pagebreak":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif line.startswith("%table "):
            add_table(doc, tables[line.split(maxsplit=1)[1]])
        elif line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            p = doc.add_paragraph()
            if level == 1:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_before = Pt(6)
            p.paragraph_format.keep_with_next = True
            add_text(p, line[level:].strip(), {1: 20, 2: 18, 3: 16}[min(level, 3)], bold=True)
        elif line.startswith("- "):
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = Cm(1.5)
            p.paragraph_format.first_line_indent = Cm(-0.5)
            add_text(p, "• " + line[2:])
        else:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Cm(1.25)
            p.paragraph_format.space_after = Pt(0)
            add_text(p, line)
    return doc


def load_tables(stem: str) -> dict[str, dict[str, Any]]:
    path = HERE / "src" / f"{stem}_tables.py"
    if not path.exists():
        return {}
    sys.path.insert(0, str(path.parent))  # a tables module may build on another's
    spec = importlib.util.spec_from_file_location(f"{stem}_tables", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.TABLES)


def to_pdf(docx_path: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice is needed: apt-get install libreoffice-writer-nogui")
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out_dir), str(docx_path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out_dir / (docx_path.stem + ".pdf")


def main() -> None:
    sources = sorted((HERE / "src").glob("*.md"))
    with tempfile.TemporaryDirectory() as tmp:
        for markup in sources:
            docx_path = Path(tmp) / f"{markup.stem}.docx"
            render(markup, load_tables(markup.stem)).save(str(docx_path))
            pdf = to_pdf(docx_path, Path(tmp))
            shutil.move(str(pdf), HERE / pdf.name)
            print(f"built samples/{pdf.name}")


if __name__ == "__main__":
    main()
