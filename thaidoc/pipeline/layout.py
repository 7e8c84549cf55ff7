"""Stage 3, layout: repaired chars → text lines with boxes; running headers and footers dropped.

Lines are found from geometry: chars are clustered by their vertical middle, Thai marks
follow the base glyph they were written after (so a mark whose box sits at the right
edge of its base never jumps ahead of it), and each line's text goes through the one
Thai repair (``thaidoc.thai.repair``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any

from thaidoc.pipeline.read import Witness
from thaidoc.schemas import BBox
from thaidoc.thai.repair import choose_reading, is_mark, join_chars, repair_thai_line

Char = dict[str, Any]

DEFAULT_LAYOUT_SETTINGS: dict[str, float] = {
    # Two chars share a line when their vertical middles differ by less than this
    # fraction of the font size.
    "line_tolerance": 0.45,
    # A line is a running header/footer when it lies in this top/bottom share of the page...
    "margin_share": 0.09,
    # ...and the same text (digits ignored) recurs on at least this share of the pages.
    "recurring_share": 0.3,
}


@dataclass
class TextLine:
    text: str
    page: int
    bbox: BBox
    size: float  # the dominant font size
    bold: bool
    ocr: bool = False  # read by OCR from a page without a text layer


_X0, _TOP, _X1, _BOTTOM = (itemgetter(k) for k in ("x0", "top", "x1", "bottom"))
_BOLD_FONT = re.compile(r"bold|black|heavy|,B\b|-B\b", re.IGNORECASE)


@lru_cache(maxsize=1024)  # a page has a few fonts and thousands of glyphs
def is_bold(fontname: str) -> bool:
    return bool(_BOLD_FONT.search(fontname))


def _anchor_marks(chars: list[Char]) -> list[tuple[float, int, Char]]:
    """Sort keys that keep each mark right after the base glyph it was written after."""
    keyed: list[tuple[float, int, Char]] = []
    base_x = None
    for order, c in enumerate(chars):
        if is_mark(c["text"][:1]) and base_x is not None:
            keyed.append((base_x, order, c))
        else:
            base_x = c["x0"]
            keyed.append((c["x0"], order, c))
    return keyed


def group_lines(chars: list[Char], settings: dict[str, float] | None = None) -> list[list[Char]]:
    """Cluster chars into lines (top to bottom), each in reading order (left to right)."""
    cfg = {**DEFAULT_LAYOUT_SETTINGS, **(settings or {})}
    line_tolerance = cfg["line_tolerance"]
    upright = [c for c in chars if c.get("upright", True)]
    # (middle, position, char): sorts as a stable sort by middle, the char never compared
    by_middle = sorted([((c["top"] + c["bottom"]) / 2, i, c) for i, c in enumerate(upright)])
    lines: list[list[Char]] = []
    line_middle = 0.0
    for middle, _, c in by_middle:
        if lines and abs(middle - line_middle) <= line_tolerance * float(c.get("size") or 10):
            lines[-1].append(c)
        else:
            lines.append([c])
            line_middle = middle
    ordered = []
    for line in lines:
        # Restore stream order first (it is the logical order in Word/LibreOffice PDFs),
        # then sort visually with marks anchored to their base.
        line.sort(key=_stream_index)
        ordered.append([c for _, _, c in sorted(_anchor_marks(line))])  # chars never compared
    return ordered


def _stream_index(c: Char) -> int:
    return c.get("_stream_index", 0)


def make_line(chars: list[Char], page: int, witness: Witness | None = None) -> TextLine | None:
    text = repair_thai_line(join_chars(chars), marks_placed=True).strip()
    if not text:
        return None
    inked = [c for c in chars if c["text"].strip()]
    visible = inked or chars
    box = BBox(
        x0=min(map(_X0, visible)),
        top=min(map(_TOP, visible)),
        x1=max(map(_X1, visible)),
        bottom=max(map(_BOTTOM, visible)),
    )
    if witness is not None and witness.chars:
        text = choose_reading(text, witness.text_in(box))
    # Counted per (size, font) first: a line has a few of those and many glyphs.
    styles = Counter((c.get("size") or 0, c.get("fontname", "")) for c in inked)
    sizes: Counter[float] = Counter()  # keys in order of first use, as counted glyph by glyph
    bolds = 0
    for (size, fontname), n in styles.items():
        sizes[round(float(size), 1)] += n
        bolds += n if is_bold(fontname) else 0
    return TextLine(
        text=text,
        page=page,
        bbox=box,
        size=sizes.most_common(1)[0][0] if sizes else 0.0,
        bold=bolds * 2 > len(visible),
    )


def lines_from_chars(
    chars: list[Char], page: int, witness: Witness | None = None
) -> list[TextLine]:
    """Text lines of a set of chars (a page, or the inside of one table cell), each read
    from its glyphs and checked against pypdfium2's reading of the same place."""
    return lines_from_groups(group_lines(chars), page, witness)


def lines_from_groups(
    groups: list[list[Char]], page: int, witness: Witness | None = None
) -> list[TextLine]:
    """``lines_from_chars`` of chars already grouped into lines (``group_lines``)."""
    return [line for g in groups if (line := make_line(g, page, witness)) is not None]


class CharsByHeight:
    """A page's chars sorted by vertical middle, so that the chars inside a box (a table
    cell) are found by bisection instead of a scan of the whole page."""

    def __init__(self, chars: list[Char]) -> None:
        self.in_order = chars
        # (middle, position): sorts as a stable sort of the chars by middle
        keyed = sorted([(_middle(c), i) for i, c in enumerate(chars)])
        self.chars = [chars[i] for _, i in keyed]
        self.middles = [middle for middle, _ in keyed]
        self.centres = [(c["x0"] + c["x1"]) / 2 for c in self.chars]

    def within(self, box: BBox, pad: float = 1.0) -> list[Char]:
        """The chars whose centre lies within the box grown by ``pad`` on every side."""
        # The bisection settles the vertical test; the horizontal one is left.
        lo = bisect_left(self.middles, box.top - pad)
        hi = bisect_right(self.middles, box.bottom + pad)
        left, right = box.x0 - pad, box.x1 + pad
        return [
            c
            for c, centre in zip(self.chars[lo:hi], self.centres[lo:hi], strict=True)
            if left <= centre <= right
        ]

    def outside(self, boxes: list[BBox]) -> list[Char]:
        """The chars, in their given order, whose centre lies within none of the boxes."""
        taken = {id(c) for box in boxes for c in self.within(box)}
        return [c for c in self.in_order if id(c) not in taken]


def _middle(c: Char) -> float:
    return (c["top"] + c["bottom"]) / 2


def _running_key(text: str) -> str:
    return re.sub(r"[\d๐-๙]+", "#", text).strip()


def drop_running_lines(
    pages: list[list[TextLine]],
    heights: list[float],
    settings: dict[str, float] | None = None,
) -> list[list[TextLine]]:
    """Remove page numbers and headers/footers that recur in the page margins."""
    cfg = {**DEFAULT_LAYOUT_SETTINGS, **(settings or {})}

    def in_margin(line: TextLine, height: float) -> bool:
        share = cfg["margin_share"]
        return line.bbox.bottom <= height * share or line.bbox.top >= height * (1 - share)

    counts: Counter[str] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        counts.update({_running_key(ln.text) for ln in lines if in_margin(ln, height)})
    needed = max(2, int(cfg["recurring_share"] * len(pages)))

    def is_running(line: TextLine, height: float) -> bool:
        if not in_margin(line, height):
            return False
        key = _running_key(line.text)
        page_number = re.fullmatch(r"[-–(\s]*#[-–)\s]*|หน้า\s*#(\s*/\s*#)?", key) is not None
        return page_number or counts[key] >= needed

    return [
        [ln for ln in lines if not is_running(ln, height)]
        for lines, height in zip(pages, heights, strict=True)
    ]
