"""Document metadata from the first pages: title, type, agency, fiscal year, period, approval.

Decided from the document's own words (its title and opening text), not its identity.
"""

from __future__ import annotations

import re

from thaidoc.pipeline.layout import TextLine
from thaidoc.pipeline.sections import join_wrapped
from thaidoc.schemas import DocumentMeta
from thaidoc.thai.dates import find_fiscal_year, fiscal_year_period, parse_period
from thaidoc.thai.numbers import to_arabic_digits

# Titles that name a document type, most specific first.
DOC_TYPE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("performance_report", re.compile(r"รายงานผล(การดำเนินงาน|การปฏิบัติ|การดำเนินการ)")),
    ("action_plan", re.compile(r"แผนปฏิบัติ(การ|ราชการ)")),
]
AGENCY = re.compile(
    r"((?:สำนักงาน|กรม|กระทรวง|โรงพยาบาล|องค์การ|สถาบัน|มหาวิทยาลัย|กอง|ศูนย์|สำนัก)"
    r"[^\s()]*(?:\s*\((?:องค์การมหาชน|องค์กรมหาชน)\))?)"
)
# 'คณะกรรมการ… มีมติเห็นชอบ… ในการประชุมครั้งที่ 8/2566 เมื่อวันที่ 15 สิงหาคม 2566'
APPROVAL = re.compile(
    r"(?:ซึ่ง|คณะกรรมการ)[^\n]{0,160}?(?:มติ|ความ)เห็นชอบ[^\n]{0,240}?ครั้งที่\s*\d+/\d+"
    r"(?:\s*เมื่อ(?:วันที่)?\s*\d{1,2}\s*\S+\s*(?:พ\.ศ\.\s*)?\d{4})?"
)
TITLE_PAGES = 2
OPENING_LINES = 40


def title_lines(lines: list[TextLine]) -> list[TextLine]:
    """The largest text on the first page that has text: the cover title."""
    first_page = min((ln.page for ln in lines), default=1)
    cover = [ln for ln in lines if ln.page == first_page]
    if not cover:
        return []
    biggest = max(ln.size for ln in cover)
    return [ln for ln in cover if ln.size >= biggest - 1.5]


def classify(title: str, opening: str) -> str:
    for doc_type, pattern in DOC_TYPE_PATTERNS:
        if pattern.search(title):
            return doc_type
    for doc_type, pattern in DOC_TYPE_PATTERNS:
        if pattern.search(opening[:600]):
            return doc_type
    return "other"


def extract_metadata(meta: DocumentMeta, lines: list[TextLine]) -> DocumentMeta:
    """Fill the metadata fields that the document's opening states."""
    first_page = min((ln.page for ln in lines), default=1)
    opening_lines = [ln for ln in lines if ln.page < first_page + TITLE_PAGES]
    opening = "\n".join(ln.text for ln in opening_lines[:OPENING_LINES])
    titles = title_lines(lines)
    title = join_wrapped([ln.text for ln in titles]) if titles else ""
    doc_type = classify(title, opening)
    fiscal_year = find_fiscal_year(to_arabic_digits(title)) or find_fiscal_year(
        to_arabic_digits(opening)
    )
    period = parse_period(to_arabic_digits(title), fiscal_year) or parse_period(
        to_arabic_digits(opening), fiscal_year
    )
    if period is None and fiscal_year is not None:
        period = fiscal_year_period(fiscal_year)
    agency_m = AGENCY.search(title) or AGENCY.search(opening)
    approval_m = APPROVAL.search(to_arabic_digits(join_wrapped([ln.text for ln in opening_lines])))
    return meta.model_copy(
        update={
            "title": title,
            "doc_type": doc_type,
            "agency": agency_m.group(1) if agency_m else "",
            "fiscal_year": fiscal_year,
            "period_start": period[0] if period else None,
            "period_end": period[1] if period else None,
            "approval": approval_m.group(0).strip() if approval_m else "",
        }
    )
