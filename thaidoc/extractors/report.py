"""Performance-report narrative → projects and their reported results.

A report is a hierarchy of headings (ยุทธศาสตร์ที่ N → แผนงานที่ N → '(N) โครงการ…' →
'1)', '2)' items, found by the sections stage) with paragraphs full of figures. The
figures are found by the spaCy Thai entity pipeline (``thaidoc.nlp``), which knows a
result ('81,768 ครั้ง') from a year, a date, a list marker or a law number.
"""

from __future__ import annotations

import re

from thaidoc.extractors import ExtractedRecords
from thaidoc.nlp import find_results
from thaidoc.schemas import Document, Indicator, Project, Result, Section

# The report's own verdict on the whole plan ('ความสำเร็จตามแผนฯ เท่ากับร้อยละ 92').
SUCCESS_RATE = re.compile(
    r"ความสำเร็จ(?:ตามแผน|ของแผน|ในการดำเนินงานตามแผน)(?:งาน|ปฏิบัติการ)?ฯ?\s*(?:เท่ากับ|คิดเป็น)?\s*"
)


_LIST_MARKER = re.compile(r"^\(\S{1,3}\)\s*")


def _ancestor_number(section: Section, by_id: dict[str, Section], kind: str) -> int | None:
    parent = section.parent_id
    while parent is not None:
        node = by_id[parent]
        if node.kind == kind and node.number.isdigit():
            return int(node.number)
        parent = node.parent_id
    return None


def _owning_project(section_id: str | None, by_id: dict[str, Section]) -> Section | None:
    while section_id is not None:
        node = by_id[section_id]
        if node.kind == "project":
            return node
        section_id = node.parent_id
    return None


def report_records(doc: Document) -> ExtractedRecords:
    """Projects from the heading hierarchy and results from their paragraphs."""
    records = ExtractedRecords()
    if doc.meta.doc_type != "performance_report":
        return records
    by_id = {s.section_id: s for s in doc.sections}
    known = {p.project_no for p in doc.projects}
    for section in doc.sections:
        if section.kind != "project" or not section.number.isdigit():
            continue
        number = int(section.number)
        if number in known:
            continue
        known.add(number)
        records.projects.append(
            Project(
                project_no=number,
                name=_LIST_MARKER.sub("", section.title),
                strategy_no=_ancestor_number(section, by_id, "strategy"),
                plan_no=_ancestor_number(section, by_id, "plan"),
                page=section.page_start,
                bbox=section.bbox,
            )
        )
    for paragraph in doc.paragraphs:
        project = _owning_project(paragraph.section_id, by_id)
        mentions = find_results(paragraph.text)
        success = SUCCESS_RATE.search(paragraph.text)
        for mention in mentions:
            is_success_rate = (
                project is None
                and success is not None
                and mention.unit == "%"
                and 0 <= mention.start - success.end() <= 20
            )
            if project is None and not is_success_rate:
                continue
            if is_success_rate:
                records.indicators.append(
                    Indicator(
                        indicator_id="doc-success-rate",
                        scope="document",
                        name=paragraph.text[success.start() : mention.end].strip(),  # type: ignore[union-attr]
                        unit="%",
                        page=paragraph.page,
                        bbox=paragraph.bbox,
                    )
                )
            records.results.append(
                Result(
                    project_no=int(project.number) if project is not None else None,
                    value=float(mention.value),
                    unit=mention.unit,
                    text=mention.sentence,
                    page=paragraph.page,
                    bbox=paragraph.bbox,
                )
            )
    return records
