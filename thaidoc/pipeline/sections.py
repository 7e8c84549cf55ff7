"""Stage 4, sections: body lines → a heading hierarchy (chapters, numbered sections,
ยุทธศาสตร์ที่ N, แผนงานที่ N, '(N) โครงการ…', sub-items, ภาคผนวก) with page ranges and text.

The heading rules are data (``data/headings.json``); this module holds the mechanism:
paragraph detection from geometry, rule matching, and nesting by level.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from thaidoc.pipeline.layout import TextLine
from thaidoc.schemas import BBox, Paragraph, Section
from thaidoc.thai.numbers import to_arabic_digits

# A dotted leader ('.....  12') marks a table-of-contents line, never a heading.
_TOC_LINE = re.compile(r"\.{4,}|…{2,}")
# A line that ends in a page number; a page full of them is a table of contents.
_ENDS_IN_PAGE_NO = re.compile(r"\S\s+\d{1,3}$")
_TOC_TITLE = re.compile(r"^สารบัญ")
TOC_MIN_LINES = 5
# An English name in parentheses ends a project title that runs into its first sentence.
_ENGLISH_PARENS = re.compile(r"\((?:[^()]|\([^()]*\))*[A-Za-z](?:[^()]|\([^()]*\))*\)")
_THAI = re.compile(r"[\u0e01-\u0e4e]")  # Thai letters and marks, not Thai digits
_NUMBER_PART = re.compile(r"[\d,.]")  # a number wrapped in a narrow column: '1,500,' / '000'
MAX_TITLE_CHARS = 240
# A line further below the previous one than this many usual line pitches starts a paragraph.
PARAGRAPH_GAP = 1.35
# Headings whose first line runs on into the body text ('(1) โครงการ… สำนักงานฯ ได้…').
RUN_IN_KINDS = frozenset({"project", "item"})


@dataclass(frozen=True)
class HeadingRule:
    kind: str
    level: int
    pattern: re.Pattern[str]
    needs: tuple[str, ...]


@lru_cache(maxsize=1)
def heading_rules() -> tuple[HeadingRule, ...]:
    data = json.loads(
        resources.files("thaidoc.pipeline").joinpath("data/headings.json").read_text("utf-8")
    )
    return tuple(
        HeadingRule(r["kind"], r["level"], re.compile(r["pattern"]), tuple(r["needs"]))
        for r in data["rules"]
    )


def join_wrapped(parts: list[str]) -> str:
    """Join printed lines of one paragraph: Thai wraps between words without a space."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        last = out[-1] if out else " "
        thai_wrap = _THAI.match(last) and _THAI.match(part[0])
        number_wrap = _NUMBER_PART.match(last) and _NUMBER_PART.match(part[0])
        if out and not (thai_wrap or number_wrap):
            out += " "
        out += part
    return out


def body_size(lines: list[TextLine]) -> float:
    sizes = Counter(round(ln.size) for ln in lines)
    return float(sizes.most_common(1)[0][0]) if sizes else 0.0


def paragraph_starts(lines: list[TextLine]) -> list[bool]:
    """Whether each line begins a paragraph: indented, after a gap wider than the page's
    usual line pitch, or after a line that stops short of the right margin."""
    margins: dict[int, float] = {}
    rights: dict[int, float] = {}
    pitches: dict[int, float] = {}
    for page in {ln.page for ln in lines}:
        on_page = [ln for ln in lines if ln.page == page]
        margins[page] = Counter(round(ln.bbox.x0) for ln in on_page).most_common(1)[0][0]
        rights[page] = max(ln.bbox.x1 for ln in on_page)
        steps = sorted(b.bbox.top - a.bbox.top for a, b in itertools.pairwise(on_page))
        steps = [d for d in steps if d > 0]
        pitches[page] = steps[len(steps) // 2] if steps else 0.0
    starts = []
    prev: TextLine | None = None
    for ln in lines:
        if prev is None or prev.page != ln.page:
            starts.append(True)
        else:
            indented = ln.bbox.x0 > margins[ln.page] + 0.8 * ln.size
            gap = ln.bbox.top - prev.bbox.top > PARAGRAPH_GAP * pitches[ln.page]
            after_short = prev.bbox.x1 < rights[ln.page] - 4 * ln.size
            starts.append(indented or gap or after_short)
        prev = ln
    return starts


def _title_of(kind: str, first: str, following: list[TextLine]) -> str:
    """A heading's title; project titles end at their English name or first line."""
    if kind != "project":
        return first
    text = join_wrapped([first, *(ln.text for ln in following[:2])])
    m = _ENGLISH_PARENS.search(text)
    if m and m.end() <= len(first) + 160:
        return text[: m.end()]
    return first


def contents_pages(lines: list[TextLine]) -> set[int]:
    """Pages that are a table of contents: titled สารบัญ or full of page-numbered lines."""
    pages = set()
    for page in {ln.page for ln in lines}:
        texts = [to_arabic_digits(ln.text) for ln in lines if ln.page == page]
        numbered = sum(bool(_ENDS_IN_PAGE_NO.search(t) or _TOC_LINE.search(t)) for t in texts)
        titled = any(_TOC_TITLE.match(t) for t in texts)
        if (titled and numbered >= 2) or numbered >= max(TOC_MIN_LINES, len(texts) // 2):
            pages.add(page)
    return pages


def match_heading(
    line: TextLine, starts_paragraph: bool, emphasis: bool, open_kinds: set[str]
) -> tuple[HeadingRule, dict[str, Any]] | None:
    text = to_arabic_digits(line.text)
    if _TOC_LINE.search(text):
        return None
    for rule in heading_rules():
        m = rule.pattern.match(text)
        if not m:
            continue
        ok = True
        for need in rule.needs:
            if need == "emphasis":
                ok &= emphasis
            elif need == "paragraph_start":
                ok &= starts_paragraph
            elif need == "emphasis_or_paragraph_start":
                ok &= emphasis or starts_paragraph
            elif need.startswith("parent:"):
                ok &= need.split(":", 1)[1] in open_kinds
        if ok:
            return rule, m.groupdict()
    return None


def find_sections(lines: list[TextLine]) -> tuple[list[Section], list[Paragraph]]:
    """Headings in reading order, nested by level, each with its page range and text,
    and the body paragraphs, each tied to the section it stands in."""
    if not lines:
        return [], []
    size = body_size(lines)
    starts = paragraph_starts(lines)
    contents = contents_pages(lines)
    sections: list[Section] = []
    groups: list[tuple[str | None, list[TextLine]]] = []  # (section_id, lines) per paragraph
    stack: list[Section] = []
    counts: Counter[str] = Counter()
    after_closed_heading = False
    for i, line in enumerate(lines):
        emphasis = line.bold or line.size >= size + 1.5
        found = None
        if line.page not in contents:
            found = match_heading(line, starts[i], emphasis, {s.kind for s in stack})
        if found:
            rule, groups_found = found
            while stack and stack[-1].level >= rule.level:
                stack.pop()
            counts[rule.kind] += 1
            title = _title_of(rule.kind, line.text, lines[i + 1 :])
            section = Section(
                section_id=f"{rule.kind}-{counts[rule.kind]}",
                parent_id=stack[-1].section_id if stack else None,
                level=rule.level,
                kind=rule.kind,
                number=(groups_found.get("number") or "").strip(),
                title=title[:MAX_TITLE_CHARS].strip(),
                page_start=line.page,
                page_end=line.page,
                bbox=line.bbox,
            )
            sections.append(section)
            stack.append(section)
            groups.append((section.section_id, [line]))
            # A project or item heading runs into its first sentence; other headings end.
            after_closed_heading = rule.kind not in RUN_IN_KINDS
            continue
        for open_section in stack:
            open_section.page_end = line.page
        current = stack[-1].section_id if stack else None
        if starts[i] or after_closed_heading or not groups or groups[-1][0] != current:
            groups.append((current, [line]))
        else:
            groups[-1][1].append(line)
        after_closed_heading = False
    paragraphs = [
        Paragraph(
            section_id=section_id,
            text=join_wrapped([ln.text for ln in group]),
            page=group[0].page,
            bbox=BBox.around([ln.bbox for ln in group]),
        )
        for section_id, group in groups
    ]
    texts: dict[str, list[str]] = {}
    for paragraph in paragraphs:
        if paragraph.section_id is not None:
            texts.setdefault(paragraph.section_id, []).append(paragraph.text)
    for section in sections:
        section.text = "\n".join(texts.get(section.section_id, []))
    return sections, paragraphs
